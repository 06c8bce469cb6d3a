/**
 * Bifurcation-diagram figure: fixed-point branches of one variable against the parameter (stable
 * solid, unstable dashed), limit-cycle minimum and maximum, fold and Hopf points marked. Builds a
 * chart.js config only; render it with render.ts or in a browser.
 */
import type { ChartConfiguration } from 'chart.js';
import type { Bifurcation } from '../single/bifurcation.js';
import { OptionError, nearestName } from '../model/errors.js';
import { colour, figureTitle, ink, paddedRange, xyScatter } from './theme.js';

export interface BifurcationChartOptions {
  /** the variable on the vertical axis (default: the diagram's) */
  variable?: string;
  title?: string;
  subtitle?: string;
  legend?: 'top' | 'right' | 'bottom' | false;
  /** vertical range (default: the data's, padded) */
  yRange?: [number, number];
}

type P = { x: number; y: number } | { x: null; y: null };
const BREAK: P = { x: null, y: null };

/**
 * A chart.js config of a one-parameter bifurcation diagram.
 * @example
 * const d = bifurcation(loadModel('fitzhugh-nagumo'), { param: 'I', from: 0, to: 2 });
 * await savePNG(bifurcationChart(d), 'fhn-bifurcation.png');
 */
export function bifurcationChart(d: Bifurcation, options: BifurcationChartOptions = {}): ChartConfiguration<'scatter'> {
  const v = options.variable ?? d.variable;
  if (!d.variables.includes(v)) {
    const s = nearestName(v, d.variables);
    throw new OptionError(
      `bifurcation plot: no variable '${v}' in the diagram of '${d.model}'${s ? ` (did you mean '${s}'?)` : ''}`,
    );
  }
  const stable: P[] = [];
  const unstable: P[] = [];
  let lo = Infinity,
    hi = -Infinity;
  const see = (y: number): void => {
    if (Number.isFinite(y)) {
      lo = Math.min(lo, y);
      hi = Math.max(hi, y);
    }
  };
  d.branches.forEach((b, k) => {
    // points of this branch, with its located special points spliced in where stability changes
    // and folds appended at the ends, so solid and dashed parts meet exactly there
    const pts: { x: number; y: number; stable: boolean | null }[] = [];
    const specials = d.points.filter((q) => q.branches.includes(k));
    const n = b.param.length;
    const atStart = (q: { param: number }): boolean =>
      n > 0 && Math.abs(q.param - b.param[0]) < Math.abs(q.param - b.param[n - 1]);
    const folds = specials.filter((q) => q.type === 'fold');
    for (const q of folds.filter(atStart)) pts.push({ x: q.param, y: q.state[v], stable: null });
    for (let j = 0; j < n; j++) {
      if (j > 0 && b.stable[j] !== b.stable[j - 1]) {
        const q = specials.find((s) => s.type !== 'fold' && (s.param - b.param[j - 1]) * (s.param - b.param[j]) <= 0);
        if (q) pts.push({ x: q.param, y: q.state[v], stable: null });
      }
      pts.push({ x: b.param[j], y: b.state[v][j], stable: b.stable[j] });
    }
    for (const q of folds.filter((f) => !atStart(f))) pts.push({ x: q.param, y: q.state[v], stable: null });
    // runs of equal stability; a joint point (stable null) belongs to both neighbours
    let run: P[] = [];
    let runStable: boolean | null = null;
    const flush = (): void => {
      if (run.length >= 2) (runStable === false ? unstable : stable).push(...run, BREAK);
      run = [];
    };
    for (let i = 0; i < pts.length; i++) {
      const p = pts[i];
      see(p.y);
      if (p.stable === null) {
        run.push({ x: p.x, y: p.y });
        if (runStable !== null) {
          flush();
          run.push({ x: p.x, y: p.y });
          runStable = null;
        }
        continue;
      }
      if (runStable !== null && p.stable !== runStable) {
        // a change without a located point: join at the midpoint
        const q = pts[i - 1];
        const mid = { x: (q.x + p.x) / 2, y: (q.y + p.y) / 2 };
        run.push(mid);
        flush();
        run.push(mid);
      }
      runStable = p.stable;
      run.push({ x: p.x, y: p.y });
    }
    flush();
  });

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
  line('stable equilibria', stable, { borderColor: ink.text, backgroundColor: ink.text, borderWidth: 2.4, order: 4 });
  line('unstable equilibria (dashed)', unstable, {
    borderColor: ink.text,
    backgroundColor: ink.text,
    borderWidth: 1.6,
    borderDash: [6, 4],
    order: 3,
  });

  // limit cycles: max and min of the variable
  const cy = d.cycles;
  if (cy.param.length) {
    const mx: P[] = [],
      mn: P[] = [];
    for (let i = 0; i < cy.param.length; i++) {
      // a gap in the parameter grid breaks the curve
      if (i > 0 && !adjacent(d.values, cy.param[i - 1], cy.param[i])) {
        mx.push(BREAK);
        mn.push(BREAK);
      }
      mx.push({ x: cy.param[i], y: cy.max[v][i] });
      mn.push({ x: cy.param[i], y: cy.min[v][i] });
      see(cy.max[v][i]);
      see(cy.min[v][i]);
    }
    const c = colour(0);
    datasets.push({
      label: `stable limit cycle (max, min ${v})`,
      data: [...mx, BREAK, ...mn],
      parsing: false,
      showLine: true,
      spanGaps: false,
      borderColor: c,
      backgroundColor: c,
      borderWidth: 2,
      pointStyle: 'circle',
      pointRadius: 2.6,
      pointBorderWidth: 0,
      order: 2,
    });
  }

  const fmt = (x: number): string => String(Number(x.toPrecision(5)));
  const hopf = d.points.filter((q) => q.type === 'hopf');
  if (hopf.length) {
    datasets.push({
      label: `Hopf (${d.param} = ${hopf.map((q) => fmt(q.param)).join(', ')})`,
      data: hopf.map((q) => ({ x: q.param, y: q.state[v] })),
      parsing: false,
      showLine: false,
      pointStyle: 'rect',
      pointRadius: 6.5,
      borderColor: ink.text,
      backgroundColor: colour(1),
      pointBorderWidth: 1.2,
      order: 1,
    });
  }
  const folds = d.points.filter((q) => q.type === 'fold');
  if (folds.length) {
    datasets.push({
      label: `fold (${d.param} = ${folds.map((q) => fmt(q.param)).join(', ')})`,
      data: folds.map((q) => ({ x: q.param, y: q.state[v] })),
      parsing: false,
      showLine: false,
      pointStyle: 'triangle',
      pointRadius: 7,
      borderColor: ink.text,
      backgroundColor: colour(2),
      pointBorderWidth: 1.2,
      order: 0.5,
    });
  }
  const bps = d.points.filter((q) => q.type === 'branch point');
  if (bps.length) {
    datasets.push({
      label: 'branch point',
      data: bps.map((q) => ({ x: q.param, y: q.state[v] })),
      parsing: false,
      showLine: false,
      pointStyle: 'rectRot',
      pointRadius: 6.5,
      borderColor: ink.text,
      backgroundColor: colour(3),
      pointBorderWidth: 1.2,
      order: 0,
    });
  }

  const [yLo, yHi] = options.yRange ?? paddedRange(lo, hi, 0.06);
  const xLo = Math.min(d.values[0], d.values[d.values.length - 1]);
  const xHi = Math.max(d.values[0], d.values[d.values.length - 1]);
  const config = xyScatter(
    datasets,
    options.legend ?? 'top',
    { title: d.param, unit: d.units[d.param], min: xLo, max: xHi },
    { title: v, unit: d.units[v], min: yLo, max: yHi },
  );
  // legend in the order the series were added (chart.js lists by ascending `order`)
  const plugins = config.options!.plugins as Record<string, any>;
  if (plugins.legend) plugins.legend.reverse = true;
  const sub = options.subtitle ?? subtitleOf(d);
  figureTitle(config, options.title ?? `${d.model}: bifurcation diagram in ${d.param}`, sub);
  return config;
}

function adjacent(values: Float64Array, a: number, b: number): boolean {
  const i = values.indexOf(a),
    j = values.indexOf(b);
  return i >= 0 && j >= 0 && Math.abs(i - j) === 1;
}

function subtitleOf(d: Bifurcation): string {
  const parts = [`natural continuation, ${d.values.length} values of ${d.param}`];
  const hopf = d.points.filter((q) => q.type === 'hopf');
  if (hopf.length) parts.push(`${hopf.length} Hopf`);
  const folds = d.points.filter((q) => q.type === 'fold');
  if (folds.length) parts.push(`${folds.length} fold${folds.length > 1 ? 's' : ''}`);
  return parts.join('   ·   ');
}
