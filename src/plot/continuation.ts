/**
 * Figures of a continuation result (src/continuation): the one-parameter bifurcation diagram
 * (equilibria and cycles, stable solid, unstable dashed; cycles as the min and max of a variable;
 * special points marked, their values and the Hopf type in the legend), the two-parameter diagram
 * (fold and Hopf curves with BT, CP and GH points) and the period of the cycles against the
 * parameter. chart.js configs only; render.ts draws them.
 */
import type { ChartConfiguration } from 'chart.js';
import type { ContinuationResult, ContinuationSpecialPoint, SpecialType } from '../continuation/types.js';
import { OptionError, nearestName } from '../model/errors.js';
import { colour, figureTitle, ink, paddedRange, xyScatter } from './theme.js';

export interface ContinuationChartOptions {
  /** the variable on the vertical axis (default: the first) */
  variable?: string;
  title?: string;
  subtitle?: string;
  /** units by variable and parameter name, for axis labels */
  units?: Record<string, string | undefined>;
  legend?: 'top' | 'right' | 'bottom' | false;
}

type P = { x: number; y: number } | { x: null; y: null };
const BREAK: P = { x: null, y: null };
const fmt = (x: number): string => String(Number(x.toPrecision(5)));

interface Bounds {
  xlo: number;
  xhi: number;
  ylo: number;
  yhi: number;
}
const emptyBounds = (): Bounds => ({ xlo: Infinity, xhi: -Infinity, ylo: Infinity, yhi: -Infinity });
function see(b: Bounds, x: number, y: number): void {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return;
  b.xlo = Math.min(b.xlo, x);
  b.xhi = Math.max(b.xhi, x);
  b.ylo = Math.min(b.ylo, y);
  b.yhi = Math.max(b.yhi, y);
}

/**
 * Split a polyline by a per-point flag into solid (true) and dashed (false) runs that share their
 * joint. Where the flag changes between two points, the joint is the one nearer the change (the
 * smaller `crit`, e.g. |max Re λ|: a located Hopf point), else the earlier one.
 */
function runs(points: { x: number; y: number; stable: boolean; crit?: number }[], stable: P[], unstable: P[]): void {
  let start = 0;
  for (let i = 1; i <= points.length; i++) {
    if (i < points.length && points[i].stable === points[start].stable) continue;
    let joint = i - 1;
    if (i < points.length && (points[i].crit ?? Infinity) < (points[i - 1].crit ?? Infinity)) joint = i;
    if (i === points.length) joint = i - 1;
    const run = points.slice(start, joint + 1).map((p) => ({ x: p.x, y: p.y }));
    if (run.length >= 2) (points[start].stable ? stable : unstable).push(...run, BREAK);
    start = joint;
    // the joint opens the next run, whose stability is that of the point after the change
    if (i < points.length && joint === i - 1)
      points = [...points.slice(0, joint), { ...points[joint], stable: points[i].stable }, ...points.slice(joint + 1)];
  }
}

const MARKS: Record<SpecialType, { style: string; colour: number; name: string }> = {
  H: { style: 'rect', colour: 1, name: 'Hopf' },
  LP: { style: 'triangle', colour: 2, name: 'fold LP' },
  BP: { style: 'rectRot', colour: 3, name: 'branch point BP' },
  LPC: { style: 'triangle', colour: 4, name: 'fold of cycles LPC' },
  PD: { style: 'star', colour: 5, name: 'period doubling PD' },
  NS: { style: 'crossRot', colour: 3, name: 'torus NS' },
  BT: { style: 'rectRot', colour: 1, name: 'Bogdanov–Takens BT' },
  CP: { style: 'triangle', colour: 2, name: 'cusp CP' },
  GH: { style: 'star', colour: 4, name: 'Bautin GH' },
};

function markDatasets(
  points: ContinuationSpecialPoint[],
  at: (q: ContinuationSpecialPoint) => { x: number; y: number } | null,
  label: (q: ContinuationSpecialPoint[]) => string,
  key: (q: ContinuationSpecialPoint) => string,
): Record<string, unknown>[] {
  const groups = new Map<string, ContinuationSpecialPoint[]>();
  for (const q of points) {
    const k = key(q);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(q);
  }
  const out: Record<string, unknown>[] = [];
  let order = 0;
  for (const [, qs] of groups) {
    const m = MARKS[qs[0].type];
    const data = qs.map(at).filter((p): p is { x: number; y: number } => p !== null);
    if (!data.length) continue;
    const sub = qs[0].type === 'H' && qs[0].criticality === 'supercritical';
    out.push({
      label: label(qs),
      data,
      parsing: false,
      showLine: false,
      pointStyle: m.style,
      pointRadius: 6.5,
      borderColor: ink.text,
      backgroundColor: sub ? colour(0) : colour(m.colour),
      pointBorderWidth: 1.2,
      order: (order -= 0.01),
    });
  }
  return out;
}

function finish(
  config: ChartConfiguration<'scatter'>,
  title: string,
  subtitle?: string,
): ChartConfiguration<'scatter'> {
  const plugins = config.options!.plugins as Record<string, any>;
  if (plugins.legend) plugins.legend.reverse = true;
  return figureTitle(config, title, subtitle);
}

function variablesOf(r: ContinuationResult): string[] {
  for (const b of r.branches) if (b.points.length) return Object.keys(b.points[0].state);
  return [];
}

/**
 * One-parameter bifurcation diagram of a continuation result.
 * @example
 * const r = continuation(loadModel('fitzhugh-nagumo'), { param: 'I', from: 0, to: 2 });
 * await savePNG(continuationChart(r), 'fhn-continuation.png');
 */
export function continuationChart(
  r: ContinuationResult,
  options: ContinuationChartOptions = {},
): ChartConfiguration<'scatter'> {
  const vars = variablesOf(r);
  const v = options.variable ?? vars[0];
  if (!vars.includes(v)) {
    const s = nearestName(v, vars);
    throw new OptionError(
      `continuation plot: no variable '${v}' in the diagram of '${r.model}'${s ? ` (did you mean '${s}'?)` : ''}`,
    );
  }
  const one = r.branches.filter((b) => b.kind === 'equilibrium' || b.kind === 'cycle');
  const param = one[0]?.param ?? '';
  const bounds = emptyBounds();
  const eqS: P[] = [],
    eqU: P[] = [],
    cyS: P[] = [],
    cyU: P[] = [];
  for (const b of one) {
    if (b.kind === 'equilibrium') {
      const pts = b.points.map((p) => ({
        x: p.param,
        y: p.state[v],
        stable: p.stable,
        crit: p.eigenvalues ? Math.abs(Math.max(...p.eigenvalues.map((z) => z.re))) : undefined,
      }));
      pts.forEach((p) => see(bounds, p.x, p.y));
      runs(pts, eqS, eqU);
    } else {
      // a cycle is drawn as its max and its min of v
      for (const side of ['max', 'min'] as const) {
        const pts = b.points.filter((p) => p[side]).map((p) => ({ x: p.param, y: p[side]![v], stable: p.stable }));
        pts.forEach((p) => see(bounds, p.x, p.y));
        runs(pts, cyS, cyU);
      }
    }
  }
  const datasets: Record<string, unknown>[] = [];
  const line = (label: string, data: P[], style: Record<string, unknown>): void => {
    if (data.length)
      datasets.push({
        label,
        data,
        parsing: false,
        showLine: true,
        spanGaps: false,
        pointRadius: 0,
        pointStyle: 'line',
        fill: false,
        ...style,
      });
  };
  line('stable equilibria', eqS, { borderColor: ink.text, backgroundColor: ink.text, borderWidth: 2.4, order: 6 });
  line('unstable equilibria', eqU, {
    borderColor: ink.text,
    backgroundColor: ink.text,
    borderWidth: 1.6,
    borderDash: [6, 4],
    order: 5,
  });
  line(`stable cycles (max, min ${v})`, cyS, {
    borderColor: colour(0),
    backgroundColor: colour(0),
    borderWidth: 2.4,
    order: 4,
  });
  line(`unstable cycles (max, min ${v})`, cyU, {
    borderColor: colour(0),
    backgroundColor: colour(0),
    borderWidth: 1.6,
    borderDash: [6, 4],
    order: 3,
  });
  const sp = r.special.filter(
    (q) => q.param2 === undefined && (q.branch === undefined || one.includes(r.branches[q.branch])),
  );
  const yOf = (q: ContinuationSpecialPoint): { x: number; y: number } | null => {
    const b = q.branch !== undefined ? r.branches[q.branch] : undefined;
    if (b?.kind === 'cycle') {
      // mark a cycle's special point at its max of v (the nearest point of its branch)
      let best = b.points[0],
        d = Infinity;
      for (const p of b.points)
        if (Math.abs(p.param - q.param) < d && p.max) (d = Math.abs(p.param - q.param)), (best = p);
      return best?.max ? { x: q.param, y: best.max[v] } : null;
    }
    return Number.isFinite(q.state[v]) ? { x: q.param, y: q.state[v] } : null;
  };
  datasets.push(
    ...markDatasets(
      sp,
      yOf,
      (qs) => {
        const m = MARKS[qs[0].type];
        const kind = qs[0].type === 'H' ? `${m.name}, ${qs[0].criticality}` : m.name;
        return `${kind} (${param} = ${qs.map((q) => fmt(q.param)).join(', ')})`;
      },
      (q) => (q.type === 'H' ? `H-${q.criticality}` : q.type),
    ),
  );
  for (const q of sp) {
    const p = yOf(q);
    if (p) see(bounds, p.x, p.y);
  }
  const units = options.units ?? {};
  const [ylo, yhi] = paddedRange(bounds.ylo, bounds.yhi, 0.06);
  const config = xyScatter(
    datasets,
    options.legend ?? 'top',
    { title: param, unit: units[param], min: bounds.xlo, max: bounds.xhi },
    { title: v, unit: units[v], min: ylo, max: yhi },
  );
  const counts = (['H', 'LP', 'BP', 'LPC', 'PD', 'NS'] as SpecialType[])
    .map((t) => [t, sp.filter((q) => q.type === t).length] as const)
    .filter(([, k]) => k > 0);
  return finish(
    config,
    options.title ?? `${r.model}: bifurcation diagram in ${param}`,
    options.subtitle ?? ['pseudo-arclength continuation', ...counts.map(([t, k]) => `${k} ${t}`)].join('   ·   '),
  );
}

/**
 * Two-parameter diagram: fold and Hopf curves in the (param, param2) plane with BT, CP and GH points.
 * @example
 * const r = continuation(ml, { param: 'I', from: 0, to: 300, second: { param: 'gCa', from: 2, to: 8 } });
 * await savePNG(twoParameterChart(r), 'ml-2p.png');
 */
export function twoParameterChart(
  r: ContinuationResult,
  options: Omit<ContinuationChartOptions, 'variable'> = {},
): ChartConfiguration<'scatter'> {
  const curves = r.branches.filter((b) => b.kind === 'fold-curve' || b.kind === 'hopf-curve');
  if (!curves.length)
    throw new OptionError(
      `continuation plot: the result for '${r.model}' has no two-parameter curves (give a second parameter)`,
    );
  const [p1, p2] = [curves[0].param, curves[0].param2!];
  const bounds = emptyBounds();
  const datasets: Record<string, unknown>[] = [];
  const series = { 'fold-curve': [] as P[], 'hopf-curve': [] as P[] };
  for (const b of curves) {
    for (const p of b.points) {
      series[b.kind as 'fold-curve' | 'hopf-curve'].push({ x: p.param, y: p.param2! });
      see(bounds, p.param, p.param2!);
    }
    series[b.kind as 'fold-curve' | 'hopf-curve'].push(BREAK);
  }
  const line = (label: string, data: P[], c: string, dash?: number[]): void => {
    if (data.length)
      datasets.push({
        label,
        data,
        parsing: false,
        showLine: true,
        spanGaps: false,
        pointRadius: 0,
        pointStyle: 'line',
        fill: false,
        borderColor: c,
        backgroundColor: c,
        borderWidth: 2.2,
        ...(dash ? { borderDash: dash } : {}),
        order: 5,
      });
  };
  line('fold curve (LP)', series['fold-curve'], colour(2));
  line('Hopf curve (H)', series['hopf-curve'], colour(1));
  const sp = r.special.filter((q) => q.param2 !== undefined);
  datasets.push(
    // continuation() lists each codimension-two point once; equal values are still labelled once
    ...markDatasets(
      sp,
      (q) => ({ x: q.param, y: q.param2! }),
      (qs) =>
        `${MARKS[qs[0].type].name} (${[...new Set(qs.map((q) => `${fmt(q.param)}, ${fmt(q.param2!)}`))].join('; ')})`,
      (q) => q.type,
    ),
  );
  const units = options.units ?? {};
  const [xlo, xhi] = paddedRange(bounds.xlo, bounds.xhi, 0.03);
  const [ylo, yhi] = paddedRange(bounds.ylo, bounds.yhi, 0.06);
  const config = xyScatter(
    datasets,
    options.legend ?? 'top',
    { title: p1, unit: units[p1], min: xlo, max: xhi },
    { title: p2, unit: units[p2], min: ylo, max: yhi },
  );
  return finish(
    config,
    options.title ?? `${r.model}: two-parameter diagram in (${p1}, ${p2})`,
    options.subtitle ??
      `${curves.length} curve${curves.length > 1 ? 's' : ''}   ·   ` +
        `${sp.length} codimension-two point${sp.length === 1 ? '' : 's'}`,
  );
}

/**
 * Period of the cycle branches against the parameter (stable solid, unstable dashed).
 * @example await savePNG(periodChart(result), 'fhn-period.png');
 */
export function periodChart(
  r: ContinuationResult,
  options: Omit<ContinuationChartOptions, 'variable'> = {},
): ChartConfiguration<'scatter'> {
  const cycles = r.branches.filter((b) => b.kind === 'cycle');
  if (!cycles.length)
    throw new OptionError(
      `continuation plot: the result for '${r.model}' has no cycle branches (continue with cycles)`,
    );
  const param = cycles[0].param;
  const bounds = emptyBounds();
  const S: P[] = [],
    U: P[] = [];
  for (const b of cycles) {
    const pts = b.points
      .filter((p) => p.period !== undefined)
      .map((p) => ({ x: p.param, y: p.period!, stable: p.stable }));
    pts.forEach((p) => see(bounds, p.x, p.y));
    runs(pts, S, U);
  }
  const datasets: Record<string, unknown>[] = [];
  if (S.length)
    datasets.push({
      label: 'stable cycles',
      data: S,
      parsing: false,
      showLine: true,
      spanGaps: false,
      pointRadius: 0,
      pointStyle: 'line',
      borderColor: colour(0),
      backgroundColor: colour(0),
      borderWidth: 2.4,
    });
  if (U.length)
    datasets.push({
      label: 'unstable cycles',
      data: U,
      parsing: false,
      showLine: true,
      spanGaps: false,
      pointRadius: 0,
      pointStyle: 'line',
      borderColor: colour(0),
      backgroundColor: colour(0),
      borderWidth: 1.6,
      borderDash: [6, 4],
    });
  const sp = r.special.filter(
    (q) =>
      q.period !== undefined &&
      q.param2 === undefined &&
      q.branch !== undefined &&
      r.branches[q.branch]?.kind === 'cycle',
  );
  datasets.push(
    ...markDatasets(
      sp,
      (q) => ({ x: q.param, y: q.period! }),
      (qs) => `${MARKS[qs[0].type].name} (${param} = ${qs.map((q) => fmt(q.param)).join(', ')})`,
      (q) => q.type,
    ),
  );
  const units = options.units ?? {};
  const [ylo, yhi] = paddedRange(Math.min(0, bounds.ylo), bounds.yhi, 0.06);
  const config = xyScatter(
    datasets,
    options.legend ?? 'top',
    { title: param, unit: units[param], min: bounds.xlo, max: bounds.xhi },
    { title: 'period', unit: units.t, min: ylo, max: yhi },
  );
  return finish(config, options.title ?? `${r.model}: period of the cycles in ${param}`, options.subtitle);
}
