/**
 * `isocline fixed-points <model>`: every fixed point of the full state found from a grid of seeds,
 * with eigenvalues and stability, as a table or JSON.
 */
import type { Command } from 'commander';
import { fixedPoints } from '../../single/fixed-points.js';
import { parseAxis } from '../../single/plane.js';
import { collect, guard, out, toJSON } from '../io.js';
import { addModelOptions, resolveModel, type ModelCliOptions } from '../model-options.js';
import { eigenText, fmt } from './phase.js';

interface FixedPointsCliOptions extends ModelCliOptions {
  range?: string[];
  json?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('fixed-points')
    .argument('[model]', 'a bundled model name (see `isocline models`) or a model file (.yaml/.json)')
    .description('fixed points with eigenvalues, eigenvectors and stability (node, focus, saddle, centre)');
  addModelOptions(cmd)
    .option('--range <axis>', 'search box of a variable as name:min:max; points outside are dropped (repeatable)', collect)
    .option('--json', 'print a JSON list: [{ state, eigenvalues: [{ re, im }], stability, ... }]')
    .addHelpText(
      'after',
      `
Examples:
  isocline fixed-points fitzhugh-nagumo --set I=0.5 --json
  isocline fixed-points izhikevich --set I=0 --range v:-100:0`,
    )
    .action((model: string | undefined, o: FixedPointsCliOptions) => guard(() => run(model, o), `fixed-points ${model ?? (o.eq ? 'inline model' : '')}`.trim()));
}

async function run(name: string | undefined, o: FixedPointsCliOptions): Promise<void> {
  const { model } = resolveModel(name, o);
  const ranges: Record<string, [number, number]> = {};
  for (const r of o.range ?? []) {
    const a = parseAxis(r);
    ranges[a.variable] = [a.min, a.max];
  }
  const fps = fixedPoints(model, { ranges });
  if (o.json) {
    out(toJSON(fps.map((f) => ({ state: f.state, eigenvalues: f.eigenvalues, stability: f.stability, stable: f.stable, eigenvectors: f.eigenvectors, jacobian: f.jacobian, residual: f.residual }))) + '\n');
    return;
  }
  if (fps.length === 0) {
    out(`no fixed points found for model '${model.name}'${o.range?.length ? ' in the given ranges' : ''}\n`);
    return;
  }
  const units = new Map(model.ir.variables.map((v) => [v.name, v.unit && v.unit !== '1' ? ` ${v.unit}` : '']));
  const lines = fps.map((f, i) => {
    const st = Object.entries(f.state).map(([k, v]) => `${k} = ${fmt(v)}${units.get(k)}`).join(', ');
    return `${i + 1}. ${f.stability.padEnd(15)} ${st}\n   eigenvalues ${eigenText(f.eigenvalues)}`;
  });
  out(lines.join('\n') + '\n');
}
