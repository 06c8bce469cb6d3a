/**
 * The parts of a kernel run, driven synchronously from the main thread: part 0 runs here, parts
 * 1..T-1 in worker threads. Commands go through a shared control block (Atomics), each part runs
 * it over its own cells with a barrier per step, and the main thread waits until all are done;
 * the few results not in shared memory come back on message ports read with receiveMessageOnPort.
 * No event-loop turn is needed, so `runKernel` stays a synchronous call.
 *
 * The workers are started by a supervisor thread (src/network/targets/js-kernel/worker.ts), which sees their
 * 'error' and 'exit' events while this thread is blocked; a worker's death sets CTL.DEAD and wakes
 * every wait here, which then fails with a NetworkError naming the worker and the cause.
 */
import type { MessagePort, Worker } from 'node:worker_threads';
import { nodeBuiltin } from '../../node-builtins.js';
import { CMD, CTL, KernelPart, type PartInit } from './part.js';
import { firstFailure, type KernelFailure } from './failure.js';
import { trimmed, type SpikeList } from './spike-buffer.js';
import { NetworkError } from '../../../ir/errors.js';
import type { WorkerDeath } from './worker.js';

type Threads = typeof import('node:worker_threads');

/**
 * node:worker_threads, fs and url, reached at run time (node-builtins.ts): this module is on the
 * kernel's path, which also bundles for browsers; there only one thread runs and nothing here is used.
 */
function threads(): Threads {
  const t = nodeBuiltin<Threads>('worker_threads');
  if (!t) throw new NetworkError("threads: the kernel's threads are node's worker_threads; run on one thread");
  return t;
}

function receiveMessageOnPort(port: MessagePort): ReturnType<Threads['receiveMessageOnPort']> {
  return threads().receiveMessageOnPort(port);
}

/** How long to wait for a worker to load before giving up (a worker that cannot start never signals). */
const START_TIMEOUT_MS = 60_000;

/**
 * The worker script next to this module (dist/esm or dist/cjs); when running from the TypeScript
 * sources (tests), a bundle of it named by ISOCLINE_KERNEL_WORKER (test/setup/kernel-worker.ts).
 */
function workerScript(): string {
  const { existsSync } = nodeBuiltin<typeof import('node:fs')>('fs')!;
  const { fileURLToPath } = nodeBuiltin<typeof import('node:url')>('url')!;
  const here = new URL('./worker.js', import.meta.url);
  if (here.protocol === 'file:' && existsSync(fileURLToPath(here))) return fileURLToPath(here);
  const env = process.env.ISOCLINE_KERNEL_WORKER;
  if (env && existsSync(env)) return env;
  throw new NetworkError(
    'threads: the kernel worker script is missing (run `npm run build`, or ' +
      'set ISOCLINE_KERNEL_WORKER to a bundle of src/network/targets/js-kernel/worker.ts)',
  );
}

/** The supervisor thread of a threaded run and the port it reports on. */
export interface Supervisor {
  worker: Worker;
  port: MessagePort;
}

/**
 * Start the supervisor thread of a threaded run early: it boots while the caller generates code
 * and allocates, and starts the parts' workers when `new KernelParts` sends them. Either hand it
 * to KernelParts or `stopSupervisor` it.
 */
export function startSupervisor(ctl: Int32Array): Supervisor {
  const { MessageChannel, Worker } = threads();
  const script = workerScript();
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(script, {
    workerData: { role: 'supervisor', script, ctl, report: port2 },
    transferList: [port2],
  });
  worker.unref();
  return { worker, port: port1 };
}

export function stopSupervisor(s: Supervisor): void {
  s.port.close();
  void s.worker.terminate();
}

export class KernelParts {
  readonly main: KernelPart;
  private readonly ports: MessagePort[] = [];
  private supervisor: Supervisor | null = null;
  private readonly ctl: Int32Array | null;
  private closed = false;

  /**
   * inits[0] is the main thread's part; the others start as workers (their ctl is inits[0].ctl),
   * through `supervisor` (started by startSupervisor on the same ctl; one is started if omitted).
   * `network` names the run in errors.
   */
  constructor(
    inits: PartInit[],
    private readonly network?: string,
    supervisor?: Supervisor,
  ) {
    this.ctl = inits[0].ctl;
    const T = inits.length;
    if (T > 1) {
      const { MessageChannel } = threads();
      const parts = inits.slice(1).map((init, k) => {
        const { port1, port2 } = new MessageChannel();
        this.ports.push(port1);
        return { init, port: port2, index: k + 1 };
      });
      this.supervisor = supervisor ?? startSupervisor(this.ctl!);
      this.supervisor.port.postMessage(
        { parts },
        parts.map((p) => p.port),
      );
    } else if (supervisor) stopSupervisor(supervisor);
    this.main = new KernelPart(inits[0]);
    if (T > 1) {
      const ctl = this.ctl!;
      const t0 = Date.now();
      for (;;) {
        const ready = Atomics.load(ctl, CTL.READY);
        if (ready >= T - 1) break;
        this.checkAlive();
        if (Date.now() - t0 > START_TIMEOUT_MS) {
          this.close();
          throw new NetworkError(
            `threads: ${T - 1 - ready} of ${T - 1} kernel workers did not start within ${START_TIMEOUT_MS / 1000} s`,
            { network: this.network },
          );
        }
        Atomics.wait(ctl, CTL.READY, ready, 100);
      }
      const f = this.drain().failures;
      if (f.length) {
        this.close();
        throw new Error(
          `internal: a kernel worker could not start: ${(f[0] as { message?: string }).message ?? f[0].kind}`,
        );
      }
    }
  }

  /** Run a command on every part; the failure a single part would have hit first, if any. */
  command(cmd: number, a0 = 0, a1 = 0): KernelFailure | undefined {
    this.post(cmd, a0, a1);
    this.main.command(cmd, a0, a1);
    const failures: KernelFailure[] = [];
    if (this.main.failure) failures.push(this.main.failure), (this.main.failure = null);
    this.wait();
    failures.push(...this.drain().failures);
    return firstFailure(failures);
  }

  /** Every part's recorded spikes, part 0 first. */
  collect(): SpikeList[] {
    const out = [trimmed(this.main.spikes())];
    if (!this.ports.length) return out;
    this.post(CMD.COLLECT);
    this.wait();
    const { spikes, failures } = this.drain();
    if (failures.length || spikes.length !== this.ports.length) {
      this.close();
      const f = failures[0] as { message?: string } | undefined;
      throw new NetworkError(
        `threads: a kernel worker did not return its recorded spikes` +
          `${f?.message ? ` (${f.message.split('\n')[0]})` : ''}`,
        { network: this.network },
      );
    }
    return out.concat(spikes);
  }

  close(): void {
    if (this.closed || !this.supervisor) return;
    this.closed = true;
    this.post(CMD.EXIT);
    // after a death the others may be anywhere: stop them rather than wait for them
    if (this.ctl && Atomics.load(this.ctl, CTL.DEAD) !== 0) this.supervisor.port.postMessage('terminate');
    for (const p of this.ports) p.close();
    this.supervisor.port.close();
  }

  private post(cmd: number, a0 = 0, a1 = 0): void {
    const ctl = this.ctl;
    if (!ctl || !this.ports.length) return;
    Atomics.store(ctl, CTL.DONE, 0);
    Atomics.store(ctl, CTL.CMD, cmd);
    Atomics.store(ctl, CTL.ARG0, a0);
    Atomics.store(ctl, CTL.ARG1, a1);
    Atomics.add(ctl, CTL.SEQ, 1);
    Atomics.notify(ctl, CTL.SEQ);
  }

  /** Until every worker has done the command, or one has died (then a NetworkError naming it). */
  private wait(): void {
    const ctl = this.ctl;
    if (!ctl || !this.ports.length) return;
    for (;;) {
      const d = Atomics.load(ctl, CTL.DONE);
      if (d >= this.ports.length) return;
      this.checkAlive();
      Atomics.wait(ctl, CTL.DONE, d, 1000);
    }
  }

  private checkAlive(): void {
    const ctl = this.ctl;
    if (!ctl || Atomics.load(ctl, CTL.DEAD) === 0) return;
    const index = Atomics.load(ctl, CTL.DEAD);
    let cause = 'no cause reported';
    if (this.supervisor) {
      for (let m = receiveMessageOnPort(this.supervisor.port); m; m = receiveMessageOnPort(this.supervisor.port)) {
        const d = m.message as WorkerDeath;
        if (d.dead === index) cause = d.message.split('\n')[0];
      }
    }
    this.close();
    throw new NetworkError(
      `threads: kernel worker ${index} of ${this.ports.length} ` +
        `(part ${index} of ${this.ports.length + 1}) died (${cause}); the run was stopped`,
      { network: this.network },
    );
  }

  private drain(): { failures: KernelFailure[]; spikes: SpikeList[] } {
    const failures: KernelFailure[] = [];
    const spikes: SpikeList[] = [];
    for (const port of this.ports) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const msg = m.message as { failure?: KernelFailure; spikes?: SpikeList };
        if (msg.failure) failures.push(msg.failure);
        if (msg.spikes) spikes.push(msg.spikes);
      }
    }
    return { failures, spikes };
  }
}
