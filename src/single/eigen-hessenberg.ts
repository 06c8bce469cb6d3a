/**
 * The first half of the real Schur route of eigen.ts for n ≥ 3: balancing (Parlett–Reinsch) and
 * Householder reduction to upper Hessenberg form (EISPACK balanc/orthes, as in JAMA), in place on
 * a row-major Float64Array.
 */

/**
 * Balance in place (H ← D⁻¹ H D with D a diagonal of powers of 2, so no rounding), which makes
 * rows and columns of similar norm: the eigenvalues' error is ε‖H‖, and a Jacobian that mixes mV
 * with gating variables spans many orders of magnitude. Returns D.
 */
export function balance(H: Float64Array, n: number): Float64Array {
  const D = new Float64Array(n).fill(1);
  const RADIX = 2,
    sqrdx = RADIX * RADIX;
  let done = false;
  while (!done) {
    done = true;
    for (let i = 0; i < n; i++) {
      let r = 0,
        c = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        c += Math.abs(H[j * n + i]);
        r += Math.abs(H[i * n + j]);
      }
      if (c === 0 || r === 0) continue;
      let g = r / RADIX,
        f = 1;
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
export function hessenberg(H: Float64Array, V: Float64Array, n: number): void {
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
