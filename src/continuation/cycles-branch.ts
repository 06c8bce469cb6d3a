/**
 * The branch of cycles: pseudo-arclength steps with step control and mesh adaptation, special
 * points (LPC, PD, NS) located by regula falsi between steps, and the rules that end the branch.
 */
import { adapt } from './cycles-mesh.js';
import { amplitude, deviationCorrelation, extremes, stateOf } from './cycles-measure.js';
import { isStable, multipliers } from './cycles-floquet.js';
import { dot, normalise, phaseRow, scaledMax, weighted } from './cycles-norm.js';
import type { CycleContinuationResult, Pt, Setup } from './cycles-setup.js';
import type { BranchPoint, ContinuationSpecialPoint } from './types.js';

/**
 * One pseudo-arclength step of length ds from `prev`: predictor along the tangent, Newton on the
 * bordered collocation system, then the new tangent and multipliers at the converged orbit.
 */
function step(cx: Setup, th: Float64Array, prev: Pt, ds: number, withMultipliers = true): Pt | null {
  const col = prev.col;
  const N = col.size;
  const u = new Float64Array(N);
  for (let i = 0; i < N; i++) u[i] = prev.u[i] + ds * prev.t[i];
  // phase against the predicted orbit: at a Hopf start the previous orbit is a point
  const psi = phaseRow(col, u, cx.params);
  const psiRhs = dot(psi, u);
  const g = weighted(col, th, prev.t, new Float64Array(N));
  const gc = dot(g, prev.u) + ds;
  const du = new Float64Array(N);
  const tan = new Float64Array(N);
  let iters = 0;
  let conv = false;
  let last = Infinity;
  for (; iters < 12; iters++) {
    const res = col.solve(u, cx.params, psi, psiRhs, g, gc, du);
    if (!Number.isFinite(res)) return null;
    for (let i = 0; i < N; i++) u[i] += du[i];
    const size = scaledMax(col, th, du);
    if (!Number.isFinite(size) || (iters > 3 && size > last)) return null;
    last = size;
    if (size < 1e-9) {
      conv = true;
      break;
    }
  }
  if (!conv || !(u[N - 2] > 0)) return null;
  // polish once more and take the tangent from the same factorisation
  const res = col.solve(u, cx.params, psi, psiRhs, g, gc, du, tan);
  if (!Number.isFinite(res)) return null;
  for (let i = 0; i < N; i++) u[i] += du[i];
  normalise(col, th, tan);
  if (dot(weighted(col, th, prev.t, new Float64Array(N)), tan) < 0) for (let i = 0; i < N; i++) tan[i] = -tan[i];
  const m = withMultipliers
    ? multipliers(col, u, cx.params)
    : { mult: [], trivial: -1, pd: NaN, ns: NaN, lnMu: undefined };
  return { col, u, t: tan, ...m, lpc: tan[N - 1], fold: m.lnMu ?? tan[N - 1], iters: iters + 1 };
}

/** Regula falsi (Illinois) on the step length for a zero of a test function between prev and ds. */
function locate(
  cx: Setup,
  th: Float64Array,
  prev: Pt,
  fa0: number,
  ds: number,
  fb0: number,
  test: (p: Pt) => number,
  needsMultipliers = false,
): Pt | null {
  let a = 0;
  let b = ds;
  let fa = fa0;
  let fb = fb0;
  let side = 0;
  let best: Pt | null = null;
  let bestS = 0;
  let lastP = NaN;
  let lastS = NaN;
  for (let it = 0; it < 30; it++) {
    let s = (a * fb - b * fa) / (fb - fa);
    if (!(s > Math.min(a, b) && s < Math.max(a, b))) s = (a + b) / 2;
    const pt = step(cx, th, prev, s, needsMultipliers);
    if (!pt) {
      // the factorisation now belongs to the failed trial: redo the best one, multipliers included
      return bestS > 0 ? (step(cx, th, prev, bestS, true) ?? best) : best;
    }
    best = pt;
    bestS = s;
    const f = test(pt);
    const p = pt.u[pt.col.size - 1];
    // 1e-11 of the range in the parameter: well inside the 1e-6 that discretisation error allows
    // converged in the step length itself (not only in the parameter, which is flat at a fold
    // while the period is not)
    if (
      f === 0 ||
      (Math.abs(p - lastP) <= 1e-11 * (Math.abs(p) + cx.span) && Math.abs(s - lastS) < 1e-9 * ds) ||
      Math.abs(b - a) < 1e-14 * ds
    ) {
      break;
    }
    lastP = p;
    lastS = s;
    if (Math.sign(f) === Math.sign(fb)) {
      b = s;
      fb = f;
      if (side === -1) fa /= 2;
      side = -1;
    } else {
      a = s;
      fa = f;
      if (side === 1) fb /= 2;
      side = 1;
    }
  }
  // the multipliers of the located orbit (skipped while locating a tangent or parameter zero):
  // the collocation matrix was last factorised there
  if (best && !needsMultipliers) Object.assign(best, multipliers(best.col, best.u, cx.params));
  return best;
}

/** Continue from `start` until the range, the point limit or a stopping rule ends the branch. */
export function run(
  cx: Setup,
  th: Float64Array,
  start: Pt,
  how: { fromHopf: boolean; hopfNote?: string },
): CycleContinuationResult {
  const warnings: string[] = [];
  const special: ContinuationSpecialPoint[] = [];
  const points: BranchPoint[] = [];
  let s = 0;
  const record = (p: Pt): BranchPoint => {
    const N = p.col.size;
    const ex =
      how.fromHopf && points.length === 0 ? { min: stateOf(cx, p.u), max: stateOf(cx, p.u) } : extremes(cx, p.col, p.u);
    return {
      param: p.u[N - 1],
      state: stateOf(cx, p.u),
      stable: isStable(p),
      multipliers: p.mult,
      period: p.u[N - 2],
      min: ex.min,
      max: ex.max,
      s,
    };
  };
  const addSpecial = (type: 'LPC' | 'PD' | 'NS', p: Pt, note: string): void => {
    const N = p.col.size;
    special.push({ type, param: p.u[N - 1], state: stateOf(cx, p.u), branch: 0, period: p.u[N - 2], note });
  };
  points.push(record(start));
  let prev = start;
  let ds = cx.ds;
  const dsMin = 1e-9;
  let end = `point limit (${cx.maxPoints}) reached`;
  let minT = start.u[start.col.size - 2];
  let steps = 0;
  let lastAmp = 0;
  let maxAmp = 0;
  while (points.length < cx.maxPoints) {
    if (cx.signal?.aborted) {
      end = 'aborted';
      warnings.push('cycle continuation aborted; the branch is partial');
      break;
    }
    const next = step(cx, th, prev, ds);
    if (!next) {
      ds /= 2;
      if (ds < dsMin) {
        end = `step too small at ${cx.param} = ${prev.u[prev.col.size - 1]} (period ${prev.u[prev.col.size - 2]})`;
        break;
      }
      continue;
    }
    const N = next.col.size;
    const p = next.u[N - 1];
    const T = next.u[N - 2];
    if (p < cx.lo || p > cx.hi) {
      // land on the end of the range, so the last cycle is the one at `from` or `to` exactly
      const bound = p < cx.lo ? cx.lo : cx.hi;
      const pp = prev.u[prev.col.size - 1];
      const q = locate(cx, th, prev, pp - bound, ds, p - bound, (x) => x.u[x.col.size - 1] - bound);
      if (q && Math.abs(q.u[q.col.size - 1] - bound) <= 1e-9 * (Math.abs(bound) + cx.span)) {
        q.u[q.col.size - 1] = bound;
        points.push(record(q));
      }
      end = `reached the end of the range (${cx.param} = ${bound})`;
      break;
    }
    steps++;
    // through a Hopf point: the branch goes on through zero amplitude into the same cycles with
    // the opposite sign of x − x̄ (half a period out of phase), so the deviations anticorrelate
    if (steps > 1 && deviationCorrelation(prev, next) < 0) {
      // p is even in the amplitude there, so the parameter turns at zero amplitude: the zero of
      // the tangent's p component between prev and next is the Hopf point; end the branch on it
      const q =
        Math.sign(prev.lpc) * Math.sign(next.lpc) < 0
          ? locate(cx, th, prev, prev.lpc, ds, next.lpc, (x) => x.lpc)
          : null;
      if (q) points.push(record(q));
      const ph = q ? q.u[q.col.size - 1] : p;
      end = `the cycle shrank to a point at ${cx.param} = ${ph}: a Hopf point`;
      break;
    }
    // special points between prev and next (tests of the start of a Hopf branch are not defined)
    if (steps > 1 || !how.fromHopf) {
      if (Math.sign(prev.fold) * Math.sign(next.fold) < 0) {
        const q = locate(cx, th, prev, prev.fold, ds, next.fold, (x) => x.fold, cx.n === 2);
        if (q) addSpecial('LPC', q, `fold of cycles, period ${q.u[N - 2]}`);
      }
      if (Math.sign(prev.pd) * Math.sign(next.pd) < 0) {
        const q = locate(cx, th, prev, prev.pd, ds, next.pd, (x) => x.pd, true);
        // a real multiplier at −1, not a jump of the test function between ill-resolved multipliers
        if (q?.mult.some((mu, i) => i !== q.trivial && Math.abs(mu.im) < 1e-8 && Math.abs(mu.re + 1) < 1e-4)) {
          addSpecial('PD', q, `period doubling, period ${q.u[N - 2]}`);
        }
      }
      if (Math.sign(prev.ns) * Math.sign(next.ns) < 0) {
        const q = locate(cx, th, prev, prev.ns, ds, next.ns, (x) => x.ns, true);
        const pair = q?.mult.find(
          (mu, i) => i !== q.trivial && Math.abs(mu.im) > 1e-6 && Math.abs(Math.hypot(mu.re, mu.im) - 1) < 1e-4,
        );
        if (q && pair) {
          const angle = Math.atan2(Math.abs(pair.im), pair.re);
          addSpecial('NS', q, `torus (Neimark–Sacker), multipliers e^{±${angle}i}, period ${q.u[N - 2]}`);
        }
      }
    }
    s += ds;
    points.push(record(next));
    minT = Math.min(minT, T);
    if (T > cx.periodGrowth * minT) {
      end = `period grew to ${T} at ${cx.param} = ${p}: approaching a homoclinic orbit or a SNIC`;
      warnings.push(
        `cycle branch: the period grows without bound (last period ${T} at ${cx.param} = ${p}): ` +
          'approach to a homoclinic orbit or a SNIC',
      );
      break;
    }
    // back at a Hopf point: the amplitude falls to a small fraction of the largest (continuing
    // would go through zero amplitude and retrace the branch)
    const amp = amplitude(cx, th, next);
    if (steps > 3 && amp < lastAmp && amp < 0.01 * maxAmp) {
      end = `the cycle shrank to a point near ${cx.param} = ${p}: a Hopf point`;
      break;
    }
    lastAmp = amp;
    maxAmp = Math.max(maxAmp, amp);
    // step control: fast convergence lengthens the step
    if (next.iters <= 3) ds = Math.min(ds * 1.3, cx.dsMax);
    else if (next.iters >= 7) ds /= 1.5;
    prev = cx.adaptEvery > 0 && steps % cx.adaptEvery === 0 ? adapt(cx, th, next) : next;
  }
  return { branch: { kind: 'cycle', param: cx.param, points, end }, special, warnings };
}
