/**
 * `isocline bifurcation <model> --param I --from 0 --to 2`: fixed-point branches with stability,
 * fold and Hopf points, and limit-cycle extremes along a parameter (natural continuation).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { OptionError } from '../../model/errors.js';
import { checkOutputs, collect, guard, num, out, toJSON } from '../io.js';
import { withProgress } from '../progress.js';
import { addModelOptions, MODEL_ARGUMENT, resolveModel, type ModelCliOptions } from '../model-options.js';
import { onlyWith } from '../options.js';
import { csvFile, figureFiles, writeFigures, type FigureCliOptions } from '../figures.js';
import { eigenText, fmt } from './phase.js';

interface BifurcationCliOptions extends ModelCliOptions, FigureCliOptions {
  param?: string;
  from?: string;
  to?: string;
  steps?: string;
  variable?: string;
  range?: string[];
  cycles?: boolean;
  json?: boolean;
  csv?: string;
  chart?: string;
  title?: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('bifurcation')
    .argument('[model]', MODEL_ARGUMENT)
    .description(
      'one-parameter bifurcation diagram: equilibrium branches and stability, fold and Hopf points, limit cycles',
    );
  addModelOptions(cmd, { events: true })
    .option('--param <name>', 'the parameter to vary', 'I')
    .option('--from <x>', 'first value')
    .option('--to <x>', 'last value')
    .option('--steps <n>', 'number of values', '101')
    .option('--variable <name>', 'the variable the figure shows (default: the first)')
    .option('--range <axis>', 'fixed-point search box of a variable as name:min:max (repeatable)', collect)
    .option('--no-cycles', 'skip the limit cycles')
    .option('--json', 'print the diagram as JSON')
    .option('--csv <file>', 'write the diagram as CSV: every branch point (stability) and cycle extreme')
    .option('--png <file>', 'write the bifurcation-diagram figure as PNG')
    .option('--svg <file>', 'write the bifurcation-diagram figure as SVG (vector)')
    .option('--pdf <file>', 'write the bifurcation-diagram figure as PDF (vector)')
    .option('--chart <file>', 'write the chart.js config as JSON')
    .option('--title <text>', 'figure title')
    .addHelpText(
      'after',
      `
Examples:
  isocline bifurcation fitzhugh-nagumo --param I --from 0 --to 2 --png fhn-bif.png
  isocline bifurcation izhikevich --preset RS --param I --from -10 --to 10 --json`,
    )
    .action((model: string | undefined, o: BifurcationCliOptions, command: Command) =>
      guard(() => run(model, o, command), `bifurcation ${model ?? (o.eq ? 'inline model' : '')}`.trim()),
    );
}

async function run(name: string | undefined, o: BifurcationCliOptions, cmd?: Command): Promise<void> {
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
  const [{ bifurcation }, { parseAxis }] = await Promise.all([
    import('../../single/bifurcation.js'),
    import('../../single/plane.js'),
  ]);
  const from = num(o.from, 'from'),
    to = num(o.to, 'to');
  if (from === undefined || to === undefined)
    throw new OptionError('bifurcation needs the parameter range: --from <x> --to <x>');
  const steps = Number(o.steps);
  if (!Number.isInteger(steps) || steps < 2)
    throw new OptionError(`--steps expects a whole number ≥ 2, got '${o.steps}'`);
  const ranges: Record<string, [number, number]> = Object.create(null);
  for (const r of o.range ?? []) {
    const a = parseAxis(r);
    if (Object.hasOwn(ranges, a.variable)) throw new OptionError(`--range: '${a.variable}' is given twice`);
    ranges[a.variable] = [a.min, a.max];
  }
  const figures = figureFiles(o);
  const csv = csvFile(o.csv);
  checkOutputs({ chart: o.chart });
  const d = withProgress('bifurcation', (onProgress) =>
    bifurcation(model, {
      param: o.param ?? 'I',
      from,
      to,
      steps,
      ranges,
      variable: o.variable,
      cycles: o.cycles !== false,
      onProgress,
    }),
  );
  if (figures.length || o.chart) {
    const [{ bifurcationChart }, { configToJSON }] = await Promise.all([
      import('../../plot/bifurcation.js'),
      import('../../plot/render.js'),
    ]);
    const config = bifurcationChart(d, { title: o.title });
    await writeFigures(config, figures, { width: 900, height: 600 });
    if (o.chart) writeFileSync(o.chart, configToJSON(config) + '\n');
  }
  if (csv) writeFileSync(csv, (await import('../../plot/csv.js')).bifurcationCSV(d));
  if (o.json) {
    out(toJSON(d) + '\n');
    return;
  }
  const lines = [`model      ${d.model}: ${d.param} from ${fmt(from)} to ${fmt(to)} (${steps} values)`];
  d.branches.forEach((b, i) => {
    const n = b.param.length;
    const kinds = [...new Set(b.stability)].join(', ');
    const [lo, hi] = [Math.min(b.param[0], b.param[n - 1]), Math.max(b.param[0], b.param[n - 1])];
    lines.push(`branch ${i + 1}   ${d.param} in [${fmt(lo)}, ${fmt(hi)}], ${n} points: ${kinds}`);
  });
  for (const q of d.points) {
    const st = Object.entries(q.state)
      .map(([k, v]) => `${k}=${fmt(v)}`)
      .join(', ');
    const born = q.frequency ? `; period of the cycle born there ≈ ${fmt((2 * Math.PI) / q.frequency)}` : '';
    const eig = eigenText(q.eigenvalues);
    lines.push(`${q.type.padEnd(10)} ${d.param} = ${fmt(q.param)} at ${st}; eigenvalues ${eig}${born}`);
  }
  const c = d.cycles;
  if (c.param.length) {
    lines.push(
      `cycles     stable limit cycles at ${c.param.length} values, ` +
        `${d.param} in [${fmt(Math.min(...c.param))}, ${fmt(Math.max(...c.param))}]; ` +
        `period ${fmt(Math.min(...c.period))} to ${fmt(Math.max(...c.period))}`,
    );
  } else if (o.cycles !== false) lines.push('cycles     no stable limit cycle found');
  for (const f of figures) lines.push(`figure     ${f}`);
  if (csv) lines.push(`data       ${csv}`);
  out(lines.join('\n') + '\n');
}
