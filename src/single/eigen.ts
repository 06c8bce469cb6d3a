/**
 * Eigenvalues and eigenvectors of small real (non-symmetric) matrices, for fixed-point analysis.
 *
 * Choice: 1×1 and 2×2 matrices use the closed form (accurate to rounding, no iteration: the case
 * of every phase plane). Larger matrices use a hand-written real Schur decomposition: balancing
 * (Parlett–Reinsch, powers of 2), Householder reduction to Hessenberg form and the Francis
 * double-shift QR iteration with back-substitution for the eigenvectors (EISPACK balanc/orthes/hqr2,
 * as in JAMA), over Float64Array. Hand-written because mathjs `eigs` fails on ordinary Jacobians:
 * it throws "The eigenvalues failed to converge" on circulant matrices such as a linear ring of
 * neurons (eigenvalues on a circle, where its unshifted iteration never separates them) and on
 * matrices with repeated eigenvalues. Here exceptional shifts every 10 iterations break such
 * cycles, and the iteration count is bounded (a typed error, never an endless loop).
 *
 * Modules: eigen-hessenberg.ts (balancing, Hessenberg reduction) and eigen-schur.ts (QR iteration,
 * eigenvectors); this file is the entry: the closed forms, the assembly and normalisation of the
 * eigenvectors, and the handling of defective eigenvalues.
 */
import { OptionError } from '../model/errors.js';
import { balance, hessenberg } from './eigen-hessenberg.js';
import { schurVectors } from './eigen-schur.js';

/** A complex number as plain data. */
export interface Complex {
  re: number;
  im: number;
}

/** An eigenvector with complex components (im all 0 for a real eigenvalue). */
export interface ComplexVector {
  re: number[];
  im: number[];
}

export interface EigenResult {
  /** eigenvalues, sorted by real part then imaginary part (conjugate pairs adjacent, negative im first) */
  values: Complex[];
  /**
   * unit-norm eigenvector of each eigenvalue (largest component real and positive), or null where
   * the matrix is defective and has fewer independent eigenvectors than the eigenvalue's multiplicity
   */
  vectors: (ComplexVector | null)[];
}

/**
 * Eigen-decomposition of a real square matrix (rows as arrays, or row-major with `n`).
 * @example eigen([[0, 1], [-1, -0.2]]).values // [{ re: -0.1, im: -0.99499 }, { re: -0.1, im: 0.99499 }]
 */
export function eigen(matrix: number[][] | ArrayLike<number>, n?: number): EigenResult {
  const rows = toRows(matrix, n);
  const size = rows.length;
  for (const r of rows) {
    if (r.length !== size) {
      throw new OptionError(
        `eigen: the matrix must be square, got a row of length ${r.length} in a ${size}-row matrix`,
      );
    }
    for (const x of r) {
      if (!Number.isFinite(x)) throw new OptionError(`eigen: the matrix has a non-finite entry (${x})`);
    }
  }
  if (size === 0) return { values: [], vectors: [] };
  if (size === 1) return { values: [{ re: rows[0][0], im: 0 }], vectors: [{ re: [1], im: [0] }] };
  const pairs = size === 2 ? eigen2(rows) : eigenN(rows);
  pairs.sort((a, b) => a.value.re - b.value.re || a.value.im - b.value.im);
  return { values: pairs.map((p) => p.value), vectors: pairs.map((p) => p.vector) };
}

function toRows(m: number[][] | ArrayLike<number>, n?: number): number[][] {
  if (Array.isArray(m) && (m.length === 0 || Array.isArray(m[0]))) return (m as number[][]).map((r) => Array.from(r));
  const flat = m as ArrayLike<number>;
  const size = n ?? Math.round(Math.sqrt(flat.length));
  if (size * size !== flat.length) {
    throw new OptionError(`eigen: a row-major matrix of ${flat.length} entries is not ${size}×${size}`);
  }
  return Array.from({ length: size }, (_, i) => Array.from({ length: size }, (_, j) => flat[i * size + j]));
}

interface Pair {
  value: Complex;
  vector: ComplexVector | null;
}

/** Closed form for 2×2, written to avoid cancellation (the small root from det/large root). */
function eigen2([[a, b], [c, d]]: number[][]): Pair[] {
  const m = (a + d) / 2;
  const det = a * d - b * c;
  const h = (a - d) / 2;
  const disc = h * h + b * c; // = m² - det, without the cancellation
  let values: Complex[];
  if (disc >= 0) {
    const s = Math.sqrt(disc);
    if (m === 0)
      values = [
        { re: -s, im: 0 },
        { re: s, im: 0 },
      ];
    else {
      const big = m + Math.sign(m) * s;
      const small = big !== 0 ? det / big : 0;
      values = [
        { re: big, im: 0 },
        { re: small, im: 0 },
      ];
    }
  } else {
    const w = Math.sqrt(-disc);
    values = [
      { re: m, im: -w },
      { re: m, im: w },
    ];
  }
  const scale = Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d), 1e-300);
  const out: Pair[] = values.map((l) => {
    // null vectors of (J - λI) from either row; take the better conditioned one
    const r1: [Complex, Complex] = [
      { re: b, im: 0 },
      { re: l.re - a, im: l.im },
    ];
    const r2: [Complex, Complex] = [
      { re: l.re - d, im: l.im },
      { re: c, im: 0 },
    ];
    const n1 = norm(r1),
      n2 = norm(r2);
    if (Math.max(n1, n2) <= 1e-14 * scale) return { value: l, vector: null };
    return { value: l, vector: normalise(n1 >= n2 ? r1 : r2) };
  });
  // J = λI (both rows vanish): every vector is an eigenvector; give the unit axes
  if (out[0].vector === null && out[1].vector === null && values[0].im === 0) {
    out[0].vector = { re: [1, 0], im: [0, 0] };
    out[1].vector = { re: [0, 1], im: [0, 0] };
  }
  // a repeated real eigenvalue with one eigenvector (defective): report it once
  if (values[0].im === 0 && values[0].re === values[1].re && out[0].vector && out[1].vector) out[1].vector = null;
  return out;
}

const norm = (v: Complex[]): number => Math.sqrt(v.reduce((s, z) => s + z.re * z.re + z.im * z.im, 0));

/** Unit 2-norm, phase rotated so that the largest component is real and positive. */
function normalise(v: Complex[]): ComplexVector {
  const nv = norm(v);
  let k = 0;
  let big = -1;
  v.forEach((z, i) => {
    const m = Math.hypot(z.re, z.im);
    if (m > big + 1e-12 * nv) {
      big = m;
      k = i;
    }
  });
  // multiply by conj(v_k)/|v_k| / ‖v‖
  const cr = v[k].re / (big * nv),
    ci = -v[k].im / (big * nv);
  const re = v.map((z) => z.re * cr - z.im * ci);
  const im = v.map((z) => z.re * ci + z.im * cr);
  im[k] = 0;
  return { re, im: im.map((x) => (x === 0 ? 0 : x)) };
}

/**
 * Real Schur route for n ≥ 3: balance, reduce to Hessenberg form, Francis QR, back-substitute.
 * Eigenvectors of a cluster of (numerically) equal eigenvalues that are not independent (a
 * defective matrix, where the computed vectors come out parallel) are reported once, the rest null.
 */
function eigenN(rows: number[][]): Pair[] {
  const n = rows.length;
  const H = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) H[i * n + j] = rows[i][j];
  const D = balance(H, n);
  const V = new Float64Array(n * n);
  hessenberg(H, V, n);
  const wr = new Float64Array(n),
    wi = new Float64Array(n);
  schurVectors(H, V, wr, wi, n);
  const pairs: Pair[] = [];
  for (let k = 0; k < n; k++) {
    if (wi[k] === 0) {
      const v = Array.from({ length: n }, (_, i) => ({ re: D[i] * V[i * n + k], im: 0 }));
      pairs.push({ value: { re: wr[k], im: 0 }, vector: norm(v) > 0 ? realVector(normalise(v)) : null });
    } else if (wi[k] > 0) {
      // columns k, k+1 hold re and im of the eigenvector of wr + i·wi; its conjugate belongs to wr − i·wi
      const v = Array.from({ length: n }, (_, i) => ({ re: D[i] * V[i * n + k], im: D[i] * V[i * n + k + 1] }));
      const vc = v.map((z) => ({ re: z.re, im: -z.im }));
      pairs.push({ value: { re: wr[k], im: wi[k] }, vector: normalise(v) });
      pairs.push({ value: { re: wr[k], im: -wi[k] }, vector: normalise(vc) });
      k++;
    }
  }
  dropDependent(pairs, Math.max(...rows.flat().map(Math.abs), 1e-300));
  return pairs;
}

const realVector = (v: ComplexVector): ComplexVector => ({ re: v.re, im: v.re.map(() => 0) });

/**
 * A defective eigenvalue (a Jordan block) comes out of the back-substitution as a cluster of
 * eigenvalues within about √ε of each other with (nearly) parallel vectors; keep one vector per
 * independent direction (Gram–Schmidt within the cluster) and null the others.
 */
function dropDependent(pairs: Pair[], scale: number): void {
  const close = 1e-6 * scale;
  const done = new Set<number>();
  for (let a = 0; a < pairs.length; a++) {
    if (done.has(a)) continue;
    const cluster = [a];
    for (let b = a + 1; b < pairs.length; b++) {
      const gap = Math.hypot(pairs[a].value.re - pairs[b].value.re, pairs[a].value.im - pairs[b].value.im);
      if (gap <= close) cluster.push(b);
    }
    cluster.forEach((k) => done.add(k));
    if (cluster.length < 2) continue;
    const basis: Complex[][] = [];
    for (const k of cluster) {
      const vec = pairs[k].vector;
      if (!vec) continue;
      let w: Complex[] = vec.re.map((re, i) => ({ re, im: vec.im[i] }));
      for (const q of basis) {
        // w −= (q^H w) q
        let dr = 0,
          di = 0;
        for (let i = 0; i < w.length; i++) {
          dr += q[i].re * w[i].re + q[i].im * w[i].im;
          di += q[i].re * w[i].im - q[i].im * w[i].re;
        }
        w = w.map((z, i) => ({ re: z.re - (dr * q[i].re - di * q[i].im), im: z.im - (dr * q[i].im + di * q[i].re) }));
      }
      const r = norm(w);
      if (r < 1e-6) pairs[k].vector = null;
      else basis.push(w.map((z) => ({ re: z.re / r, im: z.im / r })));
    }
  }
}
