/**
 * The collocation mesh of a cycle: the time of each node, a mesh re-adapted to equidistribute the
 * collocation error, and an orbit carried from one mesh to another.
 */
import { Collocation, lagrangeAt } from './collocation.js';
import { normalise } from './cycles-norm.js';
import type { Pt, Setup } from './cycles-setup.js';

/** The time τ ∈ [0, 1] of a mesh node (the last node closes the orbit at τ = 1). */
export function nodeTau(col: Collocation, node: number): number {
  if (node === col.nodes - 1) return 1;
  const j = Math.floor(node / col.m);
  return col.nodeTime(j, node - j * col.m);
}

/**
 * A new mesh equidistributing the collocation error estimate: the ncol-th derivative of each
 * interval's polynomial is constant; differences of it between neighbours estimate the
 * (ncol+1)-th, whose (ncol+1)-th root, integrated, is what each interval should share equally
 * (AUTO's ADAPT does the same). The orbit and tangent are interpolated onto the new mesh.
 */
export function adapt(_cx: Setup, th: Float64Array, p: Pt): Pt {
  const { col } = p;
  const { n, m, ntst } = col;
  const dmj = new Float64Array(ntst * n);
  for (let j = 0; j < ntst; j++) {
    const h = col.mesh[j + 1] - col.mesh[j];
    for (let d = 0; d < n; d++) {
      let s = 0;
      for (let k = 0; k <= m; k++) s += col.tab.dm[k] * p.u[(j * m + k) * n + d];
      dmj[j * n + d] = (s / h ** m) * Math.sqrt(th[d]);
    }
  }
  const rho = new Float64Array(ntst);
  let total = 0;
  for (let j = 0; j < ntst; j++) {
    const jp = (j + 1) % ntst;
    const jm = (j + ntst - 1) % ntst;
    const h = col.mesh[j + 1] - col.mesh[j];
    const hp = col.mesh[jp + 1] - col.mesh[jp];
    const hm = col.mesh[jm + 1] - col.mesh[jm];
    let e = 0;
    for (let d = 0; d < n; d++) {
      const a = Math.abs(dmj[jp * n + d] - dmj[j * n + d]) / ((h + hp) / 2);
      const b = Math.abs(dmj[j * n + d] - dmj[jm * n + d]) / ((h + hm) / 2);
      e = Math.max(e, (a + b) / 2);
    }
    rho[j] = e ** (1 / (m + 1));
    total += rho[j] * h;
  }
  if (!(total > 0) || !Number.isFinite(total)) return p;
  // a floor keeps some points where the orbit is slow (and the problem well posed)
  const floor = 0.05 * total;
  total = 0;
  for (let j = 0; j < ntst; j++) {
    rho[j] += floor;
    total += rho[j] * (col.mesh[j + 1] - col.mesh[j]);
  }
  const mesh = new Float64Array(ntst + 1);
  mesh[ntst] = 1;
  let j = 0;
  let acc = 0;
  for (let i = 1; i < ntst; i++) {
    const target = (i / ntst) * total;
    while (j < ntst - 1 && acc + rho[j] * (col.mesh[j + 1] - col.mesh[j]) < target) {
      acc += rho[j] * (col.mesh[j + 1] - col.mesh[j]);
      j++;
    }
    mesh[i] = col.mesh[j] + (target - acc) / rho[j];
  }
  const col2 = new Collocation(col.c, col.pIndex, ntst, m, mesh);
  const u2 = interpolate(col, p.u, col2);
  const t2 = interpolate(col, p.t, col2);
  normalise(col2, th, t2);
  return { ...p, col: col2, u: u2, t: t2 };
}

export function interpolate(col: Collocation, u: Float64Array, col2: Collocation): Float64Array {
  const { n, m } = col;
  const out = new Float64Array(col2.size);
  const Lk = new Float64Array(m + 1);
  let j = 0;
  for (let node = 0; node < col2.nodes; node++) {
    const tau = nodeTau(col2, node);
    while (j < col.ntst - 1 && tau > col.mesh[j + 1]) j++;
    const s = (tau - col.mesh[j]) / (col.mesh[j + 1] - col.mesh[j]);
    lagrangeAt(m, s, Lk);
    for (let d = 0; d < n; d++) {
      let x = 0;
      for (let k = 0; k <= m; k++) x += Lk[k] * u[(j * m + k) * n + d];
      out[node * n + d] = x;
    }
  }
  out[col2.size - 2] = u[col.size - 2];
  out[col2.size - 1] = u[col.size - 1];
  return out;
}
