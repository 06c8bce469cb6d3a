/**
 * Orthogonal collocation of periodic orbits, as AUTO-07p discretises them: time rescaled to
 * τ ∈ [0, 1] (the period T is an unknown, x' = T f(x, p)), `ntst` mesh intervals, on each a
 * polynomial of degree `ncol` through ncol + 1 equally spaced nodes, collocated at the ncol
 * Gauss–Legendre points. Unknowns: the node values (ntst·ncol + 1 nodes), T and the parameter p.
 *
 * The Newton system is almost block diagonal. It is solved as AUTO does in its first stage:
 * on each interval the internal nodes are eliminated (condensation of parameters, Gaussian
 * elimination with row pivoting restricted to the internal columns), which leaves n equations per
 * interval coupling the mesh values at its two ends (plus T and p); the two dense rows (phase
 * condition, pseudo-arclength) are condensed the same way. The reduced system, (ntst + 1)·n + 2
 * unknowns, is then solved by dense LU with partial pivoting: for ntst = 50 and n = 4 that is
 * 206 unknowns instead of 806, about 60 times less work than LU over everything. A banded
 * elimination of that block-bidiagonal-plus-border system that pivots only within the band was
 * tried and rejected: it amounts to shooting across the intervals, and lost 4–5 digits on
 * strongly contracting cycles (Bautin normal form); AUTO's second stage pivots across blocks for
 * that reason. Doing the same here is the next step for speed on large ntst·n.
 *
 * The condensed blocks also give the Floquet multipliers: with T and p fixed, interval j maps
 * its left mesh value to its right one by P_j = −B_j⁻¹A_j, and the monodromy matrix is the
 * product P_{ntst−1}⋯P_0 (AUTO's FLOWKM computes the same product with a more careful QR).
 */
import type { CompiledModel } from '../compile/scalar.js';

export interface CollocationTables {
  m: number;
  /** Gauss–Legendre points and weights on [0, 1] */
  zeta: Float64Array;
  gw: Float64Array;
  /** L_k(ζ_i), row-major m × (m+1) */
  L: Float64Array;
  /** L_k'(ζ_i) (d/dσ on [0, 1]), row-major m × (m+1) */
  D: Float64Array;
  /** ∫₀¹ L_k(σ) dσ: quadrature weights of the nodes */
  omega: Float64Array;
  /** the m-th derivative of L_k (a constant) */
  dm: Float64Array;
}

const tableCache = new Map<number, CollocationTables>();

/** Gauss–Legendre points on [0, 1] by Newton on the Legendre polynomial (any m ≥ 1). */
export function gaussLegendre(m: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(m);
  const w = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (m + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= m; k++) {
        const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      if (m === 1) p0 = 1;
      dp = (m * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[m - 1 - i] = (1 + z) / 2;
    w[m - 1 - i] = 1 / ((1 - z * z) * dp * dp);
  }
  return { x, w };
}

export function collocationTables(m: number): CollocationTables {
  let t = tableCache.get(m);
  if (t) return t;
  const { x: zeta, w: gw } = gaussLegendre(m);
  const sigma = Float64Array.from({ length: m + 1 }, (_, k) => k / m);
  const L = new Float64Array(m * (m + 1));
  const D = new Float64Array(m * (m + 1));
  const dm = new Float64Array(m + 1);
  for (let k = 0; k <= m; k++) {
    let denom = 1;
    for (let l = 0; l <= m; l++) if (l !== k) denom *= sigma[k] - sigma[l];
    let fact = 1;
    for (let r = 2; r <= m; r++) fact *= r;
    dm[k] = fact / denom;
    for (let i = 0; i < m; i++) {
      const s = zeta[i];
      let v = 1;
      for (let l = 0; l <= m; l++) if (l !== k) v *= (s - sigma[l]) / (sigma[k] - sigma[l]);
      L[i * (m + 1) + k] = v;
      let d = 0;
      for (let l = 0; l <= m; l++) {
        if (l === k) continue;
        let prod = 1 / (sigma[k] - sigma[l]);
        for (let r = 0; r <= m; r++) if (r !== k && r !== l) prod *= (s - sigma[r]) / (sigma[k] - sigma[r]);
        d += prod;
      }
      D[i * (m + 1) + k] = d;
    }
  }
  // node weights: ∫ L_k exactly (degree m ≤ 2m − 1, so m Gauss points suffice)
  const omega = new Float64Array(m + 1);
  for (let k = 0; k <= m; k++) for (let i = 0; i < m; i++) omega[k] += gw[i] * L[i * (m + 1) + k];
  t = { m, zeta, gw, L, D, omega, dm };
  tableCache.set(m, t);
  return t;
}

/** Lagrange basis values on the equally spaced nodes at σ ∈ [0, 1]. */
export function lagrangeAt(m: number, s: number, out: Float64Array): void {
  for (let k = 0; k <= m; k++) {
    let v = 1;
    for (let l = 0; l <= m; l++) if (l !== k) v *= (s - l / m) / ((k - l) / m);
    out[k] = v;
  }
}

/**
 * One collocation discretisation (fixed mesh) with its work arrays, allocated once: assembling
 * and solving allocate nothing per Newton step.
 */
export class Collocation {
  readonly n: number;
  readonly m: number;
  readonly ntst: number;
  /** mesh points 0 = τ_0 < … < τ_ntst = 1 */
  readonly mesh: Float64Array;
  readonly tab: CollocationTables;
  /** number of nodes and of unknowns (node values, then T, then p) */
  readonly nodes: number;
  readonly size: number;
  /** quadrature weight of each node over [0, 1] */
  readonly W: Float64Array;
  /** reduced system size (ntst + 1)·n + 2 */
  readonly nr: number;
  private readonly R: number;
  private readonly C: number;
  private readonly K = 2;
  /** per-interval local matrices after condensation: R rows × (C + K) columns */
  private readonly local: Float64Array;
  private readonly red: Float64Array;
  private readonly redRhs: Float64Array;
  private readonly piv: Int32Array;
  private readonly xi: Float64Array;
  private readonly fi: Float64Array;
  private readonly fp: Float64Array;
  private readonly xs: Float64Array;
  private readonly Ji: Float64Array;
  private readonly pv: Float64Array;
  private readonly vwork: Float64Array;
  private readonly brow: Float64Array;

  constructor(
    readonly c: CompiledModel,
    readonly pIndex: number,
    ntst: number,
    m: number,
    mesh?: Float64Array,
  ) {
    const n = (this.n = c.n);
    this.m = m;
    this.ntst = ntst;
    this.mesh = mesh ? Float64Array.from(mesh) : Float64Array.from({ length: ntst + 1 }, (_, j) => j / ntst);
    this.tab = collocationTables(m);
    this.nodes = ntst * m + 1;
    this.size = this.nodes * n + 2;
    this.W = new Float64Array(this.nodes);
    for (let j = 0; j < ntst; j++) {
      const h = this.mesh[j + 1] - this.mesh[j];
      for (let k = 0; k <= m; k++) this.W[j * m + k] += h * this.tab.omega[k];
    }
    this.nr = (ntst + 1) * n + 2;
    this.R = m * n;
    this.C = (m + 1) * n + 2;
    this.local = new Float64Array(ntst * this.R * (this.C + this.K));
    this.red = new Float64Array(this.nr * this.nr);
    this.redRhs = new Float64Array(this.nr * this.K);
    this.piv = new Int32Array(this.nr);
    this.xi = new Float64Array(n);
    this.fi = new Float64Array(n);
    this.fp = new Float64Array(n);
    this.xs = new Float64Array(n);
    this.Ji = new Float64Array(n * n);
    this.pv = new Float64Array(c.parameters.length);
    this.vwork = new Float64Array(this.R);
    this.brow = new Float64Array(this.nr * 2);
  }

  /** τ of node (j, k) */
  nodeTime(j: number, k: number): number {
    return this.mesh[j] + (k / this.m) * (this.mesh[j + 1] - this.mesh[j]);
  }

  /**
   * Newton step (and optionally the tangent) of the bordered system
   *   collocation residuals = 0, x(0) − x(1) = 0, ψ·u = ψ·uRef (phase), g·u = gc (last row).
   * Writes the correction into `du` and, if `tan` is given, the solution of J_aug·t = e_last.
   * `params` is the full parameter vector (its entry pIndex is overwritten with u's p).
   * Returns the max-norm of the residual, or NaN if the reduced system is singular.
   */
  solve(
    u: Float64Array,
    params: Float64Array,
    psi: Float64Array,
    psiRhs: number,
    g: Float64Array,
    gc: number,
    du: Float64Array,
    tan?: Float64Array,
  ): number {
    const { n, m, ntst, R, C, K, tab, c } = this;
    const CK = C + K;
    const Nx = this.nodes * n;
    const T = u[Nx];
    const pval = u[Nx + 1];
    const pv = this.pv;
    pv.set(params);
    pv[this.pIndex] = pval;
    const dp = 1e-7 * (1 + Math.abs(pval));
    let resMax = 0;
    const { xi, fi, fp, xs, Ji, local } = this;
    // assemble and condense each interval
    for (let j = 0; j < ntst; j++) {
      const h = this.mesh[j + 1] - this.mesh[j];
      const base = j * R * CK;
      local.fill(0, base, base + R * CK);
      const x0 = j * m * n;
      for (let i = 0; i < m; i++) {
        xi.fill(0);
        for (let k = 0; k <= m; k++) {
          const l = tab.L[i * (m + 1) + k];
          for (let d = 0; d < n; d++) xi[d] += l * u[x0 + k * n + d];
        }
        c.rhs(0, xi, pv, fi);
        c.jac(0, xi, pv, Ji);
        // ∂f/∂p by central differences: only the Newton matrix and tangent use it, not the residual
        pv[this.pIndex] = pval + dp;
        c.rhs(0, xi, pv, fp);
        pv[this.pIndex] = pval - dp;
        c.rhs(0, xi, pv, xs);
        pv[this.pIndex] = pval;
        for (let cc = 0; cc < n; cc++) {
          const row = base + (i * n + cc) * CK;
          let r = -T * fi[cc];
          for (let k = 0; k <= m; k++) {
            const dk = tab.D[i * (m + 1) + k] / h;
            const lk = tab.L[i * (m + 1) + k];
            r += dk * u[x0 + k * n + cc];
            local[row + k * n + cc] += dk;
            for (let d = 0; d < n; d++) local[row + k * n + d] -= T * Ji[cc * n + d] * lk;
          }
          local[row + C - 2] = -fi[cc];
          local[row + C - 1] = (-T * (fp[cc] - xs[cc])) / (2 * dp);
          local[row + C] = -r;
          local[row + C + 1] = 0;
          if (!(Math.abs(r) <= resMax)) resMax = Number.isFinite(r) ? Math.abs(r) : Infinity;
        }
      }
      // condensation: eliminate the internal columns n … m·n − 1 with row pivoting
      const nint = (m - 1) * n;
      for (let s = 0; s < nint; s++) {
        const col = n + s;
        let pr = s;
        let best = Math.abs(local[base + s * CK + col]);
        for (let r = s + 1; r < R; r++) {
          const v = Math.abs(local[base + r * CK + col]);
          if (v > best) {
            best = v;
            pr = r;
          }
        }
        if (best === 0) return NaN;
        if (pr !== s) {
          for (let q = 0; q < CK; q++) {
            const a = local[base + s * CK + q];
            local[base + s * CK + q] = local[base + pr * CK + q];
            local[base + pr * CK + q] = a;
          }
        }
        const pivot = local[base + s * CK + col];
        for (let r = s + 1; r < R; r++) {
          const f = local[base + r * CK + col] / pivot;
          if (f === 0) continue;
          for (let q = 0; q < CK; q++) local[base + r * CK + q] -= f * local[base + s * CK + q];
        }
      }
    }
    // reduced system
    const nr = this.nr;
    const red = this.red;
    const rr = this.redRhs;
    red.fill(0);
    rr.fill(0);
    const nint = (m - 1) * n;
    const colOf = (j: number, q: number): number => {
      // local column q of interval j → reduced column
      if (q < n) return j * n + q;
      if (q >= m * n && q < (m + 1) * n) return (j + 1) * n + (q - m * n);
      if (q === C - 2) return nr - 2;
      return nr - 1;
    };
    for (let j = 0; j < ntst; j++) {
      const base = j * R * CK;
      for (let r = 0; r < n; r++) {
        const lr = base + (nint + r) * CK;
        const row = (j * n + r) * nr;
        for (let q = 0; q < n; q++) red[row + j * n + q] += local[lr + q];
        for (let q = 0; q < n; q++) red[row + (j + 1) * n + q] += local[lr + m * n + q];
        red[row + nr - 2] += local[lr + C - 2];
        red[row + nr - 1] += local[lr + C - 1];
        rr[(j * n + r) * K] = local[lr + C];
        rr[(j * n + r) * K + 1] = local[lr + C + 1];
      }
    }
    // periodicity x(0) − x(1) = 0
    for (let d = 0; d < n; d++) {
      const row = ntst * n + d;
      red[row * nr + d] = 1;
      red[row * nr + ntst * n + d] = -1;
      const r = u[d] - u[Nx - n + d];
      rr[row * K] = -r;
      if (!(Math.abs(r) <= resMax)) resMax = Number.isFinite(r) ? Math.abs(r) : Infinity;
    }
    // the two dense rows, condensed: internal-node coefficients folded onto the mesh columns
    const brow = this.brow;
    const vw = this.vwork;
    let phaseRes = -psiRhs;
    let lastRes = -gc;
    for (let q = 0; q < this.size; q++) {
      phaseRes += psi[q] * u[q];
      lastRes += g[q] * u[q];
    }
    const bRhs = [-phaseRes, -lastRes, 0, 1];
    for (let b = 0; b < 2; b++) {
      const vec = b === 0 ? psi : g;
      const out = b * nr;
      brow.fill(0, out, out + nr);
      for (let jn = 0; jn <= ntst; jn++) for (let d = 0; d < n; d++) brow[out + jn * n + d] = vec[jn * m * n + d];
      brow[out + nr - 2] = vec[Nx];
      brow[out + nr - 1] = vec[Nx + 1];
      for (let j = 0; j < ntst && nint > 0; j++) {
        const base = j * R * CK;
        // v = U_int⁻ᵀ g_int (forward substitution on the transposed upper triangle)
        let any = false;
        for (let s = 0; s < nint; s++) {
          let acc = vec[(j * m + 1) * n + s];
          for (let r = 0; r < s; r++) acc -= local[base + r * CK + n + s] * vw[r];
          vw[s] = acc / local[base + s * CK + n + s];
          if (vw[s] !== 0) any = true;
        }
        if (!any) continue;
        for (let q = 0; q < C; q++) {
          if (q >= n && q < m * n) continue;
          let acc = 0;
          for (let s = 0; s < nint; s++) acc += vw[s] * local[base + s * CK + q];
          brow[out + colOf(j, q)] -= acc;
        }
        for (let s = 0; s < nint; s++) {
          bRhs[b] -= vw[s] * local[base + s * CK + C];
          bRhs[b + 2] -= vw[s] * local[base + s * CK + C + 1];
        }
      }
      const row = nr - 2 + b;
      for (let q = 0; q < nr; q++) red[row * nr + q] = brow[out + q];
      rr[row * K] = bRhs[b];
      rr[row * K + 1] = bRhs[b + 2];
    }
    if (!(Math.abs(phaseRes) <= resMax)) resMax = Math.abs(phaseRes);
    if (!(Math.abs(lastRes) <= resMax)) resMax = Math.abs(lastRes);
    // tangent right-hand side e_last (the condensation above already carried its zeros)
    if (!luSolve(red, rr, nr, K, this.piv)) return NaN;
    // back-substitute: mesh values and T, p from the reduced solution; internal nodes per interval
    for (let kk = 0; kk < (tan ? 2 : 1); kk++) {
      const out = kk === 0 ? du : tan!;
      for (let jn = 0; jn <= ntst; jn++) for (let d = 0; d < n; d++) out[jn * m * n + d] = rr[(jn * n + d) * K + kk];
      out[Nx] = rr[(nr - 2) * K + kk];
      out[Nx + 1] = rr[(nr - 1) * K + kk];
      for (let j = 0; j < ntst; j++) {
        const base = j * R * CK;
        for (let s = nint - 1; s >= 0; s--) {
          const lr = base + s * CK;
          let acc = local[lr + C + kk];
          for (let q = 0; q < C; q++) {
            if (q >= n && q < m * n) continue;
            const cq = colOf(j, q);
            acc -= local[lr + q] * rr[cq * K + kk];
          }
          for (let s2 = s + 1; s2 < nint; s2++) acc -= local[lr + n + s2] * out[(j * m + 1) * n + s2];
          out[(j * m + 1) * n + s] = acc / local[lr + n + s];
        }
      }
    }
    return resMax;
  }

  /**
   * Monodromy matrix (row-major n × n) from the condensed blocks of the last `solve`:
   * the product of the interval maps −B_j⁻¹A_j.
   */
  monodromy(): Float64Array {
    const { n, m, R, C, K, ntst, local } = this;
    const CK = C + K;
    const nint = (m - 1) * n;
    let M = new Float64Array(n * n);
    for (let d = 0; d < n; d++) M[d * n + d] = 1;
    const A = new Float64Array(n * n);
    const B = new Float64Array(n * n);
    const piv = new Int32Array(n);
    for (let j = 0; j < ntst; j++) {
      const base = j * R * CK;
      for (let r = 0; r < n; r++) {
        const lr = base + (nint + r) * CK;
        for (let q = 0; q < n; q++) {
          A[r * n + q] = local[lr + q];
          B[r * n + q] = local[lr + m * n + q];
        }
      }
      // P = −B⁻¹ A M: solve B X = −A M
      const AM = new Float64Array(n * n);
      for (let r = 0; r < n; r++)
        for (let q = 0; q < n; q++) {
          let acc = 0;
          for (let l = 0; l < n; l++) acc -= A[r * n + l] * M[l * n + q];
          AM[r * n + q] = acc;
        }
      const Bc = Float64Array.from(B);
      luSolve(Bc, AM, n, n, piv);
      M = AM;
    }
    return M;
  }
}

/** In-place LU with partial pivoting of A (row-major n × n), solving for k right-hand sides B (n × k). */
export function luSolve(A: Float64Array, B: Float64Array, n: number, k: number, piv: Int32Array): boolean {
  for (let col = 0; col < n; col++) {
    let pr = col;
    let best = Math.abs(A[col * n + col]);
    for (let r = col + 1; r < n; r++) {
      const v = Math.abs(A[r * n + col]);
      if (v > best) {
        best = v;
        pr = r;
      }
    }
    if (!(best > 0)) return false;
    piv[col] = pr;
    if (pr !== col) {
      for (let q = 0; q < n; q++) {
        const a = A[col * n + q];
        A[col * n + q] = A[pr * n + q];
        A[pr * n + q] = a;
      }
      for (let q = 0; q < k; q++) {
        const a = B[col * k + q];
        B[col * k + q] = B[pr * k + q];
        B[pr * k + q] = a;
      }
    }
    const p = A[col * n + col];
    for (let r = col + 1; r < n; r++) {
      const f = A[r * n + col] / p;
      if (f === 0) continue;
      A[r * n + col] = f;
      for (let q = col + 1; q < n; q++) A[r * n + q] -= f * A[col * n + q];
      for (let q = 0; q < k; q++) B[r * k + q] -= f * B[col * k + q];
    }
  }
  for (let q = 0; q < k; q++) {
    for (let r = n - 1; r >= 0; r--) {
      let acc = B[r * k + q];
      for (let l = r + 1; l < n; l++) acc -= A[r * n + l] * B[l * k + q];
      B[r * k + q] = acc / A[r * n + r];
    }
  }
  return true;
}
