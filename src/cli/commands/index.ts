import type { Command } from 'commander';

/** Every CLI command, one module each. Add a line per command. */
export const commands: ((program: Command) => void)[] = [];
