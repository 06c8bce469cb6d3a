/// <reference lib="dom" />
/**
 * The explorer page: the model text, sliders, plane and panels wired to the library. It computes
 * nothing of its own (view.ts calls the library; the worker runs the continuation) and exposes
 * each frame's data on `window.isocline` for tests and benchmarks.
 */
import { Chart, registerables, type ChartConfiguration } from 'chart.js';
import { draw as drawInto, splitMarks, withTooltips } from './charts.js';
import type { Model } from '../model/model.js';
import { continuationChart } from '../plot/continuation.js';
import type { ContinuationResult } from '../continuation/types.js';
import YAML from 'yaml';
import { isEquations, ModelTextError, parseModelText } from './model-text.js';
import { cliCommand, fromHash, hasPlane, notebookCell, sliderRange, toHash, type ViewState } from './state.js';
import { computeFrame, defaultPlane, frameData, trajectoryChart, type Frame, type FrameData } from './view.js';
import type { ContinuationRequest } from './worker.js';

declare const __ISOCLINE_MODELS__: Record<string, string>;
declare const __ISOCLINE_WORKER__: string;

Chart.register(...registerables);

interface Api extends Partial<FrameData> {
  ready: boolean;
  /** frames drawn so far (a test waits for it to grow) */
  frames: number;
  lastRedrawMs: number;
  /** of lastRedrawMs, the time in the library (the rest is chart.js drawing) */
  lastLibraryMs: number;
  errors: { message: string; line: number; column: number }[];
  /** the diagram's special points, branch count and the marker's parameter value */
  continuation: { special: { type: string; param: number }[]; branches: number; marker?: number } | null;
  state: ViewState | null;
  /** the last fixed-point tooltip shown (stability, eigenvalues) */
  tooltip?: string[];
  /** where a plane point is on the plane canvas, in CSS pixels (for tests that click) */
  pixelOf(x: number, y: number): { x: number; y: number } | null;
}
const api: Api = {
  ready: false,
  frames: 0,
  lastRedrawMs: 0,
  lastLibraryMs: 0,
  errors: [],
  continuation: null,
  state: null,
  pixelOf: (x, y) => (plane ? { x: plane.scales.x.getPixelForValue(x), y: plane.scales.y.getPixelForValue(y) } : null),
};
(window as unknown as { isocline: Api }).isocline = api;

const MODELS = __ISOCLINE_MODELS__;
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const text = $<HTMLTextAreaElement>('text');

let model: Model | null = null;
let state: ViewState | null = null;
let frame: Frame | null = null;
let plane: Chart | null = null;
let series: Chart | null = null;
let cont: Chart | null = null;
let contResult: ContinuationResult | null = null;
const draw = (old: Chart | null, id: string, config: ChartConfiguration): Chart =>
  drawInto(old, $<HTMLCanvasElement>(id), config);
let hashTimer: ReturnType<typeof setTimeout> | undefined;

function showError(e: unknown): void {
  const placed = e instanceof ModelTextError ? e : null;
  const message = e instanceof Error ? e.message : String(e);
  api.errors = [{ message, line: placed?.line ?? 0, column: placed?.column ?? 0 }];
  $('error').textContent = message;
}

/** Parse the text; on success rebuild the controls the model's names changed, and redraw. */
function load(source: string, preset: string | null, restore?: ViewState): void {
  let m: Model;
  try {
    m = parseModelText(source, preset ?? 'typed');
  } catch (e) {
    showError(e);
    return;
  }
  api.errors = [];
  $('error').textContent = '';
  const same = model && m.variableNames.join() === model.variableNames.join();
  const oldParams = state?.params ?? {};
  model = m;
  const params = { ...m.parameters };
  // a parameter keeps its slider value while the user edits the text, unless the text changed it
  for (const k of Object.keys(params)) if (same && k in oldParams && restore === undefined) params[k] = oldParams[k];
  if (!hasPlane(m)) {
    state = null;
    showError(new Error(`model '${m.name}' has ${m.variableNames.length} variable: a phase plane needs two`));
    buildSliders(m, params);
    return;
  }
  const axes = restore ?? (same && state ? state : defaultPlane(m, preset));
  state = restore ?? {
    preset,
    text: preset ? '' : source,
    params,
    x: axes.x,
    y: axes.y,
    held: same && state ? state.held : {},
    clicks: same && state ? state.clicks : [],
    continuation: same && state ? state.continuation : null,
  };
  state.preset = preset;
  state.text = preset ? '' : source;
  buildSliders(m, state.params);
  buildPlane(m);
  redraw();
}

function buildSliders(m: Model, params: Record<string, number>): void {
  const box = $('sliders');
  box.textContent = '';
  const presets = m.spec.presets ?? {};
  for (const name of m.parameterNames) {
    const v = params[name];
    const [lo, hi] = sliderRange(
      m.parameters[name],
      Object.values(presets).flatMap((p) => (name in p ? [p[name]] : [])),
    );
    const row = document.createElement('div');
    row.className = 'slider';
    row.innerHTML = `<label>${name}</label><input type="range" min="${Math.min(lo, v)}" max="${Math.max(hi, v)}"
      step="${(hi - lo) / 1000}" value="${v}" data-param="${name}"><input type="number" step="any" value="${v}">`;
    const [range, box2] = [row.children[1] as HTMLInputElement, row.children[2] as HTMLInputElement];
    const set = (value: number): void => {
      if (!state || !Number.isFinite(value)) return;
      state.params[name] = value;
      redraw();
    };
    range.addEventListener('input', () => {
      box2.value = String(Number(Number(range.value).toPrecision(6)));
      set(Number(range.value));
    });
    box2.addEventListener('change', () => set(Number(box2.value)));
    box.appendChild(row);
  }
  const pset = $<HTMLSelectElement>('pset');
  const names = Object.keys(presets);
  pset.hidden = names.length === 0;
  pset.innerHTML = '<option value="">preset…</option>' + names.map((n) => `<option>${n}</option>`).join('');
  const cp = $<HTMLSelectElement>('cparam');
  cp.innerHTML = m.parameterNames.map((p) => `<option>${p}</option>`).join('');
  if (state?.continuation) cp.value = state.continuation;
}

function buildPlane(m: Model): void {
  if (!state) return;
  const s = state;
  const opts = m.variableNames.map((v) => `<option>${v}</option>`).join('');
  for (const [axis, a] of [
    ['x', s.x],
    ['y', s.y],
  ] as const) {
    const sel = $<HTMLSelectElement>(`${axis}var`);
    sel.innerHTML = opts;
    sel.value = a.variable;
    $<HTMLInputElement>(`${axis}min`).value = String(a.min);
    $<HTMLInputElement>(`${axis}max`).value = String(a.max);
  }
  const held = $('held');
  held.textContent = '';
  for (const v of m.variableNames) {
    if (v === s.x.variable || v === s.y.variable) continue;
    const row = document.createElement('div');
    row.className = 'row';
    row.innerHTML = `held ${v} = <input type="number" step="any" placeholder="initial" value="${s.held[v] ?? ''}">`;
    const input = row.children[0] as HTMLInputElement;
    input.addEventListener('change', () => {
      if (input.value === '') delete s.held[v];
      else s.held[v] = Number(input.value);
      redraw();
    });
    held.appendChild(row);
  }
}

function readPlane(): void {
  if (!state || !model) return;
  const get = (id: string): number => Number($<HTMLInputElement>(id).value);
  const x = $<HTMLSelectElement>('xvar').value,
    y = $<HTMLSelectElement>('yvar').value;
  if (x === y) {
    showError(new Error('the two plane variables must differ'));
    return;
  }
  const changed = x !== state.x.variable || y !== state.y.variable;
  state.x = { variable: x, min: get('xmin'), max: get('xmax') };
  state.y = { variable: y, min: get('ymin'), max: get('ymax') };
  if (changed) {
    for (const v of [x, y]) delete state.held[v];
    state.clicks = [];
    buildPlane(model);
  }
  redraw();
}

/** Recompute and redraw the plane; the time for it is what a slider move costs. */
function redraw(): void {
  if (!model || !state) return;
  const t0 = performance.now();
  try {
    frame = computeFrame(model, state, sizeOf('plane-box'));
  } catch (e) {
    showError(e);
    return;
  }
  api.errors = [];
  $('error').textContent = '';
  withTooltips(
    frame,
    () => frame,
    (lines) => (api.tooltip = lines),
  );
  splitMarks(frame.phase as ChartConfiguration);
  plane = draw(plane, 'plane', frame.phase as ChartConfiguration);
  if (frame.clicked.length) {
    const t = frame.clicked[frame.clicked.length - 1];
    series = draw(
      series,
      'series',
      trajectoryChart(t, state.x.variable, state.y.variable, frame.pp.timeUnit) as ChartConfiguration,
    );
  }
  if (contResult) moveMarker();
  Object.assign(api, frameData(frame), {
    state: structuredClone(state),
    lastRedrawMs: performance.now() - t0,
    lastLibraryMs: frame.ms,
  });
  api.frames++;
  api.ready = true;
  // the link follows the view a moment after the last change (replaceState costs ms per call)
  clearTimeout(hashTimer);
  hashTimer = setTimeout(() => state && history.replaceState(null, '', toHash(state)), 200);
  $('status').textContent = `frame ${api.lastRedrawMs.toFixed(0)} ms (library ${frame.ms.toFixed(0)} ms)`;
}

function sizeOf(id: string): { width: number; height: number } {
  const r = $(id).getBoundingClientRect();
  return { width: Math.max(400, r.width), height: Math.max(300, r.height) };
}

// --- continuation in the worker -------------------------------------------------------------------
let worker: Worker | null = null;
let request = 0;

function runContinuation(): void {
  if (!model || !state) return;
  const param = $<HTMLSelectElement>('cparam').value;
  state.continuation = param;
  const slider = document.querySelector<HTMLInputElement>(`#sliders input[data-param="${param}"]`)!;
  worker ??= new Worker(URL.createObjectURL(new Blob([__ISOCLINE_WORKER__], { type: 'text/javascript' })));
  const id = ++request;
  const q: ContinuationRequest = {
    id,
    text: state.preset ? MODELS[state.preset] : state.text,
    param,
    from: Number(slider.min),
    to: Number(slider.max),
    params: state.params,
    ranges: { [state.x.variable]: [state.x.min, state.x.max], [state.y.variable]: [state.y.min, state.y.max] },
    cycles: !model.spec.events?.length,
  };
  $('status').textContent = `continuation in ${param}…`;
  worker.onmessage = (e: MessageEvent<{ id: number; result?: ContinuationResult; error?: string; ms?: number }>) => {
    if (e.data.id !== request) return;
    if (e.data.error || !e.data.result) {
      showError(new Error(`continuation: ${e.data.error}`));
      return;
    }
    const r = (contResult = e.data.result);
    api.continuation = {
      special: r.special.map((s) => ({ type: s.type, param: s.param })),
      branches: r.branches.length,
    };
    drawContinuation();
    $('status').textContent = `continuation in ${param}: ${e.data.ms!.toFixed(0)} ms in the worker`;
  };
  worker.postMessage(q);
}

/** The diagram, with a vertical marker at the slider's value of its parameter. */
/** A slider move: only the diagram's marker moves (rebuilding the diagram each frame costs ms). */
function moveMarker(): void {
  const marker = cont?.data.datasets.at(-1) as { label?: string; data: { x: number; y: number }[] } | undefined;
  const param = contResult?.branches[0]?.param;
  if (!cont || !marker || !state || !param || !marker.label?.startsWith(`${param} = `)) {
    drawContinuation();
    return;
  }
  const at = state.params[param];
  marker.label = `${param} = ${Number(at.toPrecision(4))}`;
  for (const p of marker.data) p.x = at;
  if (api.continuation) api.continuation.marker = at;
  cont.update('none');
}

function drawContinuation(): void {
  if (!contResult || !state) return;
  const param = contResult.branches[0]?.param ?? state.continuation!;
  const config = continuationChart(contResult, { variable: state.x.variable, legend: 'bottom' });
  const y = config.options?.scales?.y as { min?: number; max?: number } | undefined;
  const at = state.params[param];
  config.data.datasets.push({
    label: `${param} = ${Number(at.toPrecision(4))}`,
    data: [
      { x: at, y: y?.min ?? -1 },
      { x: at, y: y?.max ?? 1 },
    ],
    showLine: true,
    borderColor: '#888',
    borderDash: [4, 4],
    pointRadius: 0,
    borderWidth: 1,
  } as never);
  cont = draw(cont, 'cont', config as ChartConfiguration);
  if (api.continuation) api.continuation.marker = at;
}

// --- exports -------------------------------------------------------------------------------------
function exportText(kind: 'model' | 'cli' | 'nb' | 'link'): void {
  if (!model || !state) return;
  // typed equations are exported as the model file they make (what `isocline phase` and parseModelFile read)
  const source = state.preset
    ? MODELS[state.preset]
    : isEquations(state.text)
      ? YAML.stringify(model.spec)
      : state.text;
  const out =
    kind === 'model'
      ? source
      : kind === 'cli'
        ? cliCommand(state, model)
        : kind === 'nb'
          ? notebookCell(state, model, source)
          : location.href;
  $<HTMLTextAreaElement>('export').value = out;
}

function exportPng(): void {
  if (!plane) return;
  const a = document.createElement('a');
  a.href = plane.toBase64Image('image/png', 1);
  a.download = `${model?.name ?? 'phase'}-phase.png`;
  a.click();
}

// --- wiring ---------------------------------------------------------------------------------------
function onPlaneClick(e: MouseEvent): void {
  if (!plane || !state) return;
  const x = plane.scales.x.getValueForPixel(e.offsetX),
    y = plane.scales.y.getValueForPixel(e.offsetY);
  if (x === undefined || y === undefined || x < state.x.min || x > state.x.max || y < state.y.min || y > state.y.max)
    return;
  state.clicks.push({ x, y, backward: e.shiftKey });
  redraw();
}

function start(): void {
  const preset = $<HTMLSelectElement>('preset');
  preset.innerHTML =
    '<option value="">(typed model)</option>' +
    Object.keys(MODELS)
      .map((n) => `<option>${n}</option>`)
      .join('');
  const boot =
    (window as unknown as { __ISOCLINE_START__?: { preset?: string; text?: string } }).__ISOCLINE_START__ ?? {};
  const query = new URLSearchParams(location.search).get('model');
  const saved = fromHash(location.hash);
  const first = saved?.preset ?? (saved ? null : (query ?? boot.preset ?? (boot.text ? null : 'fitzhugh-nagumo')));
  const source = first && MODELS[first] ? MODELS[first] : (saved?.text ?? boot.text ?? '');
  preset.value = first && MODELS[first] ? first : '';
  text.value = source;
  load(source, first && MODELS[first] ? first : null, saved ?? undefined);
  preset.addEventListener('change', () => {
    if (!preset.value) return;
    state = null;
    model = null;
    contResult = null;
    text.value = MODELS[preset.value];
    load(text.value, preset.value);
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  text.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      preset.value = '';
      load(text.value, null);
    }, 250);
  });
  for (const id of ['xvar', 'yvar', 'xmin', 'xmax', 'ymin', 'ymax']) $(id).addEventListener('change', readPlane);
  $('plane').addEventListener('click', onPlaneClick);
  $('clear').addEventListener('click', () => state && ((state.clicks = []), redraw()));
  $('crun').addEventListener('click', runContinuation);
  // a model preset (e.g. Izhikevich's RS, FS) sets its parameters; the sliders follow
  $<HTMLSelectElement>('pset').addEventListener('change', (e) => {
    const name = (e.target as HTMLSelectElement).value;
    const values = model?.spec.presets?.[name];
    if (!model || !state || !values) return;
    Object.assign(state.params, values);
    buildSliders(model, state.params);
    redraw();
  });
  $('ex-model').addEventListener('click', () => exportText('model'));
  $('ex-cli').addEventListener('click', () => exportText('cli'));
  $('ex-nb').addEventListener('click', () => exportText('nb'));
  $('ex-link').addEventListener('click', () => exportText('link'));
  $('ex-png').addEventListener('click', exportPng);
  if (saved?.continuation) runContinuation();
  api.ready = true;
}

start();
