/**
 * `isocline continue <model> --param I --from A --to B [--second-param gK --second-from .. --second-to ..]`:
 * bifurcation diagram by pseudo-arclength continuation (src/continuation). `--json` prints the
 * ContinuationResult contract (src/continuation/types.ts) exactly.
 */
import type { Command } from 'commander';
import { OptionError } from '../../model/errors.js';
import type { ContinuationOptions } from '../../continuation/index.js';
import { checkOutputs, collect, err, guard, num, out, toJSON, writesToTerminal } from '../io.js';
import { addModelOptions, MODEL_ARGUMENT, resolveModel, type ModelCliOptions } from '../model-options.js';
import { onlyWith } from '../options.js';
import { figureFiles, writeFigures, type FigureCliOptions } from '../figures.js';
import { fmt } from './phase.js';

interface ContinueCliOptions extends ModelCliOptions, FigureCliOptions {
  param?: string;
  from?: string;
  to?: string;
  secondParam?: string;
  secondFrom?: string;
  secondTo?: string;
  variable?: string;
  range?: string[];
  maxPoints?: string;
  cycles?: boolean;
  json?: boolean;
  png2?: string;
  periodPng?: string;
  title?: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('continue')
    .argument('[model]', MODEL_ARGUMENT)
    .description(
      'bifurcation diagram by pseudo-arclength continuation: equilibrium branches, fold/Hopf/branch points, ' +
        'Hopf criticality, two-parameter fold and Hopf curves',
    );
  addModelOptions(cmd)
    .option('--param <name>', 'the parameter to vary', 'I')
    .option('--from <x>', 'where equilibria are searched, and one end of the range')
    .option('--to <x>', 'the other end of the range')
    .option(
      '--second-param <name>',
      'a second parameter: continue the fold and Hopf points found as curves in (param, second)',
    )
    .option('--second-from <x>', "one end of the second parameter's range")
    .option('--second-to <x>', 'the other end')
    .option('--variable <name>', 'the variable the figure shows (default: the first)')
    .option('--range <axis>', 'equilibrium search box of a variable as name:min:max (repeatable)', collect)
    .option('--max-points <n>', 'most points per branch or curve', '2000')
    .option('--cycles', 'also continue the periodic orbits born at the Hopf points (refused for hybrid models)')
    .option('--json', 'print the result as JSON: { model, branches, special, warnings }')
    .option('--png <file>', 'write the one-parameter bifurcation diagram as PNG')
    .option('--svg <file>', 'write the one-parameter bifurcation diagram as SVG (vector)')
    .option('--pdf <file>', 'write the one-parameter bifurcation diagram as PDF (vector)')
    .option('--png2 <file>', 'write the two-parameter diagram (with --second-param)')
    .option('--period-png <file>', 'write the period of the cycles against the parameter (with --cycles)')
    .option('--title <text>', 'figure title')
    .addHelpText(
      'after',
      `
Examples:
  isocline continue fitzhugh-nagumo --param I --from 0 --to 2 --png fhn.png
  isocline continue morris-lecar --set gCa=4,V3=12,V4=17.4,phi=0.0666667 --from 0 --to 300 \\
    --second-param gCa --second-from 2 --second-to 8 --png2 ml-2p.png --json

\`isocline bifurcation\` stays the quick natural-continuation mode (a grid of parameter values).`,
    )
    .action((model: string | undefined, o: ContinueCliOptions, command: Command) =>
      guard(() => run(model, o, command), `continue ${model ?? (o.eq ? 'inline model' : '')}`.trim()),
    );
}

function pngName(file: string | undefined, option: string): void {
  if (file && !file.toLowerCase().endsWith('.png'))
    throw new OptionError(`--${option} needs a file name ending in .png, got '${file}'`);
}

async function run(name: string | undefined, o: ContinueCliOptions, cmd?: Command): Promise<void> {
  onlyWith(cmd, ['title'], Boolean(o.png || o.svg || o.pdf), 'a diagram (--png, --svg or --pdf)');
  const { model } = await resolveModel(name, o, cmd);
  // the engines and plotting load when the command runs, not when the CLI starts
  const [{ continuation }, { modelInfo, parseAxis }] = await Promise.all([
    import('../../continuation/index.js'),
    import('../../single/plane.js'),
  ]);
  const from = num(o.from, 'from'),
    to = num(o.to, 'to');
  if (from === undefined || to === undefined)
    throw new OptionError('continue needs the parameter range: --from <x> --to <x>');
  const maxPoints = Number(o.maxPoints);
  if (!Number.isInteger(maxPoints) || maxPoints < 2)
    throw new OptionError(`--max-points expects a whole number ≥ 2, got '${o.maxPoints}'`);
  const ranges: Record<string, [number, number]> = Object.create(null);
  for (const r of o.range ?? []) {
    const a = parseAxis(r);
    if (Object.hasOwn(ranges, a.variable)) throw new OptionError(`--range: '${a.variable}' is given twice`);
    ranges[a.variable] = [a.min, a.max];
  }
  let second: ContinuationOptions['second'];
  if (o.secondParam !== undefined) {
    const sf = num(o.secondFrom, 'second-from'),
      st = num(o.secondTo, 'second-to');
    if (sf === undefined || st === undefined)
      throw new OptionError('--second-param needs its range: --second-from <x> --second-to <x>');
    second = { param: o.secondParam, from: sf, to: st };
  } else if (o.secondFrom !== undefined || o.secondTo !== undefined || o.png2) {
    throw new OptionError(`${o.png2 ? '--png2' : '--second-from/--second-to'} needs --second-param <name>`);
  }
  if (o.periodPng && !o.cycles) throw new OptionError('--period-png needs --cycles');
  const figures = figureFiles(o);
  pngName(o.png2, 'png2');
  pngName(o.periodPng, 'period-png');
  checkOutputs({ png2: o.png2, periodPng: o.periodPng });
  // a progress line on a terminal only: piped output stays clean
  const tty = !o.json && writesToTerminal();
  const t0 = Date.now();
  const r = continuation(model, {
    param: o.param ?? 'I',
    from,
    to,
    ranges,
    second,
    maxPoints,
    cycles: o.cycles === true,
    onProgress: tty ? (m) => err(`\r\x1b[2Kcontinuing: ${m}`) : undefined,
  });
  if (tty) err('\r\x1b[2K');
  if (figures.length || o.png2 || o.periodPng) {
    const { continuationChart, periodChart, twoParameterChart } = await import('../../plot/continuation.js');
    const units = modelInfo(model).units;
    const size = { width: 900, height: 600 };
    await writeFigures(continuationChart(r, { variable: o.variable, title: o.title, units }), figures, size);
    if (o.png2) await writeFigures(twoParameterChart(r, { units }), [o.png2], size);
    if (o.periodPng) await writeFigures(periodChart(r, { units }), [o.periodPng], size);
  }
  if (o.json) {
    out(toJSON(r) + '\n');
    return;
  }
  for (const w of r.warnings) err(`isocline: warning: ${w}\n`);
  const secondRange = second ? `; ${second.param} from ${fmt(second.from)} to ${fmt(second.to)}` : '';
  const lines = [
    `model      ${r.model}: ${o.param ?? 'I'} from ${fmt(from)} to ${fmt(to)}${secondRange} (${Date.now() - t0} ms)`,
  ];
  r.branches.forEach((b, i) => {
    const ps = b.points.map((p) => p.param);
    const ps2 = b.points.map((p) => p.param2!);
    const range2 = b.param2 ? `, ${b.param2} in [${fmt(Math.min(...ps2))}, ${fmt(Math.max(...ps2))}]` : '';
    lines.push(
      `branch ${String(i + 1).padEnd(3)} ${b.kind}: ${b.points.length} points, ` +
        `${b.param} in [${fmt(Math.min(...ps))}, ${fmt(Math.max(...ps))}]${range2}; ${b.end ?? ''}`,
    );
  });
  for (const q of r.special) {
    const st = Object.entries(q.state)
      .map(([k, v]) => `${k}=${fmt(v)}`)
      .join(', ');
    const at =
      q.param2 === undefined
        ? `${o.param ?? 'I'} = ${fmt(q.param)}`
        : `(${o.param ?? 'I'}, ${second!.param}) = (${fmt(q.param)}, ${fmt(q.param2)})`;
    lines.push(`${q.type.padEnd(10)} ${at} at ${st}${q.note ? `; ${q.note}` : ''}`);
  }
  for (const f of [...figures, o.png2, o.periodPng]) if (f) lines.push(`figure     ${f}`);
  out(lines.join('\n') + '\n');
}
