/**
 * Normal-form coefficients at codimension-one points, from the model's symbolic second and third
 * derivatives (src/compile/derivatives.ts), as MatCont computes them (Kuznetsov, Elements of
 * Applied Bifurcation Theory, 3rd ed., §3.5 and §8.7):
 *
 *   Hopf:  A q = iω q, Aᵀ p = −iω p, ⟨q, q⟩ = 1, ⟨p, q⟩ = 1 (⟨a, b⟩ = Σ ā_i b_i),
 *          l1 = Re(⟨p, C(q,q,q̄)⟩ − 2⟨p, B(q, A⁻¹B(q,q̄))⟩ + ⟨p, B(q̄, (2iωI − A)⁻¹B(q,q))⟩) / (2ω)
 *   fold:  A v = 0, Aᵀ w = 0, |v| = 1, ⟨w, v⟩ = 1,  a = ½⟨w, B(v,v)⟩  (its zero on a fold curve is a cusp)
 *
 * With ⟨q, q⟩ = 1 the Stuart–Landau system ż = (μ + iω)z + c|z|²z written in x = Re z, y = Im z has
 * l1 = 2 Re(c)/ω (test/continuation/lyapunov.test.ts derives it).
 */
import type { CompiledModel } from '../compile/scalar.js';
import type { ModelDerivatives } from '../compile/derivatives.js';
import { complexSolve, luFactor, luSolve } from './linalg.js';

/** Complex vector as separate real and imaginary parts. */
interface CVec {
  re: Float64Array;
  im: Float64Array;
}

/** Multilinear forms at one point: B(x, y)_i = Σ H_ijk x_j y_k, C(x, y, z)_i = Σ T_ijkl x_j y_k z_l. */
class Forms {
  constructor(
    readonly n: number,
    readonly H: Float64Array,
    readonly T?: Float64Array,
  ) {}
  /** complex bilinear B(x, y) (no conjugation) */
  B(x: CVec, y: CVec): CVec {
    const n = this.n,
      H = this.H;
    const re = new Float64Array(n),
      im = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sr = 0,
        si = 0;
      for (let j = 0; j < n; j++)
        for (let k = 0; k < n; k++) {
          const h = H[(i * n + j) * n + k];
          if (h === 0) continue;
          sr += h * (x.re[j] * y.re[k] - x.im[j] * y.im[k]);
          si += h * (x.re[j] * y.im[k] + x.im[j] * y.re[k]);
        }
      re[i] = sr;
      im[i] = si;
    }
    return { re, im };
  }
  C(x: CVec, y: CVec, z: CVec): CVec {
    const n = this.n,
      T = this.T!;
    const re = new Float64Array(n),
      im = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sr = 0,
        si = 0;
      for (let j = 0; j < n; j++)
        for (let k = 0; k < n; k++) {
          // x_j y_k, then times z_l
          const ar = x.re[j] * y.re[k] - x.im[j] * y.im[k];
          const ai = x.re[j] * y.im[k] + x.im[j] * y.re[k];
          for (let l = 0; l < n; l++) {
            const t = T[((i * n + j) * n + k) * n + l];
            if (t === 0) continue;
            sr += t * (ar * z.re[l] - ai * z.im[l]);
            si += t * (ar * z.im[l] + ai * z.re[l]);
          }
        }
      re[i] = sr;
      im[i] = si;
    }
    return { re, im };
  }
}

/** ⟨a, b⟩ = Σ conj(a_i) b_i */
function inner(a: CVec, b: CVec): { re: number; im: number } {
  let re = 0,
    im = 0;
  for (let i = 0; i < a.re.length; i++) {
    re += a.re[i] * b.re[i] + a.im[i] * b.im[i];
    im += a.re[i] * b.im[i] - a.im[i] * b.re[i];
  }
  return { re, im };
}

const conj = (a: CVec): CVec => ({ re: a.re, im: a.im.map((x) => -x) });

/**
 * Null vector of (A − λI) (A row-major n×n, λ = σ + iω) by a bordered system whose border is a
 * guess (an eigenvector estimate): [[A − λI, b], [cᴴ, 0]] [q; s] = [0; 1]. Exact to rounding even
 * when the guess is rough; null if the bordered matrix is singular (a wrong guess or a double root).
 */
export function nullVector(
  A: ArrayLike<number>,
  n: number,
  lambda: { re: number; im: number },
  guess: CVec,
  transpose = false,
): CVec | null {
  const m = n + 1;
  const Ar = new Float64Array(m * m),
    Ai = new Float64Array(m * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Ar[i * m + j] = transpose ? A[j * n + i] : A[i * n + j];
  for (let i = 0; i < n; i++) {
    Ar[i * m + i] -= lambda.re;
    Ai[i * m + i] -= lambda.im;
    // border column b = guess, border row cᴴ = conj(guess)
    Ar[i * m + n] = guess.re[i];
    Ai[i * m + n] = guess.im[i];
    Ar[n * m + i] = guess.re[i];
    Ai[n * m + i] = -guess.im[i];
  }
  const br = new Float64Array(m),
    bi = new Float64Array(m);
  br[n] = 1;
  const x = complexSolve(Ar, Ai, m, br, bi);
  if (!x) return null;
  return { re: x.re.slice(0, n), im: x.im.slice(0, n) };
}

/** A real starting guess that no eigenvector is orthogonal to, generically. */
function genericGuess(n: number): CVec {
  const re = new Float64Array(n),
    im = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    re[i] = 1 / Math.sqrt(i + 1.37);
    im[i] = 0.31 * Math.sin(1.7 * i + 0.4);
  }
  return { re, im };
}

export interface HopfCoefficients {
  omega: number;
  /** first Lyapunov coefficient (negative: supercritical) */
  l1: number;
  /** q, with ⟨q, q⟩ = 1 */
  q: CVec;
}

/**
 * First Lyapunov coefficient at a Hopf point (x, p) with frequency ω > 0.
 * @example hopfCoefficients(compile(m), derivatives(m), x, p, omega).l1
 */
export function hopfCoefficients(
  c: CompiledModel,
  d: ModelDerivatives,
  x: Float64Array,
  p: Float64Array,
  omega: number,
  guess?: CVec,
): HopfCoefficients | null {
  const n = c.n;
  const A = new Float64Array(n * n);
  c.jac(0, x, p, A);
  let q = nullVector(A, n, { re: 0, im: omega }, guess ?? genericGuess(n));
  let pv = nullVector(A, n, { re: 0, im: -omega }, guess ?? genericGuess(n), true);
  if (!q || !pv) return null;
  const qn = Math.sqrt(inner(q, q).re);
  q = { re: q.re.map((v) => v / qn), im: q.im.map((v) => v / qn) };
  // p ← p / conj(⟨p, q⟩) gives ⟨p, q⟩ = 1
  const s = inner(pv, q);
  const s2 = s.re * s.re + s.im * s.im;
  if (!(s2 > 0)) return null;
  // divide by conj(s) = multiply by s/|s|²
  const pr = pv.re,
    pi = pv.im;
  pv = {
    re: pr.map((_, i) => (pr[i] * s.re - pi[i] * s.im) / s2),
    im: pi.map((_, i) => (pr[i] * s.im + pi[i] * s.re) / s2),
  };
  const H = new Float64Array(n * n * n),
    T = new Float64Array(n * n * n * n);
  d.hessian(0, x, p, H);
  d.third(0, x, p, T);
  const f = new Forms(n, H, T);
  const qb = conj(q);
  // h11 = A⁻¹ B(q, q̄) (real)
  const b11 = f.B(q, qb);
  const LU = Float64Array.from(A),
    piv = new Int32Array(n);
  if (luFactor(LU, n, piv) === 0) return null;
  const h11re = Float64Array.from(b11.re);
  luSolve(LU, n, piv, h11re);
  const h11: CVec = { re: h11re, im: new Float64Array(n) };
  // h20 = (2iωI − A)⁻¹ B(q, q)
  const b20 = f.B(q, q);
  const Mr = new Float64Array(n * n),
    Mi = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) Mr[i] = -A[i];
  for (let i = 0; i < n; i++) Mi[i * n + i] = 2 * omega;
  const h20 = complexSolve(Mr, Mi, n, b20.re, b20.im);
  if (!h20) return null;
  const t1 = inner(pv, f.C(q, q, qb));
  const t2 = inner(pv, f.B(q, h11));
  const t3 = inner(pv, f.B(qb, h20));
  const l1 = (t1.re - 2 * t2.re + t3.re) / (2 * omega);
  return { omega, l1, q };
}

/**
 * The fold's quadratic normal-form coefficient a = ½⟨w, B(v, v)⟩ with ⟨w, v⟩ = 1, and v, w
 * themselves; null away from a fold.
 */
export function foldCoefficient(
  c: CompiledModel,
  d: ModelDerivatives,
  x: Float64Array,
  p: Float64Array,
  vGuess?: Float64Array,
): { a: number; v: Float64Array; w: Float64Array; vw: number } | null {
  const n = c.n;
  const A = new Float64Array(n * n);
  c.jac(0, x, p, A);
  const g: CVec = vGuess ? { re: Float64Array.from(vGuess), im: new Float64Array(n) } : genericGuess(n);
  g.im.fill(0);
  const v = nullVector(A, n, { re: 0, im: 0 }, g);
  const w = nullVector(A, n, { re: 0, im: 0 }, g, true);
  if (!v || !w) return null;
  // MatCont's normalisation: |v| = 1 (a scales with |v|), then ⟨w, v⟩ = 1 below
  const vn = Math.sqrt(v.re.reduce((s, z) => s + z * z, 0));
  for (let i = 0; i < n; i++) v.re[i] /= vn;
  const H = new Float64Array(n * n * n);
  d.hessian(0, x, p, H);
  const Bvv = new Forms(n, H).B(v, v);
  let wv = 0,
    wb = 0,
    vv = 0,
    ww = 0;
  for (let i = 0; i < n; i++) {
    wv += w.re[i] * v.re[i];
    wb += w.re[i] * Bvv.re[i];
    vv += v.re[i] * v.re[i];
    ww += w.re[i] * w.re[i];
  }
  return { a: wb / (2 * wv), v: v.re, w: w.re, vw: wv / Math.sqrt(vv * ww) };
}
