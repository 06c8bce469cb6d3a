import { describe, it, expect } from 'vitest';
import { eigen } from '../../src/single/eigen.js';

/** ‖A v − λ v‖∞ for a complex eigenpair: an independent check of any eigenvector. */
function residual(A: number[][], l: { re: number; im: number }, v: { re: number[]; im: number[] }): number {
  let r = 0;
  for (let i = 0; i < A.length; i++) {
    let re = 0, im = 0;
    for (let j = 0; j < A.length; j++) {
      re += A[i][j] * v.re[j];
      im += A[i][j] * v.im[j];
    }
    re -= l.re * v.re[i] - l.im * v.im[i];
    im -= l.re * v.im[i] + l.im * v.re[i];
    r = Math.max(r, Math.hypot(re, im));
  }
  return r;
}

/** Match computed eigenvalues to expected ones (each used once); the largest distance. */
function maxDistance(got: { re: number; im: number }[], want: { re: number; im: number }[]): number {
  const left = [...want];
  let worst = 0;
  for (const g of got) {
    let k = 0;
    for (let i = 1; i < left.length; i++) if (Math.hypot(left[i].re - g.re, left[i].im - g.im) < Math.hypot(left[k].re - g.re, left[k].im - g.im)) k = i;
    worst = Math.max(worst, Math.hypot(left[k].re - g.re, left[k].im - g.im));
    left.splice(k, 1);
  }
  return worst;
}

describe('eigen: any real matrix', () => {
  // The Jacobian of a linear ring v_i' = −2 v_i + v_{i+1} + 1 is the circulant −2I + P (P the
  // cyclic shift). Closed form: a circulant's eigenvalues are c(ω^k) for the roots of unity
  // ω^k = exp(2πik/N), here −2 + ω^k. mathjs `eigs` throws "The eigenvalues failed to converge"
  // on these (every eigenvalue of P has modulus 1).
  for (const N of [3, 4, 5, 7, 10, 33, 64, 100]) {
    it(`linear ring of ${N}: eigenvalues −2 + exp(2πik/N), eigenvectors with residual at rounding`, () => {
      const A = Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => (i === j ? -2 : j === (i + 1) % N ? 1 : 0)));
      const { values, vectors } = eigen(A);
      const want = Array.from({ length: N }, (_, k) => ({ re: -2 + Math.cos((2 * Math.PI * k) / N), im: Math.sin((2 * Math.PI * k) / N) }));
      expect(values).toHaveLength(N);
      expect(maxDistance(values, want)).toBeLessThan(1e-13);
      vectors.forEach((v, i) => {
        expect(v).not.toBeNull();
        expect(residual(A, values[i], v!)).toBeLessThan(1e-13);
      });
      // sorted by real part, conjugate pairs adjacent (negative imaginary part first)
      for (let i = 1; i < N; i++) expect(values[i].re - values[i - 1].re).toBeGreaterThanOrEqual(-1e-15);
    });
  }

  it('companion matrix: eigenvalues are the roots of its polynomial (real, complex and repeated)', () => {
    // (x − 1)(x − 2)(x − 3)(x² + 2x + 5)(x + 4)²: roots 1, 2, 3, −1 ± 2i, −4 (twice). The companion
    // matrix of x^n + c_{n−1}x^{n−1} + … + c_0 has last row −c_0 … −c_{n−1}; coefficients by numpy.poly.
    const roots = [{ re: 1, im: 0 }, { re: 2, im: 0 }, { re: 3, im: 0 }, { re: -1, im: 2 }, { re: -1, im: -2 }, { re: -4, im: 0 }, { re: -4, im: 0 }];
    // numpy.poly([1, 2, 3, -1+2j, -1-2j, -4, -4]).real
    const c = [1, 4, -12, -46, -5, 90, 448, -480];
    const n = 7;
    const A = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i < n - 1 ? (j === i + 1 ? 1 : 0) : -c[n - j])));
    const { values } = eigen(A);
    // a double root of a polynomial is only determined to about √ε
    expect(maxDistance(values, roots)).toBeLessThan(1e-6);
    expect(values.filter((l) => l.im !== 0)).toHaveLength(2);
  });

  it('a Jordan block (defective): the eigenvalue three times, one eigenvector, the others null', () => {
    const A = [[2, 1, 0], [0, 2, 1], [0, 0, 2]];
    const { values, vectors } = eigen(A);
    expect(values).toEqual([{ re: 2, im: 0 }, { re: 2, im: 0 }, { re: 2, im: 0 }]);
    expect(vectors.filter((v) => v !== null)).toHaveLength(1);
    expect(vectors[0]).toEqual({ re: [1, 0, 0], im: [0, 0, 0] });
  });

  it('a repeated eigenvalue with independent eigenvectors keeps them all', () => {
    // diag(1, 1, 3) in a rotated basis: Q D Qᵀ with Q a rotation about (1, 1, 1)
    const c = Math.cos(0.7), s = Math.sin(0.7);
    const Q = [[c, -s, 0], [s, c, 0], [0, 0, 1]];
    const D = [1, 1, 3];
    const A = Q.map((_, i) => Q.map((__, j) => Q[i].reduce((acc, q, k) => acc + q * D[k] * Q[j][k], 0)));
    const { values, vectors } = eigen(A);
    expect(maxDistance(values, D.map((re) => ({ re, im: 0 })))).toBeLessThan(1e-14);
    vectors.forEach((v, i) => expect(residual(A, values[i], v!)).toBeLessThan(1e-14));
  });

  it('a badly scaled Jacobian (mV against gating variables) keeps relative accuracy', () => {
    // block upper triangular: eigenvalues are those of the diagonal blocks, −1e-3 and −1e3 ± 1e3·i
    // (closed form of the 2×2 block [[a, b], [−b, a]]), whatever the coupling above the blocks
    const A = [[-1e3, 1e3, 5e4], [-1e3, -1e3, 2e5], [0, 0, -1e-3]];
    const { values, vectors } = eigen(A);
    expect(maxDistance(values.slice(0, 2), [{ re: -1e3, im: 1e3 }, { re: -1e3, im: -1e3 }])).toBeLessThan(1e-9);
    expect(Math.abs(values[2].re + 1e-3)).toBeLessThan(1e-15);
    vectors.forEach((v, i) => expect(residual(A, values[i], v!)).toBeLessThan(1e-9));
  });
});
