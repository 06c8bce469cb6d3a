/**
 * `isocline phase <model> --x v:-2.5:2 --y w:-1:2`: the phase portrait of two variables —
 * nullclines, direction field, fixed points with stability, trajectories, separatrices, limit
 * cycle — as a summary, JSON (--json) or a figure (--png, and --chart for the chart.js config).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { OptionError } from '../../model/errors.js';
import type { PhasePortrait } from '../../single/phase.js';
import { checkOutputs, collect, guard, out, parseAssignments, positive, toJSON } from '../io.js';
import { withProgress } from '../progress.js';
import { addModelOptions, MODEL_ARGUMENT, resolveModel, type ModelCliOptions } from '../model-options.js';
import { onlyWith } from '../options.js';
import { figureFiles, writeFigures, type FigureCliOptions } from '../figures.js';

interface PhaseCliOptions extends ModelCliOptions, FigureCliOptions {
  x?: string;
  y?: string;
  hold?: string[];
  trajectory?: string[];
  trajectories?: string;
  direction?: string;
  duration?: string;
  arrows?: string;
  resolution?: string;
  separatrices?: boolean;
  limitCycle?: boolean;
  system?: string;
  json?: boolean;
  chart?: string;
  title?: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('phase')
    .argument('[model]', MODEL_ARGUMENT)
    .description(
      'phase portrait of two variables: nullclines, direction field, fixed points, trajectories, limit cycle',
    );
  addModelOptions(cmd, { events: true })
    .option('--x <axis>', 'horizontal axis as name:min:max, e.g. v:-2.5:2')
    .option('--y <axis>', 'vertical axis as name:min:max, e.g. w:-1:2')
    .option(
      '--hold <name=value,...>',
      'values of the variables not in the plane (default: their initial values)',
      collect,
    )
    .option('--trajectory <point>', 'a trajectory from x,y (e.g. 0,0) or name=value pairs (repeatable)', collect)
    .option('--trajectories <n>', 'n trajectories from points spread over the plane')
    .option('--direction <dir>', 'trajectories forward, backward or both', 'forward')
    .option('--duration <t>', 'integration time of trajectories (default: estimated from the plane)')
    .option('--arrows <n>', 'direction-field arrows per axis (0: none)', '21')
    .option('--resolution <n>', 'nullcline grid points per axis', '201')
    .option('--no-separatrices', 'do not trace the manifolds of saddles')
    .option('--no-limit-cycle', 'do not look for a limit cycle')
    .option(
      '--system <kind>',
      'models with more than two variables: projection (full system projected; default) ' +
        'or reduced (everything with the other variables held)',
    )
    .option('--json', 'print the portrait as one JSON object')
    .option('--png <file>', 'write the phase-portrait figure as PNG')
    .option('--svg <file>', 'write the phase-portrait figure as SVG (vector)')
    .option('--pdf <file>', 'write the phase-portrait figure as PDF (vector)')
    .option('--chart <file>', 'write the chart.js config as JSON (to draw the same figure in a browser)')
    .option('--title <text>', 'figure title')
    .addHelpText(
      'after',
      `
Examples:
  isocline phase fitzhugh-nagumo --x v:-2.5:2 --y w:-1:2 --set I=0.5 --trajectories 10 --png fhn.png
  isocline phase izhikevich --set I=0 --x v:-90:40 --y u:-20:10 --trajectory -60,-5 --json`,
    )
    .action((model: string | undefined, o: PhaseCliOptions, command: Command) =>
      guard(() => run(model, o, command), `phase ${model ?? (o.eq ? 'inline model' : '')}`.trim()),
    );
}

async function run(name: string | undefined, o: PhaseCliOptions, cmd?: Command): Promise<void> {
  if (!o.x || !o.y)
    throw new OptionError('phase needs both axes: --x name:min:max --y name:min:max (e.g. --x v:-2.5:2 --y w:-1:2)');
  onlyWith(
    cmd,
    ['title'],
    Boolean(o.png || o.svg || o.pdf || o.chart),
    'a figure (--png, --svg, --pdf) or --chart (it titles the figure)',
  );
  onlyWith(
    cmd,
    ['direction'],
    Boolean(o.trajectory?.length || Number(o.trajectories) > 0),
    '--trajectory or --trajectories (it orients the trajectories)',
  );
  const { model } = await resolveModel(name, o, cmd);
  const [{ phasePortrait }, { parseAxis }] = await Promise.all([
    import('../../single/phase.js'),
    import('../../single/plane.js'),
  ]);
  const x = parseAxis(o.x),
    y = parseAxis(o.y);
  const held = parseHeld(o.hold);
  for (const v of [x.variable, y.variable]) {
    // the plane's own variables are set point by point: a held value for them would do nothing
    if (held && Object.hasOwn(held, v))
      throw new OptionError(`--hold ${v}: '${v}' is an axis of the plane; --hold fixes the variables outside it`);
  }
  const trajectories = o.trajectory?.length
    ? o.trajectory.map((t) => parsePoint(t, x.variable, y.variable))
    : (integer(o.trajectories, 'trajectories') ?? []);
  if (o.trajectory?.length && o.trajectories !== undefined)
    throw new OptionError('give --trajectory points or --trajectories <n>, not both');
  if (!['forward', 'backward', 'both'].includes(o.direction ?? 'forward'))
    throw new OptionError(`--direction must be forward, backward or both, got '${o.direction}'`);
  const figures = figureFiles(o);
  checkOutputs({ chart: o.chart });
  const pp = withProgress('phase portrait', (onProgress) =>
    phasePortrait(model, {
      x,
      y,
      state: held,
      trajectories,
      direction: o.direction as 'forward' | 'backward' | 'both',
      duration: positive(o.duration, 'duration'),
      arrows: integer(o.arrows, 'arrows') ?? 21,
      resolution: integer(o.resolution, 'resolution') ?? 201,
      separatrices: o.separatrices !== false,
      limitCycle: o.limitCycle !== false,
      system: o.system as 'projection' | 'reduced' | undefined,
      onProgress,
    }),
  );
  if (figures.length || o.chart) {
    const [{ phaseChart, PHASE_SIZE }, { configToJSON }] = await Promise.all([
      import('../../plot/phase.js'),
      import('../../plot/render.js'),
    ]);
    const config = phaseChart(pp, { title: o.title ?? model.description });
    await writeFigures(config, figures, PHASE_SIZE);
    if (o.chart) writeFileSync(o.chart, configToJSON(config) + '\n');
  }
  if (o.json) out(toJSON(asJSON(pp)) + '\n');
  else out(summary(pp, o, (await import('../../single/trajectories.js')).TRAJECTORY_MAX_STEPS));
}

function asJSON(pp: PhasePortrait): Record<string, unknown> {
  const lc = pp.limitCycle;
  return {
    model: pp.model,
    x: pp.x,
    y: pp.y,
    params: pp.params,
    held: pp.held,
    system: pp.system,
    shows: pp.shows,
    nullclines: pp.nullclines,
    events: pp.events,
    fixedPoints: pp.fixedPoints,
    fixedPointSearch: pp.fixedPointSearch,
    trajectories: pp.trajectories,
    separatrices: pp.separatrices,
    limitCycle: lc
      ? {
          period: lc.period,
          min: lc.min,
          max: lc.max,
          converged: lc.converged,
          periodChange: lc.periodChange,
          kind: lc.kind,
          returns: lc.returns,
          section: lc.section,
          start: lc.start,
          orbit: lc.orbit,
        }
      : null,
    field: pp.field,
  };
}

export function parseHeld(values: string[] | undefined): Record<string, number> | undefined {
  if (!values?.length) return undefined;
  // no prototype: `--hold __proto__=1` must reach the plane's name check, not vanish here
  return parseAssignments(values, 'hold');
}

/** `0.5,1` (x then y) or `v=0.5,w=1`. */
function parsePoint(text: string, xv: string, yv: string): [number, number] | Record<string, number> {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.every((p) => p.includes('='))) {
    const r: Record<string, number> = Object.create(null);
    for (const p of parts) {
      const [k, v] = p.split('=').map((s) => s.trim());
      const n = Number(v);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) || v === '' || !Number.isFinite(n))
        throw new OptionError(`--trajectory expects x,y or name=value pairs, got '${text}'`);
      if (Object.hasOwn(r, k)) throw new OptionError(`--trajectory: '${k}' is given twice in '${text}'`);
      r[k] = n;
    }
    return r;
  }
  const nums = parts.map((p) => (p === '' ? NaN : Number(p)));
  if (nums.length !== 2 || !nums.every(Number.isFinite))
    throw new OptionError(
      `--trajectory expects two numbers '${xv},${yv}' (e.g. 0,0) or name=value pairs, got '${text}'`,
    );
  return [nums[0], nums[1]];
}

function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new OptionError(`--${name} expects a whole number ≥ 0, got '${value}'`);
  return n;
}

/** At most 6 significant digits. */
export function fmt(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1e-4 && a < 1e7) return String(Number(x.toPrecision(6)));
  return x.toExponential(4).replace(/\.?0+e/, 'e');
}

/** Eigenvalues as text: `-0.25 ± 0.21i`, `-0.59, -0.027`. */
export function eigenText(ls: { re: number; im: number }[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ls.length; i++) {
    const l = ls[i];
    if (l.im !== 0 && i + 1 < ls.length && ls[i + 1].re === l.re && ls[i + 1].im === -l.im) {
      parts.push(`${fmt(l.re)} ± ${fmt(Math.abs(l.im))}i`);
      i++;
    } else parts.push(l.im === 0 ? fmt(l.re) : `${fmt(l.re)} ${l.im < 0 ? '-' : '+'} ${fmt(Math.abs(l.im))}i`);
  }
  return parts.join(', ');
}

function summary(pp: PhasePortrait, o: PhaseCliOptions, maxSteps: number): string {
  const lines: string[] = [];
  const ps = Object.entries(pp.params)
    .map(([k, v]) => `${k}=${fmt(v)}`)
    .join(', ');
  lines.push(`model         ${pp.model} (${ps})`);
  const held = Object.entries(pp.held)
    .map(([k, v]) => `${k}=${fmt(v)}`)
    .join(', ');
  lines.push(
    `plane         ${pp.x.variable} in [${fmt(pp.x.min)}, ${fmt(pp.x.max)}], ` +
      `${pp.y.variable} in [${fmt(pp.y.min)}, ${fmt(pp.y.max)}]${held ? `; held ${held}` : ''}`,
  );
  if (pp.system !== 'planar') lines.push(`system        ${pp.system}: ${pp.shows}`);
  for (const [v, ls] of Object.entries(pp.nullclines)) {
    const points = ls.reduce((a, l) => a + l.x.length, 0);
    const polylines = `${ls.length} polyline${ls.length === 1 ? '' : 's'}`;
    lines.push(`${(v + '-nullcline').padEnd(13)} ${polylines} (${points} points)`);
  }
  for (const e of pp.events)
    lines.push(`${e.event.padEnd(13)} threshold ${e.threshold.length} polyline(s), reset ${e.reset.length}`);
  if (pp.fixedPoints.length === 0) lines.push('fixed points  none in the plane');
  pp.fixedPoints.forEach((f, i) => {
    const st = Object.entries(f.state)
      .map(([k, v]) => `${k}=${fmt(v)}`)
      .join(', ');
    const label = i === 0 ? 'fixed points ' : '             ';
    lines.push(`${label} ${f.stability.padEnd(15)} at ${st}; eigenvalues ${eigenText(f.eigenvalues)}`);
  });
  if (!pp.fixedPointSearch.complete)
    lines.push(`              search may be incomplete: ${pp.fixedPointSearch.reason}`);
  // a trajectory cut by its step budget is said so, with the likely cause, not drawn as if complete
  const cut = (ts: { end: string }[]): string => {
    const k = ts.filter((t) => t.end === 'step limit').length;
    return k
      ? `; ${k} stopped at the step limit of ${maxSteps} steps (stiff, or a duration far beyond the plane's time scale)`
      : '';
  };
  if (pp.trajectories.length)
    lines.push(`trajectories  ${pp.trajectories.length}, duration ${fmt(pp.duration)}${cut(pp.trajectories)}`);
  if (pp.separatrices.length) {
    const saddles = new Set(pp.separatrices.map((s) => s.saddle)).size;
    const cutNote = cut(pp.separatrices.map((s) => s.trajectory));
    lines.push(`separatrices  ${pp.separatrices.length} branches from ${saddles} saddle(s)${cutNote}`);
  }
  const lc = pp.limitCycle;
  if (lc) {
    const unit = pp.timeUnit && pp.timeUnit !== '1' ? ' ' + pp.timeUnit : '';
    const ranges = Object.keys(lc.min)
      .map((k) => `${k} in [${fmt(lc.min[k])}, ${fmt(lc.max[k])}]`)
      .join(', ');
    lines.push(`limit cycle   period ${fmt(lc.period)}${unit}; ${ranges}`);
  } else lines.push('limit cycle   none found');
  for (const f of [o.png, o.svg, o.pdf]) if (f) lines.push(`figure        ${f}`);
  if (o.chart) lines.push(`chart.js      ${o.chart}`);
  return lines.join('\n') + '\n';
}
