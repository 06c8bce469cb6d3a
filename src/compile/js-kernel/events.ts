/**
 * Events in the kernel, the single-cell engine's arithmetic (src/single/simulate.ts): threshold
 * crossings detected between the step's start and end ('step': time interpolated linearly in g;
 * 'located': each event's root on the method's own partial step, Illinois regula falsi), resets
 * applied simultaneously, refractory periods, the post-reset check, spike bookkeeping (fired lists,
 * counts, the spike monitor, population-rate bins), and the events of t = 0.
 */
import type { BuiltNetwork } from '../../ir/network.js';
import { emitJS, jsNumber } from '../emit-js.js';
import { advance } from './method.js';
import type { PopGen, Stage } from './population.js';

/** What event code needs besides the population: the network and the monitored populations. */
export interface EventContext {
  net: BuiltNetwork;
  monitored: Set<number>;
}

/** Spike bookkeeping for a spike of cell i at time te in step n: fired list, counts, monitors. */
function recordSpike(g: PopGen, ec: EventContext): string {
  const p = g.p;
  // a part's list holds at most its cell count per step (more: a cell fired twice in one step)
  const lines = [
    `if (fc${p} === ${g.hi - g.lo}) FAIL.crowded(${p}, i, te);`,
    `FL${p}[flo${p} + fc${p}++] = i;`,
    `CNT[${p}]++;`,
  ];
  if (ec.monitored.has(p)) {
    lines.push('if (ns === cap) { MON.grow(); MC = MON.cell; MT = MON.time; MS = MON.step; cap = MC.length; }');
    lines.push(`MC[ns] = ${g.pop.offset} + i; MT[ns] = te; MS[ns] = n; ns++;`);
  }
  ec.net.monitors.rates.forEach((r, k) => {
    if (r.population !== p) return;
    const width = r.bin * ec.net.dt;
    const bin = `b < RB${k}.length ? b : RB${k}.length - 1`;
    lines.push(`{ const b = Math.floor(te / ${jsNumber(width)}); RB${k}[${bin}]++; }`);
  });
  return lines.join('\n');
}

/** Resets of event e applied to the locals `yn`, refractory start, and the post-reset check. */
export function fireEvent(g: PopGen, e: number, ec: EventContext, yn: (k: number) => string): string {
  const ev = g.ir.events[e];
  const a = g.a;
  const st: Stage = { y: yn, t: 'te', sfx: `_r${e}` };
  const sym = g.sym(st);
  const lines: string[] = [
    '{',
    g.prologue(
      st,
      ev.resets.map((r) => r.node),
    ),
  ];
  for (const r of ev.resets) lines.push(`const r${r.index} = ${a.expr(r.node, sym)};`);
  for (const r of ev.resets) lines.push(`${yn(r.index)} = r${r.index};`);
  lines.push('}');
  if (ev.refractory) {
    const pst: Stage = { y: yn, t: 'te', sfx: `_f${e}` };
    lines.push('{', g.prologue(pst, [ev.refractory]), `const tr = ${emitJS(ev.refractory, g.sym(pst))};`);
    lines.push(`if (tr > 0) RU${g.p}[i] = te + tr;`);
    lines.push(`else { ${postResetCheck(g, e, yn)} }`, '}');
  } else lines.push(postResetCheck(g, e, yn));
  if (e === g.pop.spikeEvent) lines.push(recordSpike(g, ec));
  return lines.join('\n');
}

/** The single-cell engine refuses a reset that leaves the condition true (it would fire forever). */
function postResetCheck(g: PopGen, e: number, yn: (k: number) => string): string {
  const ev = g.ir.events[e];
  const st: Stage = { y: yn, t: 'te', sfx: `_c${e}` };
  const holds = `${ev.direction} * ${g.a.expr(ev.g, g.sym(st))} >= 0`;
  return `{ ${g.prologue(st, [ev.g])} if (${holds}) FAIL.reset(${g.p}, ${e}, i, te); }`;
}

/** The event functions at the step start, `ga<k>` (before jumps: a jump across threshold is a crossing). */
export function eventsAtStart(g: PopGen): string[] {
  const ir = g.ir;
  if (!ir.events.length) return [];
  const st: Stage = { y: (k) => `y${k}`, t: 't', sfx: '_g0' };
  const values = ir.events.map((e, k) => `const ga${k} = ${g.a.expr(e.g, g.sym(st))};`);
  return [
    g.prologue(
      st,
      ir.events.map((e) => e.g),
    ),
    ...values,
  ];
}

/** The divergence check of the end-of-piece locals `v` at time `tt`. */
export function finite(g: PopGen, v: (k: number) => string, tt: string): string {
  const check = (k: number): string =>
    `if (!(${v(k)} <= 1e12 && ${v(k)} >= -1e12)) FAIL.diverged(${g.p}, ${k}, i, ${tt}, ${v(k)});`;
  return [...Array(g.nv).keys()].map(check).join('\n');
}

/**
 * 'step' events: the whole step at once from `y` into `yn`; crossings interpolated linearly in g;
 * resets applied to the end-of-step state; a step in which a refractory period ends is split there
 * (and not watched).
 */
export function stepEvents(g: PopGen, ec: EventContext): string[] {
  const ir = g.ir;
  const a = g.a;
  const dt = jsNumber(ec.net.dt);
  const h = a.num(ec.net.dt);
  const tNext = `(t + ${dt})`;
  const y = (k: number): string => `y${k}`;
  const yn = (k: number): string => `yn${k}`;
  const body: string[] = [];
  const detect: string[] = [];
  if (ir.events.length) {
    const endSt: Stage = { y: yn, t: tNext, sfx: '_g1' };
    detect.push(
      g.prologue(
        endSt,
        ir.events.map((e) => e.g),
      ),
    );
    detect.push('let fe = -1, te = 0;');
    ir.events.forEach((e, k) => {
      detect.push(`const gb${k} = ${a.expr(e.g, g.sym(endSt))};`);
      const crossed = e.direction === 1 ? `ga${k} < 0 && gb${k} >= 0` : `ga${k} > 0 && gb${k} <= 0`;
      const earliest = `if (fe < 0 || tk < te) { fe = ${k}; te = tk; }`;
      detect.push(`if (${crossed}) { const tk = t + (${dt} * ga${k}) / (ga${k} - gb${k}); ${earliest} }`);
    });
    ir.events.forEach((_, k) => {
      detect.push(`${k === 0 ? '' : 'else '}if (fe === ${k}) {`, fireEvent(g, k, ec, yn), '}');
    });
  }
  if (g.hasRefractory) {
    body.push('if (t < ru) {');
    body.push(`if (ru < ${tNext}) {`);
    body.push(advance(g, a.F('(ru - t)'), 't', y, yn, 'all', 'a'));
    body.push(advance(g, a.F(`(${tNext} - ru)`), 'ru', yn, yn, 'none', 'b'));
    body.push('} else {', advance(g, h, 't', y, yn, 'all', 'c'), '}');
    body.push(finite(g, yn, tNext));
    body.push('} else {', advance(g, h, 't', y, yn, 'none', 'd'), finite(g, yn, tNext), ...detect, '}');
  } else {
    body.push(advance(g, h, 't', y, yn, 'none', 'd'), finite(g, yn, tNext), ...detect);
  }
  return body;
}

/** Cells whose event condition holds at t = 0 fire at t = 0 (the single-cell engine's startEvent). */
export function startEvents(g: PopGen, ec: EventContext): string {
  const ir = g.ir;
  if (!ir.events.length) return '';
  const p = g.p;
  const lines: string[] = [`for (let i = ${g.lo}; i < ${g.hi}; i++) {`];
  for (let k = 0; k < g.nv; k++) lines.push(`let yn${k} = Y${p}_${k}[i];`);
  const saved = new Map(g.targets);
  g.targets.clear(); // at t = 0 no synaptic input exists yet: targets are their base values
  const st: Stage = { y: (k) => `yn${k}`, t: '0', sfx: '_s' };
  lines.push(
    g.prologue(
      st,
      ir.events.map((e) => e.g),
    ),
  );
  lines.push('const te = 0; let fe = -1;');
  ir.events.forEach((e, k) => {
    lines.push(`if (fe < 0 && ${e.direction} * ${g.a.expr(e.g, g.sym(st))} >= 0) fe = ${k};`);
  });
  ir.events.forEach((_, k) =>
    lines.push(
      `if (fe === ${k}) {`,
      fireEvent(g, k, ec, (j) => `yn${j}`),
      '}',
    ),
  );
  for (const [kk, v] of saved) g.targets.set(kk, v);
  for (let k = 0; k < g.nv; k++) lines.push(`Y${p}_${k}[i] = yn${k};`);
  lines.push('}');
  return lines.join('\n');
}
