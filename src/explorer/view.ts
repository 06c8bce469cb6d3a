/**
 * One frame of the explorer: the library's phase portrait for the current state, the clicked
 * trajectories, and the chart.js configs that draw them. Pure computation on library calls (no
 * DOM), so the page, the tests and the benchmark compute a frame the same way.
 */
import type { ChartConfiguration } from 'chart.js';
import type { Model } from '../model/model.js';
import { phasePortrait, type PhasePortrait } from '../single/phase.js';
import { trajectories, type Trajectory } from '../single/trajectories.js';
import { simulate } from '../single/simulate.js';
import { parseAxis, type AxisSpec } from '../single/plane.js';
import { phaseChart } from '../plot/phase.js';
import { colour, ink } from '../plot/theme.js';
import { PLANES, type ViewState } from './state.js';

/** Trajectories spread over the plane in every frame (besides the clicked ones). */
export const SPREAD = 8;

export interface Frame {
  pp: PhasePortrait;
  /** the clicked trajectories, in click order */
  clicked: Trajectory[];
  phase: ChartConfiguration<'scatter'>;
  ms: number;
}

/** What the page exposes per frame for tests (window.isocline). */
export interface FrameData {
  model: string;
  params: Record<string, number>;
  x: AxisSpec;
  y: AxisSpec;
  fixedPoints: { x: number; y: number; stability: string; eigenvalues: { re: number; im: number }[] }[];
  cycle: { period: number } | null;
  trajectories: number;
}

/**
 * Compute a frame.
 * @example const f = computeFrame(model, state); f.pp.fixedPoints[0].stability
 */
export function computeFrame(model: Model, s: ViewState, size = { width: 1000, height: 700 }): Frame {
  const t0 = performance.now();
  const common = { x: s.x, y: s.y, params: s.params, state: hasHeld(s) ? s.held : undefined };
  // a coarser grid than the CLI's 201 points: the nullclines look the same on a screen, in half the time
  const pp = phasePortrait(model, { ...common, trajectories: SPREAD, resolution: 121, arrows: 17 });
  const clicked: Trajectory[] = [];
  for (const c of s.clicks) {
    const [t] = trajectories(model, {
      ...common,
      from: [[c.x, c.y]],
      direction: c.backward ? 'backward' : 'forward',
      duration: pp.duration,
    });
    clicked.push(t);
  }
  const shown = { ...pp, trajectories: [...pp.trajectories, ...clicked] };
  const phase = phaseChart(shown, { ...size, legend: 'bottom', title: model.description ?? model.name });
  return { pp, clicked, phase, ms: performance.now() - t0 };
}

function hasHeld(s: ViewState): boolean {
  return Object.keys(s.held).length > 0;
}

/** The frame's data for tests and for the page's readouts. */
export function frameData(f: Frame): FrameData {
  const { pp } = f;
  return {
    model: pp.model,
    params: pp.params,
    x: { variable: pp.x.variable, min: pp.x.min, max: pp.x.max },
    y: { variable: pp.y.variable, min: pp.y.min, max: pp.y.max },
    fixedPoints: pp.fixedPoints.map((p) => ({
      x: p.state[pp.x.variable],
      y: p.state[pp.y.variable],
      stability: p.stability,
      eigenvalues: p.eigenvalues.map((e) => ({ re: e.re, im: e.im })),
    })),
    cycle: pp.limitCycle ? { period: pp.limitCycle.period } : null,
    trajectories: pp.trajectories.length + f.clicked.length,
  };
}

/**
 * The plane a model opens on: a bundled model's known plane, else the range a simulation from
 * the initial state covers (padded), else [-2, 2] for each of the first two variables.
 */
export function defaultPlane(model: Model, preset: string | null): { x: AxisSpec; y: AxisSpec } {
  const known = preset ? PLANES[preset] : undefined;
  if (known) return { x: parseAxis(known[0]), y: parseAxis(known[1]) };
  const [a, b] = model.variableNames;
  const box = (v: string, lo: number, hi: number): AxisSpec => {
    if (!(Number.isFinite(lo) && Number.isFinite(hi)) || hi - lo < 1e-9) {
      const c = Number.isFinite(lo) ? lo : 0;
      const w = Math.max(2, Math.abs(c));
      return { variable: v, min: c - w, max: c + w };
    }
    const pad = 0.25 * (hi - lo);
    return { variable: v, min: lo - pad, max: hi + pad };
  };
  try {
    const r = simulate(model, { t: 200 });
    const range = (v: string): [number, number] => {
      const ys = r.y[v] as ArrayLike<number>;
      let lo = Infinity,
        hi = -Infinity;
      for (let i = 0; i < ys.length; i++)
        if (Number.isFinite(ys[i])) (lo = Math.min(lo, ys[i])), (hi = Math.max(hi, ys[i]));
      return [lo, hi];
    };
    return { x: box(a, ...range(a)), y: box(b, ...range(b)) };
  } catch {
    return { x: { variable: a, min: -2, max: 2 }, y: { variable: b, min: -2, max: 2 } };
  }
}

/** A time-series chart (both plane variables against time) of a clicked trajectory. */
export function trajectoryChart(t: Trajectory, x: string, y: string, timeUnit?: string): ChartConfiguration<'line'> {
  const pts = (v: string): { x: number; y: number }[] =>
    t.segments.flatMap((s) => Array.from(s.t, (ti, i) => ({ x: ti, y: s.y[v][i] })));
  return {
    type: 'line',
    data: {
      datasets: [
        { label: x, data: pts(x), borderColor: colour(0), pointRadius: 0, borderWidth: 1.6, yAxisID: 'y' },
        { label: y, data: pts(y), borderColor: colour(1), pointRadius: 0, borderWidth: 1.6, yAxisID: 'y2' },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      scales: {
        x: {
          type: 'linear',
          title: { display: true, text: `t${timeUnit && timeUnit !== '1' ? ` (${timeUnit})` : ''}` },
        },
        y: { type: 'linear', position: 'left', title: { display: true, text: x, color: colour(0) } },
        y2: {
          type: 'linear',
          position: 'right',
          grid: { drawOnChartArea: false },
          title: { display: true, text: y, color: colour(1) },
        },
      },
      plugins: { legend: { labels: { color: ink.text } } },
    },
  };
}
