/**
 * Events on the tensor target: the t = 0 events (cells whose condition already holds fire before
 * step 0) and the application of fired events — resets, refractory clocks, spike masks, records.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { T } from '../../../compile/tensor-functions.js';
import type { TensorEnv } from '../../../compile/tensor.js';
import type { TensorContext } from './context.js';
import { readBack, type StepRecord } from './monitors.js';
import type { PopRun } from './population.js';

/** The t = 0 events of every population (the kernel's start()). */
export function startEvents(ctx: TensorContext, pops: PopRun[], next: Map<string, T>, rec: StepRecord): void {
  const t = ctx.k(0);
  for (const pr of pops) {
    const { pop, model } = pr;
    const y = pop.model.variables.map((_, i) => ctx.state.get(`y:${pop.index}:${i}`)!);
    if (!model.events.length) {
      rec.spikes.push(undefined);
      continue;
    }
    // targets are their base values: no synaptic input exists yet
    const env: TensorEnv = { t, y, p: pr.p };
    // the first event (in model order) whose condition holds fires
    const fired: T[] = [];
    let taken: T | undefined;
    for (const e of model.events) {
      const holds = tf.greaterEqual(ctx.signed(e.direction, e.g(env)), ctx.k(0));
      fired.push(taken ? tf.logicalAnd(holds, tf.logicalNot(taken)) : holds);
      taken = taken ? tf.logicalOr(taken, holds) : holds;
    }
    fire(ctx, pr, fired, ctx.full(0, pop.size), t, y, (yy) => ({ t, y: yy, p: pr.p }), next, rec);
  }
}

/**
 * Apply the events marked in `fired` (one bool mask per event, at most one true per cell) at
 * times te (float32, per cell) to the end-of-step state y: resets, refractory clocks, spike
 * masks and records.
 */
export function fire(
  ctx: TensorContext,
  pr: PopRun,
  fired: T[],
  te: T,
  t0: T,
  y: T[],
  envOf: (y: T[]) => TensorEnv,
  next: Map<string, T>,
  rec: StepRecord,
): void {
  const { pop, model } = pr;
  const i0 = pop.index;
  let out = y;
  let ru = pr.clamp ? ctx.get(next, `ru:${i0}`) : undefined;
  let bad: T = ctx.k(false, 'bool');
  model.events.forEach((e, k) => {
    const isK = fired[k];
    // resets read the pre-reset state (simultaneous assignments), at the event time
    const env = { ...envOf(y), t: te };
    const r = e.reset(env);
    out = out.map((v, i) => (r[i] === y[i] ? v : ctx.select(isK, r[i], v)));
    let check = isK;
    if (e.refractory && ru) {
      const tr = e.refractory(pr.p);
      const starts = tf.greater(tr, ctx.k(0));
      ru = ctx.select(tf.logicalAnd(isK, starts), tf.add(te, tr), ru);
      check = tf.logicalAnd(isK, tf.logicalNot(starts));
    }
    // a reset that leaves the condition true with no refractory period would fire forever
    const again = tf.greaterEqual(ctx.signed(e.direction, e.g({ ...envOf(out), t: te })), ctx.k(0));
    bad = tf.logicalOr(bad, tf.logicalAnd(check, again));
  });
  for (let i = 0; i < pop.model.variables.length; i++) next.set(`y:${i0}:${i}`, out[i]);
  if (ru) next.set(`ru:${i0}`, ru);
  rec.loops = rec.loops ? tf.logicalOr(rec.loops, tf.any(bad)) : tf.any(bad);
  if (pr.spike < 0) {
    rec.spikes.push(undefined);
    return;
  }
  const spiked = fired[pr.spike];
  if (pr.presynaptic) next.set(`spk:${i0}`, tf.cast(spiked, 'float32'));
  if (readBack(ctx.net, i0)) {
    // the spike time's offset in the step: the host adds it to n dt in float64 (and counts)
    rec.spikes.push(ctx.select(spiked, tf.sub(te, t0), ctx.full(-1, pop.size)));
  } else {
    next.set(`count:${i0}`, tf.add(ctx.get(next, `count:${i0}`), tf.sum(tf.cast(spiked, 'int32'))));
    rec.spikes.push(undefined);
  }
}
