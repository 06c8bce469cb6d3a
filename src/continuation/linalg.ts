/**
 * Dense linear algebra for the small systems of continuation (n + 1 up to a few dozen unknowns):
 * LU with partial pivoting that keeps its determinant (the branch-point test function is the sign
 * of the bordered Jacobian's determinant), and complex solves for the Hopf eigenvectors.
 * Row-major Float64Arrays throughout; the caller owns every buffer.
 */

/** LU factorisation in place (row-major m×m). Returns the determinant (0 when singular). */
export function luFactor(A: Float64Array, m: number, piv: Int32Array): number {
  let det = 1;
  for (let k = 0; k < m; k++) {
    let p = k;
    let best = Math.abs(A[k * m + k]);
    for (let i = k + 1; i < m; i++) {
      const a = Math.abs(A[i * m + k]);
      if (a > best) {
        best = a;
        p = i;
      }
    }
    piv[k] = p;
    if (best === 0 || !Number.isFinite(best)) return 0;
    if (p !== k) {
      det = -det;
      for (let j = 0; j < m; j++) {
        const t = A[k * m + j];
        A[k * m + j] = A[p * m + j];
        A[p * m + j] = t;
      }
    }
    const akk = A[k * m + k];
    det *= akk;
    for (let i = k + 1; i < m; i++) {
      const f = (A[i * m + k] /= akk);
      if (f === 0) continue;
      for (let j = k + 1; j < m; j++) A[i * m + j] -= f * A[k * m + j];
    }
  }
  return det;
}

/** Solve with a factorisation from luFactor; b is overwritten with the solution. */
export function luSolve(A: Float64Array, m: number, piv: Int32Array, b: Float64Array): void {
  // the factorisation swapped whole rows (L's columns too), so the permutation goes first
  for (let k = 0; k < m; k++) {
    const p = piv[k];
    if (p !== k) {
      const t = b[k];
      b[k] = b[p];
      b[p] = t;
    }
  }
  for (let k = 0; k < m; k++) for (let i = k + 1; i < m; i++) b[i] -= A[i * m + k] * b[k];
  for (let k = m - 1; k >= 0; k--) {
    let s = b[k];
    for (let j = k + 1; j < m; j++) s -= A[k * m + j] * b[j];
    b[k] = s / A[k * m + k];
  }
}

/**
 * Solve the complex system (Ar + i Ai) x = br + i bi by the real 2m×2m form
 * [[Ar, -Ai], [Ai, Ar]]; returns false when singular. Small m only (Hopf vectors).
 */
export function complexSolve(
  Ar: ArrayLike<number>,
  Ai: ArrayLike<number>,
  m: number,
  br: ArrayLike<number>,
  bi: ArrayLike<number>,
): { re: Float64Array; im: Float64Array } | null {
  const M = 2 * m;
  const A = new Float64Array(M * M);
  const b = new Float64Array(M);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      A[i * M + j] = Ar[i * m + j];
      A[i * M + m + j] = -Ai[i * m + j];
      A[(m + i) * M + j] = Ai[i * m + j];
      A[(m + i) * M + m + j] = Ar[i * m + j];
    }
    b[i] = br[i];
    b[m + i] = bi[i];
  }
  const piv = new Int32Array(M);
  if (luFactor(A, M, piv) === 0) return null;
  luSolve(A, M, piv, b);
  for (let i = 0; i < M; i++) if (!Number.isFinite(b[i])) return null;
  return { re: b.slice(0, m), im: b.slice(m) };
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>, n = a.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

export function norm(a: ArrayLike<number>, n = a.length): number {
  return Math.sqrt(dot(a, a, n));
}
