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
 */
import { OptionError, SimulationError } from '../model/errors.js';

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
  const wr = new Float64Array(n), wi = new Float64Array(n);
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
      if (Math.hypot(pairs[a].value.re - pairs[b].value.re, pairs[a].value.im - pairs[b].value.im) <= close) cluster.push(b);
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
        let dr = 0, di = 0;
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

/**
 * Balance in place (H ← D⁻¹ H D with D a diagonal of powers of 2, so no rounding), which makes
 * rows and columns of similar norm: the eigenvalues' error is ε‖H‖, and a Jacobian that mixes mV
 * with gating variables spans many orders of magnitude. Returns D.
 */
function balance(H: Float64Array, n: number): Float64Array {
  const D = new Float64Array(n).fill(1);
  const RADIX = 2, sqrdx = RADIX * RADIX;
  let done = false;
  while (!done) {
    done = true;
    for (let i = 0; i < n; i++) {
      let r = 0, c = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        c += Math.abs(H[j * n + i]);
        r += Math.abs(H[i * n + j]);
      }
      if (c === 0 || r === 0) continue;
      let g = r / RADIX, f = 1;
      const s = c + r;
      while (c < g) {
        f *= RADIX;
        c *= sqrdx;
      }
      g = r * RADIX;
      while (c > g) {
        f /= RADIX;
        c /= sqrdx;
      }
      if ((c + r) / f < 0.95 * s) {
        done = false;
        g = 1 / f;
        D[i] *= f;
        for (let j = 0; j < n; j++) H[i * n + j] *= g;
        for (let j = 0; j < n; j++) H[j * n + i] *= f;
      }
    }
  }
  return D;
}

/** Householder reduction to upper Hessenberg form (EISPACK orthes), V accumulating the transformations. */
function hessenberg(H: Float64Array, V: Float64Array, n: number): void {
  const ort = new Float64Array(n);
  const high = n - 1;
  for (let m = 1; m <= high - 1; m++) {
    let scale = 0;
    for (let i = m; i <= high; i++) scale += Math.abs(H[i * n + m - 1]);
    if (scale === 0) continue;
    let h = 0;
    for (let i = high; i >= m; i--) {
      ort[i] = H[i * n + m - 1] / scale;
      h += ort[i] * ort[i];
    }
    let g = Math.sqrt(h);
    if (ort[m] > 0) g = -g;
    h -= ort[m] * g;
    ort[m] -= g;
    for (let j = m; j < n; j++) {
      let f = 0;
      for (let i = high; i >= m; i--) f += ort[i] * H[i * n + j];
      f /= h;
      for (let i = m; i <= high; i++) H[i * n + j] -= f * ort[i];
    }
    for (let i = 0; i <= high; i++) {
      let f = 0;
      for (let j = high; j >= m; j--) f += ort[j] * H[i * n + j];
      f /= h;
      for (let j = m; j <= high; j++) H[i * n + j] -= f * ort[j];
    }
    ort[m] *= scale;
    H[m * n + m - 1] = scale * g;
  }
  V.fill(0);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let m = high - 1; m >= 1; m--) {
    if (H[m * n + m - 1] === 0) continue;
    for (let i = m + 1; i <= high; i++) ort[i] = H[i * n + m - 1];
    for (let j = m; j <= high; j++) {
      let g = 0;
      for (let i = m; i <= high; i++) g += ort[i] * V[i * n + j];
      // double division avoids underflow
      g = g / ort[m] / H[m * n + m - 1];
      for (let i = m; i <= high; i++) V[i * n + j] += g * ort[i];
    }
  }
}

/** Complex division (xr + i·xi)/(yr + i·yi), Smith's algorithm. */
function cdiv(xr: number, xi: number, yr: number, yi: number): [number, number] {
  if (Math.abs(yr) > Math.abs(yi)) {
    const r = yi / yr, d = yr + r * yi;
    return [(xr + r * xi) / d, (xi - r * xr) / d];
  }
  const r = yr / yi, d = yi + r * yr;
  return [(r * xr + xi) / d, (r * xi - xr) / d];
}

/**
 * Francis double-shift QR on the Hessenberg H down to real Schur form, then back-substitution for
 * the eigenvectors, transformed back by V (EISPACK hqr2). wr, wi receive the eigenvalues (complex
 * pairs adjacent, positive imaginary part first); V's columns the eigenvectors (a pair's real and
 * imaginary parts in its two columns).
 */
function schurVectors(H: Float64Array, V: Float64Array, wr: Float64Array, wi: Float64Array, nn: number): void {
  const A = (i: number, j: number): number => H[i * nn + j];
  const eps = 2 ** -52;
  let exshift = 0;
  let p = 0, q = 0, r = 0, s = 0, z = 0, t: number, w: number, x: number, y: number;
  let hnorm = 0;
  for (let i = 0; i < nn; i++) for (let j = Math.max(i - 1, 0); j < nn; j++) hnorm += Math.abs(A(i, j));
  let n = nn - 1;
  let iter = 0, total = 0;
  const maxTotal = 60 * nn;
  while (n >= 0) {
    let l = n;
    while (l > 0) {
      s = Math.abs(A(l - 1, l - 1)) + Math.abs(A(l, l));
      if (s === 0) s = hnorm;
      if (Math.abs(A(l, l - 1)) < eps * s) break;
      l--;
    }
    if (l === n) {
      // one root
      H[n * nn + n] += exshift;
      wr[n] = A(n, n);
      wi[n] = 0;
      n--;
      iter = 0;
    } else if (l === n - 1) {
      // two roots
      w = A(n, n - 1) * A(n - 1, n);
      p = (A(n - 1, n - 1) - A(n, n)) / 2;
      q = p * p + w;
      z = Math.sqrt(Math.abs(q));
      H[n * nn + n] += exshift;
      H[(n - 1) * nn + n - 1] += exshift;
      x = A(n, n);
      if (q >= 0) {
        z = p >= 0 ? p + z : p - z;
        wr[n - 1] = x + z;
        wr[n] = z !== 0 ? x - w / z : x + z;
        wi[n - 1] = 0;
        wi[n] = 0;
        x = A(n, n - 1);
        s = Math.abs(x) + Math.abs(z);
        p = x / s;
        q = z / s;
        r = Math.sqrt(p * p + q * q);
        p /= r;
        q /= r;
        for (let j = n - 1; j < nn; j++) {
          z = A(n - 1, j);
          H[(n - 1) * nn + j] = q * z + p * A(n, j);
          H[n * nn + j] = q * A(n, j) - p * z;
        }
        for (let i = 0; i <= n; i++) {
          z = A(i, n - 1);
          H[i * nn + n - 1] = q * z + p * A(i, n);
          H[i * nn + n] = q * A(i, n) - p * z;
        }
        for (let i = 0; i < nn; i++) {
          z = V[i * nn + n - 1];
          V[i * nn + n - 1] = q * z + p * V[i * nn + n];
          V[i * nn + n] = q * V[i * nn + n] - p * z;
        }
      } else {
        wr[n - 1] = x + p;
        wr[n] = x + p;
        wi[n - 1] = z;
        wi[n] = -z;
      }
      n -= 2;
      iter = 0;
    } else {
      if (++total > maxTotal) {
        throw new SimulationError(`eigen: the QR iteration did not converge in ${maxTotal} steps for a ${nn}×${nn} matrix`);
      }
      x = A(n, n);
      y = 0;
      w = 0;
      if (l < n) {
        y = A(n - 1, n - 1);
        w = A(n, n - 1) * A(n - 1, n);
      }
      // exceptional shifts break the cycles of matrices such as permutations (every 10 iterations,
      // alternating Wilkinson's ad hoc shift and MATLAB's)
      if (iter > 0 && iter % 20 === 10) {
        exshift += x;
        for (let i = 0; i <= n; i++) H[i * nn + i] -= x;
        s = Math.abs(A(n, n - 1)) + Math.abs(A(n - 1, n - 2));
        x = y = 0.75 * s;
        w = -0.4375 * s * s;
      }
      if (iter > 0 && iter % 20 === 0) {
        s = (y - x) / 2;
        s = s * s + w;
        if (s > 0) {
          s = Math.sqrt(s);
          if (y < x) s = -s;
          s = x - w / ((y - x) / 2 + s);
          for (let i = 0; i <= n; i++) H[i * nn + i] -= s;
          exshift += s;
          x = y = w = 0.964;
        }
      }
      iter++;
      // two consecutive small sub-diagonal elements
      let m = n - 2;
      while (m >= l) {
        z = A(m, m);
        r = x - z;
        s = y - z;
        p = (r * s - w) / A(m + 1, m) + A(m, m + 1);
        q = A(m + 1, m + 1) - z - r - s;
        r = A(m + 2, m + 1);
        s = Math.abs(p) + Math.abs(q) + Math.abs(r);
        p /= s;
        q /= s;
        r /= s;
        if (m === l) break;
        if (Math.abs(A(m, m - 1)) * (Math.abs(q) + Math.abs(r)) < eps * (Math.abs(p) * (Math.abs(A(m - 1, m - 1)) + Math.abs(z) + Math.abs(A(m + 1, m + 1))))) break;
        m--;
      }
      for (let i = m + 2; i <= n; i++) {
        H[i * nn + i - 2] = 0;
        if (i > m + 2) H[i * nn + i - 3] = 0;
      }
      // double QR step on rows l..n, columns m..n
      for (let k = m; k <= n - 1; k++) {
        const notlast = k !== n - 1;
        if (k !== m) {
          p = A(k, k - 1);
          q = A(k + 1, k - 1);
          r = notlast ? A(k + 2, k - 1) : 0;
          x = Math.abs(p) + Math.abs(q) + Math.abs(r);
          if (x === 0) continue;
          p /= x;
          q /= x;
          r /= x;
        }
        s = Math.sqrt(p * p + q * q + r * r);
        if (p < 0) s = -s;
        if (s !== 0) {
          if (k !== m) H[k * nn + k - 1] = -s * x;
          else if (l !== m) H[k * nn + k - 1] = -A(k, k - 1);
          p += s;
          x = p / s;
          y = q / s;
          z = r / s;
          q /= p;
          r /= p;
          for (let j = k; j < nn; j++) {
            p = A(k, j) + q * A(k + 1, j);
            if (notlast) {
              p += r * A(k + 2, j);
              H[(k + 2) * nn + j] -= p * z;
            }
            H[k * nn + j] -= p * x;
            H[(k + 1) * nn + j] -= p * y;
          }
          for (let i = 0; i <= Math.min(n, k + 3); i++) {
            p = x * A(i, k) + y * A(i, k + 1);
            if (notlast) {
              p += z * A(i, k + 2);
              H[i * nn + k + 2] -= p * r;
            }
            H[i * nn + k] -= p;
            H[i * nn + k + 1] -= p * q;
          }
          for (let i = 0; i < nn; i++) {
            p = x * V[i * nn + k] + y * V[i * nn + k + 1];
            if (notlast) {
              p += z * V[i * nn + k + 2];
              V[i * nn + k + 2] -= p * r;
            }
            V[i * nn + k] -= p;
            V[i * nn + k + 1] -= p * q;
          }
        }
      }
    }
  }
  if (hnorm === 0) return;
  // back-substitute the eigenvectors of the quasi-triangular Schur form
  for (n = nn - 1; n >= 0; n--) {
    p = wr[n];
    q = wi[n];
    if (q === 0) {
      let l = n;
      H[n * nn + n] = 1;
      for (let i = n - 1; i >= 0; i--) {
        w = A(i, i) - p;
        r = 0;
        for (let j = l; j <= n; j++) r += A(i, j) * A(j, n);
        if (wi[i] < 0) {
          z = w;
          s = r;
        } else {
          l = i;
          if (wi[i] === 0) {
            H[i * nn + n] = w !== 0 ? -r / w : -r / (eps * hnorm);
          } else {
            x = A(i, i + 1);
            y = A(i + 1, i);
            q = (wr[i] - p) * (wr[i] - p) + wi[i] * wi[i];
            t = (x * s - z * r) / q;
            H[i * nn + n] = t;
            H[(i + 1) * nn + n] = Math.abs(x) > Math.abs(z) ? (-r - w * t) / x : (-s - y * t) / z;
          }
          t = Math.abs(A(i, n));
          if (eps * t * t > 1) for (let j = i; j <= n; j++) H[j * nn + n] /= t;
        }
      }
    } else if (q < 0) {
      let l = n - 1;
      if (Math.abs(A(n, n - 1)) > Math.abs(A(n - 1, n))) {
        H[(n - 1) * nn + n - 1] = q / A(n, n - 1);
        H[(n - 1) * nn + n] = -(A(n, n) - p) / A(n, n - 1);
      } else {
        const [cr, ci] = cdiv(0, -A(n - 1, n), A(n - 1, n - 1) - p, q);
        H[(n - 1) * nn + n - 1] = cr;
        H[(n - 1) * nn + n] = ci;
      }
      H[n * nn + n - 1] = 0;
      H[n * nn + n] = 1;
      for (let i = n - 2; i >= 0; i--) {
        let ra = 0, sa = 0;
        for (let j = l; j <= n; j++) {
          ra += A(i, j) * A(j, n - 1);
          sa += A(i, j) * A(j, n);
        }
        w = A(i, i) - p;
        if (wi[i] < 0) {
          z = w;
          r = ra;
          s = sa;
        } else {
          l = i;
          if (wi[i] === 0) {
            const [cr, ci] = cdiv(-ra, -sa, w, q);
            H[i * nn + n - 1] = cr;
            H[i * nn + n] = ci;
          } else {
            x = A(i, i + 1);
            y = A(i + 1, i);
            let vr = (wr[i] - p) * (wr[i] - p) + wi[i] * wi[i] - q * q;
            const vi = (wr[i] - p) * 2 * q;
            if (vr === 0 && vi === 0) vr = eps * hnorm * (Math.abs(w) + Math.abs(q) + Math.abs(x) + Math.abs(y) + Math.abs(z));
            const [cr, ci] = cdiv(x * r - z * ra + q * sa, x * s - z * sa - q * ra, vr, vi);
            H[i * nn + n - 1] = cr;
            H[i * nn + n] = ci;
            if (Math.abs(x) > Math.abs(z) + Math.abs(q)) {
              H[(i + 1) * nn + n - 1] = (-ra - w * A(i, n - 1) + q * A(i, n)) / x;
              H[(i + 1) * nn + n] = (-sa - w * A(i, n) - q * A(i, n - 1)) / x;
            } else {
              const [dr, di] = cdiv(-r - y * A(i, n - 1), -s - y * A(i, n), z, q);
              H[(i + 1) * nn + n - 1] = dr;
              H[(i + 1) * nn + n] = di;
            }
          }
          t = Math.max(Math.abs(A(i, n - 1)), Math.abs(A(i, n)));
          if (eps * t * t > 1) {
            for (let j = i; j <= n; j++) {
              H[j * nn + n - 1] /= t;
              H[j * nn + n] /= t;
            }
          }
        }
      }
    }
  }
  // back-transform: eigenvectors of the original (balanced) matrix
  for (let j = nn - 1; j >= 0; j--) {
    for (let i = 0; i < nn; i++) {
      z = 0;
      for (let k = 0; k <= j; k++) z += V[i * nn + k] * H[k * nn + j];
      V[i * nn + j] = z;
    }
  }
}
