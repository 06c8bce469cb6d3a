/**
 * Measures of a computed cycle for the branch and its stopping rules: its state, its extremes, its
 * amplitude in the scaled norm, and how its deviation from its mean correlates with another's.
 */
import { lagrangeAt, type Collocation } from './collocation.js';
import { interpolate } from './cycles-mesh.js';
import type { Pt, Setup } from './cycles-setup.js';

export function stateOf(cx: Setup, u: Float64Array): Record<string, number> {
  return Object.fromEntries(cx.c.variables.map((v, d) => [v, u[d]]));
}

/** min and max of each variable over the collocation polynomials (8 samples per interval). */
export function extremes(
  cx: Setup,
  col: Collocation,
  u: Float64Array,
): { min: Record<string, number>; max: Record<string, number> } {
  const { n, m } = col;
  const lo = new Float64Array(n).fill(Infinity);
  const hi = new Float64Array(n).fill(-Infinity);
  const Lk = new Float64Array(m + 1);
  const S = 8;
  for (let j = 0; j < col.ntst; j++) {
    for (let s = 0; s < S; s++) {
      lagrangeAt(m, s / S, Lk);
      for (let d = 0; d < n; d++) {
        let x = 0;
        for (let k = 0; k <= m; k++) x += Lk[k] * u[(j * m + k) * n + d];
        if (x < lo[d]) lo[d] = x;
        if (x > hi[d]) hi[d] = x;
      }
    }
  }
  return {
    min: Object.fromEntries(cx.c.variables.map((v, d) => [v, lo[d]])),
    max: Object.fromEntries(cx.c.variables.map((v, d) => [v, hi[d]])),
  };
}

/** ∫(x − x̄)·(y − ȳ) / (‖x − x̄‖ ‖y − ȳ‖) between two orbits (the same mesh or not), by nodes. */
export function deviationCorrelation(a: Pt, b: Pt): number {
  const bi = b.col === a.col ? b.u : interpolate(b.col, b.u, a.col);
  const { n, nodes, W } = a.col;
  const ma = new Float64Array(n);
  const mb = new Float64Array(n);
  for (let node = 0; node < nodes; node++) {
    for (let d = 0; d < n; d++) {
      ma[d] += W[node] * a.u[node * n + d];
      mb[d] += W[node] * bi[node * n + d];
    }
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let node = 0; node < nodes; node++) {
    for (let d = 0; d < n; d++) {
      const x = a.u[node * n + d] - ma[d];
      const y = bi[node * n + d] - mb[d];
      ab += W[node] * x * y;
      aa += W[node] * x * x;
      bb += W[node] * y * y;
    }
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 1;
}

export function amplitude(cx: Setup, th: Float64Array, p: Pt): number {
  const { min, max } = extremes(cx, p.col, p.u);
  let a = 0;
  cx.c.variables.forEach((v, d) => (a = Math.max(a, (max[v] - min[v]) * Math.sqrt(th[d]))));
  return a;
}
