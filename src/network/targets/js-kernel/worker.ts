/**
 * Worker-thread entry of a threaded kernel run, in two roles.
 *
 * A part (the default): builds its part (src/network/targets/js-kernel/part.ts) from workerData and carries
 * out the commands the main thread writes into the shared control block, until told to exit.
 * Results that are not in shared memory (recorded spikes, failures) go back on the given port,
 * which the main thread reads synchronously. Every path reports: any exception becomes a failure
 * message and the command is still marked done.
 *
 * The supervisor (workerData.role === 'supervisor'): starts the parts' workers and watches them.
 * The main thread blocks in Atomics.wait during a run, so it never sees a worker's 'error' or
 * 'exit' event; this thread's event loop stays free to see them. When a part's worker dies (out of
 * memory, terminated, process.exit, a crash) it posts what died and why, sets CTL.DEAD and wakes
 * every waiter, and the parts and the main thread stop with an error naming the worker.
 */
import { Worker, workerData, type MessagePort } from 'node:worker_threads';
import { CMD, CTL, KernelPart, type PartInit } from './part.js';
import { trimmed } from './spike-buffer.js';

/** A worker's death as the supervisor reports it to the main thread. */
export interface WorkerDeath {
  dead: number;
  message: string;
}

interface PartData {
  init: PartInit;
  port: MessagePort;
  /** the part's index (1..T-1; the main thread holds part 0) */
  index: number;
}

interface SupervisorData {
  role: 'supervisor';
  script: string;
  ctl: Int32Array;
  report: MessagePort;
}

/**
 * Test hook ISOCLINE_KERNEL_TEST_DIE="<part>:<run>:<mode>": part <part> dies at the start of its
 * <run>-th RUN command (1-based, warm-up runs included) by `exit` (process.exit(70)), `throw` (an
 * exception outside the kernel), or `oom` (allocates until its heap limit), or with mode `collect`
 * throws while handing back its spikes. Read once at start-up: nothing in the step loop.
 */
function testDeath(index: number): { run: number; mode: string } | null {
  const spec = process.env.ISOCLINE_KERNEL_TEST_DIE;
  if (!spec) return null;
  const [part, run, mode] = spec.split(':');
  return Number(part) === index ? { run: Number(run), mode } : null;
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

function runPart({ init, port, index }: PartData): void {
  const ctl = init.ctl!;
  const die = testDeath(index);
  const done = (): void => {
    Atomics.add(ctl, CTL.DONE, 1);
    Atomics.notify(ctl, CTL.DONE);
  };
  const report = (e: unknown): void => {
    try {
      port.postMessage({ failure: { kind: 'error', message: errorText(e) } });
    } catch {
      // cannot even report: the exit that follows is seen by the supervisor
      process.exit(71);
    }
  };
  let part: KernelPart | null = null;
  try {
    part = new KernelPart(init);
  } catch (e) {
    report(e);
  }
  Atomics.add(ctl, CTL.READY, 1);
  Atomics.notify(ctl, CTL.READY);

  let seq = 0;
  let runs = 0;
  let entered = true;
  while (part) {
    Atomics.wait(ctl, CTL.SEQ, seq);
    seq = Atomics.load(ctl, CTL.SEQ);
    const cmd = Atomics.load(ctl, CTL.CMD);
    if (cmd === CMD.EXIT) break;
    try {
      if (cmd === CMD.COLLECT) {
        if (die?.mode === 'collect') throw new Error('test hook: failure while collecting spikes');
        port.postMessage({ spikes: trimmed(part.spikes()) });
      } else {
        entered = false;
        if (cmd === CMD.RUN && die && ++runs === die.run) dieNow(die.mode);
        entered = true;
        // never throws: failures are recorded, and a failing part still completes its round
        part.command(cmd, Atomics.load(ctl, CTL.ARG0), Atomics.load(ctl, CTL.ARG1));
        if (part.failure) port.postMessage({ failure: part.failure }), (part.failure = null);
      }
    } catch (e) {
      report(e);
      // the others wait at this command's barrier for a part that never ran it
      if (!entered) part.abandon(cmd, Atomics.load(ctl, CTL.ARG0), Atomics.load(ctl, CTL.ARG1));
    }
    done();
  }
  port.close();
}

function dieNow(mode: string): void {
  if (mode === 'exit') process.exit(70);
  if (mode === 'oom') {
    const hog: number[][] = [];
    for (;;) hog.push(new Array(1 << 20).fill(hog.length + 0.5));
  }
  // outside KernelPart.command's try: the worker's own wrapper must report it
  throw new Error('test hook: a worker exception outside the kernel');
}

/**
 * Started before the parts exist (it boots while the main thread generates code and allocates);
 * the parts arrive as one message { parts }, and the message 'terminate' stops them all.
 */
function supervise({ script, ctl, report }: SupervisorData): void {
  const workers: Worker[] = [];
  let live = 0;
  const died = (index: number, message: string): void => {
    report.postMessage({ dead: index, message } satisfies WorkerDeath);
    // the first death is the one reported; wake everyone who waits on the control block
    Atomics.compareExchange(ctl, CTL.DEAD, 0, index);
    for (const slot of [CTL.GEN, CTL.DONE, CTL.READY, CTL.SEQ]) Atomics.notify(ctl, slot);
  };
  const oom = process.env.ISOCLINE_KERNEL_TEST_DIE?.endsWith(':oom');
  const start = (parts: PartData[]): void => {
    live = parts.length;
    for (const p of parts) {
      // a small heap only for the out-of-memory test hook, so it dies in a second rather than at GBs
      const w = new Worker(script, {
        workerData: p,
        transferList: [p.port],
        ...(oom ? { resourceLimits: { maxOldGenerationSizeMb: 64 } } : {}),
      });
      workers.push(w);
      let error: string | null = null;
      w.on(
        'error',
        (e) =>
          (error = (e as NodeJS.ErrnoException).code
            ? `${(e as NodeJS.ErrnoException).code}: ${e.message}`
            : errorText(e)),
      );
      w.on('exit', (code) => {
        // a part leaves normally only when told to (CMD.EXIT, code 0)
        if (error !== null || code !== 0 || Atomics.load(ctl, CTL.CMD) !== CMD.EXIT)
          died(p.index, error ?? `exited with code ${code}`);
        if (--live === 0) report.close();
      });
    }
  };
  report.on('message', (m: 'terminate' | { parts: PartData[] }) => {
    if (m === 'terminate') for (const w of workers) void w.terminate();
    else start(m.parts);
  });
  // the main thread gave up before sending the parts: nothing to watch
  report.on('close', () => {
    if (!workers.length) process.exit(0);
  });
}

const data = workerData as PartData | SupervisorData;
if ('role' in data && data.role === 'supervisor') supervise(data);
else runPart(data as PartData);
