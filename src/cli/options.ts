/**
 * Options that must not do nothing. Commander rejects an option a command does not declare (so
 * each command declares only the options it uses); these helpers catch the rest: an option the
 * user typed whose effect depends on another that is absent (`--dt` with the adaptive method,
 * `--title` without a figure). Defaults never trigger them: only what was typed counts.
 */
import type { Command } from 'commander';
import { OptionError } from '../model/errors.js';

/** Whether the user typed `--<flag>` (not a default, not an environment value). */
export function given(cmd: Command | undefined, flag: string): boolean {
  if (!cmd) return false;
  const key = flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return cmd.getOptionValueSource(key) === 'cli';
}

/**
 * Refuse options that were typed but would change nothing here.
 * @example onlyWith(cmd, ['dt'], method !== 'odex', '--method rk4 or euler (odex chooses its own steps)')
 */
export function onlyWith(cmd: Command | undefined, flags: string[], applies: boolean, context: string): void {
  if (applies) return;
  const typed = flags.filter((f) => given(cmd, f));
  if (typed.length) throw new OptionError(`--${typed[0]} only applies with ${context}`);
}
