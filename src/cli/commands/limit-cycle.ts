/**
 * `isocline limit-cycle <model>`: the attracting periodic orbit reached from the initial state —
 * period, and the minimum and maximum of each variable.
 */
import type { Command } from 'commander';
import { OptionError } from '../../model/errors.js';
import { guard, out, positive, toJSON } from '../io.js';
import { withProgress } from '../progress.js';
import { addModelOptions, MODEL_ARGUMENT, resolveModel, type ModelCliOptions } from '../model-options.js';
import { fmt } from './phase.js';

interface LimitCycleCliOptions extends ModelCliOptions {
  section?: string;
  maxTime?: string;
  tolerance?: string;
  orbit?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('limit-cycle')
    .argument('[model]', MODEL_ARGUMENT)
    .description(
      'period and amplitude of the attracting limit cycle (or periodic spiking orbit) reached from the initial state',
    );
  addModelOptions(cmd, { events: true })
    .option(
      '--section <var[:level]>',
      'Poincaré section: upward crossings of a variable (default: the first, at the middle of its range)',
    )
    .option('--max-time <t>', 'give up after this much integration time')
    .option('--tolerance <x>', 'successive periods must agree to this relative tolerance', '1e-9')
    .option('--orbit', 'include one period of the orbit in the JSON')
    .option('--json', 'print { period, min, max, ... } as JSON')
    .addHelpText(
      'after',
      `
Examples:
  isocline limit-cycle fitzhugh-nagumo --set I=0.5 --json
  isocline limit-cycle izhikevich --preset RS --set I=10`,
    )
    .action((model: string | undefined, o: LimitCycleCliOptions, command: Command) =>
      guard(() => run(model, o, command), `limit-cycle ${model ?? (o.eq ? 'inline model' : '')}`.trim()),
    );
}

async function run(name: string | undefined, o: LimitCycleCliOptions, cmd?: Command): Promise<void> {
  const { model } = await resolveModel(name, o, cmd);
  const { limitCycle } = await import('../../single/limit-cycle.js');
  let section: { variable: string; level?: number } | undefined;
  if (o.section) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*(\S+)\s*)?$/.exec(o.section);
    const level = m?.[2] !== undefined ? Number(m[2]) : undefined;
    if (!m || (level !== undefined && !Number.isFinite(level)))
      throw new OptionError(`--section expects a variable or variable:level (e.g. v:0), got '${o.section}'`);
    section = { variable: m[1], level };
  }
  if (o.orbit && !o.json) throw new OptionError('--orbit only applies with --json');
  const lc = withProgress('limit cycle', (onProgress) =>
    limitCycle(model, {
      section,
      maxTime: positive(o.maxTime, 'max-time'),
      tolerance: positive(o.tolerance, 'tolerance'),
      onProgress,
    }),
  );
  const tu = model.spec.time_unit && model.spec.time_unit !== '1' ? ` ${model.spec.time_unit}` : '';
  if (o.json) {
    if (!lc.found) out(toJSON(lc) + '\n');
    else {
      const { orbit, ...rest } = lc;
      out(toJSON(o.orbit ? lc : rest) + '\n');
      void orbit;
    }
    return;
  }
  if (!lc.found) {
    out(
      `no limit cycle: ${lc.reason}\nfinal state ${Object.entries(lc.final)
        .map(([k, v]) => `${k} = ${fmt(v)}`)
        .join(', ')}\n`,
    );
    return;
  }
  const units = new Map(model.ir.variables.map((v) => [v.name, v.unit && v.unit !== '1' ? ` ${v.unit}` : '']));
  const crossing = lc.kind === 'spiking' ? 'spikes' : 'section crossings';
  const returns = lc.returns > 1 ? ` (${lc.returns} ${crossing} per period)` : '';
  const converged = lc.converged ? '' : ' (not converged to the tolerance)';
  const level = 'variable' in lc.section ? `${lc.section.variable} = ${fmt(lc.section.level)}` : '';
  const smooth = `smooth oscillation (section: ${level} upward)`;
  const kind = lc.kind === 'spiking' ? 'periodic spiking (section: the spike event)' : smooth;
  const lines = [
    `period     ${fmt(lc.period)}${tu}${returns}${converged}`,
    `kind       ${kind}`,
    ...Object.keys(lc.min).map((k) => `${k.padEnd(10)} min ${fmt(lc.min[k])}, max ${fmt(lc.max[k])}${units.get(k)}`),
  ];
  out(lines.join('\n') + '\n');
}
