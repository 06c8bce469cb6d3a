/**
 * One part of a kernel run: the generated program of a range of cells (src/compile/js-kernel/generate.ts),
 * bound to the run's arrays, with the objects it calls (spike buffer, ziggurat tail, failure
 * recorder, the per-step barrier). The main thread holds part 0; with threads, each worker
 * (src/network/targets/js-kernel/worker.ts) holds one more, over the same shared arrays.
 */
import { instantiate } from '../../../compile/instantiate.js';
import { Rng, ZIG, zigguratTail } from '../../rng.js';
import { SpikeBuffer } from './spike-buffer.js';
import type { KernelFailure } from './failure.js';

interface Program {
  runSteps(n0: number, n1: number): void;
  start(): void;
  bind(arrays: Record<string, unknown>): void;
}

/**
 * Slots of the control block shared by the parts of a run (an Int32Array on a SharedArrayBuffer).
 * GEN is the barrier word: generation * 2 + abort bit, written once per round by the part that
 * arrives last, so a part that sees the round end reads that round's abort with it (see `barrier`).
 * ABORT collects the failures of the round in progress; DEAD is the index of a worker thread that
 * died (set by the supervisor thread, src/network/targets/js-kernel/worker.ts), 0 while all live.
 */
export const CTL = {
  SEQ: 0,
  CMD: 1,
  ARG0: 2,
  ARG1: 3,
  DONE: 4,
  COUNT: 5,
  GEN: 6,
  ABORT: 7,
  READY: 8,
  DEAD: 9,
  SIZE: 10,
} as const;
export const CMD = { START: 1, RUN: 2, BIND_REAL: 3, BIND_SCRATCH: 4, COLLECT: 5, EXIT: 6 } as const;

/** Barrier spins before sleeping: both cores stay busy, so a step's wait is usually microseconds. */
const SPIN = 200_000;

/** What a part needs: its program source and its two bindings (the run's arrays, the warm-up's). */
export interface PartInit {
  source: string;
  /** typed arrays of the run, this part's views of per-part ones (CNT, RB<k>) */
  real: Record<string, unknown>;
  /** the same keys over scratch copies of everything a run writes (for the warm-up) */
  scratch: Record<string, unknown> | null;
  /** names of the scratch generators of the noise drives' ziggurat slow path (the manifest's `rngs`) */
  rngs: string[];
  /** length of the persistent-scalar array KS */
  scalars: number;
  /** initial capacity of the spike monitor (1 when nothing is recorded) */
  spikeCapacity: number;
  parts: number;
  /** the control block (parts > 1) */
  ctl: Int32Array | null;
}

/** Thrown by the FAIL hooks to leave the generated loop; the failure itself is in `failure`. */
const STOP = Symbol('kernel stop');

export class KernelPart {
  private readonly program: Program;
  private readonly bindings: { real: Record<string, unknown>; scratch: Record<string, unknown> | null };
  private mon: SpikeBuffer;
  failure: KernelFailure | null = null;

  constructor(private readonly init: PartInit) {
    const fail = (f: KernelFailure): never => {
      this.failure = f;
      throw STOP;
    };
    const FAIL = {
      reset: (p: number, e: number, i: number, te: number) => fail({ kind: 'reset', args: [p, e, i, te] }),
      stuck: (p: number, i: number, t: number) => fail({ kind: 'stuck', args: [p, i, t] }),
      diverged: (p: number, k: number, i: number, t: number, v: number) =>
        fail({ kind: 'diverged', args: [p, k, i, t, v] }),
      crowded: (p: number, i: number, t: number) => fail({ kind: 'crowded', args: [p, i, t] }),
    };
    const ctl = init.ctl;
    const T = init.parts;
    // The step barrier. Each part calls it once per step (a failing part once, in its failing step,
    // in place of that step's call), so every part is in the same round. The abort travels in the
    // barrier word with the generation: a part leaves the loop exactly when the round it waited
    // for carried an abort, never because of an abort raised in a later round by a part that ran
    // ahead while this one was descheduled (that left parts waiting at different barriers).
    const BAR: (failed?: boolean) => boolean =
      T === 1 || !ctl
        ? () => false
        : (failed) => {
            const gen = Atomics.load(ctl, CTL.GEN);
            if (failed) Atomics.store(ctl, CTL.ABORT, 1);
            if (Atomics.add(ctl, CTL.COUNT, 1) === T - 1) {
              // every arrival (and its ABORT store) of this round happened before this add
              const abort = Atomics.exchange(ctl, CTL.ABORT, 0) & 1;
              Atomics.store(ctl, CTL.COUNT, 0);
              Atomics.store(ctl, CTL.GEN, ((gen & ~1) + 2) | abort);
              Atomics.notify(ctl, CTL.GEN);
              return abort !== 0;
            }
            let now = gen;
            for (let spins = 0; (now = Atomics.load(ctl, CTL.GEN)) === gen; ) {
              if (++spins > SPIN) {
                // a dead worker never arrives: checked only once spinning gave up (no cost per step)
                if (Atomics.load(ctl, CTL.DEAD) !== 0) return true;
                Atomics.wait(ctl, CTL.GEN, gen, 50);
              }
            }
            return (now & 1) !== 0;
          };
    this.barrier = BAR;
    this.mon = new SpikeBuffer(init.spikeCapacity);
    // The same keys in the same order for both bindings (one hidden class for the generated code).
    const locals = (mon: SpikeBuffer): Record<string, unknown> => {
      const o: Record<string, unknown> = {
        KN: ZIG.kn,
        WN: ZIG.wn,
        TAIL: zigguratTail,
        MON: mon,
        FAIL,
        KS: new Float64Array(init.scalars),
        BAR,
      };
      for (const name of init.rngs) o[name] = new Rng(0);
      return o;
    };
    this.bindings = {
      real: { ...init.real, ...locals(this.mon) },
      scratch: init.scratch ? { ...init.scratch, ...locals(new SpikeBuffer(init.spikeCapacity)) } : null,
    };
    this.program = instantiate<Program>(['A'], init.source, this.bindings.real);
  }

  private readonly barrier: (failed?: boolean) => boolean;

  /**
   * Run one command; a failure (a FAIL hook, or any exception) is recorded, and with threads it
   * completes the failing step's barrier round with the abort bit, which stops every part there.
   */
  command(cmd: number, a0 = 0, a1 = 0): void {
    try {
      if (cmd === CMD.START) this.program.start();
      else if (cmd === CMD.RUN) this.program.runSteps(a0, a1);
      else if (cmd === CMD.BIND_REAL) this.program.bind(this.bindings.real);
      else if (cmd === CMD.BIND_SCRATCH && this.bindings.scratch) this.program.bind(this.bindings.scratch);
    } catch (e) {
      if (e !== STOP)
        this.failure = { kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
      // START and RUN cannot throw after their last barrier (only the spike count is stored after
      // it), so the exception came from inside the round in progress
      this.abandon(cmd, a0, a1);
    }
  }

  /**
   * The other parts' way out when this part fails outside the generated code: completes the
   * command's round in progress (its first, when the command was never started) with the abort
   * bit. A command without barriers needs nothing.
   */
  abandon(cmd: number, a0 = 0, a1 = 0): void {
    if (this.init.ctl && this.init.parts > 1 && (cmd === CMD.START || (cmd === CMD.RUN && a1 > a0))) this.barrier(true);
  }

  spikes(): SpikeBuffer {
    return this.mon;
  }
}
