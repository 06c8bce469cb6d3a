/** `isocline networks`: the bundled networks, with their descriptions. */
import type { Command } from 'commander';
import { guard, out } from '../io.js';

export function register(program: Command): void {
  program
    .command('networks')
    .description('list the bundled networks (run one with `isocline network <name>`)')
    .option('--json', 'print the list as JSON (name, description, file)')
    .action((o: { json?: boolean }) =>
      guard(async () => {
        const { bundledNetworks } = await import('../../network/files.js');
        const rows = bundledNetworks();
        if (o.json) {
          out(JSON.stringify(rows, null, 2) + '\n');
          return;
        }
        const width = Math.max(...rows.map((r) => r.name.length)) + 2;
        for (const r of rows) out(`${r.name.padEnd(width)}${r.description}\n`);
      }),
    );
}
