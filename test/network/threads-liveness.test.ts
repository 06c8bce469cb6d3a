/**
 * Threaded kernel runs that fail must fail, never hang: a cell diverging in one part stops every
 * part at the same step's barrier (with more threads than this machine's cores, and on a machine
 * kept busy by CPU-burning processes), and a worker that dies is noticed and named. Each run is in
 * a child process under a wall-clock limit (test/network/helpers/child.ts): a deadlock blocks its
 * thread in Atomics.wait, which no in-process test timeout can interrupt, so it shows here as
 * status 'timeout'. The reference for every error message is the one-thread run of the same
 * network (which has no barrier), run in this process.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { buildNetwork } from '../../src/network/build.js';
import { runKernel, splitCells } from '../../src/network/targets/js-kernel/run.js';
import { izhikevich2003 } from '../../src/network/classics.js';
import type { NetworkSpec } from '../../src/network/spec.js';
import { burnCpu, removeChildBundle, runInChild, type ChildResult } from './helpers/child.js';

afterAll(removeChildBundle);

/** issue 11's network: v' = v^2 + I with I = 0; the cells above 15000 start at 2 and blow up at t = 1/2 ms */
const quad: NetworkSpec = {
  name: 'quad',
  dt: 0.1,
  populations: { A: { model: { name: 'quad', variables: { v: { ddt: 'v*v + I', init: 0 } }, parameters: { I: 0 } }, size: 20_000, init: { v: 'i > 15000 ? 2 : 0' } } },
};

/** the one-thread error (there is no barrier on one thread) */
function oneThreadError(spec: NetworkSpec, t: number): string {
  try {
    runKernel(buildNetwork(spec, { t }), { threads: 1 });
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

const show = (r: ChildResult): string => `${r.status} after ${r.ms} ms: ${JSON.stringify(r.out)} ${r.stderr.slice(0, 400)}`;

describe('threaded kernel: an abort reaches every part at the same barrier', () => {
  const expected = oneThreadError(quad, 10);

  it('the reference: one thread reports cell 15001 diverging', () => {
    // v(t) = 2 / (1 - 2t) from v(0) = 2 blows up at t = 0.5 ms; forward Euler at dt 0.1 lags and
    // passes the 1e12 bound a few steps later. Cell 15001 is the first cell with i > 15000.
    expect(expected).toMatch(/population 'A' \(model 'quad'\), cell 15001: variable 'v' reached .* at t = 1\.2/);
    // the diverging cells are in a worker's part for every split tested below, not the main thread's
    for (const T of [2, 3, 4]) expect(splitCells(buildNetwork(quad, { t: 1 }), T)[0][0][1]).toBeLessThanOrEqual(15001);
  });

  // On the old protocol the abort flag was read after the barrier whatever round set it: a part
  // descheduled at step n's barrier could read step n + 1's abort and leave one step early, while
  // the others waited at step n + 1's barrier for it: 3 threads hung 6 of 6 times, 2 on a busy machine 5 of 6.
  const cores = availableParallelism();
  for (const [T, burners, repeats] of [
    [3, 0, 2],
    [4, 0, 2],
    [2, cores, 2],
    [3, cores, 2],
  ] as const) {
    it(`${T} threads on ${cores} cores${burners ? ` with ${burners} CPU-burning processes` : ''}: the one-thread error, no hang (${repeats} runs)`, () => {
      const stop = burners ? burnCpu(burners) : () => {};
      try {
        for (let k = 0; k < repeats; k++) {
          const r = runInChild({ spec: quad, build: { t: 10 }, run: { threads: T } }, 40_000);
          expect(r.status, show(r)).toBe('error');
          expect(r.out!.name).toBe('SimulationError');
          expect(r.out!.error).toBe(expected);
        }
      } finally {
        stop();
      }
    }, 200_000);
  }
});

describe('threaded kernel: a dead worker is noticed and named', () => {
  // 3 threads, no warm-up: RUN commands are the run's chunks of 1 % (t = 50 ms, 500 steps: 5 steps each)
  const spec: NetworkSpec = { ...izhikevich2003(3000, { indegree: 50 }), monitors: { spikes: true } };
  const job = { spec, build: { t: 50, seed: 3 }, run: { threads: 3, warmup: false } };
  const die = (what: string): ChildResult => runInChild(job, 60_000, { ISOCLINE_KERNEL_TEST_DIE: what });

  it('the same run without a death completes on 3 threads', () => {
    const r = runInChild(job, 60_000);
    expect(r.status, show(r)).toBe('ok');
    expect(r.out!.threads).toBe(3);
    expect(r.out!.spikes).toBeGreaterThan(100);
  }, 70_000);

  it('a worker that exits in the middle of the run (the others wait at a barrier for it)', () => {
    const r = die('2:3:exit');
    expect(r.status, show(r)).toBe('error');
    expect(r.out!.name).toBe('NetworkError');
    expect(r.out!.error).toBe(`network '${spec.name}': threads: kernel worker 2 of 2 (part 2 of 3) died (exited with code 70); the run was stopped`);
  }, 70_000);

  it('a worker that runs out of memory', () => {
    const r = die('1:2:oom');
    expect(r.status, show(r)).toBe('error');
    expect(r.out!.name).toBe('NetworkError');
    expect(r.out!.error).toMatch(new RegExp(`^network '${spec.name}': threads: kernel worker 1 of 2 \\(part 1 of 3\\) died \\(ERR_WORKER_OUT_OF_MEMORY: .*\\); the run was stopped$`));
  }, 70_000);

  it('an exception in a worker outside the generated code is reported, and the others are released', () => {
    const r = die('1:4:throw');
    expect(r.status, show(r)).toBe('error');
    expect(r.out!.name).toBe('NetworkError');
    expect(r.out!.error).toBe(`network '${spec.name}': a kernel part failed (internal error: Error: test hook: a worker exception outside the kernel)`);
  }, 70_000);

  it('an exception while a worker hands back its spikes (once outside any try/catch)', () => {
    const r = die('2:0:collect');
    expect(r.status, show(r)).toBe('error');
    expect(r.out!.name).toBe('NetworkError');
    expect(r.out!.error).toBe(`network '${spec.name}': threads: a kernel worker did not return its recorded spikes (Error: test hook: failure while collecting spikes)`);
  }, 70_000);
});
