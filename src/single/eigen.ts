/**
 * Eigenvalues and eigenvectors of small real (non-symmetric) matrices, for fixed-point analysis.
 *
 * Choice: 1×1 and 2×2 matrices use the closed form (accurate to rounding, no iteration: the case
 * of every phase plane). Larger matrices use mathjs `eigs` (already a dependency; in v15 it
 * reduces a real non-symmetric matrix to Schur form and returns complex eigenvalues and complex
 * eigenvectors, checked against numpy on Hodgkin–Huxley Jacobians in test/single/fixed-points.test.ts).
 * Writing a Hessenberg-QR by hand would duplicate it.
 */
import { eigs } from 'mathjs';
import { OptionError } from '../model/errors.js';

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
    if (r.length !== size) throw new OptionError(`eigen: the matrix must be square, got a row of length ${r.length} in a ${size}-row matrix`);
    for (const x of r) if (!Number.isFinite(x)) throw new OptionError(`eigen: the matrix has a non-finite entry (${x})`);
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
  if (size * size !== flat.length) throw new OptionError(`eigen: a row-major matrix of ${flat.length} entries is not ${size}×${size}`);
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
    if (m === 0) values = [{ re: -s, im: 0 }, { re: s, im: 0 }];
    else {
      const big = m + Math.sign(m) * s;
      const small = big !== 0 ? det / big : 0;
      values = [{ re: big, im: 0 }, { re: small, im: 0 }];
    }
  } else {
    const w = Math.sqrt(-disc);
    values = [{ re: m, im: -w }, { re: m, im: w }];
  }
  const scale = Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d), 1e-300);
  const out: Pair[] = values.map((l) => {
    // null vectors of (J - λI) from either row; take the better conditioned one
    const r1: [Complex, Complex] = [{ re: b, im: 0 }, { re: l.re - a, im: l.im }];
    const r2: [Complex, Complex] = [{ re: l.re - d, im: l.im }, { re: c, im: 0 }];
    const n1 = norm(r1), n2 = norm(r2);
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
  const cr = v[k].re / (big * nv), ci = -v[k].im / (big * nv);
  const re = v.map((z) => z.re * cr - z.im * ci);
  const im = v.map((z) => z.re * ci + z.im * cr);
  im[k] = 0;
  return { re, im: im.map((x) => (x === 0 ? 0 : x)) };
}

type MathjsComplex = { re: number; im: number };
const asComplex = (x: number | MathjsComplex): Complex => (typeof x === 'number' ? { re: x, im: 0 } : { re: x.re, im: x.im });

function eigenN(rows: number[][]): Pair[] {
  let res: { values: unknown; eigenvectors?: { value: unknown; vector: unknown }[] };
  try {
    res = eigs(rows, { eigenvectors: true }) as unknown as typeof res;
  } catch {
    // mathjs gives up on some defective matrices when asked for vectors: eigenvalues only then
    res = eigs(rows, { eigenvectors: false }) as unknown as typeof res;
  }
  const scale = Math.max(...rows.flat().map(Math.abs), 1e-300);
  const values = (toArray(res.values) as (number | MathjsComplex)[]).map(asComplex).map((z) => ({
    re: z.re,
    // a real eigenvalue that came back with rounding-level imaginary part
    im: Math.abs(z.im) <= 1e-13 * scale ? 0 : z.im,
  }));
  const vecs = (res.eigenvectors ?? []).map((e) => ({
    value: asComplex(e.value as number | MathjsComplex),
    vector: (toArray(e.vector) as (number | MathjsComplex)[]).map(asComplex),
  }));
  const used = new Set<number>();
  return values.map((value) => {
    // match each eigenvalue to an unused eigenvector of the (numerically) same value
    let best = -1;
    let bestD = Infinity;
    vecs.forEach((e, k) => {
      if (used.has(k)) return;
      const d = Math.hypot(e.value.re - value.re, e.value.im - value.im);
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    });
    if (best < 0 || bestD > 1e-8 * scale) return { value, vector: null };
    used.add(best);
    const vector = normalise(vecs[best].vector);
    // a real eigenvalue has a real eigenvector: drop rounding-level imaginary parts
    if (value.im === 0) return { value, vector: normalise(vector.re.map((re) => ({ re, im: 0 }))) };
    return { value, vector };
  });
}

function toArray(x: unknown): unknown[] {
  if (Array.isArray(x)) return x;
  if (x && typeof (x as { toArray?: unknown }).toArray === 'function') return (x as { toArray(): unknown[] }).toArray();
  throw new Error('internal: unexpected mathjs eigs result');
}
