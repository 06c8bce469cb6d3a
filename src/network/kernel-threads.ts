/**
 * The parts of a kernel run, driven synchronously from the main thread: part 0 runs here, parts
 * 1..T-1 in worker threads. Commands go through a shared control block (Atomics), each part runs
 * it over its own cells with a barrier per step, and the main thread waits until all are done;
 * the few results not in shared memory come back on message ports read with receiveMessageOnPort.
 * No event-loop turn is needed, so `runKernel` stays a synchronous call.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { CMD, CTL, KernelPart, type PartInit } from './kernel-part.js';
import { firstFailure, type KernelFailure } from './kernel-failure.js';
import { trimmed, type SpikeList } from './spike-buffer.js';
import { NetworkError } from './errors.js';

/** How long to wait for a worker to load before giving up (a worker that cannot start never signals). */
const START_TIMEOUT_MS = 60_000;

/**
 * The worker script next to this module (dist/esm or dist/cjs); when running from the TypeScript
 * sources (tests), a bundle of it named by ISOCLINE_KERNEL_WORKER (test/setup/kernel-worker.ts).
 */
function workerScript(): string {
  const here = new URL('./kernel-worker.js', import.meta.url);
  if (here.protocol === 'file:' && existsSync(fileURLToPath(here))) return fileURLToPath(here);
  const env = process.env.ISOCLINE_KERNEL_WORKER;
  if (env && existsSync(env)) return env;
  throw new NetworkError('threads: the kernel worker script is missing (run `npm run build`, or set ISOCLINE_KERNEL_WORKER to a bundle of src/network/kernel-worker.ts)');
}

export class KernelParts {
  readonly main: KernelPart;
  private readonly workers: { worker: Worker; port: MessagePort }[] = [];
  private readonly ctl: Int32Array | null;

  /** inits[0] is the main thread's part; the others start as workers (their ctl is inits[0].ctl). */
  constructor(inits: PartInit[]) {
    this.ctl = inits[0].ctl;
    const T = inits.length;
    if (T > 1) {
      const script = workerScript();
      for (let w = 1; w < T; w++) {
        const { port1, port2 } = new MessageChannel();
        const worker = new Worker(script, { workerData: { init: inits[w], port: port2 }, transferList: [port2] });
        worker.unref();
        this.workers.push({ worker, port: port1 });
      }
    }
    this.main = new KernelPart(inits[0]);
    if (T > 1) {
      const ctl = this.ctl!;
      const t0 = Date.now();
      for (;;) {
        const ready = Atomics.load(ctl, CTL.READY);
        if (ready >= T - 1) break;
        if (Date.now() - t0 > START_TIMEOUT_MS) {
          this.close();
          throw new NetworkError(`threads: ${T - 1 - ready} of ${T - 1} kernel workers did not start within ${START_TIMEOUT_MS / 1000} s`);
        }
        Atomics.wait(ctl, CTL.READY, ready, 100);
      }
      const f = this.drain().failures;
      if (f.length) {
        this.close();
        throw new Error(`internal: a kernel worker could not start: ${(f[0] as { message?: string }).message ?? f[0].kind}`);
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
    if (this.ctl) Atomics.store(this.ctl, CTL.ABORT, 0);
    return firstFailure(failures);
  }

  /** Every part's recorded spikes, part 0 first. */
  collect(): SpikeList[] {
    const out = [trimmed(this.main.spikes())];
    if (!this.workers.length) return out;
    this.post(CMD.COLLECT);
    this.wait();
    const got = this.drain().spikes;
    if (got.length !== this.workers.length) throw new Error('internal: a kernel worker did not return its spikes');
    return out.concat(got);
  }

  close(): void {
    if (!this.workers.length) return;
    this.post(CMD.EXIT);
    for (const w of this.workers) w.port.close();
    this.workers.length = 0;
  }

  private post(cmd: number, a0 = 0, a1 = 0): void {
    const ctl = this.ctl;
    if (!ctl || !this.workers.length) return;
    Atomics.store(ctl, CTL.DONE, 0);
    Atomics.store(ctl, CTL.CMD, cmd);
    Atomics.store(ctl, CTL.ARG0, a0);
    Atomics.store(ctl, CTL.ARG1, a1);
    Atomics.add(ctl, CTL.SEQ, 1);
    Atomics.notify(ctl, CTL.SEQ);
  }

  private wait(): void {
    const ctl = this.ctl;
    if (!ctl || !this.workers.length) return;
    for (;;) {
      const d = Atomics.load(ctl, CTL.DONE);
      if (d >= this.workers.length) return;
      Atomics.wait(ctl, CTL.DONE, d, 1000);
    }
  }

  private drain(): { failures: KernelFailure[]; spikes: SpikeList[] } {
    const failures: KernelFailure[] = [];
    const spikes: SpikeList[] = [];
    for (const { port } of this.workers) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const msg = m.message as { failure?: KernelFailure; spikes?: SpikeList };
        if (msg.failure) failures.push(msg.failure);
        if (msg.spikes) spikes.push(msg.spikes);
      }
    }
    return { failures, spikes };
  }
}
