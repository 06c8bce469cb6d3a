/**
 * Pseudo-arclength continuation (Keller's PALC) of the solution curve of m equations in m + 1
 * unknowns, F(u) = 0: predictor along the unit tangent, bordered Newton corrector on
 * [F(u); t₀·(u − u₀) − h], adaptive step, tangent orientation kept by bordering with the previous
 * tangent (so the curve is followed through folds, where the parameter turns back).
 *
 * One engine for every curve of this module: equilibrium branches (u = (x, p)), fold curves
 * (u = (x, v, p₁, p₂)) and Hopf curves (u = (x, v, κ, p₁, p₂)). Each caller supplies test
 * functions; a sign change between two accepted points is located by the Illinois variant of
 * regula falsi on the arclength σ from the earlier point, every trial point Newton-corrected onto
 * the curve, to |Δσ| ≤ 1e-13 (relative), which puts the parameter to ~1e-12 of its scale.
 */
import { dot, luFactor, luSolve } from './linalg.js';

export interface PalcSystem {
  /** number of equations; the curve lives in m + 1 unknowns */
  m: number;
  residual(u: Float64Array, F: Float64Array): void;
  /** ∂F/∂u, m × (m + 1), row-major */
  jacobian(u: Float64Array, Jac: Float64Array): void;
}

/** An accepted (or located) point: the solution, its unit tangent and the test-function values. */
export interface PalcPoint {
  u: Float64Array;
  t: Float64Array;
  /** determinant of the bordered Jacobian [∂F/∂u; tᵀ] (its sign change marks a branch point) */
  det: number;
  psi: Float64Array;
  /** arclength from the start */
  s: number;
}

/** A test function: a smooth scalar along the curve whose zero is a special point (NaN: undefined here). */
export type TestFunction = (p: Omit<PalcPoint, 'psi' | 's'>) => number;

export interface PalcOptions {
  tests: TestFunction[];
  /**
   * test indices whose zero ends the curve once located (range boundaries, BT on a Hopf curve); the end reads
   * `terminal:<index>`
   */
  terminal?: Set<number>;
  /** initial, smallest and largest step (arclength) */
  h0: number;
  hmin: number;
  hmax: number;
  maxPoints: number;
  /** Newton tolerance on the correction, relative to 1 + |u|∞ */
  tol?: number;
  signal?: AbortSignal;
  /** called for each accepted point; a returned string ends the curve with that reason */
  check?: (p: PalcPoint) => string | undefined;
}

export interface PalcEvent {
  test: number;
  /** index of the located point in `points` */
  index: number;
}

export interface PalcResult {
  points: PalcPoint[];
  events: PalcEvent[];
  end: string;
}

/** Workspace and primitives for one system (buffers allocated once per curve, not per step). */
class Palc {
  readonly m: number;
  readonly M: number;
  private readonly Jac: Float64Array;
  private readonly A: Float64Array;
  private readonly F: Float64Array;
  private readonly piv: Int32Array;
  private readonly rhs: Float64Array;
  constructor(
    private readonly sys: PalcSystem,
    private readonly tol: number,
  ) {
    this.m = sys.m;
    this.M = sys.m + 1;
    this.Jac = new Float64Array(this.m * this.M);
    this.A = new Float64Array(this.M * this.M);
    this.F = new Float64Array(this.m);
    this.piv = new Int32Array(this.M);
    this.rhs = new Float64Array(this.M);
  }

  /** Bordered matrix [∂F/∂u(u); bᵀ] factorised in A; returns its determinant. */
  private border(u: Float64Array, b: Float64Array): number {
    const { m, M, Jac, A } = this;
    this.sys.jacobian(u, Jac);
    A.set(Jac);
    for (let j = 0; j < M; j++) A[m * M + j] = b[j];
    return luFactor(A, M, this.piv);
  }

  /** Unit tangent at u, oriented so that t·b > 0; with the bordered determinant. */
  tangent(u: Float64Array, b: Float64Array): { t: Float64Array; det: number } | null {
    const det = this.border(u, b);
    if (det === 0 || !Number.isFinite(det)) return null;
    const t = new Float64Array(this.M);
    t[this.m] = 1;
    luSolve(this.A, this.M, this.piv, t);
    const s = Math.sqrt(dot(t, t));
    if (!Number.isFinite(s) || s === 0) return null;
    for (let i = 0; i < this.M; i++) t[i] /= s;
    return { t, det };
  }

  /** Newton onto F = 0 in the hyperplane t₀·(u − u₀) = h; returns the point and iteration count. */
  correct(u0: Float64Array, t0: Float64Array, h: number, maxIter = 10): { u: Float64Array; iter: number } | null {
    const { m, M, F, rhs } = this;
    const u = new Float64Array(M);
    for (let i = 0; i < M; i++) u[i] = u0[i] + h * t0[i];
    for (let iter = 1; iter <= maxIter; iter++) {
      this.sys.residual(u, F);
      rhs.set(F);
      let g = -h;
      for (let i = 0; i < M; i++) g += t0[i] * (u[i] - u0[i]);
      rhs[m] = g;
      const det = this.border(u, t0);
      if (det === 0 || !Number.isFinite(det)) return null;
      luSolve(this.A, M, this.piv, rhs);
      let dmax = 0,
        umax = 0;
      for (let i = 0; i < M; i++) {
        u[i] -= rhs[i];
        dmax = Math.max(dmax, Math.abs(rhs[i]));
        umax = Math.max(umax, Math.abs(u[i]));
      }
      if (!Number.isFinite(dmax)) return null;
      if (dmax <= this.tol * (1 + umax)) {
        this.sys.residual(u, F);
        let fmax = 0;
        for (let i = 0; i < m; i++) fmax = Math.max(fmax, Math.abs(F[i]));
        if (!Number.isFinite(fmax)) return null;
        return { u, iter };
      }
    }
    return null;
  }
}

function evaluate(tests: TestFunction[], u: Float64Array, t: Float64Array, det: number, s: number): PalcPoint {
  const psi = new Float64Array(tests.length);
  for (let k = 0; k < tests.length; k++) psi[k] = tests[k]({ u, t, det });
  return { u, t, det, psi, s };
}

const crosses = (a: number, b: number): boolean =>
  Number.isFinite(a) && Number.isFinite(b) && a !== 0 && (b === 0 || a < 0 !== b < 0);

/**
 * Follow the curve from a converged point u0 in the direction of `direction` (a vector the first
 * tangent must have a positive component along).
 * @example continueCurve(sys, u0, dir, { tests: [], h0: 0.01, hmin: 1e-8, hmax: 0.1, maxPoints: 500 })
 */
export function continueCurve(sys: PalcSystem, u0: Float64Array, direction: Float64Array, o: PalcOptions): PalcResult {
  const tol = o.tol ?? 1e-11;
  const w = new Palc(sys, tol);
  const first = w.tangent(u0, direction);
  if (!first) return { points: [], events: [], end: 'singular Jacobian at the starting point' };
  let cur = evaluate(o.tests, u0, first.t, first.det, 0);
  const points: PalcPoint[] = [cur];
  const events: PalcEvent[] = [];
  let h = o.h0;
  while (points.length < o.maxPoints) {
    if (o.signal?.aborted) return { points, events, end: 'aborted' };
    const c = w.correct(cur.u, cur.t, h);
    let next: PalcPoint | null = null;
    if (c) {
      const tg = w.tangent(c.u, cur.t);
      // a sharp turn of the tangent means the step jumped (possibly onto another branch)
      if (tg && dot(tg.t, cur.t) > 0.9) next = evaluate(o.tests, c.u, tg.t, tg.det, cur.s + h);
      if (next && c.iter > 5) {
        h = Math.max(o.hmin, h / 2);
      }
    }
    if (!next) {
      h /= 2;
      if (h < o.hmin)
        return { points, events, end: 'step size fell below its minimum (singular point or stiff branch)' };
      continue;
    }
    // sign changes: locate each, insert in arclength order
    const found: { test: number; sigma: number; p: PalcPoint }[] = [];
    for (let k = 0; k < o.tests.length; k++) {
      if (!crosses(cur.psi[k], next.psi[k])) continue;
      const loc = locate(w, o.tests, k, cur, h, next.psi[k]);
      if (loc) found.push({ test: k, ...loc });
    }
    found.sort((a, b) => a.sigma - b.sigma);
    for (const f of found) {
      points.push(f.p);
      events.push({ test: f.test, index: points.length - 1 });
      if (o.terminal?.has(f.test)) return { points, events, end: `terminal:${f.test}` };
    }
    points.push(next);
    cur = next;
    const stop = o.check?.(next);
    if (stop) return { points, events, end: stop };
    if (c && c.iter <= 3) h = Math.min(o.hmax, h * 1.5);
  }
  return { points, events, end: `point limit (${o.maxPoints}) reached` };
}

/** Illinois regula falsi on σ ∈ (0, h) for a zero of test k, each trial point corrected onto the curve. */
function locate(
  w: Palc,
  tests: TestFunction[],
  k: number,
  a: PalcPoint,
  h: number,
  psiB: number,
): { sigma: number; p: PalcPoint } | null {
  let lo = 0,
    hi = h,
    flo = a.psi[k],
    fhi = psiB;
  let side = 0;
  let best: { sigma: number; p: PalcPoint } | null = null;
  for (let it = 0; it < 80; it++) {
    let s = (lo * fhi - hi * flo) / (fhi - flo);
    if (!(s > Math.min(lo, hi) && s < Math.max(lo, hi))) s = (lo + hi) / 2;
    // At a branch point the bordered Jacobian is singular exactly at the root, so a trial that
    // lands (almost) on it can fail: step back toward the bracket's middle and retry.
    let c = w.correct(a.u, a.t, s);
    let tg = c ? w.tangent(c.u, a.t) : null;
    for (let k = 0; k < 6 && !tg; k++) {
      s = s + (((lo + hi) / 2 - s) * (k + 1)) / 8 + 1e-9 * (hi - lo);
      c = w.correct(a.u, a.t, s);
      tg = c ? w.tangent(c.u, a.t) : null;
    }
    if (!c || !tg) return best;
    const p = evaluate(tests, c.u, tg.t, tg.det, a.s + s);
    best = { sigma: s, p };
    const f = p.psi[k];
    if (f === 0 || !Number.isFinite(f)) return best;
    if (f < 0 === flo < 0) {
      lo = s;
      flo = f;
      if (side === -1) fhi /= 2;
      side = -1;
    } else {
      hi = s;
      fhi = f;
      if (side === 1) flo /= 2;
      side = 1;
    }
    if (Math.abs(hi - lo) <= 1e-13 * (1 + maxAbs(a.u))) return best;
  }
  return best;
}

function maxAbs(u: Float64Array): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s = Math.max(s, Math.abs(u[i]));
  return s;
}
