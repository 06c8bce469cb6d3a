/**
 * `isocline fixed-points <model>`: every fixed point of the full state found by multi-start and
 * deflated Newton, with eigenvalues and stability, and whether the search was exhaustive, as a
 * table or JSON.
 */
import type { Command } from 'commander';
import { OptionError } from '../../model/errors.js';
import { collect, guard, out, toJSON } from '../io.js';
import { addModelOptions, MODEL_ARGUMENT, resolveModel, type ModelCliOptions } from '../model-options.js';
import { eigenText, fmt } from './phase.js';

interface FixedPointsCliOptions extends ModelCliOptions {
  range?: string[];
  json?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('fixed-points')
    .argument('[model]', MODEL_ARGUMENT)
    .description(
      'fixed points with eigenvalues, eigenvectors and stability (node, focus, saddle, saddle-focus, centre), ' +
        'and whether the search was exhaustive',
    );
  addModelOptions(cmd)
    .option(
      '--range <axis>',
      'search box of a variable as name:min:max; points outside are dropped; ' +
        'a range for every variable makes the search exhaustive (repeatable)',
      collect,
    )
    .option(
      '--json',
      'print JSON: { fixedPoints: [{ state, eigenvalues: [{ re, im }], stability, ... }], complete, reason, region }',
    )
    .addHelpText(
      'after',
      `
Examples:
  isocline fixed-points fitzhugh-nagumo --set I=0.5 --json
  isocline fixed-points izhikevich --set I=0 --range v:-100:0`,
    )
    .action((model: string | undefined, o: FixedPointsCliOptions, command: Command) =>
      guard(() => run(model, o, command), `fixed-points ${model ?? (o.eq ? 'inline model' : '')}`.trim()),
    );
}

async function run(name: string | undefined, o: FixedPointsCliOptions, cmd?: Command): Promise<void> {
  const { model } = await resolveModel(name, o, cmd);
  const [{ fixedPoints }, { parseAxis }] = await Promise.all([
    import('../../single/fixed-points.js'),
    import('../../single/plane.js'),
  ]);
  const ranges: Record<string, [number, number]> = Object.create(null);
  for (const r of o.range ?? []) {
    const a = parseAxis(r);
    if (Object.hasOwn(ranges, a.variable)) throw new OptionError(`--range: '${a.variable}' is given twice`);
    ranges[a.variable] = [a.min, a.max];
  }
  const fps = fixedPoints(model, { ranges });
  // whether the search was exhaustive travels with the points: a list alone cannot say it
  const completeText =
    fps.unbounded.length > 0
      ? 'complete (a linear system: its only equilibrium, solved exactly)'
      : 'complete over the ranges (deflated multi-start Newton found no other point; every point isolated)';
  const search = `search: ${fps.complete ? completeText : `may be incomplete: ${fps.reason}`}\n`;
  if (o.json) {
    const points = fps.map((f) => ({
      state: f.state,
      eigenvalues: f.eigenvalues,
      stability: f.stability,
      stable: f.stable,
      eigenvectors: f.eigenvectors,
      jacobian: f.jacobian,
      residual: f.residual,
    }));
    out(
      toJSON({
        model: model.name,
        fixedPoints: points,
        complete: fps.complete,
        reason: fps.reason,
        region: fps.region,
        unbounded: fps.unbounded,
      }) + '\n',
    );
    return;
  }
  if (fps.length === 0) {
    out(`no fixed points found for model '${model.name}'${o.range?.length ? ' in the given ranges' : ''}\n${search}`);
    return;
  }
  const units = new Map(model.ir.variables.map((v) => [v.name, v.unit && v.unit !== '1' ? ` ${v.unit}` : '']));
  const lines = fps.map((f, i) => {
    const st = Object.entries(f.state)
      .map(([k, v]) => `${k} = ${fmt(v)}${units.get(k)}`)
      .join(', ');
    return `${i + 1}. ${f.stability.padEnd(15)} ${st}\n   eigenvalues ${eigenText(f.eigenvalues)}`;
  });
  out(lines.join('\n') + '\n' + search);
}
