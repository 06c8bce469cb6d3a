/**
 * The `isocline` command line. Each command lives in src/cli/commands/<name>.ts and exports
 * `register(program)`; commands/index.ts lists them. Commands write through io.ts's out/err.
 */
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { err, out, setExitCode, withStreams, type Streams } from './io.js';

export interface MainOptions {
  /** capture output instead of writing to the process's stdout/stderr */
  streams?: Streams;
}

/**
 * Run the CLI on `argv` (process.argv form: node, script, args...). Returns the exit code; when
 * writing to the real process streams it also sets process.exitCode.
 * @example await main(['node', 'isocline', 'simulate', 'izhikevich', '--preset', 'RS', '--json'])
 */
export async function main(argv: string[] = process.argv, options: MainOptions = {}): Promise<number> {
  const program = new Command('isocline')
    .description('neuron models and small dynamical systems from equations in strings')
    .version('0.1.0')
    .showSuggestionAfterError(true)
    .exitOverride();
  // commander's own messages (help, usage errors) go through the same streams as the commands'
  program.configureOutput({
    writeOut: (s) => out(s),
    // an error stays on one line, suggestion included ("error: unknown command 'simulat' (Did you mean simulate?)")
    writeErr: (s) => err(s.startsWith('error:') ? `isocline: ${s.trim().replace(/\s*\n\s*/g, ' ')}\n` : s),
  });
  for (const register of commands) register(program);
  const code = await withStreams(options.streams, async () => {
    try {
      await program.parseAsync(argv);
    } catch (e) {
      if (e instanceof CommanderError) setExitCode(e.exitCode === 0 ? 0 : 2);
      else {
        // an unexpected failure still gets one line; ISOCLINE_DEBUG=1 shows the stack
        const message = e instanceof Error ? e.message : String(e);
        err(`isocline: ${message.split('\n')[0]}\n`);
        if (process.env.ISOCLINE_DEBUG && e instanceof Error && e.stack) err(`${e.stack}\n`);
        setExitCode(1);
      }
    }
  });
  if (!options.streams && code !== 0) process.exitCode = code;
  return code;
}
