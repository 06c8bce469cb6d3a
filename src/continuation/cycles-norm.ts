/**
 * The scaled inner product of (x(·), T, p) that measures arclength (a variable by its size, the
 * period by the first period, the parameter by its range), and the rows that border the collocation
 * system: the arclength row and AUTO's integral phase row.
 */
import type { Collocation } from './collocation.js';

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** g = θ-weighted v: the row of the arclength condition ⟨v, u − u0⟩ = ds. */
export function weighted(col: Collocation, th: Float64Array, v: Float64Array, out: Float64Array): Float64Array {
  const n = col.n;
  for (let node = 0; node < col.nodes; node++) {
    for (let d = 0; d < n; d++) out[node * n + d] = col.W[node] * th[d] * v[node * n + d];
  }
  out[col.size - 2] = th[n] * v[col.size - 2];
  out[col.size - 1] = th[n + 1] * v[col.size - 1];
  return out;
}

export function normalise(col: Collocation, th: Float64Array, v: Float64Array): void {
  const w = weighted(col, th, v, new Float64Array(col.size));
  const s = Math.sqrt(dot(w, v));
  for (let i = 0; i < v.length; i++) v[i] /= s;
}

export function scaledMax(col: Collocation, th: Float64Array, v: Float64Array): number {
  const n = col.n;
  let m = 0;
  for (let i = 0; i < col.size; i++) {
    const d = i >= col.size - 2 ? n + (i - (col.size - 2)) : i % n;
    const x = Math.abs(v[i]) * Math.sqrt(th[d]);
    if (!(x <= m)) m = x;
  }
  return m;
}

/** Phase row ψ = W ⊙ ẋ_ref with ẋ_ref = T f(x_ref, p) at the nodes (AUTO's ∫ x·ẋ_ref dτ). */
export function phaseRow(col: Collocation, ref: Float64Array, params: Float64Array): Float64Array {
  const { n, c } = col;
  const psi = new Float64Array(col.size);
  const pv = Float64Array.from(params);
  pv[col.pIndex] = ref[col.size - 1];
  const T = ref[col.size - 2];
  const f = new Float64Array(n);
  for (let node = 0; node < col.nodes; node++) {
    c.rhs(0, ref.subarray(node * n, node * n + n), pv, f);
    for (let d = 0; d < n; d++) psi[node * n + d] = col.W[node] * T * f[d];
  }
  return psi;
}
