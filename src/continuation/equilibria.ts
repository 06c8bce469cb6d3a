/**
 * Equilibrium branches in one parameter by pseudo-arclength continuation of f(x, p) = 0, with the
 * symbolic Jacobian [∂f/∂x | ∂f/∂p] (src/compile/derivatives.ts gives ∂f/∂p), eigenvalues and
 * stability at every point, and three test functions located to ~1e-12 in the parameter:
 *
 *   LP (fold):         the tangent's parameter component (the branch turns back in p)
 *   H  (Hopf):         Re Π_{i<j} (λ_i + λ_j) (the bialternate-product determinant), kept only
 *                      where the critical pair is complex (a real pair ±λ is a neutral saddle)
 *   BP (branch point): the determinant of the bordered Jacobian [∂f/∂(x,p); tᵀ]
 *
 * Each Hopf point gets its first Lyapunov coefficient (normal-forms.ts), each fold its
 * quadratic coefficient.
 */
import type { Model } from '../model/model.js';
import { compile, type CompiledModel } from '../compile/scalar.js';
import { derivatives, type ModelDerivatives } from '../compile/derivatives.js';
import { OptionError, nearestName } from '../model/errors.js';
import { eigen, type Complex } from '../single/eigen.js';
import { fixedPoints } from '../single/fixed-points.js';
import { continueCurve, type PalcPoint, type PalcSystem } from './palc.js';
import { foldCoefficient, hopfCoefficients } from './normal-forms.js';
import type { BranchPoint, ContinuationBranch, ContinuationSpecialPoint } from './types.js';

export interface EquilibriumOptions {
  /** the continuation parameter */
  param: string;
  /** where the starting equilibria are searched, and one end of the range */
  from: number;
  /** the other end of the range */
  to: number;
  /** other parameter overrides */
  params?: Record<string, number>;
  /** fixed-point search box per variable at `from` (see fixedPoints) */
  ranges?: Record<string, [number, number]>;
  /** most points per branch (default 2000) */
  maxPoints?: number;
  /** largest arclength step (default 1% of the parameter range plus the state's scale) */
  maxStep?: number;
  signal?: AbortSignal;
}

export interface EquilibriumContinuation {
  branches: ContinuationBranch[];
  special: ContinuationSpecialPoint[];
  warnings: string[];
}

/** Eigenvalues of the state Jacobian at u = (x, p), cached per point array. */
export class Linearisation {
  private readonly cache = new WeakMap<Float64Array, Complex[]>();
  readonly J: Float64Array;
  readonly x: Float64Array;
  constructor(
    readonly c: CompiledModel,
    readonly p: Float64Array,
    readonly k: number,
  ) {
    this.J = new Float64Array(c.n * c.n);
    this.x = new Float64Array(c.n);
  }
  /** the full parameter vector for u (the continuation parameter from u[n]) */
  params(u: Float64Array, at = this.c.n): Float64Array {
    this.p[this.k] = u[at];
    return this.p;
  }
  eigenvalues(u: Float64Array): Complex[] {
    let e = this.cache.get(u);
    if (!e) {
      const n = this.c.n;
      this.c.jac(0, u, this.params(u), this.J);
      e = eigen(this.J, n).values;
      this.cache.set(u, e);
    }
    return e;
  }
}

/** Re Π_{i<j}(λ_i + λ_j): zero when a pair sums to zero (Hopf, or a neutral saddle). */
export function hopfTest(values: Complex[]): number {
  let re = 1,
    im = 0;
  for (let i = 0; i < values.length; i++)
    for (let j = i + 1; j < values.length; j++) {
      const ar = values[i].re + values[j].re,
        ai = values[i].im + values[j].im;
      const r = re * ar - im * ai;
      im = re * ai + im * ar;
      re = r;
    }
  return values.length < 2 ? NaN : re;
}

/** The complex pair nearest the imaginary axis (its ω), or null when none is near it. */
export function criticalFrequency(values: Complex[]): number | null {
  let best: Complex | null = null;
  for (const v of values) if (v.im > 0 && (!best || Math.abs(v.re) < Math.abs(best.re))) best = v;
  if (!best) return null;
  // a Hopf pair's real part is zero to the location's precision; a real pair ±λ has no imaginary part
  return Math.abs(best.re) <= 1e-6 * (Math.abs(best.im) + 1e-300) || Math.abs(best.re) < 1e-9 ? best.im : null;
}

export function parameterIndex(c: CompiledModel, name: string, what = 'param'): number {
  const k = c.parameters.indexOf(name);
  if (k < 0) {
    const s = nearestName(name, c.parameters);
    throw new OptionError(`model '${c.name}': --${what}: no parameter '${name}'${s ? ` (did you mean '${s}'?)` : ''}`);
  }
  return k;
}

const complexes = (v: Complex[]) => v.map((z) => ({ re: z.re, im: z.im }));
const stateOf = (c: CompiledModel, u: ArrayLike<number>): Record<string, number> =>
  Object.fromEntries(c.variables.map((v, i) => [v, u[i]]));

/**
 * Every equilibrium branch through the equilibria found at `from`, followed until the parameter
 * leaves [from, to] (or the point limit), with LP, H and BP points.
 * @example continueEquilibria(loadModel('fitzhugh-nagumo'), { param: 'I', from: 0, to: 2 }).special
 * // [{ type: 'H', param: 0.3312..., lyapunov: 0.0.., criticality: 'subcritical' }, ...]
 */
export function continueEquilibria(model: Model, o: EquilibriumOptions): EquilibriumContinuation {
  const c = compile(model);
  const d = derivatives(model);
  const k = parameterIndex(c, o.param);
  if (!Number.isFinite(o.from) || !Number.isFinite(o.to) || o.from === o.to) {
    throw new OptionError(
      `model '${c.name}': the range of '${o.param}' must be two different finite numbers, got ${o.from} and ${o.to}`,
    );
  }
  const base = c.params({ ...o.params });
  base[k] = o.from;
  const lo = Math.min(o.from, o.to),
    hi = Math.max(o.from, o.to);
  const warnings: string[] = [];
  const starts = fixedPoints(model, { params: { ...o.params, [o.param]: o.from }, ranges: o.ranges });
  if (starts.length === 0)
    warnings.push(`model '${c.name}': no equilibrium found at ${o.param} = ${o.from}; no equilibrium branch`);
  const branches: ContinuationBranch[] = [];
  const special: ContinuationSpecialPoint[] = [];
  const maxPoints = o.maxPoints ?? 2000;
  for (const fp of starts) {
    const x0 = Float64Array.from(c.variables.map((v) => fp.state[v]));
    const scale = 1 + Math.max(...x0.map(Math.abs));
    const covered = branches.some((b) =>
      b.points.some(
        (q) =>
          Math.abs(q.param - o.from) <= 1e-8 * (1 + Math.abs(o.from)) &&
          c.variables.every((v, i) => Math.abs(q.state[v] - x0[i]) <= 1e-6 * scale),
      ),
    );
    if (covered) continue;
    const r = followBranch(c, d, k, base, x0, o.from, Math.sign(o.to - o.from), lo, hi, {
      maxPoints,
      maxStep: o.maxStep ?? 0.01 * (hi - lo + scale),
      signal: o.signal,
    });
    const index = branches.length;
    branches.push(r.branch);
    for (const s of r.special) special.push({ ...s, branch: index });
  }
  return { branches, special, warnings };
}

interface FollowOptions {
  maxPoints: number;
  maxStep: number;
  signal?: AbortSignal;
}

/** Follow one branch from (x0, p0) with the parameter initially moving in direction `dir`. */
export function followBranch(
  c: CompiledModel,
  d: ModelDerivatives,
  k: number,
  base: Float64Array,
  x0: Float64Array,
  p0: number,
  dir: number,
  lo: number,
  hi: number,
  o: FollowOptions,
): { branch: ContinuationBranch; special: ContinuationSpecialPoint[] } {
  const n = c.n;
  const name = c.parameters[k];
  const lin = new Linearisation(c, Float64Array.from(base), k);
  const dfdp = d.paramDerivative(name);
  const Jx = new Float64Array(n * n),
    fp = new Float64Array(n);
  const sys: PalcSystem = {
    m: n,
    residual(u, F) {
      c.rhs(0, u, lin.params(u), F);
    },
    jacobian(u, Jac) {
      const p = lin.params(u);
      c.jac(0, u, p, Jx);
      dfdp(0, u, p, fp);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) Jac[i * (n + 1) + j] = Jx[i * n + j];
        Jac[i * (n + 1) + n] = fp[i];
      }
    },
  };
  const u0 = new Float64Array(n + 1);
  u0.set(x0);
  u0[n] = p0;
  const direction = new Float64Array(n + 1);
  direction[n] = dir;
  const LP = 0,
    H = 1,
    BP = 2,
    EDGE = 3;
  const span = hi - lo;
  const r = continueCurve(sys, u0, direction, {
    tests: [
      (q) => q.t[n],
      (q) => hopfTest(lin.eigenvalues(q.u)),
      (q) => q.det,
      // inside the range: ≥ 0; its zero ends the branch exactly on the boundary
      (q) => Math.min(q.u[n] - lo, hi - q.u[n]) + (q.u === u0 ? 1e-300 : 0),
    ],
    terminal: new Set([EDGE]),
    h0: Math.min(o.maxStep, 0.01 * span),
    hmin: 1e-10 * (span + 1),
    hmax: o.maxStep,
    maxPoints: o.maxPoints,
    signal: o.signal,
  });
  const toPoint = (q: PalcPoint): BranchPoint => {
    const ev = lin.eigenvalues(q.u);
    return {
      param: q.u[n],
      state: stateOf(c, q.u),
      stable: ev.every((z) => z.re < 0),
      eigenvalues: complexes(ev),
      s: q.s,
    };
  };
  const branch: ContinuationBranch = {
    kind: 'equilibrium',
    param: name,
    points: r.points.map(toPoint),
    end: endText(r.end, name, r.points.at(-1)?.u[n]),
  };
  const special: ContinuationSpecialPoint[] = [];
  for (const e of r.events) {
    const q = r.points[e.index];
    const x = q.u.subarray(0, n);
    const p = lin.params(q.u);
    const state = stateOf(c, q.u);
    if (e.test === LP) {
      const f = foldCoefficient(c, d, Float64Array.from(x), Float64Array.from(p));
      special.push({
        type: 'LP',
        param: q.u[n],
        state,
        note: `fold of equilibria${f ? `, a = ${f.a.toPrecision(6)}` : ''}`,
      });
    } else if (e.test === H) {
      const omega = criticalFrequency(lin.eigenvalues(q.u));
      if (omega === null) continue; // neutral saddle: λ and −λ real, not a bifurcation
      const h = hopfCoefficients(c, d, Float64Array.from(x), Float64Array.from(p), omega);
      const l1 = h?.l1;
      const criticality =
        l1 === undefined || !Number.isFinite(l1) || l1 === 0 ? 'degenerate' : l1 < 0 ? 'supercritical' : 'subcritical';
      special.push({
        type: 'H',
        param: q.u[n],
        state,
        period: (2 * Math.PI) / omega,
        lyapunov: l1,
        criticality,
        note:
          `Hopf, ω = ${omega.toPrecision(6)}, ` +
          `l1 = ${l1 === undefined ? 'not computed' : l1.toPrecision(6)}, ${criticality}`,
      });
    } else if (e.test === BP) {
      special.push({ type: 'BP', param: q.u[n], state, note: 'branch point (branch switching is not done)' });
    }
  }
  return { branch, special };
}

function endText(end: string, name: string, p?: number): string {
  if (end.startsWith('terminal')) return `left the range at ${name} = ${p}`;
  return end;
}
