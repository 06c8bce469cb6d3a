/**
 * Phase-portrait figure: direction-field arrows, nullclines in distinct colours, a hybrid model's
 * threshold and reset lines, trajectories with arrowheads (cut at resets), separatrices, the limit
 * cycle, and fixed points filled (stable) or open (unstable). Builds a chart.js config only (plain
 * data: it serialises with configToJSON for a browser); render it with render.ts.
 */
import type { ChartConfiguration } from 'chart.js';
import type { PhasePortrait } from '../single/phase.js';
import type { Segment } from '../single/trajectories.js';
import type { Polyline } from '../single/nullclines.js';
import { baseOptions, colour, figureTitle, fonts, ink, linearAxis } from './theme.js';

export interface PhaseChartOptions {
  title?: string;
  /** default: the parameter values and what was found */
  subtitle?: string;
  /** legend position (default 'right'), or false */
  legend?: 'right' | 'top' | 'bottom' | false;
  /**
   * canvas size the figure is meant for (default 1000×760): arrowheads are rotated for the plot
   * area this implies, so render at the same size (a different aspect only skews the heads a little)
   */
  width?: number;
  height?: number;
  /** quantity names for the axes by variable (default: the variable names) */
  labels?: Record<string, string>;
}

type P = { x: number; y: number } | { x: null; y: null };
const BREAK: P = { x: null, y: null };

/** Default canvas size of a phase portrait. */
export const PHASE_SIZE = { width: 1000, height: 760 } as const;

/**
 * A chart.js scatter config of a phase portrait.
 * @example
 * const pp = phasePortrait(loadModel('fitzhugh-nagumo'), {
 *   x: 'v:-2.5:2',
 *   y: 'w:-1:2',
 *   params: { I: 0.5 },
 *   trajectories: 8,
 * });
 * await savePNG(phaseChart(pp), 'fhn.png', PHASE_SIZE);
 */
export function phaseChart(pp: PhasePortrait, options: PhaseChartOptions = {}): ChartConfiguration<'scatter'> {
  const { x, y } = pp;
  const width = options.width ?? PHASE_SIZE.width;
  const height = options.height ?? PHASE_SIZE.height;
  const legend = options.legend ?? 'right';
  // the plot area this layout leaves (axis titles and ticks, title block, a right-hand legend)
  const LEGEND_W = 215;
  const areaW = width - 90 - (legend === 'right' ? LEGEND_W : 20);
  const areaH = height - 95 - (legend === 'top' || legend === 'bottom' ? 60 : 0);
  const wx = x.max - x.min,
    wy = y.max - y.min;
  const pxX = areaW / wx,
    pxY = areaH / wy; // pixels per data unit
  /** chart.js triangle rotation (degrees clockwise from up) for a data-space direction */
  const rotation = (dx: number, dy: number): number => (Math.atan2(dx * pxX, dy * pxY) * 180) / Math.PI;
  const inBox = (a: number, b: number): boolean =>
    a >= x.min - 0.02 * wx && a <= x.max + 0.02 * wx && b >= y.min - 0.02 * wy && b <= y.max + 0.02 * wy;

  // a model with more than two variables: say in every label which system each element belongs to
  const system = pp.system ?? 'planar';
  const projected = system === 'projection' ? ' (projected)' : '';
  const heldNames = Object.keys(pp.held ?? {}).join(', ');
  const nullTag = system === 'planar' || !heldNames ? '' : ` (${heldNames} held)`;
  const datasets: Record<string, unknown>[] = [];
  const placed: [number, number][] = [];
  const line = (label: string, data: P[], style: Record<string, unknown>): void => {
    datasets.push({
      label,
      data,
      parsing: false,
      showLine: true,
      spanGaps: false,
      pointRadius: 0,
      pointHoverRadius: 0,
      fill: false,
      ...style,
    });
  };

  // direction field: a shaft per arrow with a small filled head at its tip, light grey
  if (pp.field) {
    const f = pp.field;
    const data: P[] = [];
    const radius: number[] = [];
    const rot: number[] = [];
    const head = 3.2; // px
    for (let k = 0; k < f.x.length; k++) {
      if (!(f.u[k] !== 0 || f.v[k] !== 0)) continue;
      const x0 = f.x[k] - f.u[k] / 2,
        y0 = f.y[k] - f.v[k] / 2;
      const x1 = f.x[k] + f.u[k] / 2,
        y1 = f.y[k] + f.v[k] / 2;
      // the head's centre sits one head-radius back from the tip (converted to data units)
      const lpx = Math.hypot(f.u[k] * pxX, f.v[k] * pxY);
      const back = lpx > 0 ? (0.6 * head) / lpx : 0;
      data.push({ x: x0, y: y0 }, { x: x1 - back * f.u[k], y: y1 - back * f.v[k] }, { x: x1, y: y1 }, BREAK);
      radius.push(0, head, 0, 0);
      const r = rotation(f.u[k], f.v[k]);
      rot.push(0, r, 0, 0);
    }
    line('direction field', data, {
      borderColor: '#b3b3b3',
      backgroundColor: '#b3b3b3',
      borderWidth: 1,
      pointStyle: radius.map((r) => (r > 0 ? 'triangle' : 'line')),
      pointRadius: radius,
      rotation: rot,
      pointBorderWidth: radius.map((r) => (r > 0 ? 0.5 : 1)),
      order: 20,
    });
  }

  // nullclines
  [x.variable, y.variable].forEach((v, i) => {
    const data = polylines(pp.nullclines[v] ?? []);
    if (data.length === 0) return;
    line(`${v}-nullcline${nullTag}`, data, {
      borderColor: colour(i),
      backgroundColor: colour(i),
      borderWidth: 2.4,
      pointStyle: 'line',
      order: 9 - i,
    });
  });

  // threshold and reset lines of hybrid models; the legend says which is dashed because chart.js
  // draws a point-style legend marker without the dataset's dash pattern
  pp.events.forEach((e) => {
    const th = polylines(e.threshold);
    if (th.length)
      line(`${e.event} threshold (dashed)`, th, {
        borderColor: ink.text,
        backgroundColor: ink.text,
        borderWidth: 1.4,
        borderDash: [7, 4],
        pointStyle: 'line',
        order: 7,
      });
    const rs = polylines(e.reset);
    if (rs.length)
      line(`${e.event} reset (dotted)`, rs, {
        borderColor: ink.muted,
        backgroundColor: ink.muted,
        borderWidth: 1.4,
        borderDash: [2, 3],
        pointStyle: 'line',
        order: 6.5,
      });
  });

  // the limit cycle, black and thick
  if (pp.limitCycle) {
    const { data, radius, rot } = withArrowheads(
      placed,
      pp.limitCycle.orbit,
      x.variable,
      y.variable,
      pxX,
      pxY,
      rotation,
      5.5,
      inBox,
      [[0.1], [0.43], [0.76]],
      Infinity,
    );
    line(`limit cycle${projected}`, data, {
      borderColor: ink.text,
      backgroundColor: ink.text,
      borderWidth: 3,
      pointStyle: radius.map((r) => (r > 0 ? 'triangle' : 'line')),
      pointRadius: radius,
      rotation: rot,
      pointBorderWidth: radius.map((r) => (r > 0 ? 0.5 : 3)),
      order: 2,
    });
  }

  // trajectories: dark grey, an arrowhead halfway along each segment (by arc length in pixels)
  const trajSegments: Segment[] = pp.trajectories.flatMap((t) => t.segments);
  if (trajSegments.length) {
    const { data, radius, rot } = withArrowheads(
      placed,
      trajSegments,
      x.variable,
      y.variable,
      pxX,
      pxY,
      rotation,
      4.5,
      inBox,
    );
    line(`trajectories${projected}`, data, {
      borderColor: '#4d4d4d',
      backgroundColor: '#4d4d4d',
      borderWidth: 1.3,
      pointStyle: radius.map((r) => (r > 0 ? 'triangle' : 'line')),
      pointRadius: radius,
      rotation: rot,
      pointBorderWidth: radius.map((r) => (r > 0 ? 0.5 : 1.3)),
      order: 6,
    });
    const starts = pp.trajectories.filter(
      (t) => t.direction === 'forward' || pp.trajectories.every((u) => u.direction === 'backward'),
    );
    const pts = starts.map((t) => ({ x: t.from[x.variable], y: t.from[y.variable] })).filter((p) => inBox(p.x, p.y));
    if (pts.length) {
      datasets.push({
        label: 'initial conditions',
        data: pts,
        parsing: false,
        showLine: false,
        pointStyle: 'circle',
        pointRadius: 2.6,
        pointBorderWidth: 0,
        backgroundColor: '#4d4d4d',
        borderColor: '#4d4d4d',
        order: 5,
      });
    }
  }

  // separatrices
  for (const kind of ['stable', 'unstable'] as const) {
    const segs = pp.separatrices.filter((s) => s.kind === kind).flatMap((s) => s.trajectory.segments);
    if (!segs.length) continue;
    const c = kind === 'stable' ? colour(2) : colour(3);
    const { data, radius, rot } = withArrowheads(placed, segs, x.variable, y.variable, pxX, pxY, rotation, 4.5, inBox);
    line(`${kind} manifold${segs.length > 1 ? 's' : ''}${projected}${kind === 'stable' ? ' (dashed)' : ''}`, data, {
      borderColor: c,
      backgroundColor: c,
      borderWidth: 1.8,
      pointStyle: radius.map((r) => (r > 0 ? 'triangle' : 'line')),
      pointRadius: radius,
      rotation: rot,
      pointBorderWidth: radius.map((r) => (r > 0 ? 0.5 : 1.8)),
      order: kind === 'stable' ? 4.5 : 4,
      ...(kind === 'stable' ? { borderDash: [8, 4] } : {}),
    });
  }

  // fixed points: filled = stable, open = unstable, open diamond = saddle
  const groups: [string, (s: string, stable: boolean) => boolean, Record<string, unknown>][] = [
    ['stable', (_s, st) => st, { pointStyle: 'circle', backgroundColor: ink.text, borderColor: ink.text }],
    [
      'unstable',
      (s, st) => !st && s !== 'saddle' && s !== 'saddle-focus',
      { pointStyle: 'circle', backgroundColor: '#ffffff', borderColor: ink.text },
    ],
    [
      'saddle',
      (s) => s === 'saddle' || s === 'saddle-focus',
      { pointStyle: 'rectRot', backgroundColor: '#ffffff', borderColor: ink.text },
    ],
  ];
  for (const [name, test, style] of groups) {
    const fps = pp.fixedPoints.filter((f) => test(f.stability, f.stable));
    if (!fps.length) continue;
    const kinds = [...new Set(fps.map((f) => f.stability))].join(', ');
    datasets.push({
      label: `${kinds}${projected}`,
      data: fps.map((f) => ({ x: f.state[x.variable], y: f.state[y.variable] })),
      parsing: false,
      showLine: false,
      pointRadius: name === 'saddle' ? 7.5 : 6.5,
      pointBorderWidth: 2,
      order: name === 'stable' ? 1 : name === 'unstable' ? 0.5 : 0,
      ...style,
    });
  }

  const xl = options.labels?.[x.variable] ?? x.variable;
  const yl = options.labels?.[y.variable] ?? y.variable;
  const config: ChartConfiguration<'scatter'> = {
    type: 'scatter',
    data: { datasets: datasets as unknown as ChartConfiguration<'scatter'>['data']['datasets'] },
    options: {
      ...baseOptions<'scatter'>(legend),
      scales: {
        x: linearAxis({ title: xl, unit: x.unit, position: 'bottom', min: x.min, max: x.max, grid: false }),
        y: linearAxis({ title: yl, unit: y.unit, position: 'left', min: y.min, max: y.max, grid: false }),
      } as NonNullable<ChartConfiguration<'scatter'>['options']>['scales'],
    },
  };
  const plugins = (config.options!.plugins ??= {}) as Record<string, any>;
  // legend from the bottom layer up: field, nullclines, ..., fixed points (chart.js lists by `order`)
  if (plugins.legend) plugins.legend.reverse = true;
  if (legend === 'right') {
    plugins.legend.align = 'center';
    // the width this layout gives the legend: chart.js otherwise caps a side legend at a share of
    // the chart's width (~150 px at 900) and cuts labels such as "spike threshold (dashed)"
    plugins.legend.maxWidth = LEGEND_W;
    plugins.legend.labels = { ...plugins.legend.labels, padding: 12, font: { family: fonts.family, size: 12 } };
  }
  // a frame around the plot area (top and right edges as unlabelled axes)
  const scales = config.options!.scales as Record<string, any>;
  scales.x.ticks.includeBounds = true;
  scales.y.ticks.includeBounds = true;
  scales.x2 = {
    type: 'linear',
    position: 'top',
    min: x.min,
    max: x.max,
    ticks: { display: false },
    grid: { display: false, drawTicks: false },
    border: { display: true, color: ink.axis, width: 1 },
  };
  scales.y2 = {
    type: 'linear',
    position: 'right',
    min: y.min,
    max: y.max,
    ticks: { display: false },
    grid: { display: false, drawTicks: false },
    border: { display: true, color: ink.axis, width: 1 },
  };
  const which =
    system === 'projection' ? ` (projection of the full system)` : system === 'reduced' ? ' (reduced system)' : '';
  figureTitle(
    config,
    options.title ?? `${pp.model}: phase plane ${x.variable}–${y.variable}${which}`,
    options.subtitle ?? defaultSubtitle(pp),
  );
  return config;
}

function defaultSubtitle(pp: PhasePortrait): string {
  const parts: string[] = [];
  const ps = Object.entries(pp.params).map(([k, v]) => `${k} = ${fmt(v)}`);
  if (ps.length) parts.push(ps.join(', '));
  // what the figure shows, when the model has variables outside the plane
  if (pp.system && pp.system !== 'planar' && pp.shows) parts.push(pp.shows);
  else {
    const held = Object.entries(pp.held).map(([k, v]) => `${k} = ${fmt(v)}`);
    if (held.length) parts.push(`held: ${held.join(', ')}`);
  }
  if (pp.limitCycle)
    parts.push(
      `limit cycle: period ${fmt(pp.limitCycle.period)}${pp.timeUnit && pp.timeUnit !== '1' ? ' ' + pp.timeUnit : ''}`,
    );
  return parts.join('   ·   ');
}

const fmt = (v: number): string => String(Number(v.toPrecision(4)));

function polylines(lines: Polyline[]): P[] {
  const out: P[] = [];
  for (const l of lines) {
    for (let i = 0; i < l.x.length; i++) out.push({ x: l.x[i], y: l.y[i] });
    out.push(BREAK);
  }
  return out;
}

/**
 * Points of segments (breaks between them) with an arrowhead at the middle of each (by pixel arc
 * length) pointing along the flow; segments outside the box get no head.
 */
function withArrowheads(
  placed: [number, number][],
  segments: Segment[],
  xv: string,
  yv: string,
  pxX: number,
  pxY: number,
  rotation: (dx: number, dy: number) => number,
  head: number,
  inBox: (a: number, b: number) => boolean,
  spots: number[][] = [[0.5, 0.3, 0.7, 0.2, 0.85]],
  /** only the first `span` pixels of the stretch count (the head shows where a trajectory starts off) */
  span = 260,
): { data: P[]; radius: number[]; rot: number[] } {
  const data: P[] = [];
  const radius: number[] = [];
  const rot: number[] = [];
  for (const s of segments) {
    const xs = s.y[xv],
      ys = s.y[yv];
    const n = xs.length;
    // backward runs list points in reverse time; the flow direction follows t
    const forward = n < 2 || s.t[n - 1] >= s.t[0];
    // the first stretch inside the box, measured in pixels
    let first = 0;
    while (first < n && !inBox(xs[first], ys[first])) first++;
    let last = first;
    const cum: number[] = [0];
    while (last + 1 < n && inBox(xs[last + 1], ys[last + 1])) {
      cum.push(cum[cum.length - 1] + Math.hypot((xs[last + 1] - xs[last]) * pxX, (ys[last + 1] - ys[last]) * pxY));
      last++;
    }
    const total = Math.min(cum[cum.length - 1], span);
    const marks = new Set<number>();
    if (total > 40) {
      // at each spot (fractions of the stretch, with fall-backs when the spot is within 24 px of a
      // head already drawn: trajectories on a cycle repeat the same spot)
      for (const fallbacks of spots) {
        for (const frac of fallbacks) {
          const k = cum.findIndex((c) => c >= frac * total);
          if (k <= 0) continue;
          const i = first + k;
          const hx = xs[i] * pxX,
            hy = ys[i] * pxY;
          if (placed.some(([a, b]) => Math.hypot(a - hx, b - hy) < 24)) continue;
          placed.push([hx, hy]);
          marks.add(i);
          break;
        }
      }
    }
    for (let i = 0; i < n; i++) {
      data.push({ x: xs[i], y: ys[i] });
      if (marks.has(i)) {
        const j = Math.min(n - 1, i + 1),
          k = Math.max(0, i - 1);
        const dx = (xs[j] - xs[k]) * (forward ? 1 : -1),
          dy = (ys[j] - ys[k]) * (forward ? 1 : -1);
        radius.push(head);
        rot.push(rotation(dx, dy));
      } else {
        radius.push(0);
        rot.push(0);
      }
    }
    data.push(BREAK);
    radius.push(0);
    rot.push(0);
  }
  return { data, radius, rot };
}
