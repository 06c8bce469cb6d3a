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
 */
import type { Model } from '../model/model.js';
import { compile, type CompiledModel } from '../compile/scalar.js';
import { IsoclineError, OptionError, nearestName } from '../model/errors.js';
import { eigen } from '../single/eigen.js';
import { paramVector } from '../single/options.js';
import { Collocation, lagrangeAt } from './collocation.js';
import type { BranchPoint, ComplexValue, ContinuationBranch, ContinuationSpecialPoint } from './types.js';

/** Continuation of cycles cannot start or go on (hybrid model, no Hopf pair, singular start). */
export class CycleContinuationError extends IsoclineError {}

export interface CycleContinuationOptions {
  /** the parameter to vary */
  param: string;
  /** the parameter range; the branch stops when it leaves [min(from, to), max(from, to)] */
  from: number;
  to: number;
  /** other parameter overrides */
  params?: Record<string, number>;
  /** mesh intervals (default 40) and collocation points per interval (default 4), as AUTO's NTST, NCOL */
  ntst?: number;
  ncol?: number;
  /** most points on the branch (default 500) */
  maxPoints?: number;
  signal?: AbortSignal;
  /** first and largest pseudo-arclength step in the scaled norm (defaults 0.02 and 0.2) */
  ds?: number;
  dsMax?: number;
  /** re-adapt the mesh every this many steps (default 3, as AUTO's IAD; 0: never) */
  adaptEvery?: number;
  /** stop when the period exceeds this multiple of the smallest period on the branch (default 20) */
  periodGrowth?: number;
}

export interface CycleContinuationResult {
  branch: ContinuationBranch;
  special: ContinuationSpecialPoint[];
  warnings: string[];
}

/** A computed point: the collocation unknowns, the unit tangent and what the tests need. */
interface Pt {
  col: Collocation;
  u: Float64Array;
  t: Float64Array;
  mult: ComplexValue[];
  /** index of the trivial multiplier */
  trivial: number;
  lpc: number;
  /** the fold-of-cycles test: ln μ of the non-trivial multiplier for a planar model, else lpc */
  fold: number;
  pd: number;
  ns: number;
  iters: number;
}

/**
 * Periodic orbits born at a Hopf point, continued in `param` through their folds.
 * @example
 * const fhn = loadModel('fitzhugh-nagumo');
 * const r = continueCyclesFromHopf(fhn, { type: 'H', param: 0.33128, state: { v: -0.96747, w: -0.33434 } },
 *   { param: 'I', from: 0, to: 2 });
 * r.special.filter((s) => s.type === 'LPC')[0].param // 0.3241785…
 */
export function continueCyclesFromHopf(model: Model, hopf: ContinuationSpecialPoint, options: CycleContinuationOptions): CycleContinuationResult {
  const cx = setup(model, options);
  const { c, n, params, pIndex } = cx;
  if (!hopf || !Number.isFinite(hopf.param)) throw new OptionError(`model '${c.name}': continueCyclesFromHopf needs a Hopf point with a finite param`);
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
      `model '${c.name}': no pair of eigenvalues on the imaginary axis at ${options.param} = ${hopf.param} (nearest: ${best < 0 ? 'none complex' : `${eg.values[best].re} ± ${eg.values[best].im}i`}); not a Hopf point`,
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
  return run(cx, scale, start, { fromHopf: true, hopfNote: `Hopf point at ${options.param} = ${hopf.param}, period ${T0}` });
}

/**
 * Periodic orbits continued from one found by simulation (e.g. `limitCycle(...).orbit`), from
 * `from` (where the orbit lies) toward `to`. The orbit is one period with t from t[0] to
 * t[0] + `period`; it is corrected by collocation at `from` (the first branch point) before
 * continuing.
 * @example
 * const lc = limitCycle(ml, { params: { I: 100 } });
 * continueCyclesFromOrbit(ml, { ...lc.orbit[0], period: lc.period }, { param: 'I', from: 100, to: 40 }); // lc found at I = 100
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
    if (!y || y.length !== len) throw new OptionError(`model '${c.name}': the orbit lacks '${v}' values at its ${len} time points`);
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
  let pt: Pt = { col, u, t: new Float64Array(col.size), mult: [], trivial: -1, lpc: 0, fold: 0, pd: 0, ns: 0, iters: 0 };
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
      throw new CycleContinuationError(`model '${c.name}': the orbit given at ${options.param} = ${p0} did not converge to a periodic orbit by collocation (is it a closed orbit over one period?)`);
    }
    // the last correction's tangent (J t = 0, t_p = 1) comes from the same factorisation
    const final = cc.solve(uu, params, psi, psiRhs, g, p0, du, tan);
    if (!Number.isFinite(final)) throw new CycleContinuationError(`model '${c.name}': singular collocation system at the given orbit (${options.param} = ${p0})`);
    for (let i = 0; i < cc.size; i++) uu[i] += du[i];
    normalise(cc, scale, tan);
    if (tan[cc.size - 1] * (options.to - p0) < 0) for (let i = 0; i < tan.length; i++) tan[i] = -tan[i];
    const m = multipliers(cc, uu, params);
    pt = { ...pt, u: uu, t: tan, ...m, lpc: tan[cc.size - 1], fold: m.lnMu ?? tan[cc.size - 1] };
    if (round < 2) pt = adapt(cx, scale, pt);
  }
  return run(cx, scale, pt, { fromHopf: false });
}

// ---------------------------------------------------------------------------------------------

interface Setup {
  c: CompiledModel;
  n: number;
  params: Float64Array;
  pIndex: number;
  param: string;
  lo: number;
  hi: number;
  span: number;
  ntst: number;
  ncol: number;
  maxPoints: number;
  ds: number;
  dsMax: number;
  adaptEvery: number;
  periodGrowth: number;
  signal?: AbortSignal;
}

function setup(model: Model, o: CycleContinuationOptions): Setup {
  const c = compile(model);
  if (c.events.length > 0) {
    throw new CycleContinuationError(
      `model '${c.name}' has events with resets (${c.events.map((e) => e.name).join(', ')}): its spiking orbits jump, so they are not smooth periodic orbits and are not continued by collocation (the smooth subthreshold system's equilibria and Hopf points can be)`,
    );
  }
  if (!o || typeof o.param !== 'string') throw new OptionError(`model '${c.name}': cycle continuation needs \`param\`: the parameter to vary`);
  const pIndex = c.parameters.indexOf(o.param);
  if (pIndex < 0 || !Object.prototype.hasOwnProperty.call(model.parameters, o.param)) {
    const s = nearestName(o.param, c.parameters);
    throw new OptionError(`model '${c.name}': no parameter '${o.param}' to vary${s ? ` (did you mean '${s}'?)` : ''}; parameters: ${c.parameters.join(', ')}`);
  }
  if (!Number.isFinite(o.from) || !Number.isFinite(o.to) || o.from === o.to) {
    throw new OptionError(`model '${c.name}': the range of '${o.param}' needs finite, different from and to, got ${o.from} and ${o.to}`);
  }
  const int = (name: string, v: number | undefined, def: number, lo: number, hi: number): number => {
    const x = v ?? def;
    if (!Number.isInteger(x) || x < lo || x > hi) throw new OptionError(`model '${c.name}': ${name} must be an integer from ${lo} to ${hi}, got ${x}`);
    return x;
  };
  const pos = (name: string, v: number | undefined, def: number): number => {
    const x = v ?? def;
    if (!(typeof x === 'number' && Number.isFinite(x) && x > 0)) throw new OptionError(`model '${c.name}': ${name} must be a positive number, got ${x}`);
    return x;
  };
  return {
    c,
    n: c.n,
    params: paramVector(c, o.params),
    pIndex,
    param: o.param,
    lo: Math.min(o.from, o.to),
    hi: Math.max(o.from, o.to),
    span: Math.abs(o.to - o.from),
    ntst: int('ntst', o.ntst, 40, 2, 2000),
    ncol: int('ncol', o.ncol, 4, 1, 7),
    maxPoints: int('maxPoints', o.maxPoints, 500, 1, 1e6),
    ds: pos('ds', o.ds, 0.02),
    dsMax: pos('dsMax', o.dsMax, 0.2),
    adaptEvery: int('adaptEvery', o.adaptEvery, 3, 0, 1e6),
    periodGrowth: pos('periodGrowth', o.periodGrowth, 20),
    signal: o.signal,
  };
}

/**
 * Weights of the scaled inner product: each variable by its size at the start (at least 1), the
 * period by the first period, the parameter by the range, so one step length suits mV and gates.
 */
function scales(cx: Setup, x0: ArrayLike<number>, T0: number): Float64Array {
  const th = new Float64Array(cx.n + 2);
  for (let d = 0; d < cx.n; d++) th[d] = 1 / Math.max(1, Math.abs(x0[d])) ** 2;
  th[cx.n] = 1 / T0 ** 2;
  th[cx.n + 1] = 1 / cx.span ** 2;
  return th;
}

function nodeTau(col: Collocation, node: number): number {
  if (node === col.nodes - 1) return 1;
  const j = Math.floor(node / col.m);
  return col.nodeTime(j, node - j * col.m);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** g = θ-weighted v: the row of the arclength condition ⟨v, u − u0⟩ = ds. */
function weighted(col: Collocation, th: Float64Array, v: Float64Array, out: Float64Array): Float64Array {
  const n = col.n;
  for (let node = 0; node < col.nodes; node++) for (let d = 0; d < n; d++) out[node * n + d] = col.W[node] * th[d] * v[node * n + d];
  out[col.size - 2] = th[n] * v[col.size - 2];
  out[col.size - 1] = th[n + 1] * v[col.size - 1];
  return out;
}

function normalise(col: Collocation, th: Float64Array, v: Float64Array): void {
  const w = weighted(col, th, v, new Float64Array(col.size));
  const s = Math.sqrt(dot(w, v));
  for (let i = 0; i < v.length; i++) v[i] /= s;
}

function scaledMax(col: Collocation, th: Float64Array, v: Float64Array): number {
  const n = col.n;
  let m = 0;
  for (let i = 0; i < col.size; i++) {
    const d = i >= col.size - 2 ? n + (i - (col.size - 2)) : i % n;
    const x = Math.abs(v[i]) * Math.sqrt(th[d]);
    if (!(x <= m)) m = x;
  }
  return m;
}

/** Phase row ψ = W ⊙ ẋ_ref with ẋ_ref = T f(x_ref, p) at the nodes (AUTO's ∫ x·ẋ_ref dτ). */
function phaseRow(col: Collocation, ref: Float64Array, params: Float64Array): Float64Array {
  const { n, c } = col;
  const psi = new Float64Array(col.size);
  const pv = Float64Array.from(params);
  pv[col.pIndex] = ref[col.size - 1];
  const T = ref[col.size - 2];
  const f = new Float64Array(n);
  for (let node = 0; node < col.nodes; node++) {
    c.rhs(0, ref.subarray(node * n, node * n + n), pv, f);
    for (let d = 0; d < n; d++) psi[node * n + d] = col.W[node] * T * f[d];
  }
  return psi;
}

/**
 * Floquet multipliers: eigenvalues of the monodromy matrix from the condensed blocks. For a planar
 * model the non-trivial multiplier is instead exp(T ∫₀¹ tr J dτ) (Liouville: det M is that, and the
 * trivial multiplier is 1): the product of interval maps loses it for canard and relaxation cycles,
 * whose multipliers span many orders of magnitude, while the trace integral stays exact to the
 * collocation order.
 */
function multipliers(col: Collocation, u: Float64Array, params: Float64Array): { mult: ComplexValue[]; trivial: number; pd: number; ns: number; lnMu?: number } {
  const n = col.n;
  let mult: ComplexValue[] = [];
  let trivial = 0;
  if (n !== 2) {
    const M = col.monodromy();
    try {
      mult = eigen(M, n).values.map((v) => ({ re: v.re, im: v.im }));
    } catch {
      mult = Array.from({ length: n }, () => ({ re: NaN, im: NaN }));
    }
    for (let i = 1; i < n; i++) if (Math.hypot(mult[i].re - 1, mult[i].im) < Math.hypot(mult[trivial].re - 1, mult[trivial].im)) trivial = i;
  }
  let lnMu: number | undefined;
  if (n === 2) {
    lnMu = u[col.size - 2] * traceIntegral(col, u, params);
    const mu = Math.exp(lnMu);
    mult = mu < 1 ? [{ re: mu, im: 0 }, { re: 1, im: 0 }] : [{ re: 1, im: 0 }, { re: mu, im: 0 }];
    trivial = mu < 1 ? 1 : 0;
  }
  // PD: Π(μ + 1); NS: Π_{i<j}(μ_i μ_j − 1), over the non-trivial multipliers (complex products)
  let pr = 1;
  let pi = 0;
  let nr = 1;
  let ni = 0;
  for (let i = 0; i < n; i++) {
    if (i === trivial) continue;
    const a = mult[i];
    [pr, pi] = [pr * (a.re + 1) - pi * a.im, pr * a.im + pi * (a.re + 1)];
    for (let j = i + 1; j < n; j++) {
      if (j === trivial) continue;
      const b = mult[j];
      const zr = a.re * b.re - a.im * b.im - 1;
      const zi = a.re * b.im + a.im * b.re;
      [nr, ni] = [nr * zr - ni * zi, nr * zi + ni * zr];
    }
  }
  // a planar flow has no negative multiplier, so no period doubling
  return { mult, trivial, pd: n > 2 ? pr : NaN, ns: n > 2 ? nr : NaN, lnMu };
}

/** ∫₀¹ tr J(x(τ)) dτ by the Gauss rule of the collocation points. */
function traceIntegral(col: Collocation, u: Float64Array, params: Float64Array): number {
  const { n, m, tab } = col;
  const pv = Float64Array.from(params);
  pv[col.pIndex] = u[col.size - 1];
  const x = new Float64Array(n);
  const J = new Float64Array(n * n);
  let sum = 0;
  for (let j = 0; j < col.ntst; j++) {
    const h = col.mesh[j + 1] - col.mesh[j];
    for (let i = 0; i < m; i++) {
      x.fill(0);
      for (let k = 0; k <= m; k++) for (let d = 0; d < n; d++) x[d] += tab.L[i * (m + 1) + k] * u[(j * m + k) * n + d];
      col.c.jac(0, x, pv, J);
      let tr = 0;
      for (let d = 0; d < n; d++) tr += J[d * n + d];
      sum += h * tab.gw[i] * tr;
    }
  }
  return sum;
}

function isStable(p: Pt): boolean {
  return p.mult.every((m, i) => i === p.trivial || Math.hypot(m.re, m.im) < 1);
}

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
  const m = withMultipliers ? multipliers(col, u, cx.params) : { mult: [], trivial: -1, pd: NaN, ns: NaN, lnMu: undefined };
  return { col, u, t: tan, ...m, lpc: tan[N - 1], fold: m.lnMu ?? tan[N - 1], iters: iters + 1 };
}

/** Regula falsi (Illinois) on the step length for a zero of a test function between prev and ds. */
function locate(cx: Setup, th: Float64Array, prev: Pt, fa0: number, ds: number, fb0: number, test: (p: Pt) => number, needsMultipliers = false): Pt | null {
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
    if (f === 0 || (Math.abs(p - lastP) <= 1e-11 * (Math.abs(p) + cx.span) && Math.abs(s - lastS) < 1e-9 * ds) || Math.abs(b - a) < 1e-14 * ds) break;
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

function stateOf(cx: Setup, u: Float64Array): Record<string, number> {
  return Object.fromEntries(cx.c.variables.map((v, d) => [v, u[d]]));
}

/** min and max of each variable over the collocation polynomials (8 samples per interval). */
function extremes(cx: Setup, col: Collocation, u: Float64Array): { min: Record<string, number>; max: Record<string, number> } {
  const { n, m } = col;
  const lo = new Float64Array(n).fill(Infinity);
  const hi = new Float64Array(n).fill(-Infinity);
  const Lk = new Float64Array(m + 1);
  const S = 8;
  for (let j = 0; j < col.ntst; j++) {
    for (let s = 0; s < S; s++) {
      lagrangeAt(m, s / S, Lk);
      for (let d = 0; d < n; d++) {
        let x = 0;
        for (let k = 0; k <= m; k++) x += Lk[k] * u[(j * m + k) * n + d];
        if (x < lo[d]) lo[d] = x;
        if (x > hi[d]) hi[d] = x;
      }
    }
  }
  return {
    min: Object.fromEntries(cx.c.variables.map((v, d) => [v, lo[d]])),
    max: Object.fromEntries(cx.c.variables.map((v, d) => [v, hi[d]])),
  };
}

/**
 * A new mesh equidistributing the collocation error estimate: the ncol-th derivative of each
 * interval's polynomial is constant; differences of it between neighbours estimate the
 * (ncol+1)-th, whose (ncol+1)-th root, integrated, is what each interval should share equally
 * (AUTO's ADAPT does the same). The orbit and tangent are interpolated onto the new mesh.
 */
function adapt(cx: Setup, th: Float64Array, p: Pt): Pt {
  const { col } = p;
  const { n, m, ntst } = col;
  const dmj = new Float64Array(ntst * n);
  for (let j = 0; j < ntst; j++) {
    const h = col.mesh[j + 1] - col.mesh[j];
    for (let d = 0; d < n; d++) {
      let s = 0;
      for (let k = 0; k <= m; k++) s += col.tab.dm[k] * p.u[(j * m + k) * n + d];
      dmj[j * n + d] = (s / h ** m) * Math.sqrt(th[d]);
    }
  }
  const rho = new Float64Array(ntst);
  let total = 0;
  for (let j = 0; j < ntst; j++) {
    const jp = (j + 1) % ntst;
    const jm = (j + ntst - 1) % ntst;
    const h = col.mesh[j + 1] - col.mesh[j];
    const hp = col.mesh[jp + 1] - col.mesh[jp];
    const hm = col.mesh[jm + 1] - col.mesh[jm];
    let e = 0;
    for (let d = 0; d < n; d++) {
      const a = Math.abs(dmj[jp * n + d] - dmj[j * n + d]) / ((h + hp) / 2);
      const b = Math.abs(dmj[j * n + d] - dmj[jm * n + d]) / ((h + hm) / 2);
      e = Math.max(e, (a + b) / 2);
    }
    rho[j] = e ** (1 / (m + 1));
    total += rho[j] * h;
  }
  if (!(total > 0) || !Number.isFinite(total)) return p;
  // a floor keeps some points where the orbit is slow (and the problem well posed)
  const floor = 0.05 * total;
  total = 0;
  for (let j = 0; j < ntst; j++) {
    rho[j] += floor;
    total += rho[j] * (col.mesh[j + 1] - col.mesh[j]);
  }
  const mesh = new Float64Array(ntst + 1);
  mesh[ntst] = 1;
  let j = 0;
  let acc = 0;
  for (let i = 1; i < ntst; i++) {
    const target = (i / ntst) * total;
    while (j < ntst - 1 && acc + rho[j] * (col.mesh[j + 1] - col.mesh[j]) < target) {
      acc += rho[j] * (col.mesh[j + 1] - col.mesh[j]);
      j++;
    }
    mesh[i] = col.mesh[j] + (target - acc) / rho[j];
  }
  const col2 = new Collocation(col.c, col.pIndex, ntst, m, mesh);
  const u2 = interpolate(col, p.u, col2);
  const t2 = interpolate(col, p.t, col2);
  normalise(col2, th, t2);
  return { ...p, col: col2, u: u2, t: t2 };
}

function interpolate(col: Collocation, u: Float64Array, col2: Collocation): Float64Array {
  const { n, m } = col;
  const out = new Float64Array(col2.size);
  const Lk = new Float64Array(m + 1);
  let j = 0;
  for (let node = 0; node < col2.nodes; node++) {
    const tau = nodeTau(col2, node);
    while (j < col.ntst - 1 && tau > col.mesh[j + 1]) j++;
    const s = (tau - col.mesh[j]) / (col.mesh[j + 1] - col.mesh[j]);
    lagrangeAt(m, s, Lk);
    for (let d = 0; d < n; d++) {
      let x = 0;
      for (let k = 0; k <= m; k++) x += Lk[k] * u[(j * m + k) * n + d];
      out[node * n + d] = x;
    }
  }
  out[col2.size - 2] = u[col.size - 2];
  out[col2.size - 1] = u[col.size - 1];
  return out;
}

/** ∫(x − x̄)·(y − ȳ) / (‖x − x̄‖ ‖y − ȳ‖) between two orbits (the same mesh or not), by nodes. */
function deviationCorrelation(a: Pt, b: Pt): number {
  const bi = b.col === a.col ? b.u : interpolate(b.col, b.u, a.col);
  const { n, nodes, W } = a.col;
  const ma = new Float64Array(n);
  const mb = new Float64Array(n);
  for (let node = 0; node < nodes; node++) {
    for (let d = 0; d < n; d++) {
      ma[d] += W[node] * a.u[node * n + d];
      mb[d] += W[node] * bi[node * n + d];
    }
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let node = 0; node < nodes; node++) {
    for (let d = 0; d < n; d++) {
      const x = a.u[node * n + d] - ma[d];
      const y = bi[node * n + d] - mb[d];
      ab += W[node] * x * y;
      aa += W[node] * x * x;
      bb += W[node] * y * y;
    }
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 1;
}

function amplitude(cx: Setup, th: Float64Array, p: Pt): number {
  const { min, max } = extremes(cx, p.col, p.u);
  let a = 0;
  cx.c.variables.forEach((v, d) => (a = Math.max(a, (max[v] - min[v]) * Math.sqrt(th[d]))));
  return a;
}

function run(cx: Setup, th: Float64Array, start: Pt, how: { fromHopf: boolean; hopfNote?: string }): CycleContinuationResult {
  const warnings: string[] = [];
  const special: ContinuationSpecialPoint[] = [];
  const points: BranchPoint[] = [];
  let s = 0;
  const record = (p: Pt): BranchPoint => {
    const N = p.col.size;
    const ex = how.fromHopf && points.length === 0 ? { min: stateOf(cx, p.u), max: stateOf(cx, p.u) } : extremes(cx, p.col, p.u);
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
      const q = Math.sign(prev.lpc) * Math.sign(next.lpc) < 0 ? locate(cx, th, prev, prev.lpc, ds, next.lpc, (x) => x.lpc) : null;
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
        if (q && q.mult.some((mu, i) => i !== q.trivial && Math.abs(mu.im) < 1e-8 && Math.abs(mu.re + 1) < 1e-4)) addSpecial('PD', q, `period doubling, period ${q.u[N - 2]}`);
      }
      if (Math.sign(prev.ns) * Math.sign(next.ns) < 0) {
        const q = locate(cx, th, prev, prev.ns, ds, next.ns, (x) => x.ns, true);
        const pair = q?.mult.find((mu, i) => i !== q.trivial && Math.abs(mu.im) > 1e-6 && Math.abs(Math.hypot(mu.re, mu.im) - 1) < 1e-4);
        if (q && pair) addSpecial('NS', q, `torus (Neimark–Sacker), multipliers e^{±${Math.atan2(Math.abs(pair.im), pair.re)}i}, period ${q.u[N - 2]}`);
      }
    }
    s += ds;
    points.push(record(next));
    minT = Math.min(minT, T);
    if (T > cx.periodGrowth * minT) {
      end = `period grew to ${T} at ${cx.param} = ${p}: approaching a homoclinic orbit or a SNIC`;
      warnings.push(`cycle branch: the period grows without bound (last period ${T} at ${cx.param} = ${p}): approach to a homoclinic orbit or a SNIC`);
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
