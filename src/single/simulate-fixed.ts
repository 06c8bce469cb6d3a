/**
 * The fixed-step driver of simulate(): steps of dt with one of the explicit method stencils of
 * src/ir/methods.ts (through the compile layer's stepper). A step is integrated in pieces that end
 * where a refractory period ends, at breakpoints and at events; an event's time is the root of its
 * threshold on the method's own partial step, where the state is advanced to and reset. The
 * network kernel's `events: 'located'` mode is this driver, operation by operation.
 */
import { fixedStepper } from '../compile/stepper.js';
import { OptionError } from '../model/errors.js';
import { locate } from './simulate-locate.js';
import type { FixedMethod } from './simulate-options.js';
import type { Run } from './simulate-run.js';

/** Integrate `run` from y0 with fixed steps of `method`; the final state lands in run.final. */
export function runFixed(run: Run, y0: Float64Array, method: FixedMethod): void {
  const { n, c, p } = run;
  const h = run.o.dt ?? 0.01;
  if (!(h > 0)) throw new OptionError(`dt must be positive, got ${h}`);
  if (run.dir < 0) throw new OptionError('fixed-step methods integrate forward only (t1 > t0)');
  const nSteps = Math.round((run.t1 - run.t0) / h);
  if (Math.abs(nSteps * h - (run.t1 - run.t0)) > 1e-9 * Math.max(1, Math.abs(run.t1))) {
    throw new OptionError(`the time span ${run.t1 - run.t0} is not a whole number of steps dt = ${h}`);
  }
  const y = Float64Array.from(y0);
  const yNew = new Float64Array(n);
  // the method's arithmetic is its stencil's (src/ir/methods.ts), emitted once by the compile layer
  const stepper = fixedStepper(method, n, (t, from, dy) => run.deriv(t, from, dy));
  const step = (t: number, dt: number, from: Float64Array, to: Float64Array): void => {
    stepper.step(t, dt, from, to);
    run.evaluations += stepper.stages;
  };
  const every = run.sample > 0 ? Math.max(1, Math.round(run.sample / h)) : 1;
  const k0 = run.startEvent(run.t0, y);
  run.record(run.t0, y);
  if (k0 >= 0) run.fire(k0, run.t0, y);
  const nev = c.events.length;
  const yEvent = new Float64Array(n);
  for (let s = 0; s < nSteps; s++) {
    const tNext = run.t0 + (s + 1) * h;
    // Within one output step, integrate piece by piece: pieces end where the refractory period
    // ends (so it lasts exactly tref), at breakpoints (so no stage straddles a jump) and at events.
    let tc = run.t0 + s * h;
    while (tc < tNext) {
      let tb = tNext;
      if (run.refractoryUntil > tc && run.refractoryUntil < tb) tb = run.refractoryUntil;
      for (const b of run.breaks) if (b > tc && b < tb) tb = b;
      run.clampNow = run.clamped && run.inRefractory(tc);
      const watch = run.eventsOn && !run.inRefractory(tc);
      step(tc, tb - tc, y, yNew);
      run.checkFinite(tb, yNew);
      let fired = -1;
      let te = tb;
      if (watch) {
        for (let k = 0; k < nev; k++) {
          const e = c.events[k];
          const g0 = e.g(tc, y, p);
          const g1 = e.g(tb, yNew, p);
          if (e.direction * g0 < 0 && e.direction * g1 >= 0) {
            // The event time is where the method's own partial step from tc reaches the
            // threshold, so the reset happens on the fixed-step trajectory at the right time.
            const from = tc;
            const tk = locate(e.g, p, tc, tb, g0, g1, (x, out) => step(from, x - from, y, out), yEvent);
            if (fired < 0 || tk < te) {
              fired = k;
              te = tk;
            }
          }
        }
      }
      if (fired >= 0) {
        step(tc, te - tc, y, y);
        run.clampNow = false;
        run.checkFinite(te, y);
        run.fire(fired, te, y);
        tc = te;
        continue;
      }
      y.set(yNew);
      tc = tb;
    }
    run.clampNow = false;
    run.countStep(tNext);
    if ((s + 1) % every === 0) run.record(tNext, y);
  }
  run.final.set(y);
}
