/**
 * The `isocline` command line. Each command lives in src/cli/commands/<name>.ts and exports
 * `register(program)`; commands/index.ts lists them. Commands write through io.ts's out/err.
 *
 * Start-up cost: registering a command declares its options only; a command imports the model
 * layer, engines and plotting (mathjs, chart.js, canvas) inside its action, so `--version`,
 * `--help` and `models` load none of them.
 *
 * Exit codes: 0 success; 1 the run failed (a model file that does not validate, a solver or
 * network failure, a file that cannot be written); 2 a usage error (unknown command, option or
 * name, a bad or contradictory option value, an option that would do nothing). Output cut short
 * by a closed pipe (`isocline ... --json | head`) ends quietly with 0, as Unix filters do.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { packageRoot } from '../model/paths.js';
import { commands } from './commands/index.js';
import { err, out, setExitCode, withStreams, type Streams } from './io.js';

/** The package's version, from package.json (never a second copy that can drift). */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

let pipeGuard = false;
/**
 * A reader that closes early (`| head`) makes the next write fail with EPIPE, which Node reports
 * as an 'error' event on stdout; unhandled, that is a stack trace and exit code 1. The reader has
 * what it wanted: stop at once, quietly, with 0. Installed once, on the real process streams only.
 */
function exitQuietlyOnClosedPipe(): void {
  if (pipeGuard) return;
  pipeGuard = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    process.stderr.write(`isocline: cannot write the output: ${e.message}\n`);
    process.exit(1);
  });
  // nowhere left to report a failure of stderr itself
  process.stderr.on('error', () => undefined);
}

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
    .version(packageVersion())
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      '\nExit codes: 0 success; ' +
        '1 the run failed (invalid model or network file, solver failure, unwritable output);\n' +
        '2 usage error (unknown command, option or name, bad value, an option that would do nothing).',
    )
    .exitOverride();
  // commander's own messages (help, usage errors) go through the same streams as the commands'
  program.configureOutput({
    writeOut: (s) => out(s),
    // an error stays on one line, suggestion included ("error: unknown command 'simulat' (Did you mean simulate?)")
    writeErr: (s) => err(s.startsWith('error:') ? `isocline: ${s.trim().replace(/\s*\n\s*/g, ' ')}\n` : s),
  });
  if (!options.streams) exitQuietlyOnClosedPipe();
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
