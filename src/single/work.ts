/**
 * Cancellation, time limits and progress for the analyses that can run long (phase portraits,
 * bifurcation diagrams, f–I curves, limit cycles). The analyses are synchronous, so a timer-based
 * AbortSignal cannot fire while they run: `timeLimit` is checked against the clock, and `signal`
 * is checked between runs (it can be aborted from `onProgress`, or before the call).
 */
import { AbortError, OptionError } from '../model/errors.js';

export interface WorkOptions {
  /** stops the analysis with an AbortError once aborted (checked between its runs) */
  signal?: AbortSignal;
  /** wall-clock limit in milliseconds; past it the analysis stops with an AbortError */
  timeLimit?: number;
  /** called now and then with the fraction done, from 0 to 1 (a progress bar, or a place to abort) */
  onProgress?: (fraction: number) => void;
}

/**
 * The work of one analysis: `check()` between runs, `progress(f)` at milestones.
 * @example const work = new Work(`bifurcation of model 'fhn'`, options); work.progress(i / steps);
 */
export class Work {
  private readonly deadline: number;
  constructor(
    readonly analysis: string,
    private readonly o: WorkOptions = {},
  ) {
    const limit = o.timeLimit;
    if (limit !== undefined && !(typeof limit === 'number' && limit > 0))
      throw new OptionError(`${analysis}: timeLimit must be a positive number of milliseconds, got ${String(limit)}`);
    this.deadline = limit === undefined ? Infinity : performance.now() + limit;
    this.check();
  }

  get signal(): AbortSignal | undefined {
    return this.o.signal;
  }

  check(): void {
    if (this.o.signal?.aborted) throw new AbortError(this.analysis, this.o.signal.reason);
    if (performance.now() > this.deadline)
      throw new AbortError(this.analysis, `time limit of ${this.o.timeLimit} ms reached`);
  }

  progress(fraction: number): void {
    this.check();
    this.o.onProgress?.(Math.min(1, Math.max(0, fraction)));
    this.check();
  }

  /** Run `f`, turning an AbortError from a run inside it into this analysis's own. */
  run<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof AbortError && e.analysis !== this.analysis)
        throw new AbortError(this.analysis, this.o.signal?.reason ?? e.message);
      throw e;
    }
  }
}
