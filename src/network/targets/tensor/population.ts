/**
 * One population on the tensor target: its compiled model, the additive terms of its targets (in
 * the kernel's order: channels by id, then drives), and its part of a step — event functions at the
 * step start, arrivals and jumps, integration (with the refractory split), crossings.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { T } from '../../../compile/tensor-functions.js';
import { compileTensor, type TensorEnv, type TensorModel } from '../../../compile/tensor.js';
import type { BuiltPopulation } from '../../../ir/network.js';
import { SymbolNode, type MathNode } from '../../../model/math.js';
import type { TensorContext } from './context.js';
import { fire } from './events.js';
import { integrate, planMethod, type PopMethod } from './integrate.js';
import type { StepRecord } from './monitors.js';
import { arrive, envV, envX, odeStates, termAst, type SynapseRun } from './synapses.js';

/** What a step's populations read besides their own state. */
export interface StepInputs {
  /** per channel id: [...states after this step's arrivals, X, Xw, V] (synapses.ts) */
  env: (T[] | undefined)[];
  /** per channel id: the summed activity of an activity channel */
  activity: (T | undefined)[];
  /** per drive index: this step's value */
  d: (T | undefined)[];
}

/** One additive term of a target at a stage state y; `stage` when it reads the stage state. */
export type Term = ((y: T[], si: StepInputs) => T) & { stage?: boolean };

export interface PopRun {
  pop: BuiltPopulation;
  model: TensorModel;
  /** parameters in model order (float32 scalars or [size]) */
  p: T[];
  /** targets (parameters or inputs) that receive synaptic or drive input, in `additive` order */
  targets: string[];
  /** per target: its terms in the kernel's order (channels by id, then drives) */
  terms: Term[][];
  /** per target: the same terms as ASTs (exponential Euler's B) */
  termAsts: MathNode[][];
  /** channels onto this population, by id */
  chans: SynapseRun[];
  /** jumps at the step start, in order: channels by id, then Poisson jump drives */
  jumps: { variable: number; value: (si: StepInputs) => T }[];
  /** the channels' ode states, integrated after the model's variables */
  odes: { syn: SynapseRun; index: number; key: string }[];
  /** index of the spike event, or -1 */
  spike: number;
  /** refractory: the clamp variable indices (one clamp set per population, as the kernel) or null */
  clamp: Set<number> | null;
  voltage: number;
  /** propagation reads this population's spikes of the previous step */
  presynaptic: boolean;
  /** the activity (variable or named expression index) other populations' rate synapses read */
  activity: { variable: number } | { named: number } | null;
  method: PopMethod;
}

export function planPopulation(
  ctx: TensorContext,
  pop: BuiltPopulation,
  syns: SynapseRun[],
  presynaptic: boolean,
): PopRun {
  if (pop.eventMode === 'located')
    ctx.unsupported(`events: 'located' (population '${pop.name}'; a root search per spike)`);
  const ir = pop.model;
  const targets: string[] = [];
  const terms: Term[][] = [];
  const termAsts: MathNode[][] = [];
  const term = (name: string, f: Term, ast: MathNode): void => {
    let i = targets.indexOf(name);
    if (i < 0) (i = targets.push(name) - 1), terms.push([]), termAsts.push([]);
    terms[i].push(f);
    termAsts[i].push(ast);
  };
  const voltage = Math.max(
    0,
    ir.variables.findIndex((v) => v.name === pop.voltage),
  );
  const chans = syns.filter((s) => s.ch.post === pop.index);
  const jumps: PopRun['jumps'] = [];
  const odes: PopRun['odes'] = [];
  for (const s of chans) {
    const id = s.ch.id;
    const target = s.ch.synapse.target;
    if (s.b.jump) {
      jumps.push({ variable: ir.variables.findIndex((v) => v.name === target), value: (si) => si.env[id]![envX(s)] });
      continue;
    }
    const first = odes.length;
    for (const o of odeStates(s)) odes.push({ syn: s, ...o });
    if (!s.input) continue;
    const input = s.input;
    const ast = termAst(
      s,
      pop.voltage,
      (state) => `$o${first + odes.slice(first).findIndex((o) => o.index === state)}`,
    );
    if (!s.stage) term(target, (_y, si) => input(si.env[id]!), ast);
    else
      term(
        target,
        Object.assign((y: T[], si: StepInputs) => input(stageEnv(pr, s, y, si)), { stage: true }),
        ast,
      );
  }
  ctx.net.drives.forEach((d, q) => {
    if (d.population !== pop.index) return;
    if (d.kind === 'poisson' && d.mode === 'jump') {
      jumps.push({ variable: ir.variables.findIndex((v) => v.name === d.target), value: (si) => si.d[q]! });
    } else term(d.target, (_y, si) => si.d[q]!, new SymbolNode(`$d${q}`));
  });
  const withRef = ir.events.filter((e) => e.refractory);
  const clampSets = new Set(withRef.map((e) => [...e.clamp].sort().join(',')));
  if (clampSets.size > 1)
    ctx.unsupported(`events with refractory periods that clamp different variables (population '${pop.name}')`);
  const pr: PopRun = {
    pop,
    model: compileTensor(ir, { additive: targets }),
    p: ir.parameters.map((q) => ctx.cells(pop.params[q.name] ?? q.value)),
    targets,
    terms,
    termAsts,
    chans,
    jumps,
    odes,
    spike: pop.spikeEvent ?? -1,
    clamp: withRef.length ? new Set(withRef[0].clamp) : null,
    voltage,
    presynaptic,
    activity: null,
    method: undefined as unknown as PopMethod,
  };
  pr.method = planMethod(ctx, pr);
  return pr;
}

/** A channel's env at a stage: its ode states and V from the stage state y. */
function stageEnv(pr: PopRun, s: SynapseRun, y: T[], si: StepInputs): T[] {
  const env = si.env[s.ch.id]!.slice();
  const nv = pr.pop.model.variables.length;
  pr.odes.forEach((o, r) => {
    if (o.syn === s) env[o.index] = y[nv + r];
  });
  env[envV(s)] = y[pr.voltage];
  return env;
}

/** Everything a population's step reads and writes. */
export interface StepFrame {
  n: number;
  t: T;
  tNext: T;
  si: StepInputs;
  next: Map<string, T>;
  rec: StepRecord;
  /** traced input totals of this step, by 'population:parameter' */
  inputTotals: Map<string, T>;
}

/** Arrivals, jumps, integration and events of one population for step n (the kernel's populationLoop). */
export function stepPopulation(ctx: TensorContext, pr: PopRun, f: StepFrame): void {
  const { pop, model } = pr;
  const { n, t, tNext, si, next, rec } = f;
  const i0 = pop.index;
  const nv = pop.model.variables.length;
  // the continuous state: the model's variables, then the channels' ode states
  let y = [
    ...pop.model.variables.map((_, i) => ctx.state.get(`y:${i0}:${i}`)!),
    ...pr.odes.map((o) => ctx.state.get(o.key)!),
  ];
  const ru = pr.clamp ? ctx.state.get(`ru:${i0}`)! : undefined;
  const inRef = ru ? tf.less(t, ru) : undefined;
  // event functions at the step start, before jumps (a jump across threshold is a crossing)
  const ga = model.events.map((e) => e.g({ t, y, p: pr.p }));
  for (const s of pr.chans) {
    const env = arrive(ctx, s, n, next);
    if (s.b.delivery === 'activity') env[envX(s)] = si.activity[s.ch.id]!;
    si.env[s.ch.id] = env;
  }
  for (const j of pr.jumps) {
    const jumped = tf.add(y[j.variable], j.value(si));
    y = y.slice();
    // a clamped variable ignores jumps during its refractory period
    y[j.variable] = inRef && pr.clamp!.has(j.variable) ? ctx.select(inRef, y[j.variable], jumped) : jumped;
  }
  const envAt = targetsAt(pr, si);
  // traced synaptic inputs: the target's total at the step start (the kernel's TI arrays)
  for (const tr of ctx.net.monitors.traces) {
    if (!tr.input || tr.population !== i0 || f.inputTotals.has(`${i0}:${tr.variable}`)) continue;
    const base = pr.p[pop.model.parameters.findIndex((q) => q.name === tr.variable)];
    const total = envAt(t, y).aug![pr.targets.indexOf(tr.variable)]!(base);
    f.inputTotals.set(`${i0}:${tr.variable}`, tf.add(total, ctx.full(0, pop.size)));
  }
  const hT = ctx.k(ctx.h);
  let yn: T[];
  if (ru) {
    // A refractory period ending inside the step splits it there, per cell: [t, ru] clamped,
    // then [ru, t + dt] free. Cells without a split take h1 = h and h2 = 0, and y + 0·k = y
    // exactly. A step that starts inside the period is clamped at every stage, as in the kernel.
    const split = tf.logicalAnd(inRef!, tf.less(ru, tNext));
    const h1 = ctx.select(split, tf.sub(ru, t), ctx.full(ctx.h, pop.size));
    const h2 = ctx.select(split, tf.sub(tNext, ru), ctx.full(0, pop.size));
    const mid = integrate(ctx, pr, y, t, h1, inRef, envAt, si);
    yn = integrate(ctx, pr, mid, ctx.select(split, ru, tNext), h2, undefined, envAt, si);
  } else yn = integrate(ctx, pr, y, t, hT, undefined, envAt, si);
  // divergence, read back per chunk: max |y| (> limit) and sum |y| (NaN when any value is NaN;
  // a float32 sum of values below the limit cannot overflow)
  const all = nv === 1 ? tf.abs(yn[0]) : tf.abs(tf.concat(yn.slice(0, nv)));
  rec.checks.push(tf.max(all), tf.sum(all));
  pr.odes.forEach((o, r) => next.set(o.key, yn[nv + r]));
  if (!model.events.length) {
    yn.slice(0, nv).forEach((v, i) => next.set(`y:${i0}:${i}`, v));
    rec.spikes.push(undefined);
    return;
  }
  crossings(ctx, pr, f, ga, inRef, yn, (yy) => envAt(tNext, yy));
}

/**
 * The model's environment at a stage: each target is base + term 1 + term 2 ... (the kernel's
 * order). The part before the first stage-dependent term is the same at every stage when the base
 * is (a parameter): computed once per step, the float32 result is the same.
 */
function targetsAt(pr: PopRun, si: StepInputs): (t: T, y: T[]) => TensorEnv {
  const prefix = pr.terms.map(() => new Map<T, { acc: T; next: number }>());
  // a term that does not read the stage has one value per step (e.g. an alpha synapse's c*a)
  const once = new Map<Term, T>();
  const value = (term: Term, yy: T[]): T => {
    if (term.stage) return term(yy, si);
    let x = once.get(term);
    if (!x) once.set(term, (x = term(yy, si)));
    return x;
  };
  const aug = (yy: T[]) =>
    pr.terms.map((list, j) => (base: T) => {
      let hit = prefix[j].get(base);
      if (!hit) {
        let acc = base;
        let q = 0;
        for (; q < list.length && !list[q].stage; q++) acc = tf.add(acc, value(list[q], yy));
        prefix[j].set(base, (hit = { acc, next: q }));
      }
      let acc = hit.acc;
      for (let q = hit.next; q < list.length; q++) acc = tf.add(acc, value(list[q], yy));
      return acc;
    });
  return (tt, yy) => ({ t: tt, y: yy, p: pr.p, aug: aug(yy) });
}

/** Crossings: direction·g < 0 at the step start and >= 0 at its end, none during a refractory period. */
function crossings(
  ctx: TensorContext,
  pr: PopRun,
  f: StepFrame,
  ga: T[],
  inRef: T | undefined,
  yn: T[],
  envOf: (y: T[]) => TensorEnv,
): void {
  const { pop, model } = pr;
  const env1 = envOf(yn);
  const crosses: T[] = [];
  const tks: T[] = [];
  const hT = ctx.k(ctx.h);
  model.events.forEach((e, q) => {
    const gb = e.g(env1);
    let cross = tf.logicalAnd(
      tf.less(ctx.signed(e.direction, ga[q]), ctx.k(0)),
      tf.greaterEqual(ctx.signed(e.direction, gb), ctx.k(0)),
    );
    if (inRef) cross = tf.logicalAnd(cross, tf.logicalNot(inRef));
    crosses.push(cross);
    // linear interpolation of g inside the step: t + (h g0)/(g0 - g1)
    tks.push(tf.add(f.t, tf.div(tf.mul(hT, ga[q]), tf.sub(ga[q], gb))));
  });
  let fired = crosses;
  let te = tks[0];
  if (crosses.length > 1) {
    // the earliest crossing fires (ties: the first in model order), as the kernel's `tk < te`
    let which: T = ctx.select(crosses[0], ctx.full(0, pop.size, 'int32'), ctx.full(-1, pop.size, 'int32'));
    for (let q = 1; q < crosses.length; q++) {
      const first = tf.logicalAnd(crosses[q], tf.logicalOr(tf.less(which, ctx.k(0, 'int32')), tf.less(tks[q], te)));
      which = ctx.select(first, ctx.full(q, pop.size, 'int32'), which);
      te = ctx.select(first, tks[q], te);
    }
    fired = crosses.map((_, q) => tf.equal(which, ctx.k(q, 'int32')));
  }
  fire(ctx, pr, fired, te, f.t, yn, envOf, f.next, f.rec);
}
