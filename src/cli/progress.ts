/**
 * Progress on a terminal for analyses that can run long: one line on stderr, redrawn in place,
 * shown only when stderr is a TTY (never in pipes, files or captured test output) and only after
 * the first second, so quick runs print nothing.
 */
import { writesToTerminal } from './io.js';

export interface Progress {
  update(fraction: number): void;
  done(): void;
}

/**
 * A progress line labelled `label`, or undefined when stderr is not a terminal.
 * @example const bar = progress('bifurcation'); run({ onProgress: bar?.update }); bar?.done();
 */
export function progress(label: string): Progress | undefined {
  if (!writesToTerminal()) return undefined;
  const started = performance.now();
  let shown = false;
  return {
    update(f: number) {
      const s = (performance.now() - started) / 1000;
      if (s < 1) return;
      shown = true;
      const width = 30;
      const full = Math.round(Math.min(1, Math.max(0, f)) * width);
      const bar = `${'#'.repeat(full)}${'.'.repeat(width - full)}`;
      process.stderr.write(`\r${label} [${bar}] ${(f * 100).toFixed(0).padStart(3)} % ${s.toFixed(1)} s`);
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

/** Run a synchronous analysis with a progress line (when on a terminal), cleared when it ends. */
export function withProgress<T>(label: string, body: (onProgress: ((fraction: number) => void) | undefined) => T): T {
  const bar = progress(label);
  try {
    return body(bar?.update);
  } finally {
    bar?.done();
  }
}
