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

/**
 * Stability class of an equilibrium from its eigenvalues (any dimension): a node has real
 * eigenvalues only, a focus a complex pair; a saddle has eigenvalues on both sides of the
 * imaginary axis, all real, a saddle-focus such a split with a complex pair (e.g. Shilnikov's
 * unstable pair with a stable real eigenvalue); 'centre' only purely imaginary ones; 'degenerate'
 * another non-hyperbolic case (a zero eigenvalue, or an imaginary pair with others).
 */
export type Stability =
  | 'stable node'
  | 'unstable node'
  | 'stable focus'
  | 'unstable focus'
  | 'saddle'
  | 'saddle-focus'
  | 'centre'
  | 'degenerate';

/** A saddle or saddle-focus: unstable and stable directions both. */
export const isSaddle = (s: Stability): boolean => s === 'saddle' || s === 'saddle-focus';

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

/** What a fixed-point search covered, and whether it can have missed equilibria. */
export interface FixedPointSearch {
  /**
   * true when the search is exhaustive: the system is affine (one equilibrium, found exactly), or
   * every variable has a bounded range, every equilibrium found is hyperbolic (isolated), and
   * deflated Newton from every seed, with all points found so far deflated, found no further one.
   * For a nonlinear model that is a strong numerical search, not a proof. false with `reason` when
   * the search cannot be exhaustive: a variable without a range (the state space is unbounded),
   * or an equilibrium with a zero eigenvalue (possibly part of a continuum), or a singular linear system.
   */
  complete: boolean;
  /** why the search may be incomplete (one sentence), or null when complete */
  reason: string | null;
  /** the box the seeds covered, by variable (a ranged variable: its range) */
  region: Record<string, [number, number]>;
  /** the variables with no range given (their box was derived from the model) */
  unbounded: string[];
}

/**
 * The fixed points found, sorted by the first variable, with what the search covered: an array
 * with the FixedPointSearch fields as properties (JSON.stringify of an array drops them, so
 * serialise `{ fixedPoints: [...list], complete, reason, region }` as the CLI does).
 */
export type FixedPointList = FixedPoint[] & FixedPointSearch;

/**
 * All fixed points found in the search box, sorted by the first variable; the list also carries
 * `complete`, `reason`, `region` and `unbounded` (see FixedPointSearch).
 *
 * Method: damped Newton from a deterministic seed set (the initial state, a grid over one or two
 * ranged axes, Halton points over the search box and, for variables without a range, over a wide
 * box scaled by the parameters' magnitudes, since equilibria such as Lorenz's z = r − 1 scale
 * with them), then deflated Newton (Farrell, Birkisson & Funke, SIAM J. Sci. Comput. 37 (2015)
 * A2026) from the seeds again with every known root deflated, which steers Newton away from the
 * roots already found towards others. Affine systems are solved directly.
 * @example
 * const fps = fixedPoints(loadModel('izhikevich').with({ I: 0 }), { ranges: { v: [-90, -30], u: [-20, 0] } });
 * // [{ state: { v: -70, u: -14 }, stability: 'stable node', ... },
 * //  { state: { v: -50, u: -10 }, stability: 'saddle', ... }]
 * fps.complete // true
 */
export function fixedPoints(model: Model | CompiledModel, options: FixedPointOptions = {}): FixedPointList {
  const { c } = modelInfo(model);
  const p = paramVector(c, options.params);
  const t = options.t ?? 0;
  const y0 = initialState(c, p, options.state);
  const n = c.n;
  const lo = new Float64Array(n),
    hi = new Float64Array(n);
  const ranged: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = 2 * Math.max(1, Math.abs(y0[i]));
    lo[i] = y0[i] - s;
    hi[i] = y0[i] + s;
  }
  for (const [name, r] of Object.entries(options.ranges ?? {})) {
    const i = variableIndex(c, name, 'range');
    if (!Array.isArray(r) || r.length !== 2 || !Number.isFinite(r[0]) || !Number.isFinite(r[1]) || !(r[1] > r[0])) {
      throw new OptionError(
        `the range of '${name}' must be [min, max] with finite min < max, got ${JSON.stringify(r)}`,
      );
    }
    lo[i] = r[0];
    hi[i] = r[1];
    ranged.push(i);
  }
  const free = c.variables.map((_, i) => i).filter((i) => !ranged.includes(i));
  // the wide box of the unranged variables: ±2·(largest parameter magnitude) around the initial state
  const pmax = Math.max(1, ...Array.from(p).filter(Number.isFinite).map(Math.abs));
  const wlo = Float64Array.from(lo),
    whi = Float64Array.from(hi);
  for (const i of free) {
    wlo[i] = Math.min(lo[i], y0[i] - 2 * pmax);
    whi[i] = Math.max(hi[i], y0[i] + 2 * pmax);
  }
  const region = Object.fromEntries(c.variables.map((v, i) => [v, [wlo[i], whi[i]] as [number, number]]));
  const unbounded = free.map((i) => c.variables[i]);
  const scale = Float64Array.from({ length: n }, (_, i) => hi[i] - lo[i]);
  const inRange = (r: ArrayLike<number>): boolean =>
    ranged.every((i) => r[i] >= lo[i] - 1e-9 * scale[i] && r[i] <= hi[i] + 1e-9 * scale[i]);
  const finish = (found: Float64Array[], complete: boolean, reason: string | null): FixedPointList => {
    found.sort((a, b) => a[0] - b[0] || (n > 1 ? a[1] - b[1] : 0));
    const points = found.map((x) => analyseFixedPoint(c, p, x, t));
    // a zero real eigenvalue: the point may be one of a continuum (or a fold), not isolated
    const bad = points.find((f) => {
      const js = Math.max(1e-300, ...f.jacobian.flat().map(Math.abs));
      return f.eigenvalues.some((l) => l.im === 0 && Math.abs(l.re) <= 1e-10 * js);
    });
    if (complete && bad) {
      complete = false;
      reason =
        `the equilibrium at ${stateText(bad.state)} has a zero eigenvalue: ` +
        `it may lie on a continuum of equilibria, which a point search cannot list`;
    }
    return Object.assign(points, { complete, reason, region, unbounded });
  };
  const g = options.grid ?? 12;
  if (!(Number.isInteger(g) && g >= 1)) throw new OptionError(`grid must be a positive integer, got ${g}`);
  const extra = (options.seeds ?? []).map((s) => initialState(c, p, s));

  // an affine system has one equilibrium (nonsingular Jacobian) or none or a continuum (singular)
  const affine = affineSolve(c, p, t, y0, wlo, whi);
  if (affine) {
    if (affine.singular) {
      return finish(
        [],
        false,
        `the system is linear with a singular Jacobian: ` +
          `its equilibria form a continuum (a line, plane, …) or there are none`,
      );
    }
    return finish(inRange(affine.root) ? [affine.root] : [], true, null);
  }

  const seeds: Float64Array[] = [Float64Array.from(y0), ...extra];
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
  const halo = (a: Float64Array, b: Float64Array, count: number): void => {
    for (let k = 1; k <= count; k++)
      seeds.push(
        Float64Array.from({ length: n }, (_, i) => a[i] + halton(k, PRIMES[i % PRIMES.length]) * (b[i] - a[i])),
      );
  };
  // low-discrepancy (Halton) clouds over the box and, for unranged variables, the wide box
  if (ranged.length !== n || n > 2) halo(lo, hi, 40 * n);
  if (free.length > 0) halo(wlo, whi, 40 * n);

  const all: Float64Array[] = []; // every root, in range or not (all are deflated)
  const add = (r: Float64Array | null): boolean => {
    if (!r || all.some((f) => sameState(f, r, scale))) return false;
    all.push(r);
    return true;
  };
  const solver = newtonSolver(c, p, t, scale);
  for (const s of seeds) add(solver(s));
  const deflated = deflatedSolver(c, p, t, scale, solver);
  // deflation from the initial state, the given seeds and an even share of the others (each new
  // root is deflated at once and the seed tried again); a deflated run that fails costs up to 40
  // Newton steps, so not from every seed
  const first = 1 + extra.length;
  const share = Math.max(1, Math.floor((seeds.length - first) / (8 * n)));
  for (let k = 0; k < seeds.length; k++) {
    if (k >= first && (k - first) % share !== 0) continue;
    for (let m = 0; m < 8 && add(deflated(seeds[k], all)); m++);
  }
  const found = all.filter(inRange);
  if (unbounded.length > 0) {
    const box = unbounded.map((v) => `${v} in [${fmtNum(region[v][0])}, ${fmtNum(region[v][1])}]`).join(', ');
    return finish(
      found,
      false,
      `no range for ${unbounded.join(', ')}: the state space is unbounded and ` +
        `the search covered ${box} (derived from the initial state and the parameters); ` +
        `equilibria outside are not excluded`,
    );
  }
  return finish(found, true, null);
}

const fmtNum = (v: number): string => String(Number(v.toPrecision(4)));
const stateText = (s: Record<string, number>): string =>
  `(${Object.entries(s)
    .map(([k, v]) => `${k} = ${fmtNum(v)}`)
    .join(', ')})`;

/**
 * Affine test: the Jacobian is the same at the initial state and at 8 + 2n Halton points over the
 * search box (wide box for unranged variables), and f is exactly linear between them; then the one
 * equilibrium is y0 − J⁻¹f(y0) (polished by a Newton step), or the Jacobian is singular. null for
 * a nonlinear system. (A piecewise-linear model whose kinks avoid every sample would pass: the
 * samples span the box so that only kinks confined to a sliver of it can.)
 */
function affineSolve(
  c: CompiledModel,
  p: Float64Array,
  t: number,
  y0: Float64Array,
  lo: Float64Array,
  hi: Float64Array,
): { root: Float64Array; singular: boolean } | null {
  const n = c.n;
  const J0 = new Float64Array(n * n),
    J1 = new Float64Array(n * n);
  const f0 = new Float64Array(n),
    f1 = new Float64Array(n);
  c.jac(t, y0, p, J0);
  c.rhs(t, y0, p, f0);
  if (![...J0, ...f0].every(Number.isFinite)) return null;
  const jmax = Math.max(1e-300, ...Array.from(J0, Math.abs));
  const width = Float64Array.from(lo, (l, i) => hi[i] - l);
  const wsum = width.reduce((a, b) => a + b, 0);
  for (let k = 1; k <= 8 + 2 * n; k++) {
    const y = Float64Array.from({ length: n }, (_, i) => lo[i] + halton(k, PRIMES[i % PRIMES.length]) * width[i]);
    c.jac(t, y, p, J1);
    c.rhs(t, y, p, f1);
    for (let k = 0; k < n * n; k++) if (!(Math.abs(J1[k] - J0[k]) <= 1e-12 * jmax)) return null;
    // f(y) = f(y0) + J (y − y0) exactly for an affine map
    for (let i = 0; i < n; i++) {
      let lin = f0[i];
      for (let j = 0; j < n; j++) lin += J0[i * n + j] * (y[j] - y0[j]);
      if (!(Math.abs(f1[i] - lin) <= 1e-10 * (Math.abs(f1[i]) + Math.abs(f0[i]) + jmax * wsum))) return null;
    }
  }
  const A = Float64Array.from(J0);
  const dx = Float64Array.from(f0, (v) => -v);
  if (!solveInPlace(A, dx, n)) return { root: Float64Array.from(y0), singular: true };
  const root = Float64Array.from(y0, (v, i) => v + dx[i]);
  // one more Newton step removes the rounding of the first solve
  c.rhs(t, root, p, f1);
  A.set(J0);
  const d2 = Float64Array.from(f1, (v) => -v);
  if (solveInPlace(A, d2, n)) for (let i = 0; i < n; i++) root[i] += d2[i];
  return { root, singular: false };
}

/**
 * Deflated Newton: Newton on g(x) = M(x) f(x), M(x) = Π_r (‖x − r‖⁻² + 1) over the known roots r
 * (distances in units of the variables' scales), whose roots are those of f except the r. Its
 * step is the Newton step d of f times 1/(1 − ∇log M·d) (Sherman–Morrison), so the same LU solve
 * serves. A point it converges to is polished by plain Newton and returned if it is new.
 */
function deflatedSolver(
  c: CompiledModel,
  p: Float64Array,
  t: number,
  scale: Float64Array,
  polish: (seed: ArrayLike<number>) => Float64Array | null,
): (seed: ArrayLike<number>, known: Float64Array[]) => Float64Array | null {
  const n = c.n;
  const J = new Float64Array(n * n);
  const f = new Float64Array(n),
    fTry = new Float64Array(n);
  const d = new Float64Array(n),
    gl = new Float64Array(n);
  const x = new Float64Array(n),
    xTry = new Float64Array(n);
  const sizeF = (v: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s = Math.max(s, Math.abs(v[i]));
    return s;
  };
  return (seed, known) => {
    /** log M(y) and, into gl, its gradient */
    const logM = (y: Float64Array, grad: boolean): number => {
      let lm = 0;
      if (grad) gl.fill(0);
      for (const r of known) {
        let u2 = 0;
        for (let i = 0; i < n; i++) u2 += ((y[i] - r[i]) / scale[i]) ** 2;
        if (u2 === 0) return Infinity;
        lm += Math.log(1 / u2 + 1);
        if (grad) {
          // ∂/∂y_i log(u⁻² + 1) = −2 u⁻⁴ (y_i − r_i)/s_i² / (u⁻² + 1)
          const k = -2 / (u2 * u2) / (1 / u2 + 1);
          for (let i = 0; i < n; i++) gl[i] += (k * (y[i] - r[i])) / (scale[i] * scale[i]);
        }
      }
      return lm;
    };
    x.set(seed);
    c.rhs(t, x, p, f);
    let merit = Math.log(sizeF(f)) + logM(x, false);
    if (!Number.isFinite(merit)) return null;
    for (let it = 0; it < 40; it++) {
      c.jac(t, x, p, J);
      for (let i = 0; i < n; i++) d[i] = -f[i];
      if (!solveInPlace(J, d, n)) return null;
      let small = true;
      for (let i = 0; i < n; i++) if (Math.abs(d[i]) > 1e-9 * (Math.abs(x[i]) + scale[i])) small = false;
      if (small) {
        const r = polish(x);
        return r && !known.some((k) => sameState(k, r, scale)) ? r : null;
      }
      logM(x, true);
      let gd = 0;
      for (let i = 0; i < n; i++) gd += gl[i] * d[i];
      const tau = 1 / (1 - gd);
      if (!Number.isFinite(tau)) return null;
      // backtracking on log(M‖f‖), the merit of the deflated system
      let lambda = 1;
      let ok = false;
      for (let k = 0; k < 12; k++) {
        for (let i = 0; i < n; i++) xTry[i] = x[i] + lambda * tau * d[i];
        c.rhs(t, xTry, p, fTry);
        const m = Math.log(sizeF(fTry)) + logM(xTry, false);
        if (Number.isFinite(m) && m < merit) {
          ok = true;
          merit = m;
          break;
        }
        lambda /= 2;
      }
      if (!ok) return null;
      x.set(xTry);
      f.set(fTry);
      for (let i = 0; i < n; i++) if (!(Math.abs(x[i]) < 1e8 * (scale[i] + 1))) return null;
    }
    return null;
  };
}

const PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53];

function halton(k: number, base: number): number {
  let f = 1,
    r = 0;
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
export function newtonSolver(
  c: CompiledModel,
  p: Float64Array,
  t = 0,
  scale?: ArrayLike<number>,
): (seed: ArrayLike<number>) => Float64Array | null {
  const n = c.n;
  const J = new Float64Array(n * n);
  const f = new Float64Array(n),
    fTry = new Float64Array(n);
  const dx = new Float64Array(n);
  const x = new Float64Array(n),
    xTry = new Float64Array(n);
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
export function classify(
  values: Complex[],
  jacobian?: number[][],
): { stability: Stability; unstableDimension: number } {
  const scale = Math.max(
    1e-300,
    ...(jacobian ? jacobian.flat().map(Math.abs) : values.map((l) => Math.hypot(l.re, l.im))),
  );
  const tol = 1e-10 * scale;
  const zeroRe = values.filter((l) => Math.abs(l.re) <= tol);
  const pos = values.filter((l) => l.re > tol).length;
  const neg = values.filter((l) => l.re < -tol).length;
  const unstableDimension = pos;
  if (zeroRe.some((l) => Math.abs(l.im) <= tol)) return { stability: 'degenerate', unstableDimension };
  if (zeroRe.length > 0) return { stability: pos === 0 && neg === 0 ? 'centre' : 'degenerate', unstableDimension };
  const complex = values.some((l) => l.im !== 0);
  if (pos > 0 && neg > 0) return { stability: complex ? 'saddle-focus' : 'saddle', unstableDimension };
  const kind = complex ? 'focus' : 'node';
  return { stability: pos > 0 ? `unstable ${kind}` : `stable ${kind}`, unstableDimension };
}
