/**
 * Connectivity rules → CSR by presynaptic cell (rowPtr, col), columns ascending within a row
 * (sequential post accesses during propagation). Weights are filled afterwards, in CSR order.
 */
import { NetworkError } from '../ir/errors.js';
import type { Rng } from './rng.js';
import type { ConnectSpec } from './spec.js';
import type { ValueContext } from './values.js';

export interface Csr {
  rowPtr: Int32Array;
  /** null: dense (row i holds every post cell in order) */
  col: Int32Array | null;
  nnz: number;
  /** explicit weights from `pairs` / `matrix`, in CSR order */
  weights?: Float32Array;
}

/** Number of synapses a rule will make (expected value plus 6 sd for Bernoulli), for the memory estimate. */
export function expectedSynapses(rule: ConnectSpec, nPre: number, nPost: number): number {
  if (rule === 'all') return nPre * nPost;
  if ('p' in rule) {
    const m = nPre * nPost * rule.p;
    return Math.ceil(m + 6 * Math.sqrt(m * (1 - rule.p)) + 1);
  }
  if ('indegree' in rule) return rule.indegree * nPost;
  if ('outdegree' in rule) return rule.outdegree * nPre;
  if ('pairs' in rule) return rule.pairs.length;
  return nPre * nPost;
}

/** Whether a rule stores its synapses dense (no column indices). */
export const isDense = (rule: ConnectSpec): boolean => rule === 'all';

/** Build the CSR for `rule`; `same` = pre and post are the same population (autapses matter). */
export function buildCsr(
  rule: ConnectSpec,
  nPre: number,
  nPost: number,
  same: boolean,
  rng: Rng,
  ctx: ValueContext,
): Csr {
  if (rule === 'all') {
    const rowPtr = new Int32Array(nPre + 1);
    if (nPre * nPost > 2 ** 31 - 1)
      throw new NetworkError(`all-to-all ${nPre} x ${nPost} exceeds 2^31 synapses in one projection`, ctx);
    for (let i = 0; i <= nPre; i++) rowPtr[i] = i * nPost;
    return { rowPtr, col: null, nnz: nPre * nPost };
  }
  if (!rule || typeof rule !== 'object')
    throw new NetworkError(
      `unknown connectivity ${JSON.stringify(rule)} ` +
        `(use "all", { p }, { indegree }, { outdegree }, { pairs } or { matrix, rows })`,
      ctx,
    );
  const autapses = !same || (rule as { autapses?: boolean }).autapses !== false;
  if ('p' in rule) return bernoulli(rule.p, nPre, nPost, autapses, rng, ctx);
  if ('indegree' in rule) return fixedIndegree(rule.indegree, nPre, nPost, autapses, rng, ctx);
  if ('outdegree' in rule) return fixedOutdegree(rule.outdegree, nPre, nPost, autapses, rng, ctx);
  if ('pairs' in rule) return pairs(rule.pairs, nPre, nPost, ctx);
  if ('matrix' in rule) return matrix(rule.matrix, rule.rows, nPre, nPost, ctx);
  const keys = Object.keys(rule as object);
  throw new NetworkError(
    `unknown connectivity rule with keys ${keys.join(', ')} ` +
      `(use "all", { p }, { indegree }, { outdegree }, { pairs } or { matrix, rows })`,
    ctx,
  );
}

function checkCount(k: number, what: string, pool: number, ctx: ValueContext): void {
  if (!Number.isInteger(k) || k < 0) throw new NetworkError(`${what} must be a whole number >= 0, got ${k}`, ctx);
  if (k > pool) throw new NetworkError(`${what} ${k} exceeds the ${pool} distinct partners available`, ctx);
}

/** Each ordered pair with probability p: geometric gaps along each row (exact, cost ∝ synapses). */
function bernoulli(p: number, nPre: number, nPost: number, autapses: boolean, rng: Rng, ctx: ValueContext): Csr {
  if (!(p >= 0 && p <= 1)) throw new NetworkError(`connection probability p must be in [0, 1], got ${p}`, ctx);
  const rowPtr = new Int32Array(nPre + 1);
  let cap = Math.max(16, expectedSynapses({ p }, nPre, nPost));
  let col = new Int32Array(cap);
  let nnz = 0;
  const lq = p < 1 ? Math.log1p(-p) : 0;
  for (let i = 0; i < nPre; i++) {
    if (p > 0) {
      let j = -1;
      for (;;) {
        j += p >= 1 ? 1 : Math.floor(Math.log(rng.uniformPos()) / lq) + 1;
        if (j >= nPost) break;
        if (!autapses && j === i) continue;
        if (nnz === cap) {
          cap *= 2;
          const bigger = new Int32Array(cap);
          bigger.set(col);
          col = bigger;
        }
        col[nnz++] = j;
      }
    }
    rowPtr[i + 1] = nnz;
  }
  return { rowPtr, col: col.slice(0, nnz), nnz };
}

/**
 * k distinct values in [0, pool) skipping `skip` (or -1), by Floyd's algorithm (exactly k draws).
 * `mark`/`stamp` make membership tests O(1) without clearing.
 */
function floyd(
  k: number,
  pool: number,
  skip: number,
  rng: Rng,
  out: Int32Array,
  at: number,
  mark: Int32Array,
  stamp: number,
): void {
  const m = skip >= 0 ? pool - 1 : pool;
  let c = 0;
  for (let j = m - k; j < m; j++) {
    let x = rng.int(j + 1);
    if (mark[x] === stamp) x = j;
    mark[x] = stamp;
    out[at + c++] = skip >= 0 && x >= skip ? x + 1 : x;
  }
}

function fixedIndegree(k: number, nPre: number, nPost: number, autapses: boolean, rng: Rng, ctx: ValueContext): Csr {
  checkCount(k, 'indegree', autapses ? nPre : nPre - 1, ctx);
  const nnz = k * nPost;
  const pre = new Int32Array(nnz);
  const mark = new Int32Array(nPre).fill(-1);
  for (let j = 0; j < nPost; j++) floyd(k, nPre, autapses ? -1 : j, rng, pre, j * k, mark, j);
  // counting sort by pre; iterating post cells in order keeps each row's columns ascending
  const rowPtr = new Int32Array(nPre + 1);
  for (let s = 0; s < nnz; s++) rowPtr[pre[s] + 1]++;
  for (let i = 0; i < nPre; i++) rowPtr[i + 1] += rowPtr[i];
  const fill = rowPtr.slice(0, nPre);
  const col = new Int32Array(nnz);
  for (let j = 0; j < nPost; j++) for (let c = 0; c < k; c++) col[fill[pre[j * k + c]]++] = j;
  return { rowPtr, col, nnz };
}

function fixedOutdegree(k: number, nPre: number, nPost: number, autapses: boolean, rng: Rng, ctx: ValueContext): Csr {
  checkCount(k, 'outdegree', autapses ? nPost : nPost - 1, ctx);
  const nnz = k * nPre;
  const col = new Int32Array(nnz);
  const mark = new Int32Array(nPost).fill(-1);
  const rowPtr = new Int32Array(nPre + 1);
  for (let i = 0; i < nPre; i++) {
    floyd(k, nPost, autapses ? -1 : i, rng, col, i * k, mark, i);
    col.subarray(i * k, (i + 1) * k).sort();
    rowPtr[i + 1] = (i + 1) * k;
  }
  return { rowPtr, col, nnz };
}

function pairs(
  list: ([number, number] | [number, number, number])[],
  nPre: number,
  nPost: number,
  ctx: ValueContext,
): Csr {
  if (!Array.isArray(list)) throw new NetworkError('pairs must be a list of [i, j] or [i, j, w]', ctx);
  const nnz = list.length;
  const hasW = nnz > 0 && list[0].length === 3;
  const rowPtr = new Int32Array(nPre + 1);
  list.forEach((e, s) => {
    if (!Array.isArray(e) || (e.length !== 2 && e.length !== 3) || (e.length === 3) !== hasW) {
      throw new NetworkError(
        `pair ${s} must be [i, j]${hasW ? ' plus a weight, like the first pair' : ' or [i, j, w]'}` +
          `, got ${JSON.stringify(e)}`,
        ctx,
      );
    }
    const [i, j] = e;
    if (!Number.isInteger(i) || i < 0 || i >= nPre)
      throw new NetworkError(`pair ${s}: pre cell ${i} is outside 0..${nPre - 1}`, ctx);
    if (!Number.isInteger(j) || j < 0 || j >= nPost)
      throw new NetworkError(`pair ${s}: post cell ${j} is outside 0..${nPost - 1}`, ctx);
    if (hasW && !Number.isFinite(e[2])) throw new NetworkError(`pair ${s}: weight ${e[2]} is not a finite number`, ctx);
    rowPtr[i + 1]++;
  });
  for (let i = 0; i < nPre; i++) rowPtr[i + 1] += rowPtr[i];
  // stable by (pre, post): sort the indices, then place
  const order = Array.from({ length: nnz }, (_, s) => s).sort(
    (a, b) => list[a][0] - list[b][0] || list[a][1] - list[b][1],
  );
  const col = new Int32Array(nnz);
  const weights = hasW ? new Float32Array(nnz) : undefined;
  order.forEach((s, q) => {
    col[q] = list[s][1];
    if (weights) weights[q] = list[s][2] as number;
  });
  return { rowPtr, col, nnz, weights };
}

function matrix(m: number[][], rows: 'pre' | 'post', nPre: number, nPost: number, ctx: ValueContext): Csr {
  if (rows !== 'pre' && rows !== 'post')
    throw new NetworkError(
      `a weight matrix needs rows: "pre" or "post" (which index its rows are), got ${JSON.stringify(rows)}`,
      ctx,
    );
  const [nr, nc] = rows === 'pre' ? [nPre, nPost] : [nPost, nPre];
  if (!Array.isArray(m) || m.length !== nr || m.some((r) => !Array.isArray(r) || r.length !== nc)) {
    throw new NetworkError(
      `weight matrix must be ${nr} x ${nc} (rows = ${rows} cells), got ${Array.isArray(m) ? m.length : typeof m} rows`,
      ctx,
    );
  }
  const at = (i: number, j: number): number => (rows === 'pre' ? m[i][j] : m[j][i]);
  let nnz = 0;
  for (let i = 0; i < nPre; i++) {
    for (let j = 0; j < nPost; j++) {
      const w = at(i, j);
      if (!Number.isFinite(w)) throw new NetworkError(`weight matrix entry (pre ${i}, post ${j}) is ${w}`, ctx);
      if (w !== 0) nnz++;
    }
  }
  const rowPtr = new Int32Array(nPre + 1);
  if (nnz === nPre * nPost) {
    const weights = new Float32Array(nnz);
    for (let i = 0; i < nPre; i++) {
      rowPtr[i + 1] = (i + 1) * nPost;
      for (let j = 0; j < nPost; j++) weights[i * nPost + j] = at(i, j);
    }
    return { rowPtr, col: null, nnz, weights };
  }
  const col = new Int32Array(nnz);
  const weights = new Float32Array(nnz);
  let s = 0;
  for (let i = 0; i < nPre; i++) {
    for (let j = 0; j < nPost; j++) {
      const w = at(i, j);
      if (w !== 0) {
        col[s] = j;
        weights[s++] = w;
      }
    }
    rowPtr[i + 1] = s;
  }
  return { rowPtr, col, nnz, weights };
}
