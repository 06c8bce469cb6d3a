/** `isocline models`: the bundled models, with their descriptions. */
import type { Command } from 'commander';
import { guard, out } from '../io.js';

export function register(program: Command): void {
  program
    .command('models')
    .description('list the bundled models')
    .option('--json', 'print the list as JSON (name, description, file, variables, parameters, presets)')
    .action((o: { json?: boolean }) =>
      guard(async () => {
        // the catalogue reads the files' declarations only: listing loads no equation parser
        const { modelCatalog } = await import('../../model/catalog.js');
        const rows = await modelCatalog();
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
