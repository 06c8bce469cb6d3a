/**
 * The second half of the real Schur route of eigen.ts: Francis double-shift QR on a Hessenberg
 * matrix down to real Schur form, and back-substitution for the eigenvectors (EISPACK hqr2, as in
 * JAMA). Exceptional shifts break the cycles of circulant and permutation matrices, and the
 * iteration count is bounded (a typed error, never an endless loop).
 */
import { SimulationError } from '../model/errors.js';

/** Complex division (xr + i·xi)/(yr + i·yi), Smith's algorithm. */
function cdiv(xr: number, xi: number, yr: number, yi: number): [number, number] {
  if (Math.abs(yr) > Math.abs(yi)) {
    const r = yi / yr,
      d = yr + r * yi;
    return [(xr + r * xi) / d, (xi - r * xr) / d];
  }
  const r = yr / yi,
    d = yi + r * yr;
  return [(r * xr + xi) / d, (r * xi - xr) / d];
}

/**
 * Francis double-shift QR on the Hessenberg H down to real Schur form, then back-substitution for
 * the eigenvectors, transformed back by V (EISPACK hqr2). wr, wi receive the eigenvalues (complex
 * pairs adjacent, positive imaginary part first); V's columns the eigenvectors (a pair's real and
 * imaginary parts in its two columns).
 */
export function schurVectors(H: Float64Array, V: Float64Array, wr: Float64Array, wi: Float64Array, nn: number): void {
  const A = (i: number, j: number): number => H[i * nn + j];
  const eps = 2 ** -52;
  let exshift = 0;
  let p = 0,
    q = 0,
    r = 0,
    s = 0,
    z = 0,
    t: number,
    w: number,
    x: number,
    y: number;
  let hnorm = 0;
  for (let i = 0; i < nn; i++) for (let j = Math.max(i - 1, 0); j < nn; j++) hnorm += Math.abs(A(i, j));
  let n = nn - 1;
  let iter = 0,
    total = 0;
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
        throw new SimulationError(
          `eigen: the QR iteration did not converge in ${maxTotal} steps for a ${nn}×${nn} matrix`,
        );
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
        if (
          Math.abs(A(m, m - 1)) * (Math.abs(q) + Math.abs(r)) <
          eps * (Math.abs(p) * (Math.abs(A(m - 1, m - 1)) + Math.abs(z) + Math.abs(A(m + 1, m + 1))))
        ) {
          break;
        }
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
        let ra = 0,
          sa = 0;
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
            if (vr === 0 && vi === 0) {
              vr = eps * hnorm * (Math.abs(w) + Math.abs(q) + Math.abs(x) + Math.abs(y) + Math.abs(z));
            }
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
