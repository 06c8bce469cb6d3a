/**
 * Continuation of periodic orbits in one parameter, as AUTO-07p does it: orthogonal collocation
 * (collocation.ts), the period as an unknown, AUTO's integral phase condition against the
 * predicted orbit, pseudo-arclength in (x(·), T, p) with a scaled norm, and a mesh re-adapted
 * every few steps by equidistributing an estimate of the collocation error.
 *
 * Along the branch: stability from the Floquet multipliers (monodromy matrix from the condensed
 * collocation blocks), and special points located by regula falsi on the arclength step:
 * - LPC, fold of cycles: in a planar model, ln μ = T ∫ tr J of the non-trivial multiplier changes
 *   sign (μ = 1 exactly at a fold); otherwise the parameter component of the tangent changes
 *   sign. At a canard the parameter is flat to ~1e-10 along the branch, so the tangent's parameter
 *   component is discretisation noise there (AUTO's LPs scatter over ~1 in period) while ln μ,
 *   a function of the orbit's shape, stays well conditioned;
 * - PD, period doubling: Π(μ + 1) over the non-trivial multipliers changes sign;
 * - NS, torus: Π(μ_i μ_j − 1) over pairs of non-trivial multipliers changes sign and the pair
 *   is complex on the unit circle (a real pair with product 1, a neutral saddle, is not reported).
 * A period that grows without bound while the parameter settles is reported as the approach to a
 * homoclinic orbit or a SNIC, with the last period; a cycle that shrinks back to zero amplitude
 * ends the branch at (another) Hopf point.
 *
 * Hybrid models (with events and resets) are refused: their spiking orbits jump, so they are not
 * smooth periodic orbits and collocation would return a wrong branch.
 *
 * Modules: cycles-setup.ts (options, their checks, the shared state), cycles-norm.ts (scaled norm,
 * bordering rows), cycles-mesh.ts (mesh adaptation), cycles-floquet.ts (multipliers and their test
 * functions), cycles-measure.ts (extremes, amplitude), cycles-branch.ts (the continuation loop and
 * special points); this file starts a branch and is the entry the rest of isocline imports.
 */
import type { Model } from '../model/model.js';
import { OptionError } from '../model/errors.js';
import { eigen } from '../single/eigen.js';
import { Collocation } from './collocation.js';
import { run } from './cycles-branch.js';
import { multipliers } from './cycles-floquet.js';
import { adapt, nodeTau } from './cycles-mesh.js';
import { dot, normalise, phaseRow, scaledMax } from './cycles-norm.js';
import {
  CycleContinuationError,
  scales,
  setup,
  type CycleContinuationOptions,
  type CycleContinuationResult,
  type Pt,
} from './cycles-setup.js';
import type { ContinuationSpecialPoint } from './types.js';

export { CycleContinuationError, type CycleContinuationOptions, type CycleContinuationResult } from './cycles-setup.js';

/**
 * Periodic orbits born at a Hopf point, continued in `param` through their folds.
 * @example
 * const fhn = loadModel('fitzhugh-nagumo');
 * const r = continueCyclesFromHopf(fhn, { type: 'H', param: 0.33128, state: { v: -0.96747, w: -0.33434 } },
 *   { param: 'I', from: 0, to: 2 });
 * r.special.filter((s) => s.type === 'LPC')[0].param // 0.3241785…
 */
export function continueCyclesFromHopf(
  model: Model,
  hopf: ContinuationSpecialPoint,
  options: CycleContinuationOptions,
): CycleContinuationResult {
  const cx = setup(model, options);
  const { c, n, params, pIndex } = cx;
  if (!hopf || !Number.isFinite(hopf.param)) {
    throw new OptionError(`model '${c.name}': continueCyclesFromHopf needs a Hopf point with a finite param`);
  }
  const x0 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = hopf.state?.[c.variables[i]];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new OptionError(`model '${c.name}': the Hopf point's state lacks a finite value for '${c.variables[i]}'`);
    }
    x0[i] = v;
  }
  params[pIndex] = hopf.param;
  const J = new Float64Array(n * n);
  c.jac(0, x0, params, J);
  const eg = eigen(J, n);
  let best = -1;
  for (let i = 0; i < eg.values.length; i++) {
    const l = eg.values[i];
    if (l.im > 0 && (best < 0 || Math.abs(l.re) / l.im < Math.abs(eg.values[best].re) / eg.values[best].im)) best = i;
  }
  const q = best >= 0 ? eg.vectors[best] : null;
  if (best < 0 || !q || Math.abs(eg.values[best].re) > 1e-4 * eg.values[best].im) {
    throw new CycleContinuationError(
      `model '${c.name}': no pair of eigenvalues on the imaginary axis at ${options.param} = ${hopf.param} ` +
        `(nearest: ${best < 0 ? 'none complex' : `${eg.values[best].re} ± ${eg.values[best].im}i`}); not a Hopf point`,
    );
  }
  const omega = eg.values[best].im;
  const T0 = (2 * Math.PI) / omega;
  const col = new Collocation(c, pIndex, cx.ntst, cx.ncol);
  const scale = scales(cx, x0, T0);
  // the trivial cycle at the Hopf point, and the direction of the cycles born there:
  // x(τ) = x0 + ε Re(q e^{2πiτ}), T and p stationary to first order
  const u0 = new Float64Array(col.size);
  const t0 = new Float64Array(col.size);
  for (let node = 0; node < col.nodes; node++) {
    const tau = nodeTau(col, node);
    const cs = Math.cos(2 * Math.PI * tau);
    const sn = Math.sin(2 * Math.PI * tau);
    for (let d = 0; d < n; d++) {
      u0[node * n + d] = x0[d];
      t0[node * n + d] = q.re[d] * cs - q.im[d] * sn;
    }
  }
  u0[col.size - 2] = T0;
  u0[col.size - 1] = hopf.param;
  normalise(col, scale, t0);
  const start: Pt = { col, u: u0, t: t0, mult: [], trivial: -1, lpc: 0, fold: 0, pd: NaN, ns: NaN, iters: 0 };
  // Floquet multipliers of the trivial cycle are exp(λT): report them for the first point
  start.mult = eg.values.map((l) => {
    const r = Math.exp(l.re * T0);
    return { re: r * Math.cos(l.im * T0), im: r * Math.sin(l.im * T0) };
  });
  start.trivial = best;
  const hopfNote = `Hopf point at ${options.param} = ${hopf.param}, period ${T0}`;
  return run(cx, scale, start, { fromHopf: true, hopfNote });
}

/**
 * Periodic orbits continued from one found by simulation (e.g. `limitCycle(...).orbit`), from
 * `from` (where the orbit lies) toward `to`. The orbit is one period with t from t[0] to
 * t[0] + `period`; it is corrected by collocation at `from` (the first branch point) before
 * continuing.
 * @example
 * const lc = limitCycle(ml, { params: { I: 100 } });
 * // lc was found at I = 100
 * continueCyclesFromOrbit(ml, { ...lc.orbit[0], period: lc.period }, { param: 'I', from: 100, to: 40 });
 */
export function continueCyclesFromOrbit(
  model: Model,
  orbit: { t: Float64Array | number[]; y: Record<string, Float64Array | number[]>; period: number },
  options: CycleContinuationOptions,
): CycleContinuationResult {
  const cx = setup(model, options);
  const { c, n, params, pIndex } = cx;
  if (!orbit || !(orbit.period > 0) || !Number.isFinite(orbit.period)) {
    throw new OptionError(`model '${c.name}': the orbit needs a finite positive period, got ${orbit?.period}`);
  }
  const tt = orbit.t;
  const len = tt?.length ?? 0;
  if (len < 8) throw new OptionError(`model '${c.name}': the orbit needs at least 8 time points, got ${len}`);
  for (const v of c.variables) {
    const y = orbit.y?.[v];
    if (!y || y.length !== len) {
      throw new OptionError(`model '${c.name}': the orbit lacks '${v}' values at its ${len} time points`);
    }
  }
  const col = new Collocation(c, pIndex, cx.ntst, cx.ncol);
  const u = new Float64Array(col.size);
  const t00 = tt[0];
  let k = 0;
  for (let node = 0; node < col.nodes; node++) {
    const time = t00 + nodeTau(col, node) * orbit.period;
    while (k < len - 2 && tt[k + 1] < time) k++;
    const a = (time - tt[k]) / (tt[k + 1] - tt[k] || 1);
    for (let d = 0; d < n; d++) {
      const y = orbit.y[c.variables[d]];
      u[node * n + d] = y[k] + Math.min(Math.max(a, 0), 1) * (y[k + 1] - y[k]);
    }
  }
  // close the orbit exactly: the last node is the first
  for (let d = 0; d < n; d++) u[(col.nodes - 1) * n + d] = u[d];
  // the orbit lies at `from`
  const p0 = options.from;
  params[pIndex] = p0;
  u[col.size - 2] = orbit.period;
  u[col.size - 1] = p0;
  const x0 = u.subarray(0, n);
  const scale = scales(cx, x0, orbit.period);
  // correct at fixed p (last row e_p), then the tangent with t_p = 1 oriented toward `to`; the
  // mesh is adapted to the corrected orbit and the orbit corrected again (relaxation cycles need it)
  const tangent = new Float64Array(col.size);
  let pt: Pt = { col, u, t: tangent, mult: [], trivial: -1, lpc: 0, fold: 0, pd: 0, ns: 0, iters: 0 };
  for (let round = 0; round < 3; round++) {
    const cc = pt.col;
    const uu = pt.u;
    const g = new Float64Array(cc.size);
    g[cc.size - 1] = 1;
    const psi = phaseRow(cc, uu, params);
    const psiRhs = dot(psi, uu);
    const du = new Float64Array(cc.size);
    const tan = new Float64Array(cc.size);
    let ok = false;
    for (let it = 0; it < 40; it++) {
      const res = cc.solve(uu, params, psi, psiRhs, g, p0, du, tan);
      if (!Number.isFinite(res)) break;
      // damped at first: the interpolated orbit can be far from a collocation solution
      const lam = round === 0 && it < 3 ? 0.5 : 1;
      for (let i = 0; i < cc.size; i++) uu[i] += lam * du[i];
      if (scaledMax(cc, scale, du) < 1e-10) {
        ok = true;
        break;
      }
    }
    if (!ok || !(uu[cc.size - 2] > 0)) {
      throw new CycleContinuationError(
        `model '${c.name}': the orbit given at ${options.param} = ${p0} did not converge to a periodic orbit ` +
          'by collocation (is it a closed orbit over one period?)',
      );
    }
    // the last correction's tangent (J t = 0, t_p = 1) comes from the same factorisation
    const final = cc.solve(uu, params, psi, psiRhs, g, p0, du, tan);
    if (!Number.isFinite(final)) {
      throw new CycleContinuationError(
        `model '${c.name}': singular collocation system at the given orbit (${options.param} = ${p0})`,
      );
    }
    for (let i = 0; i < cc.size; i++) uu[i] += du[i];
    normalise(cc, scale, tan);
    if (tan[cc.size - 1] * (options.to - p0) < 0) for (let i = 0; i < tan.length; i++) tan[i] = -tan[i];
    const m = multipliers(cc, uu, params);
    pt = { ...pt, u: uu, t: tan, ...m, lpc: tan[cc.size - 1], fold: m.lnMu ?? tan[cc.size - 1] };
    if (round < 2) pt = adapt(cx, scale, pt);
  }
  return run(cx, scale, pt, { fromHopf: false });
}
