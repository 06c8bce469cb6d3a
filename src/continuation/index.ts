/**
 * Continuation as AUTO-07p and MatCont do it, for any model written as equations: equilibrium
 * branches by pseudo-arclength continuation with their fold, Hopf and branch points (with the Hopf
 * points' first Lyapunov coefficients), periodic orbits from the Hopf points by orthogonal
 * collocation with their folds, period doublings and tori (cycles.ts), and two-parameter fold and
 * Hopf curves with their Bogdanov–Takens, cusp and Bautin points.
 *
 * A layer beside src/single rather than inside it: it reuses single's fixed-point search and
 * eigen-solver, but owns its own numerical core (bordered Newton, test functions, extended systems)
 * and result contract (types.ts), which `isocline continue --json` prints as is.
 */
import type { Model } from '../model/model.js';
import { compile } from '../compile/scalar.js';
import { derivatives } from '../compile/derivatives.js';
import { OptionError } from '../model/errors.js';
import { continueEquilibria, criticalFrequency, parameterIndex } from './equilibria.js';
import { foldCurve, hopfCurve } from './curves.js';
import { eigen } from '../single/eigen.js';
import { continueCyclesFromHopf, CycleContinuationError } from './cycles.js';
import type { ContinuationBranch, ContinuationResult, ContinuationSpecialPoint } from './types.js';

export type * from './types.js';
export { continueEquilibria, type EquilibriumOptions } from './equilibria.js';
export {
  continueCyclesFromHopf,
  continueCyclesFromOrbit,
  CycleContinuationError,
  type CycleContinuationOptions,
  type CycleContinuationResult,
} from './cycles.js';

export interface ContinuationOptions {
  /** the (first) continuation parameter */
  param: string;
  /** the range: equilibria are searched at `from` and followed until the parameter leaves [from, to] */
  from: number;
  to: number;
  /** other parameter overrides */
  params?: Record<string, number>;
  /** fixed-point search box per variable at `from` */
  ranges?: Record<string, [number, number]>;
  /** curves of the fold and Hopf points found, in (param, second.param) */
  second?: { param: string; from: number; to: number };
  /**
   * periodic orbits from each Hopf point (one cycle continuation per H point); refused, with a
   * warning, for hybrid models
   */
  cycles?: boolean;
  /** most points per branch or curve (default 2000) */
  maxPoints?: number;
  /** largest arclength step */
  maxStep?: number;
  signal?: AbortSignal;
  /** called as each stage starts (for a progress line on a terminal) */
  onProgress?: (message: string) => void;
}

/**
 * Bifurcation diagram by continuation.
 * @example
 * const r = continuation(loadModel('fitzhugh-nagumo'), { param: 'I', from: 0, to: 2 });
 * r.special.filter((s) => s.type === 'H').map((s) => [s.param, s.criticality])
 * // [[0.33128..., 'subcritical'], [1.41871..., 'subcritical']]
 */
export function continuation(model: Model, options: ContinuationOptions): ContinuationResult {
  const c = compile(model);
  const o = options;
  const progress = o.onProgress ?? (() => {});
  const warnings: string[] = [];
  const events = model.ir.events;
  const eventNames = events.map((e) => e.name).join(', ');
  if (events.length > 0) {
    warnings.push(
      `model '${c.name}' has events (${eventNames}): continuation follows the smooth system between resets; ` +
        'its equilibria and Hopf points are those of the subthreshold dynamics, and its resets are ignored',
    );
  }
  const inputs = model.ir.named.filter((x) => x.kind === 'input').map((x) => x.name);
  if (inputs.length > 0) {
    warnings.push(
      `model '${c.name}': time-dependent inputs (${inputs.join(', ')}) are held at their values at t = 0: ` +
        'continuation needs an autonomous system',
    );
  }
  progress(`equilibria in ${o.param} from ${o.from} to ${o.to}`);
  const eq = continueEquilibria(model, {
    param: o.param,
    from: o.from,
    to: o.to,
    params: o.params,
    ranges: o.ranges,
    maxPoints: o.maxPoints,
    maxStep: o.maxStep,
    signal: o.signal,
  });
  warnings.push(...eq.warnings);
  const branches: ContinuationBranch[] = [...eq.branches];
  const special: ContinuationSpecialPoint[] = [...eq.special];
  if (o.cycles) {
    if (events.length > 0) {
      warnings.push(
        `model '${c.name}': cycles refused: its spiking orbits pass through resets (events ${eventNames}), ` +
          'so they are not smooth periodic solutions that collocation can continue; ' +
          'simulate or use limit-cycle instead',
      );
    } else {
      cycleBranches(model, o, branches, special, warnings, progress);
    }
  }
  if (o.second) twoParameter(model, o, branches, special, warnings, progress);
  return { model: c.name, branches, special, warnings };
}

/**
 * One cycle continuation per Hopf point. A branch that ends at another Hopf point would be traced
 * again from there, so a Hopf point already reached by an earlier branch's end is skipped.
 */
function cycleBranches(
  model: Model,
  o: ContinuationOptions,
  branches: ContinuationBranch[],
  special: ContinuationSpecialPoint[],
  warnings: string[],
  progress: (m: string) => void,
): void {
  const span = Math.abs(o.to - o.from);
  const hopfs = special.filter((q) => q.type === 'H' && q.param2 === undefined);
  const reached: number[] = [];
  let count = 0;
  for (const h of hopfs) {
    if (reached.some((p) => Math.abs(p - h.param) < 1e-3 * span)) continue;
    progress(`cycles ${++count} from H at ${o.param} = ${h.param}`);
    let r: ReturnType<typeof continueCyclesFromHopf> | undefined;
    try {
      r = continueCyclesFromHopf(model, h, {
        param: o.param,
        from: o.from,
        to: o.to,
        params: o.params,
        maxPoints: o.maxPoints,
        signal: o.signal,
      });
    } catch (e) {
      if (!(e instanceof CycleContinuationError)) throw e;
      warnings.push(`cycles from the H point at ${o.param} = ${h.param}: ${e.message}`);
      continue;
    }
    const index = branches.length;
    branches.push(r.branch);
    for (const sp of r.special) special.push({ ...sp, branch: index });
    warnings.push(...r.warnings);
    const last = r.branch.points[r.branch.points.length - 1];
    if (last && /Hopf point/.test(r.branch.end ?? '')) reached.push(last.param);
  }
}

function twoParameter(
  model: Model,
  o: ContinuationOptions,
  branches: ContinuationBranch[],
  special: ContinuationSpecialPoint[],
  warnings: string[],
  progress: (m: string) => void,
): void {
  const c = compile(model);
  const d = derivatives(model);
  const s = o.second!;
  const k1 = parameterIndex(c, o.param);
  const k2 = parameterIndex(c, s.param, 'second-param');
  if (k1 === k2) throw new OptionError(`model '${c.name}': --second-param must differ from --param ('${s.param}')`);
  if (!Number.isFinite(s.from) || !Number.isFinite(s.to) || s.from === s.to) {
    throw new OptionError(
      `model '${c.name}': the range of '${s.param}' must be two different finite numbers, got ${s.from} and ${s.to}`,
    );
  }
  const base = c.params({ ...o.params });
  const range1: [number, number] = [Math.min(o.from, o.to), Math.max(o.from, o.to)];
  const range2: [number, number] = [Math.min(s.from, s.to), Math.max(s.from, s.to)];
  if (base[k2] < range2[0] || base[k2] > range2[1]) {
    throw new OptionError(
      `model '${c.name}': ${s.param} = ${base[k2]} (the value the one-parameter branch uses) ` +
        `is outside --second-from/--second-to [${range2[0]}, ${range2[1]}]`,
    );
  }
  const maxStep = o.maxStep ?? 0.01 * (range1[1] - range1[0] + range2[1] - range2[0]);
  const curveOptions = { k1, k2, range1, range2, maxPoints: o.maxPoints ?? 2000, maxStep, signal: o.signal };
  const starts = special.filter((q) => q.type === 'LP' || q.type === 'H');
  let count = 0;
  for (const q of starts) {
    const kind = q.type === 'LP' ? 'fold-curve' : 'hopf-curve';
    // a curve already traced from another point of the same kind passes through this one
    const tol1 = 1e-6 * (range1[1] - range1[0]),
      tol2 = 1e-6 * (range2[1] - range2[0]);
    if (
      branches.some(
        (b) =>
          b.kind === kind &&
          b.points.some((pt) => Math.abs(pt.param - q.param) < tol1 && Math.abs((pt.param2 ?? NaN) - base[k2]) < tol2),
      )
    )
      continue;
    progress(`${kind} ${++count} from ${q.type} at ${o.param} = ${q.param}`);
    const x = Float64Array.from(c.variables.map((v) => q.state[v]));
    const p = Float64Array.from(base);
    p[k1] = q.param;
    let r: ReturnType<typeof foldCurve>;
    if (q.type === 'LP') r = foldCurve(c, d, x, p, curveOptions);
    else {
      const J = new Float64Array(c.n * c.n);
      c.jac(0, x, p, J);
      const omega = criticalFrequency(eigen(J, c.n).values);
      r = omega === null ? null : hopfCurve(c, d, x, p, omega, curveOptions);
    }
    if (!r) {
      warnings.push(
        `${kind} from the ${q.type} point at ${o.param} = ${q.param}: could not start (degenerate null vectors)`,
      );
      continue;
    }
    const index = branches.length;
    branches.push(r.branch);
    for (const sp of r.special) special.push({ ...sp, branch: index });
  }
  // Hopf curves born at the BT points of fold curves (their Hopf points may lie outside the
  // one-parameter diagram: on the lower branch near the fold, say)
  const bts = special.filter(
    (q) => q.type === 'BT' && q.branch !== undefined && branches[q.branch].kind === 'fold-curve',
  );
  for (const q of bts) {
    const tol1 = 1e-6 * (range1[1] - range1[0]),
      tol2 = 1e-6 * (range2[1] - range2[0]);
    if (
      branches.some(
        (b) =>
          b.kind === 'hopf-curve' &&
          b.points.some((pt) => Math.abs(pt.param - q.param) < tol1 && Math.abs(pt.param2! - q.param2!) < tol2),
      )
    )
      continue;
    progress(`hopf-curve ${++count} from BT at (${q.param}, ${q.param2})`);
    const x = Float64Array.from(c.variables.map((v) => q.state[v]));
    const p = Float64Array.from(base);
    p[k1] = q.param;
    p[k2] = q.param2!;
    const r = hopfCurve(c, d, x, p, 0, curveOptions);
    if (!r || r.branch.points.length < 2) {
      warnings.push(`hopf-curve from the BT point at (${q.param}, ${q.param2}): could not start`);
      continue;
    }
    const index = branches.length;
    branches.push(r.branch);
    for (const sp of r.special) special.push({ ...sp, branch: index });
  }
  if (starts.length === 0)
    warnings.push(
      `no fold or Hopf point on the equilibrium branches in ${o.param} ∈ [${range1.join(', ')}]: ` +
        'no two-parameter curves',
    );
  mergeCodimTwo(c, base, k1, k2, range1, range2, special);
}

/**
 * A codimension-two point lies on every curve through it (a BT point ends a fold curve and starts
 * the Hopf curve born there; a cusp or Bautin point can be met by two traced curves), so each
 * curve's own locator reports it. Points of one type within 1e-6 of both ranges (and of the
 * state) are one point: the copy kept is the one whose defining conditions hold best, by the
 * residual |f(x, p)| plus the moduli of the eigenvalues the type puts on the imaginary axis (two
 * for BT, one for CP, the real part of the critical pair for GH); it names the other curves in its
 * note. Spliced in place, so one-parameter points keep their order and indices.
 */
function mergeCodimTwo(
  c: ReturnType<typeof compile>,
  base: Float64Array,
  k1: number,
  k2: number,
  range1: [number, number],
  range2: [number, number],
  special: ContinuationSpecialPoint[],
): void {
  const n = c.n;
  const tol1 = 1e-6 * (range1[1] - range1[0]);
  const tol2 = 1e-6 * (range2[1] - range2[0]);
  const residual = (q: ContinuationSpecialPoint): number => {
    const x = Float64Array.from(c.variables.map((v) => q.state[v]));
    const p = Float64Array.from(base);
    p[k1] = q.param;
    p[k2] = q.param2!;
    const f = new Float64Array(n);
    const J = new Float64Array(n * n);
    c.rhs(0, x, p, f);
    c.jac(0, x, p, J);
    let r = Math.hypot(...f);
    const ev = eigen(J, n).values;
    if (q.type === 'GH') r += Math.min(...ev.filter((l) => l.im > 0).map((l) => Math.abs(l.re)), Infinity);
    else {
      const mods = ev.map((l) => Math.hypot(l.re, l.im)).sort((a, b) => a - b);
      r += mods[0] + (q.type === 'BT' ? mods[1] : 0);
    }
    return Number.isFinite(r) ? r : Infinity;
  };
  const same = (a: ContinuationSpecialPoint, b: ContinuationSpecialPoint): boolean =>
    a.type === b.type &&
    Math.abs(a.param - b.param) <= tol1 &&
    Math.abs(a.param2! - b.param2!) <= tol2 &&
    c.variables.every((v) => Math.abs(a.state[v] - b.state[v]) <= 1e-6 * Math.max(1, Math.abs(a.state[v])));
  for (let i = 0; i < special.length; i++) {
    const a = special[i];
    if (!['BT', 'CP', 'GH'].includes(a.type) || a.param2 === undefined) continue;
    const group = [i];
    for (let j = i + 1; j < special.length; j++)
      if (special[j].param2 !== undefined && same(a, special[j])) group.push(j);
    if (group.length === 1) continue;
    const best = group.reduce((b, j) => (residual(special[j]) < residual(special[b]) ? j : b), group[0]);
    const others = group.filter((j) => j !== best).map((j) => special[j].branch);
    const kept = {
      ...special[best],
      note: `${special[best].note ?? a.type} (also on branch${others.length > 1 ? 'es' : ''} ${others.join(', ')})`,
    };
    special[i] = kept;
    for (const j of group.slice(1).reverse()) special.splice(j, 1);
  }
}
