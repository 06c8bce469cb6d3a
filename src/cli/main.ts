/**
 * The `isocline` command line. Each command lives in src/cli/commands/<name>.ts and exports
 * `register(program)`; commands/index.ts lists them.
 */
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';

export async function main(argv: string[] = process.argv): Promise<void> {
  const program = new Command('isocline')
    .description('neuron models and small dynamical systems from equations in strings')
    .version('0.1.0')
    .showSuggestionAfterError(true)
    .exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s.startsWith('error:') ? `isocline: ${s}` : s) });
  for (const register of commands) register(program);
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    throw e;
  }
}
