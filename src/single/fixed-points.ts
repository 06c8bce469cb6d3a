/**
 * Fixed points of the full state: damped Newton on f(y) = 0 with the model's symbolic Jacobian,
 * from seeds on a grid (and any extra seeds, e.g. nullcline intersections), deduplicated; each
 * point analysed: Jacobian, eigenvalues and eigenvectors, stability class.
 */
import type { Model } from '../model/model.js';
import type { CompiledModel } from '../compile/scalar.js';
import { OptionError } from '../model/errors.js';
import { initialState, paramVector } from './options.js';
import { eigen, type Complex, type ComplexVector } from './eigen.js';
import { modelInfo, variableIndex } from './plane.js';

export type Stability = 'stable node' | 'unstable node' | 'stable focus' | 'unstable focus' | 'saddle' | 'centre' | 'degenerate';

/** A fixed point and its linearisation (plain data). */
export interface FixedPoint {
  /** the equilibrium state, by variable */
  state: Record<string, number>;
  /** ∂f/∂y at the point, from the symbolic Jacobian: jacobian[i][j] = ∂(dy_i/dt)/∂y_j */
  jacobian: number[][];
  eigenvalues: Complex[];
  /** eigenvectors in the order of `eigenvalues` (null where the Jacobian is defective) */
  eigenvectors: (ComplexVector | null)[];
  stability: Stability;
  /** all eigenvalues have negative real part */
  stable: boolean;
  /** number of eigenvalues with positive real part */
  unstableDimension: number;
  /** max |dy/dt| at the point (how well Newton converged) */
  residual: number;
}

export interface FixedPointOptions {
  /** parameter overrides by name */
  params?: Record<string, number>;
  /**
   * search box per variable, e.g. `{ v: [-2.5, 2], w: [-1, 2] }`: seeds span it and points
   * outside it are dropped. Variables without a range are seeded around their initial value
   * (init ± 2·max(1, |init|)) and not filtered.
   */
  ranges?: Record<string, [number, number]>;
  /** extra Newton seeds: full state vectors or values by name (others from the initial state) */
  seeds?: (Record<string, number> | ArrayLike<number>)[];
  /** values of the unranged variables in the grid seeds (default: their initial values) */
  state?: Record<string, number>;
  /** seeds per ranged axis for one or two ranged variables (default 12); else the seed count is 40·n */
  grid?: number;
  /** time at which a time-dependent model is evaluated (default 0) */
  t?: number;
}

/**
 * All fixed points found in the search box, sorted by the first variable.
 * @example
 * fixedPoints(loadModel('izhikevich').with({ I: 0 }), { ranges: { v: [-90, -30], u: [-20, 0] } })
 * // [{ state: { v: -70, u: -14 }, stability: 'stable node', ... }, { state: { v: -50, u: -10 }, stability: 'saddle', ... }]
 */
export function fixedPoints(model: Model | CompiledModel, options: FixedPointOptions = {}): FixedPoint[] {
  const { c } = modelInfo(model);
  const p = paramVector(c, options.params);
  const t = options.t ?? 0;
  const y0 = initialState(c, p, options.state);
  const n = c.n;
  const lo = new Float64Array(n), hi = new Float64Array(n);
  const ranged: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = 2 * Math.max(1, Math.abs(y0[i]));
    lo[i] = y0[i] - s;
    hi[i] = y0[i] + s;
  }
  for (const [name, r] of Object.entries(options.ranges ?? {})) {
    const i = variableIndex(c, name, 'range');
    if (!Array.isArray(r) || r.length !== 2 || !Number.isFinite(r[0]) || !Number.isFinite(r[1]) || !(r[1] > r[0])) {
      throw new OptionError(`the range of '${name}' must be [min, max] with finite min < max, got ${JSON.stringify(r)}`);
    }
    lo[i] = r[0];
    hi[i] = r[1];
    ranged.push(i);
  }
  const scale = Float64Array.from({ length: n }, (_, i) => hi[i] - lo[i]);
  const seeds: Float64Array[] = [Float64Array.from(y0)];
  const g = options.grid ?? 12;
  if (!(Number.isInteger(g) && g >= 1)) throw new OptionError(`grid must be a positive integer, got ${g}`);
  if (ranged.length >= 1 && ranged.length <= 2) {
    // a grid over the ranged axes, the other variables at their initial values
    const [i, j] = ranged;
    for (let a = 0; a < g; a++) {
      for (let b = 0; b < (j === undefined ? 1 : g); b++) {
        const s = Float64Array.from(y0);
        s[i] = lo[i] + ((a + 0.5) / g) * scale[i];
        if (j !== undefined) s[j] = lo[j] + ((b + 0.5) / g) * scale[j];
        seeds.push(s);
      }
    }
  }
  if (ranged.length !== n || n > 2) {
    // a low-discrepancy (Halton) cloud over the whole box
    const count = 40 * n;
    for (let k = 1; k <= count; k++) seeds.push(Float64Array.from({ length: n }, (_, i) => lo[i] + halton(k, PRIMES[i % PRIMES.length]) * scale[i]));
  }
  for (const s of options.seeds ?? []) seeds.push(initialState(c, p, s));

  const found: Float64Array[] = [];
  const solver = newtonSolver(c, p, t, scale);
  for (const s of seeds) {
    const r = solver(s);
    if (!r) continue;
    if (ranged.some((i) => r[i] < lo[i] - 1e-9 * scale[i] || r[i] > hi[i] + 1e-9 * scale[i])) continue;
    if (found.some((f) => sameState(f, r, scale))) continue;
    found.push(r);
  }
  found.sort((a, b) => a[0] - b[0] || (n > 1 ? a[1] - b[1] : 0));
  return found.map((x) => analyseFixedPoint(c, p, x, t));
}

const PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53];

function halton(k: number, base: number): number {
  let f = 1, r = 0;
  while (k > 0) {
    f /= base;
    r += f * (k % base);
    k = Math.floor(k / base);
  }
  return r;
}

/** Two states closer than 1e-6 of the variables' scales. */
export function sameState(a: ArrayLike<number>, b: ArrayLike<number>, scale: ArrayLike<number>, tol = 1e-6): boolean {
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > tol * scale[i]) return false;
  return true;
}

/**
 * A damped Newton solver for f(y) = 0 (full state), reusing its buffers: returns the root, or
 * null when Newton fails (singular Jacobian, no convergence, divergence).
 * `scale` gives each variable's typical size for the convergence and divergence tests.
 */
export function newtonSolver(c: CompiledModel, p: Float64Array, t = 0, scale?: ArrayLike<number>): (seed: ArrayLike<number>) => Float64Array | null {
  const n = c.n;
  const J = new Float64Array(n * n);
  const f = new Float64Array(n), fTry = new Float64Array(n);
  const dx = new Float64Array(n);
  const x = new Float64Array(n), xTry = new Float64Array(n);
  const sc = scale ? Float64Array.from(scale) : new Float64Array(n).fill(1);
  const jac = c.jac;
  const size = (v: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s = Math.max(s, Math.abs(v[i]));
    return s;
  };
  return (seed) => {
    x.set(seed);
    c.rhs(t, x, p, f);
    let fn = size(f);
    if (!Number.isFinite(fn)) return null;
    for (let it = 0; it < 60; it++) {
      jac(t, x, p, J);
      for (let i = 0; i < n; i++) dx[i] = -f[i];
      if (!solveInPlace(J, dx, n)) return null;
      // backtracking: halve the step until the residual does not grow (at most 12 times)
      let lambda = 1;
      let ok = false;
      for (let k = 0; k < 12; k++) {
        for (let i = 0; i < n; i++) xTry[i] = x[i] + lambda * dx[i];
        c.rhs(t, xTry, p, fTry);
        const ft = size(fTry);
        if (Number.isFinite(ft) && ft <= fn * (1 - 1e-4 * lambda)) {
          ok = true;
          fn = ft;
          break;
        }
        lambda /= 2;
      }
      // converged: the full Newton step is below rounding of the variables' scale
      let small = true;
      for (let i = 0; i < n; i++) if (Math.abs(dx[i]) > 1e-11 * (Math.abs(x[i]) + sc[i])) small = false;
      if (!ok) {
        if (small) return Float64Array.from(x); // the residual is at rounding level already
        return null;
      }
      x.set(xTry);
      f.set(fTry);
      for (let i = 0; i < n; i++) if (!(Math.abs(x[i]) < 1e8 * (sc[i] + 1))) return null;
      if (small) {
        // one more full step polishes the last digits
        jac(t, x, p, J);
        for (let i = 0; i < n; i++) dx[i] = -f[i];
        if (solveInPlace(J, dx, n)) {
          for (let i = 0; i < n; i++) xTry[i] = x[i] + dx[i];
          c.rhs(t, xTry, p, fTry);
          if (size(fTry) <= fn) x.set(xTry);
        }
        return Float64Array.from(x);
      }
    }
    return null;
  };
}

/** Solve A x = b in place (A row-major n×n, destroyed; b becomes x); false if A is singular. */
export function solveInPlace(A: Float64Array, b: Float64Array, n: number): boolean {
  let amax = 0;
  for (let i = 0; i < n * n; i++) amax = Math.max(amax, Math.abs(A[i]));
  if (!(amax > 0) || !Number.isFinite(amax)) return false;
  for (let k = 0; k < n; k++) {
    let piv = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(A[i * n + k]) > Math.abs(A[piv * n + k])) piv = i;
    if (Math.abs(A[piv * n + k]) <= 1e-14 * amax) return false;
    if (piv !== k) {
      for (let j = 0; j < n; j++) {
        const tmp = A[k * n + j];
        A[k * n + j] = A[piv * n + j];
        A[piv * n + j] = tmp;
      }
      const tb = b[k];
      b[k] = b[piv];
      b[piv] = tb;
    }
    for (let i = k + 1; i < n; i++) {
      const m = A[i * n + k] / A[k * n + k];
      if (m === 0) continue;
      for (let j = k; j < n; j++) A[i * n + j] -= m * A[k * n + j];
      b[i] -= m * b[k];
    }
  }
  for (let k = n - 1; k >= 0; k--) {
    let s = b[k];
    for (let j = k + 1; j < n; j++) s -= A[k * n + j] * b[j];
    b[k] = s / A[k * n + k];
  }
  return true;
}

/**
 * Linearise at a state: Jacobian (symbolic, compiled), eigen-decomposition, stability class.
 * @example analyseFixedPoint(compile(model), compile(model).params({ I: 0 }), [-70, -14]).stability // 'stable node'
 */
export function analyseFixedPoint(c: CompiledModel, p: Float64Array, point: ArrayLike<number>, t = 0): FixedPoint {
  const n = c.n;
  const state = Float64Array.from(point);
  const J = new Float64Array(n * n);
  c.jac(t, state, p, J);
  const f = new Float64Array(n);
  c.rhs(t, state, p, f);
  const jacobian = Array.from({ length: n }, (_, i) => Array.from(J.subarray(i * n, (i + 1) * n)));
  const { values, vectors } = eigen(jacobian);
  const { stability, unstableDimension } = classify(values, jacobian);
  return {
    state: Object.fromEntries(c.variables.map((v, i) => [v, state[i]])),
    jacobian,
    eigenvalues: values,
    eigenvectors: vectors,
    stability,
    stable: values.every((l) => l.re < 0) && stability !== 'degenerate' && stability !== 'centre',
    unstableDimension,
    residual: Math.max(...Array.from(f, Math.abs)),
  };
}

/**
 * Stability class from the eigenvalues. Real parts within 1e-10·‖J‖ of zero count as zero: a zero
 * eigenvalue makes the point degenerate; purely imaginary ones (and no others) a centre.
 */
export function classify(values: Complex[], jacobian?: number[][]): { stability: Stability; unstableDimension: number } {
  const scale = Math.max(1e-300, ...(jacobian ? jacobian.flat().map(Math.abs) : values.map((l) => Math.hypot(l.re, l.im))));
  const tol = 1e-10 * scale;
  const zeroRe = values.filter((l) => Math.abs(l.re) <= tol);
  const pos = values.filter((l) => l.re > tol).length;
  const neg = values.filter((l) => l.re < -tol).length;
  const unstableDimension = pos;
  if (zeroRe.some((l) => Math.abs(l.im) <= tol)) return { stability: 'degenerate', unstableDimension };
  if (zeroRe.length > 0) return { stability: pos === 0 && neg === 0 ? 'centre' : 'degenerate', unstableDimension };
  if (pos > 0 && neg > 0) return { stability: 'saddle', unstableDimension };
  const complex = values.some((l) => l.im !== 0);
  const kind = complex ? 'focus' : 'node';
  return { stability: pos > 0 ? `unstable ${kind}` : `stable ${kind}`, unstableDimension };
}
