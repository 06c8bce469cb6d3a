/**
 * What a view is (model text, parameter values, plane, clicked trajectories, continuation
 * parameter) and everything derived from it without computing: slider ranges, default planes, the
 * URL hash, and the exports that reproduce the view elsewhere (CLI command, notebook cell).
 */
import type { AxisSpec } from '../single/plane.js';
import type { Model } from '../model/model.js';

export interface ClickedTrajectory {
  x: number;
  y: number;
  backward: boolean;
}

export interface ViewState {
  /** a bundled model's name when the text is that model's file unchanged (keeps links short) */
  preset: string | null;
  /** the model text (YAML or equations); empty when `preset` names it */
  text: string;
  params: Record<string, number>;
  x: AxisSpec;
  y: AxisSpec;
  /** values of the variables outside the plane */
  held: Record<string, number>;
  clicks: ClickedTrajectory[];
  /** the parameter of the continuation panel, or null for none */
  continuation: string | null;
}

/** Planes that show each bundled model's interesting region (the CLI's and tests' choices). */
export const PLANES: Record<string, [string, string]> = {
  'fitzhugh-nagumo': ['v:-2.5:2', 'w:-1:2'],
  'morris-lecar': ['v:-80:60', 'w:-0.1:0.6'],
  izhikevich: ['v:-90:40', 'u:-20:10'],
  adex: ['v:-80:0', 'w:-100:1200'],
  'hodgkin-huxley': ['v:-80:40', 'n:0:1'],
};

/** Models with fewer than two variables have no plane. */
export function hasPlane(model: Model): boolean {
  return model.variableNames.length >= 2;
}

/**
 * A slider's range: around the value, [v - 2|v|, v + 2|v|], or [-1, 1] for 0; widened to hold
 * every preset's value of the parameter.
 * @example sliderRange(0.5) // [-0.5, 1.5]
 */
export function sliderRange(value: number, presets: number[] = []): [number, number] {
  let lo = value === 0 ? -1 : value - 2 * Math.abs(value);
  let hi = value === 0 ? 1 : value + 2 * Math.abs(value);
  for (const p of presets) {
    lo = Math.min(lo, p - 0.1 * Math.abs(p));
    hi = Math.max(hi, p + 0.1 * Math.abs(p));
  }
  return [lo, hi];
}

/** Encode the state as a URL hash (`#s=` + URI-encoded JSON: readable, copyable). */
export function toHash(s: ViewState): string {
  return '#s=' + encodeURIComponent(JSON.stringify(s));
}

/** The state in a hash, or null when there is none or it does not parse. */
export function fromHash(hash: string): ViewState | null {
  const m = /^#?s=(.*)$/.exec(hash);
  if (!m) return null;
  try {
    const s = JSON.parse(decodeURIComponent(m[1])) as ViewState;
    return s && typeof s === 'object' && s.x && s.y ? { ...s, clicks: s.clicks ?? [], held: s.held ?? {} } : null;
  } catch {
    return null;
  }
}

function num(v: number): string {
  return String(Number(v.toPrecision(6)));
}

function axisText(a: AxisSpec): string {
  return `${a.variable}:${num(a.min)}:${num(a.max)}`;
}

function changedParams(model: Model, params: Record<string, number>): [string, number][] {
  const base = model.parameters;
  return Object.entries(params).filter(([k, v]) => base[k] !== v);
}

function quote(s: string): string {
  return /^[\w.:\/=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The `isocline phase` command that draws the same plane (the model file written out first when
 * it is not a bundled one).
 */
export function cliCommand(s: ViewState, model: Model): string {
  const file = s.preset ?? `${model.name}.yaml`;
  const parts = ['isocline phase', quote(file), '--x', axisText(s.x), '--y', axisText(s.y)];
  for (const [k, v] of changedParams(model, s.params)) parts.push('--set', `${k}=${num(v)}`);
  const held = Object.entries(s.held);
  if (held.length) parts.push('--hold', held.map(([k, v]) => `${k}=${num(v)}`).join(','));
  if (s.clicks.length) {
    for (const c of s.clicks) parts.push('--trajectory', `${num(c.x)},${num(c.y)}`);
  } else parts.push('--trajectories', '8');
  parts.push('--png', `${model.name}-phase.png`);
  return parts.join(' ');
}

/** A notebook (tslab) cell drawing the same plane with the library. */
export function notebookCell(s: ViewState, model: Model, text: string): string {
  const load = s.preset
    ? `const model = loadModel(${JSON.stringify(s.preset)});`
    : `const model = new Model(parseModelFile(${JSON.stringify(text)}));`;
  const params = Object.fromEntries(changedParams(model, s.params).map(([k, v]) => [k, Number(num(v))]));
  const from = s.clicks.map((c) => [Number(num(c.x)), Number(num(c.y))]);
  const opts = {
    x: axisText(s.x),
    y: axisText(s.y),
    params,
    ...(Object.keys(s.held).length ? { state: s.held } : {}),
    trajectories: from.length ? from : 8,
  };
  return [
    "import { Model, loadModel, parseModelFile, phasePortrait, phaseChart, show } from 'isocline';",
    load,
    `const pp = phasePortrait(model, ${JSON.stringify(opts)});`,
    'show(phaseChart(pp));',
  ].join('\n');
}
