/**
 * Stability of a computed cycle: its Floquet multipliers and the test functions of the period
 * doubling (PD) and torus (NS) bifurcations built from them.
 */
import { eigen } from '../single/eigen.js';
import type { Collocation } from './collocation.js';
import type { Pt } from './cycles-setup.js';
import type { ComplexValue } from './types.js';

/**
 * Floquet multipliers: eigenvalues of the monodromy matrix from the condensed blocks. For a planar
 * model the non-trivial multiplier is instead exp(T ∫₀¹ tr J dτ) (Liouville: det M is that, and the
 * trivial multiplier is 1): the product of interval maps loses it for canard and relaxation cycles,
 * whose multipliers span many orders of magnitude, while the trace integral stays exact to the
 * collocation order.
 */
export function multipliers(
  col: Collocation,
  u: Float64Array,
  params: Float64Array,
): { mult: ComplexValue[]; trivial: number; pd: number; ns: number; lnMu?: number } {
  const n = col.n;
  let mult: ComplexValue[] = [];
  let trivial = 0;
  if (n !== 2) {
    const M = col.monodromy();
    try {
      mult = eigen(M, n).values.map((v) => ({ re: v.re, im: v.im }));
    } catch {
      mult = Array.from({ length: n }, () => ({ re: NaN, im: NaN }));
    }
    for (let i = 1; i < n; i++) {
      if (Math.hypot(mult[i].re - 1, mult[i].im) < Math.hypot(mult[trivial].re - 1, mult[trivial].im)) trivial = i;
    }
  }
  let lnMu: number | undefined;
  if (n === 2) {
    lnMu = u[col.size - 2] * traceIntegral(col, u, params);
    const mu = Math.exp(lnMu);
    mult =
      mu < 1
        ? [
            { re: mu, im: 0 },
            { re: 1, im: 0 },
          ]
        : [
            { re: 1, im: 0 },
            { re: mu, im: 0 },
          ];
    trivial = mu < 1 ? 1 : 0;
  }
  // PD: Π(μ + 1); NS: Π_{i<j}(μ_i μ_j − 1), over the non-trivial multipliers (complex products)
  let pr = 1;
  let pi = 0;
  let nr = 1;
  let ni = 0;
  for (let i = 0; i < n; i++) {
    if (i === trivial) continue;
    const a = mult[i];
    [pr, pi] = [pr * (a.re + 1) - pi * a.im, pr * a.im + pi * (a.re + 1)];
    for (let j = i + 1; j < n; j++) {
      if (j === trivial) continue;
      const b = mult[j];
      const zr = a.re * b.re - a.im * b.im - 1;
      const zi = a.re * b.im + a.im * b.re;
      [nr, ni] = [nr * zr - ni * zi, nr * zi + ni * zr];
    }
  }
  // a planar flow has no negative multiplier, so no period doubling
  return { mult, trivial, pd: n > 2 ? pr : NaN, ns: n > 2 ? nr : NaN, lnMu };
}

/** ∫₀¹ tr J(x(τ)) dτ by the Gauss rule of the collocation points. */
function traceIntegral(col: Collocation, u: Float64Array, params: Float64Array): number {
  const { n, m, tab } = col;
  const pv = Float64Array.from(params);
  pv[col.pIndex] = u[col.size - 1];
  const x = new Float64Array(n);
  const J = new Float64Array(n * n);
  let sum = 0;
  for (let j = 0; j < col.ntst; j++) {
    const h = col.mesh[j + 1] - col.mesh[j];
    for (let i = 0; i < m; i++) {
      x.fill(0);
      for (let k = 0; k <= m; k++) for (let d = 0; d < n; d++) x[d] += tab.L[i * (m + 1) + k] * u[(j * m + k) * n + d];
      col.c.jac(0, x, pv, J);
      let tr = 0;
      for (let d = 0; d < n; d++) tr += J[d * n + d];
      sum += h * tab.gw[i] * tr;
    }
  }
  return sum;
}

export function isStable(p: Pt): boolean {
  return p.mult.every((m, i) => i === p.trivial || Math.hypot(m.re, m.im) < 1);
}
