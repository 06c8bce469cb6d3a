/** `isocline models`: the bundled models, with their descriptions. */
import type { Command } from 'commander';
import { bundledModels, loadModel } from '../../model/modelfile.js';
import { guard, out } from '../io.js';

export function register(program: Command): void {
  program
    .command('models')
    .description('list the bundled models')
    .option('--json', 'print the list as JSON (name, description, file, variables, parameters, presets)')
    .action((o: { json?: boolean }) =>
      guard(() => {
        const rows = bundledModels().map((m) => {
          const model = loadModel(m.file);
          return { ...m, variables: model.variableNames, parameters: model.parameterNames, presets: model.presets };
        });
        if (o.json) {
          out(JSON.stringify(rows, null, 2) + '\n');
          return;
        }
        const width = Math.max(...rows.map((r) => r.name.length)) + 2;
        for (const r of rows) {
          const extra = r.presets.length ? ` [presets: ${r.presets.join(', ')}]` : '';
          out(`${r.name.padEnd(width)}${r.description}${extra}\n`);
        }
      }),
    );
}
