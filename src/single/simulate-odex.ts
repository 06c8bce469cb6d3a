/**
 * The adaptive driver of simulate(): odex (Hairer's extrapolation method) segment by segment
 * between breakpoints and the ends of refractory periods, threshold events located on odex's dense
 * output and applied at their time, output recorded at every accepted step or on a sample grid.
 */
import odex from 'odex';
import type { CompiledModel } from '../compile/scalar.js';
import { SimulationError, WorkLimitError } from '../model/errors.js';
import { locate } from './simulate-locate.js';
import { count } from './simulate-options.js';
import type { Run } from './simulate-run.js';

interface BadDerivative {
  t: number;
  i: number;
  value: number;
  y: number[];
}

/** Integrate `run` from y0 with odex; the final state lands in run.final. */
export function runAdaptive(run: Run, y0: Float64Array): void {
  const { n, c, p, dir } = run;
  const solver = new odex.Solver(n);
  // Dense output costs odex ~25% more evaluations (measured on FitzHugh-Nagumo): only pay for
  // it when events must be located or a sample grid interpolated.
  const needDense = run.eventsOn || run.sample > 0;
  solver.denseOutput = needDense;
  solver.relativeTolerance = run.o.rtol ?? 1e-6;
  solver.absoluteTolerance = run.o.atol ?? 1e-9;
  solver.maxSteps = run.maxSteps;
  if (run.o.maxStep) solver.maxStepSize = run.o.maxStep;
  const dy = new Float64Array(n);
  // odex accepts a step whose error estimate is NaN (every comparison with NaN is false), so a
  // trial stage that overshoots into exp() overflow (AdEx above its spike cut) would poison the
  // step. A non-finite derivative is replaced by huge values that differ from evaluation to
  // evaluation: the extrapolation columns then disagree wildly, the error estimate is huge but
  // finite, and odex rejects the step and shrinks it by its own rules. Should such values ever
  // be accepted, the state exceeds `limit`, and the first non-finite derivative since the last
  // accepted step is what the error reports.
  let poison = 0;
  let badDerivative: BadDerivative | null = null;
  const f = (t: number, y: number[]): Float64Array => {
    run.deriv(t, y, dy);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(dy[i])) {
        badDerivative ??= { t, i, value: dy[i], y: y.slice() };
        dy.fill(1e100 * (1 + (poison++ % 3)));
        break;
      }
    }
    return dy;
  };
  const nev = c.events.length;
  const gPrev = new Float64Array(nev);
  const tmp = new Float64Array(n);
  let y = Float64Array.from(y0);
  let t = run.t0;
  // found event, filled by the observer
  let hitK = -1;
  let hitT = 0;
  const hitY = new Float64Array(n);
  let failure: unknown = null;

  const k0 = run.startEvent(t, y);
  if (run.sample > 0) run.samplesUpTo(t, () => tmp.set(y), tmp);
  else run.record(t, y);
  if (k0 >= 0) run.fire(k0, t, y);

  while (dir * (run.t1 - t) > 0) {
    const refractory = run.inRefractory(t);
    let segEnd = run.nextBreak(t);
    if (refractory && run.refractoryUntil < segEnd) segEnd = run.refractoryUntil;
    run.clampNow = refractory && run.clamped;
    const eventsActive = run.eventsOn && !refractory;
    hitK = -1;
    failure = null;
    let dense: ((i: number, x: number) => number) | undefined;
    const interp = (x: number, out: Float64Array): void => {
      for (let i = 0; i < n; i++) out[i] = dense!(i, x);
    };
    type Dense = (i: number, x: number) => number;
    // odex's solution-output callback type: return false to stop, anything else to go on
    // biome-ignore lint/suspicious/noConfusingVoidType: the signature odex declares
    const observer = (_nr: number, xold: number, x: number, ys: number[], d?: Dense): boolean | void => {
      try {
        if (xold === x) {
          // initial call: remember the threshold functions at the segment start
          for (let k = 0; k < nev; k++) gPrev[k] = c.events[k].g(x, ys, p);
          badDerivative = null;
          return;
        }
        dense = d;
        // A non-finite derivative that odex could only avoid by shrinking its step to nothing
        // (`-v^-v` once v < 0) is the failure: report it, not the step count it would run up.
        // (A steep but finite blow-up such as AdEx's spike shrinks steps too, but not to the
        // last few bits of t.)
        const collapsed = 64 * Number.EPSILON * Math.max(Math.abs(x), 1e-6 * Math.abs(run.t1 - run.t0));
        if (badDerivative && Math.abs(x - xold) <= collapsed) derivativeError(c, badDerivative);
        run.countStep(x);
        if (badDerivative && !ys.every((v) => Math.abs(v) <= run.limit)) derivativeError(c, badDerivative);
        badDerivative = null;
        run.checkFinite(x, ys);
        if (eventsActive) {
          let first = -1;
          let tFirst = x;
          for (let k = 0; k < nev; k++) {
            const e = c.events[k];
            const g1 = e.g(x, ys, p);
            if (e.direction * gPrev[k] < 0 && e.direction * g1 >= 0) {
              const te = locate(e.g, p, xold, x, gPrev[k], g1, interp, tmp);
              if (first < 0 || te < tFirst) {
                first = k;
                tFirst = te;
              }
            }
            gPrev[k] = g1;
          }
          if (first >= 0) {
            hitK = first;
            hitT = tFirst;
            interp(tFirst, hitY);
            if (run.sample > 0) run.samplesUpTo(tFirst, interp, tmp, false);
            return false;
          }
        }
        if (run.sample > 0) run.samplesUpTo(x, interp, tmp);
        else run.record(x, ys);
      } catch (e) {
        failure = e;
        return false;
      }
    };
    // the budget is the run's, not the segment's: a reset that re-fires must not renew it
    solver.maxSteps = Math.max(1, run.maxSteps - run.steps);
    const res = solver.solve(f, t, Array.from(y), segEnd, observer);
    run.evaluations += res.nEval;
    run.rejected += res.nReject;
    if (failure) throw failure;
    if (hitK >= 0) {
      t = hitT;
      y = Float64Array.from(hitY);
      run.checkFinite(t, y);
      run.fire(hitK, t, y);
      continue;
    }
    if (res.outcome === odex.Outcome.MaxStepsExceeded) {
      throw new WorkLimitError(
        `model '${c.name}': the run took more than ${count(run.maxSteps)} steps, the maxSteps budget (stopped ` +
          `between t = ${t} and t = ${segEnd} of ${run.t1}); the system may be stiff or diverging (raise maxSteps ` +
          `(--max-steps), loosen rtol, or shorten the span)`,
        'maxSteps',
        { model: c.name, time: t },
      );
    }
    // odex reports xEnd even after an early stop, so only the converged outcome moves t to segEnd
    t = segEnd;
    y = Float64Array.from(res.y);
    if (t === run.refractoryUntil) run.clamped = false;
  }
  run.clampNow = false;
  run.final.set(y);
}

/** The first non-finite derivative since the last accepted step, as the run's failure. */
function derivativeError(c: CompiledModel, bad: BadDerivative): never {
  const state = c.variables.map((v, k) => `${v} = ${bad.y[k]}`).join(', ');
  throw new SimulationError(
    `model '${c.name}': d${c.variables[bad.i]}/dt became ${bad.value} at t = ${bad.t} (${state}); the run cannot ` +
      `go on — check parameters and initial values`,
    { model: c.name, variable: c.variables[bad.i], time: bad.t, value: bad.value },
  );
}
