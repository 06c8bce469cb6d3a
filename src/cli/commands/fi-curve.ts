/**
 * `isocline fi-curve <model> --param I --from 0 --to 20`: steady firing rate against an input
 * parameter, rheobase and excitability class, as a table, JSON or figure.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { OptionError } from '../../model/errors.js';
import { checkOutputs, guard, num, out, positive, toJSON } from '../io.js';
import { withProgress } from '../progress.js';
import { addModelOptions, MODEL_ARGUMENT, resolveModel, type ModelCliOptions } from '../model-options.js';
import { onlyWith } from '../options.js';
import { csvFile, figureFiles, writeFigures, type FigureCliOptions } from '../figures.js';
import { fmt } from './phase.js';

interface FICliOptions extends ModelCliOptions, FigureCliOptions {
  param?: string;
  from?: string;
  to?: string;
  steps?: string;
  duration?: string;
  spike?: string;
  json?: boolean;
  csv?: string;
  chart?: string;
  title?: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('fi-curve')
    .argument('[model]', MODEL_ARGUMENT)
    .description('firing rate against an input parameter, with rheobase and excitability class (1 or 2)');
  addModelOptions(cmd, { events: true })
    .option('--param <name>', 'the input parameter to sweep', 'I')
    .option('--from <x>', 'first value')
    .option('--to <x>', 'last value')
    .option('--steps <n>', 'number of values', '41')
    .option('--duration <t>', 'longest run per value (model time units)', '2000')
    .option('--spike <var:threshold>', 'for smooth models: a spike is an upward crossing, e.g. v:0')
    .option('--json', 'print the curve as JSON')
    .option('--csv <file>', 'write the curve as CSV: the parameter and the rate')
    .option('--png <file>', 'write the f–I figure as PNG')
    .option('--svg <file>', 'write the f–I figure as SVG (vector)')
    .option('--pdf <file>', 'write the f–I figure as PDF (vector)')
    .option('--chart <file>', 'write the chart.js config as JSON')
    .option('--title <text>', 'figure title')
    .addHelpText(
      'after',
      `
Examples:
  isocline fi-curve lif --param I --from 0 --to 5 --steps 41 --png lif-fi.png
  isocline fi-curve hodgkin-huxley --param I --from 0 --to 20 --steps 21 --spike v:0 --json`,
    )
    .action((model: string | undefined, o: FICliOptions, command: Command) =>
      guard(() => run(model, o, command), `fi-curve ${model ?? (o.eq ? 'inline model' : '')}`.trim()),
    );
}

async function run(name: string | undefined, o: FICliOptions, cmd?: Command): Promise<void> {
  onlyWith(
    cmd,
    ['title'],
    Boolean(o.png || o.svg || o.pdf || o.chart),
    'a figure (--png, --svg, --pdf) or --chart (it titles the figure)',
  );
  const { model, set } = await resolveModel(name, o, cmd);
  // the sweep sets the parameter at every value: a --set of it would be overwritten unread
  const param = o.param ?? 'I';
  if (Object.hasOwn(set, param))
    throw new OptionError(
      `--set ${param}: '${param}' is the swept parameter (--param); its values come from --from and --to`,
    );
  const { fiCurve } = await import('../../single/fi-curve.js');
  const from = num(o.from, 'from'),
    to = num(o.to, 'to');
  if (from === undefined || to === undefined)
    throw new OptionError('fi-curve needs the sweep range: --from <x> --to <x>');
  const steps = Number(o.steps);
  if (!Number.isInteger(steps) || steps < 2)
    throw new OptionError(`--steps expects a whole number ≥ 2, got '${o.steps}'`);
  let spike: { variable: string; threshold: number } | undefined;
  if (o.spike) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(\S+)\s*$/.exec(o.spike);
    if (!m || !Number.isFinite(Number(m[2])))
      throw new OptionError(`--spike expects variable:threshold (e.g. v:0), got '${o.spike}'`);
    spike = { variable: m[1], threshold: Number(m[2]) };
  }
  const figures = figureFiles(o);
  const csv = csvFile(o.csv);
  checkOutputs({ chart: o.chart });
  const fi = withProgress('f–I curve', (onProgress) =>
    fiCurve(model, {
      param: o.param ?? 'I',
      from,
      to,
      steps,
      duration: positive(o.duration, 'duration'),
      spike,
      onProgress,
    }),
  );
  if (figures.length || o.chart) {
    const [{ fiChart }, { configToJSON }] = await Promise.all([
      import('../../plot/fi-curve.js'),
      import('../../plot/render.js'),
    ]);
    const config = fiChart(fi, { title: o.title });
    await writeFigures(config, figures, { width: 900, height: 600 });
    if (o.chart) writeFileSync(o.chart, configToJSON(config) + '\n');
  }
  if (csv) writeFileSync(csv, (await import('../../plot/csv.js')).fiCurveCSV(fi));
  if (o.json) {
    out(toJSON(fi) + '\n');
    return;
  }
  const pu = fi.paramUnit && fi.paramUnit !== '1' ? ` ${fi.paramUnit}` : '';
  const lines = [`${fi.param.padEnd(10)} rate (${fi.rateUnit})`];
  fi.values.forEach((v, i) => lines.push(`${fmt(v).padEnd(10)} ${fmt(fi.rate[i])}`));
  if (fi.rheobase === null || fi.rheobaseBracket === null) lines.push('rheobase   not in the range');
  else {
    // the rheobase is a limit: located between a silent and a firing value, with the rate's limit there
    const [lo, hi] = fi.rheobaseBracket;
    const onset =
      fi.excitability === 'class 1'
        ? 'the rate rises continuously from 0'
        : `the rate jumps to ${fmt(fi.rateAtRheobase!)} ${fi.rateUnit}`;
    lines.push(
      `rheobase   ${fi.param} = ${fmt(fi.rheobase)}${pu} (between ${fmt(lo)} and ${fmt(hi)}); ` +
        `${fi.excitability}: ${onset}`,
    );
  }
  for (const f of figures) lines.push(`figure     ${f}`);
  if (csv) lines.push(`data       ${csv}`);
  out(lines.join('\n') + '\n');
}
