/**
 * `isocline simulate <model>`: integrate one model and print a summary, the run as JSON, or a
 * time-series PNG.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { OptionError } from '../../model/errors.js';
import type { Model } from '../../model/model.js';
import type { Method, SimulateOptions, SimulationResult } from '../../single/simulate.js';
import { guard, list, out, positive, timeSpanOption, toJSON } from '../io.js';
import {
  addModelOptions,
  MODEL_ARGUMENT,
  resolveModel,
  type ModelCliOptions,
  type ResolvedModel,
} from '../model-options.js';
import { onlyWith } from '../options.js';
import { csvFile, figureFiles, writeFigures, type FigureCliOptions } from '../figures.js';

interface SimulateCliOptions extends ModelCliOptions, FigureCliOptions {
  t?: string;
  method?: string;
  rtol?: string;
  atol?: string;
  dt?: string;
  sample?: string;
  maxStep?: string;
  maxSteps?: string;
  maxPoints?: string;
  json?: boolean;
  csv?: string;
  plot?: string;
  title?: string;
}

const METHODS: Method[] = ['odex', 'rk4', 'rk2', 'euler'];
// a PNG needs a smooth curve, not the integrator's step points: this many samples per run
const PNG_SAMPLES = 4000;

export function register(program: Command): void {
  const cmd = program
    .command('simulate')
    .argument('[model]', MODEL_ARGUMENT)
    .description('integrate a model and print a summary, JSON (--json) or a time-series plot (--png)');
  addModelOptions(cmd, { inputs: true, events: true })
    .option('--t <span>', 'time span: t1 (from 0) or t0:t1', '100')
    .option('--method <method>', 'odex (adaptive, default), rk4, rk2 or euler (fixed step --dt)', 'odex')
    .option('--rtol <x>', 'relative tolerance (odex)', '1e-6')
    .option('--atol <x>', 'absolute tolerance (odex)', '1e-9')
    .option('--dt <x>', 'step of the fixed-step methods', '0.01')
    .option('--sample <x>', 'output interval (default: every step, plus event points)')
    .option('--max-step <x>', 'largest step odex may take')
    .option('--max-steps <n>', 'step budget of the whole run (default 1e7); a run needing more is refused')
    .option('--max-points <n>', 'most output points the run may record (default 2e6)')
    .option('--json', 'print the run as one JSON object')
    .option('--csv <file>', 'write the trajectory as CSV: t and every variable, one row per output point')
    .option('--png <file>', 'write a time-series figure as PNG')
    .option('--svg <file>', 'write the time-series figure as SVG (vector)')
    .option('--pdf <file>', 'write the time-series figure as PDF (vector)')
    .option('--plot <vars>', "variables to draw in the figure (default: those sharing the first variable's unit)")
    .option('--title <text>', 'figure title')
    .addHelpText(
      'after',
      `
Examples:
  isocline simulate izhikevich --preset RS --set I=10 --t 1000 --png rs.png
  isocline simulate --eq "dv/dt = v - v^3/3 - w + I" --eq "dw/dt = (v + a - b*w)/tau" ` +
        '--set a=0.7,b=0.8,tau=12.5,I=0.5 --t 200 --json',
    )
    .action((model: string | undefined, o: SimulateCliOptions, command: Command) =>
      guard(() => run(model, o, command), `simulate ${model ?? (o.eq ? 'inline model' : '')}`.trim()),
    );
}

async function run(name: string | undefined, o: SimulateCliOptions, cmd?: Command): Promise<void> {
  const method = o.method as Method;
  if (!METHODS.includes(method))
    throw new OptionError(`--method must be one of ${METHODS.join(', ')}, got '${o.method}'`);
  // each method reads only its own step controls; the others' would be silently ignored
  onlyWith(
    cmd,
    ['rtol', 'atol', 'max-step'],
    method === 'odex',
    '--method odex (rk4, rk2 and euler take fixed steps of --dt)',
  );
  const fixedOnly = '--method rk4, rk2 or euler (odex chooses its own steps; --max-step caps them)';
  onlyWith(cmd, ['dt'], method !== 'odex', fixedOnly);
  const span = timeSpanOption(o.t)!;
  const options: SimulateOptions = {
    t: span,
    method,
    rtol: positive(o.rtol, 'rtol'),
    atol: positive(o.atol, 'atol'),
    dt: positive(o.dt, 'dt'),
    sample: positive(o.sample, 'sample'),
    maxStep: positive(o.maxStep, 'max-step'),
    maxSteps: count(o.maxSteps, 'max-steps'),
    maxPoints: count(o.maxPoints, 'max-points'),
  };
  const plotVars = list(o.plot);
  const figures = figureFiles(o);
  const csv = csvFile(o.csv);
  if (figures.length) {
    options.sample ??= Math.abs(span[1] - span[0]) / PNG_SAMPLES;
  } else if (plotVars || o.title)
    throw new OptionError(`--${plotVars ? 'plot' : 'title'} only applies with a figure (--png, --svg or --pdf <file>)`);
  // the model last: a bad option value is reported before paying for the model layer
  const resolved = await resolveModel(name, o, cmd);
  const { model } = resolved;
  for (const v of plotVars ?? []) {
    if (!model.variableNames.includes(v))
      throw new OptionError(
        `--plot: model '${model.name}' has no variable '${v}' (variables: ${model.variableNames.join(', ')})`,
      );
  }

  const { simulate } = await import('../../single/simulate.js');
  const result = simulate(model, options);
  if (figures.length) await writeFigure(figures, result, resolved, options, plotVars, o.title);
  if (csv) writeFileSync(csv, (await import('../../plot/csv.js')).simulationCSV(result));
  if (o.json) out(toJSON(asJSON(result, model)) + '\n');
  else out(summary(result, resolved, options, [...figures, ...(csv ? [csv] : [])]));
}

/** A positive whole number option; `1e8` is accepted. */
function count(value: string | undefined, name: string): number | undefined {
  const x = positive(value, name);
  if (x !== undefined && !Number.isInteger(x))
    throw new OptionError(`--${name} expects a whole number, got '${value}'`);
  return x;
}

function asJSON(r: SimulationResult, model: Model): Record<string, unknown> {
  const units: Record<string, string> = {};
  if (model.spec.time_unit) units.t = model.spec.time_unit;
  for (const v of model.ir.variables) if (v.unit) units[v.name] = v.unit;
  return {
    model: r.model,
    method: r.method,
    variables: r.variables,
    units,
    t: r.t,
    y: r.y,
    spikes: r.spikes,
    events: r.events,
    final: Object.fromEntries(r.variables.map((v, i) => [v, r.final[i]])),
    stats: r.stats,
  };
}

/** The variables a figure shows by default: the first one and all sharing its unit. */
function defaultPlotVariables(model: Model): string[] {
  const vars = model.ir.variables;
  return vars.filter((v) => v.unit === vars[0].unit).map((v) => v.name);
}

async function writeFigure(
  files: string[],
  r: SimulationResult,
  { model, preset, set, inputs }: ResolvedModel,
  o: SimulateOptions,
  vars: string[] | undefined,
  title?: string,
): Promise<void> {
  const [{ observe }, { timeSeriesChart }] = await Promise.all([
    import('../../single/observe.js'),
    import('../../plot/time-series.js'),
  ]);
  const inputName = Object.keys(model.spec.inputs ?? {})[0];
  const input = inputName ? { name: inputName, values: observe(model, r, [inputName])[inputName] } : undefined;
  const given = Object.entries(set).map(([k, v]) => `${k} = ${fmt(v)}${unitSuffix(model, k)}`);
  const described = Object.entries(inputs).map(([k, v]) => `${k} = ${v}`);
  const subtitle = [
    ...(preset ? [`preset ${preset}`] : []),
    ...given,
    ...described,
    r.method === 'odex' ? `odex, rtol ${fmt(o.rtol!)}` : `${r.method}, dt ${fmt(o.dt!)}`,
  ].join(' · ');
  const config = timeSeriesChart(r, {
    model,
    variables: vars ?? defaultPlotVariables(model),
    input,
    title: title ?? model.description ?? model.name,
    subtitle,
  });
  await writeFigures(config, files);
}

function unitSuffix(model: Model, name: string): string {
  const u = model.ir.parameters.find((p) => p.name === name)?.unit;
  return u && u !== '1' ? ` ${u}` : '';
}

/** A number in at most 6 significant digits, without trailing zeros. */
function fmt(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1e-4 && a < 1e7) return String(Number(x.toPrecision(6)));
  return x.toExponential(4).replace(/\.?0+e/, 'e');
}

function summary(
  r: SimulationResult,
  { model, preset, set, inputs }: ResolvedModel,
  o: SimulateOptions,
  files: string[],
): string {
  const tu = model.spec.time_unit && model.spec.time_unit !== '1' ? ` ${model.spec.time_unit}` : '';
  const [t0, t1] = o.t as [number, number];
  const changes = [
    ...Object.entries(set).map(([k, v]) => `${k}=${fmt(v)}`),
    ...Object.entries(inputs).map(([k, v]) => `${k}=${v}`),
  ];
  const lines: string[] = [];
  lines.push(
    `model    ${model.name}${preset ? `, preset ${preset}` : ''}${changes.length ? ` (${changes.join(', ')})` : ''}`,
  );
  const how =
    r.method === 'odex' ? `odex, rtol ${fmt(o.rtol!)}, atol ${fmt(o.atol!)}` : `${r.method}, dt ${fmt(o.dt!)}`;
  lines.push(`run      ${how}, t = ${fmt(t0)} to ${fmt(t1)}${tu}`);
  const eventNames = Object.keys(r.events);
  if (eventNames.length > 0) {
    const s = r.spikes;
    const first = s
      .slice(0, 5)
      .map((x) => fmt(x))
      .join(', ');
    let line = `${(eventNames[0] + 's').padEnd(8)} ${s.length}`;
    if (s.length > 0) line += `, at ${first}${s.length > 5 ? ', ...' : ''}${tu}`;
    if (s.length > 1) line += `; mean interval ${fmt((s[s.length - 1] - s[0]) / (s.length - 1))}${tu}`;
    lines.push(line);
    for (const e of eventNames.slice(1)) lines.push(`${e.padEnd(8)} ${r.events[e].length}`);
  }
  const units = new Map(model.ir.variables.map((v) => [v.name, v.unit && v.unit !== '1' ? ` ${v.unit}` : '']));
  lines.push(`final    ${r.variables.map((v, i) => `${v} = ${fmt(r.final[i])}${units.get(v)}`).join(', ')}`);
  const rejected = r.stats.rejected ? ` (${r.stats.rejected} rejected)` : '';
  lines.push(
    `cost     ${r.stats.steps} steps${rejected}, ${r.stats.evaluations} evaluations, ` +
      `${r.t.length} output points, ${r.stats.wallMs.toFixed(1)} ms`,
  );
  for (const f of files) lines.push(`${f.toLowerCase().endsWith('.csv') ? 'data    ' : 'figure  '} ${f}`);
  return lines.join('\n') + '\n';
}
