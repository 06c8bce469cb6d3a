/**
 * Two-parameter continuation of codimension-one points: fold curves and Hopf curves, each by
 * pseudo-arclength continuation (palc.ts) of a standard extended system (Kuznetsov §10.2):
 *
 *   fold:  f(x, p) = 0,  J v = 0,  ⟨r, v⟩ = 1                      u = (x, v, p₁, p₂)
 *   Hopf:  f(x, p) = 0,  (J² + κ I) v = 0,  ⟨r₁, v⟩ = 1, ⟨r₂, v⟩ = 0   u = (x, v, κ, p₁, p₂), κ = ω²
 *
 * The references r, r₁, r₂ are reset to the current null vectors at every accepted point, so the
 * normalisation never degenerates however far v turns. The Jacobian of the extended system is
 * taken by central differences of its residual: Newton then converges a little slower but to the
 * zero of the exact residual, so the located points keep full precision.
 *
 * Codimension-two points, located like every other special point (Illinois on the test function):
 *   BT (Bogdanov–Takens): κ = 0 on a Hopf curve (ω → 0; the curve continues as a neutral-saddle
 *       curve, where it is cut); on a fold curve ⟨w, v⟩ = 0 (left and right null vectors
 *       orthogonal: the zero eigenvalue is double, with a Jordan block)
 *   CP (cusp): the fold's quadratic coefficient ⟨w, B(v, v)⟩ = 0
 *   GH (generalised Hopf, Bautin): l1 = 0 on a Hopf curve
 */
import type { CompiledModel } from '../compile/scalar.js';
import type { ModelDerivatives } from '../compile/derivatives.js';
import { eigen } from '../single/eigen.js';
import {
  continueCurve,
  type PalcEvent,
  type PalcPoint,
  type PalcResult,
  type PalcSystem,
  type TestFunction,
} from './palc.js';
import { hopfCoefficients, nullVector } from './normal-forms.js';
import { dot, luFactor, luSolve } from './linalg.js';
import type { BranchPoint, ContinuationBranch, ContinuationSpecialPoint, SpecialType } from './types.js';

export interface CurveOptions {
  /** indices of the two parameters */
  k1: number;
  k2: number;
  range1: [number, number];
  range2: [number, number];
  maxPoints: number;
  maxStep: number;
  signal?: AbortSignal;
}

/** Finite-difference Jacobian of a residual (central differences), into a row-major m×(m+1) array. */
function fdJacobian(
  residual: (u: Float64Array, F: Float64Array) => void,
  m: number,
): (u: Float64Array, Jac: Float64Array) => void {
  const Fp = new Float64Array(m),
    Fm = new Float64Array(m);
  return (u, Jac) => {
    const M = m + 1;
    const w = Float64Array.from(u);
    for (let j = 0; j < M; j++) {
      // cube root of machine epsilon balances truncation (δ²) against rounding (ε/δ)
      const h = 6e-6 * (1 + Math.abs(u[j]));
      w[j] = u[j] + h;
      residual(w, Fp);
      w[j] = u[j] - h;
      residual(w, Fm);
      w[j] = u[j];
      for (let i = 0; i < m; i++) Jac[i * M + j] = (Fp[i] - Fm[i]) / (2 * h);
    }
  };
}

interface CurveSpec {
  sys: PalcSystem;
  tests: TestFunction[];
  terminal: Set<number>;
  /** codimension-two type of each test, or null for the range edges */
  types: (SpecialType | null)[];
  /** called at every accepted point (resets the normalisation references) */
  accept(q: PalcPoint): void;
  /** the point as branch data */
  toPoint(q: PalcPoint): BranchPoint;
  /** index of p₁ and p₂ in u */
  i1: number;
  i2: number;
  note(type: SpecialType, q: PalcPoint): string;
  /** a reason to end the curve at this accepted point (the point itself is then dropped) */
  stop?(q: PalcPoint): string | undefined;
}

/** Follow a curve both ways from its start and join the halves. */
function bothWays(
  spec: CurveSpec,
  u0: Float64Array,
  o: CurveOptions,
): { points: PalcPoint[]; events: PalcEvent[]; end: string } {
  const M = spec.sys.m + 1;
  const dir = new Float64Array(M);
  dir[spec.i2] = 1;
  dir[spec.i1] = 0.01;
  const run = (sign: number): PalcResult => {
    const d = dir.map((x) => sign * x);
    const span = Math.max(o.range1[1] - o.range1[0], o.range2[1] - o.range2[0]);
    return continueCurve(spec.sys, u0, d, {
      tests: spec.tests,
      terminal: spec.terminal,
      h0: Math.min(o.maxStep, 0.005 * span),
      hmin: 1e-10 * (1 + span),
      hmax: o.maxStep,
      maxPoints: o.maxPoints,
      signal: o.signal,
      check: (q) => {
        spec.accept(q);
        return spec.stop?.(q);
      },
    });
  };
  const trim = (r: PalcResult): PalcResult => {
    const last = r.points[r.points.length - 1];
    // a located terminal point (BT, range edge) stays, whatever its sign of κ
    if (spec.stop && r.points.length > 1 && !r.end.startsWith('terminal') && spec.stop(last)) r.points.pop();
    return r;
  };
  const fwd = trim(run(1));
  const bwd = trim(run(-1));
  const nb = bwd.points.length;
  const points = [...bwd.points.slice(1).reverse(), ...fwd.points];
  const events = [
    ...bwd.events.map((e) => ({ test: e.test, index: nb - 1 - e.index })),
    ...fwd.events.map((e) => ({ test: e.test, index: e.index + nb - 1 })),
  ];
  const describe = (r: PalcResult): string => {
    const k = r.end.startsWith('terminal:') ? Number(r.end.slice(9)) : -1;
    if (k < 0) return r.end;
    const last = r.points[r.points.length - 1].u;
    return spec.types[k] === 'BT'
      ? `BT point at (${last[spec.i1]}, ${last[spec.i2]})`
      : `left the range at (${last[spec.i1]}, ${last[spec.i2]})`;
  };
  return { points, events, end: `one end: ${describe(bwd)}; other end: ${describe(fwd)}` };
}

function edgeTests(i1: number, i2: number, o: CurveOptions, u0: Float64Array): TestFunction[] {
  // ≥ 0 inside the box; a hair of slack at the start so a start on the boundary counts as inside
  const slack = (q: { u: Float64Array }) => (q.u === u0 ? 1e-300 : 0);
  const level = u0[i2];
  return [
    (q) => Math.min(q.u[i1] - o.range1[0], o.range1[1] - q.u[i1]) + slack(q),
    (q) => Math.min(q.u[i2] - o.range2[0], o.range2[1] - q.u[i2]) + slack(q),
    // crossings of the one-parameter diagram's level p₂ = p₂(start) become exact curve points, so
    // the other fold or Hopf points that the curve passes through are recognised as on it
    (q) => (q.u === u0 ? NaN : q.u[i2] - level),
  ];
}

function assemble(
  c: CompiledModel,
  kind: 'fold-curve' | 'hopf-curve',
  spec: CurveSpec,
  r: { points: PalcPoint[]; events: PalcEvent[]; end: string },
  o: CurveOptions,
): { branch: ContinuationBranch; special: ContinuationSpecialPoint[] } {
  const branch: ContinuationBranch = {
    kind,
    param: c.parameters[o.k1],
    param2: c.parameters[o.k2],
    points: r.points.map((q) => spec.toPoint(q)),
    end: r.end,
  };
  const special: ContinuationSpecialPoint[] = [];
  for (const e of r.events) {
    const type = spec.types[e.test];
    if (!type) continue;
    const q = r.points[e.index];
    const pt = branch.points[e.index];
    special.push({
      type,
      param: q.u[spec.i1],
      param2: q.u[spec.i2],
      state: pt.state,
      note: spec.note(type, q),
      ...(pt.period ? { period: pt.period } : {}),
    });
  }
  return { branch, special };
}

const stateOf = (c: CompiledModel, u: ArrayLike<number>): Record<string, number> =>
  Object.fromEntries(c.variables.map((v, i) => [v, u[i]]));

/**
 * The fold curve through a fold point (x, p) of the one-parameter branch.
 * @example foldCurve(c, d, x, p, { k1, k2, range1: [0, 300], range2: [3, 7], maxPoints: 1000, maxStep: 1 })
 */
export function foldCurve(
  c: CompiledModel,
  d: ModelDerivatives,
  x: Float64Array,
  p: Float64Array,
  o: CurveOptions,
): { branch: ContinuationBranch; special: ContinuationSpecialPoint[] } | null {
  const n = c.n;
  const pv = Float64Array.from(p);
  const J = new Float64Array(n * n);
  c.jac(0, x, pv, J);
  const v0 = nullVector(
    J,
    n,
    { re: 0, im: 0 },
    { re: Float64Array.from({ length: n }, (_, i) => 1 / (i + 1.3)), im: new Float64Array(n) },
  );
  if (!v0) return null;
  const vn = Math.sqrt(dot(v0.re, v0.re));
  const r = v0.re.map((z) => z / vn / vn);
  // the first reference for the left null vector must not be v itself: the bordering ⟨wRef, w⟩ = 1
  // would then hold ⟨w, v⟩ (the BT test) positive at the start
  const w0 = nullVector(
    J,
    n,
    { re: 0, im: 0 },
    { re: Float64Array.from({ length: n }, (_, i) => Math.cos(0.7 + 1.9 * i)), im: new Float64Array(n) },
    true,
  );
  if (!w0) return null;
  let wRef: Float64Array = w0.re.map((z) => z / Math.sqrt(dot(w0.re, w0.re)));
  const i1 = 2 * n,
    i2 = 2 * n + 1;
  const m = 2 * n + 1;
  const F0 = new Float64Array(n),
    Jv = new Float64Array(n * n),
    H = new Float64Array(n * n * n);
  const setP = (u: Float64Array) => {
    pv[o.k1] = u[i1];
    pv[o.k2] = u[i2];
    return pv;
  };
  const residual = (u: Float64Array, F: Float64Array) => {
    const pp = setP(u);
    c.rhs(0, u, pp, F0);
    c.jac(0, u, pp, Jv);
    for (let i = 0; i < n; i++) {
      F[i] = F0[i];
      let s = 0;
      for (let j = 0; j < n; j++) s += Jv[i * n + j] * u[n + j];
      F[n + i] = s;
    }
    let g = -1;
    for (let j = 0; j < n; j++) g += r[j] * u[n + j];
    F[2 * n] = g;
  };
  const sys: PalcSystem = { m, residual, jacobian: fdJacobian(residual, m) };
  // left null vector w, oriented by the previous one; ψ_BT = ⟨w, v⟩/(|w||v|), ψ_CP = ⟨w, B(v,v)⟩/(|w||v|²)
  const left = (u: Float64Array): { w: Float64Array; v: Float64Array } | null => {
    const pp = setP(u);
    c.jac(0, u, pp, Jv);
    const w = nullVector(Jv, n, { re: 0, im: 0 }, { re: wRef, im: new Float64Array(n) }, true);
    return w ? { w: w.re, v: u.subarray(n, 2 * n) } : null;
  };
  const u0 = new Float64Array(m + 1);
  u0.set(x);
  u0.set(
    v0.re.map((z) => z / vn),
    n,
  );
  u0[i1] = p[o.k1];
  u0[i2] = p[o.k2];
  const tests: TestFunction[] = [
    (q) => {
      const l = left(q.u);
      if (!l) return NaN;
      return dot(l.w, l.v) / Math.sqrt(dot(l.w, l.w) * dot(l.v, l.v));
    },
    (q) => {
      const l = left(q.u);
      if (!l) return NaN;
      d.hessian(0, q.u, setP(q.u), H);
      let s = 0;
      for (let i = 0; i < n; i++) {
        let b = 0;
        for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) b += H[(i * n + j) * n + k] * l.v[j] * l.v[k];
        s += l.w[i] * b;
      }
      return s / (Math.sqrt(dot(l.w, l.w)) * dot(l.v, l.v));
    },
    ...edgeTests(i1, i2, o, u0),
  ];
  const spec: CurveSpec = {
    sys,
    tests,
    terminal: new Set([2, 3]),
    types: ['BT', 'CP', null, null, null],
    i1,
    i2,
    accept(q) {
      const v = q.u.subarray(n, 2 * n);
      const vv = dot(v, v);
      for (let j = 0; j < n; j++) r[j] = v[j] / vv;
      const l = left(q.u);
      if (l) {
        const s = Math.sqrt(dot(l.w, l.w));
        wRef = l.w.map((z) => z / s);
      }
    },
    toPoint(q) {
      return {
        param: q.u[i1],
        param2: q.u[i2],
        state: stateOf(c, q.u),
        stable: otherStable(c, q.u, setP(q.u)),
        s: q.s,
      };
    },
    note(type) {
      return type === 'BT'
        ? 'Bogdanov–Takens: double zero eigenvalue (on the fold curve)'
        : 'cusp: the fold coefficient a changes sign';
    },
  };
  return assemble(c, 'fold-curve', spec, bothWays(spec, u0, o), o);
}

/**
 * The Hopf curve through a Hopf point (x, p) with frequency ω.
 * @example hopfCurve(c, d, x, p, omega, { k1, k2, range1: [0, 300], range2: [3, 7], maxPoints: 1000, maxStep: 1 })
 */
export function hopfCurve(
  c: CompiledModel,
  d: ModelDerivatives,
  x: Float64Array,
  p: Float64Array,
  omega: number,
  o: CurveOptions,
): { branch: ContinuationBranch; special: ContinuationSpecialPoint[] } | null {
  const n = c.n;
  const pv = Float64Array.from(p);
  // omega = 0: start at a Bogdanov–Takens point, where the Hopf curve is born (v spans the null
  // space of J; the curve is followed on its κ > 0 side only)
  const h0 = omega > 0 ? hopfCoefficients(c, d, x, pv, omega) : btVector(c, x, pv);
  if (!h0) return null;
  const i1 = 2 * n + 1,
    i2 = 2 * n + 2,
    ik = 2 * n;
  const m = 2 * n + 2;
  const r1 = new Float64Array(n),
    r2 = new Float64Array(n);
  const J = new Float64Array(n * n),
    F0 = new Float64Array(n),
    Jv = new Float64Array(n);
  const setP = (u: Float64Array) => {
    pv[o.k1] = u[i1];
    pv[o.k2] = u[i2];
    return pv;
  };
  // references from v: r₁ = v/|v|², r₂ = the part of Jv orthogonal to v
  const setRefs = (u: Float64Array) => {
    const v = u.subarray(n, 2 * n);
    c.jac(0, u, setP(u), J);
    const vv = dot(v, v);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += J[i * n + j] * v[j];
      Jv[i] = s;
    }
    const a = dot(Jv, v) / vv;
    for (let i = 0; i < n; i++) {
      r1[i] = v[i] / vv;
      r2[i] = Jv[i] - a * v[i];
    }
    const s2 = Math.sqrt(dot(r2, r2));
    for (let i = 0; i < n; i++) r2[i] /= s2;
  };
  const tmp = new Float64Array(n);
  const residual = (u: Float64Array, F: Float64Array) => {
    const pp = setP(u);
    c.rhs(0, u, pp, F0);
    c.jac(0, u, pp, J);
    const v = u.subarray(n, 2 * n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += J[i * n + j] * v[j];
      tmp[i] = s;
    }
    for (let i = 0; i < n; i++) {
      let s = u[ik] * v[i];
      for (let j = 0; j < n; j++) s += J[i * n + j] * tmp[j];
      F[i] = F0[i];
      F[n + i] = s;
    }
    let g1 = -1,
      g2 = 0;
    for (let j = 0; j < n; j++) {
      g1 += r1[j] * v[j];
      g2 += r2[j] * v[j];
    }
    F[2 * n] = g1;
    F[2 * n + 1] = g2;
  };
  const sys: PalcSystem = { m, residual, jacobian: fdJacobian(residual, m) };
  let u0: Float64Array = new Float64Array(m + 1);
  u0.set(x);
  const qn = Math.sqrt(dot(h0.q.re, h0.q.re));
  u0.set(
    h0.q.re.map((z) => z / qn),
    n,
  );
  u0[ik] = omega * omega;
  u0[i1] = p[o.k1];
  u0[i2] = p[o.k2];
  if (omega > 0) setRefs(u0);
  else {
    // At BT, J v = 0, so r₂ cannot come from J v: any direction orthogonal to v fixes v in the
    // plane. The fold curve (κ ≡ 0) also solves this system, so BT is a branch point of it: step
    // off onto the Hopf side by solving with κ held at a small positive value, and start there.
    const v = u0.subarray(n, 2 * n);
    const vv = dot(v, v);
    for (let i = 0; i < n; i++) {
      r1[i] = v[i] / vv;
      r2[i] = Math.cos(0.9 + 1.7 * i);
    }
    const a = dot(r2, v) / vv;
    for (let i = 0; i < n; i++) r2[i] -= a * v[i];
    c.jac(0, x, setP(u0), J);
    let jmax = 0;
    for (let i = 0; i < n * n; i++) jmax = Math.max(jmax, Math.abs(J[i]));
    const off = offBT(residual, m, u0, ik, 1e-8 * jmax * jmax);
    if (!off) return null;
    u0 = off;
    setRefs(u0);
  }
  const l1At = (u: Float64Array): number => {
    if (!(u[ik] > 0)) return NaN;
    const h = hopfCoefficients(c, d, u.subarray(0, n).slice(), Float64Array.from(setP(u)), Math.sqrt(u[ik]));
    return h ? h.l1 : NaN;
  };
  const tests: TestFunction[] = [(q) => q.u[ik], (q) => l1At(q.u), ...edgeTests(i1, i2, o, u0)];
  const spec: CurveSpec = {
    sys,
    tests,
    terminal: new Set([0, 2, 3]),
    types: ['BT', 'GH', null, null, null],
    i1,
    i2,
    accept: (q) => {
      if (q.u[ik] > 0) setRefs(q.u);
    },
    stop: (q) => (q.u[ik] < 0 ? 'the neutral-saddle side of the BT point (κ < 0) is not followed' : undefined),
    toPoint(q) {
      const k = q.u[ik];
      return {
        param: q.u[i1],
        param2: q.u[i2],
        state: stateOf(c, q.u),
        stable: otherStable(c, q.u, setP(q.u)),
        ...(k > 0 ? { period: (2 * Math.PI) / Math.sqrt(k) } : {}),
        s: q.s,
      };
    },
    note(type) {
      return type === 'BT'
        ? 'Bogdanov–Takens: ω → 0 on the Hopf curve'
        : 'generalised Hopf (Bautin): l1 = 0, the Hopf point changes criticality';
    },
  };
  return assemble(c, 'hopf-curve', spec, bothWays(spec, u0, o), o);
}

/** Newton on F(u) = 0 with u[k] held at `value`, from u0 (difference Jacobian); null if it fails. */
function offBT(
  residual: (u: Float64Array, F: Float64Array) => void,
  m: number,
  u0: Float64Array,
  k: number,
  value: number,
): Float64Array | null {
  const M = m + 1;
  const jac = fdJacobian(residual, m);
  const Jac = new Float64Array(m * M),
    A = new Float64Array(M * M),
    b = new Float64Array(M),
    piv = new Int32Array(M);
  const u = Float64Array.from(u0);
  u[k] = value;
  for (let it = 0; it < 20; it++) {
    residual(u, b);
    b[m] = 0;
    jac(u, Jac);
    A.set(Jac);
    A.fill(0, m * M);
    A[m * M + k] = 1;
    if (luFactor(A, M, piv) === 0) return null;
    luSolve(A, M, piv, b);
    let dmax = 0,
      umax = 0;
    for (let i = 0; i < M; i++) {
      u[i] -= b[i];
      dmax = Math.max(dmax, Math.abs(b[i]));
      umax = Math.max(umax, Math.abs(u[i]));
    }
    if (!Number.isFinite(dmax)) return null;
    if (dmax <= 1e-12 * (1 + umax)) return u;
  }
  return null;
}

/** The right null vector at a BT point, as the `q` a Hopf-curve start needs. */
function btVector(
  c: CompiledModel,
  x: Float64Array,
  p: Float64Array,
): { q: { re: Float64Array; im: Float64Array } } | null {
  const n = c.n;
  const J = new Float64Array(n * n);
  c.jac(0, x, p, J);
  const v = nullVector(
    J,
    n,
    { re: 0, im: 0 },
    { re: Float64Array.from({ length: n }, (_, i) => 1 / (i + 1.3)), im: new Float64Array(n) },
  );
  return v ? { q: { re: v.re, im: new Float64Array(n) } } : null;
}

/** On a codimension-one curve: are the eigenvalues off the imaginary axis all stable? */
function otherStable(c: CompiledModel, u: Float64Array, p: Float64Array): boolean {
  const n = c.n;
  const J = new Float64Array(n * n);
  c.jac(0, u, p, J);
  const ev = eigen(J, n).values;
  let scale = 0;
  for (const z of ev) scale = Math.max(scale, Math.hypot(z.re, z.im));
  return ev.every((z) => z.re < 1e-7 * (scale + 1e-300));
}
