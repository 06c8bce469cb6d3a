/**
 * Worker-thread entry of a threaded kernel run: builds its part (src/network/kernel-part.ts) from
 * workerData and carries out the commands the main thread writes into the shared control block,
 * until told to exit. Results that are not in shared memory (recorded spikes, failures) go back
 * on the given port, which the main thread reads synchronously.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { CMD, CTL, KernelPart, type PartInit } from './kernel-part.js';
import { trimmed } from './spike-buffer.js';

const { init, port } = workerData as { init: PartInit; port: MessagePort };
const ctl = init.ctl!;

function done(): void {
  Atomics.add(ctl, CTL.DONE, 1);
  Atomics.notify(ctl, CTL.DONE);
}

let part: KernelPart | null = null;
try {
  part = new KernelPart(init);
} catch (e) {
  port.postMessage({ failure: { kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) } });
}
Atomics.add(ctl, CTL.READY, 1);
Atomics.notify(ctl, CTL.READY);

let seq = 0;
while (part) {
  Atomics.wait(ctl, CTL.SEQ, seq);
  seq = Atomics.load(ctl, CTL.SEQ);
  const cmd = Atomics.load(ctl, CTL.CMD);
  if (cmd === CMD.EXIT) break;
  if (cmd === CMD.COLLECT) {
    port.postMessage({ spikes: trimmed(part.spikes()) });
  } else {
    part.command(cmd, Atomics.load(ctl, CTL.ARG0), Atomics.load(ctl, CTL.ARG1));
    if (part.failure) port.postMessage({ failure: part.failure }), (part.failure = null);
  }
  done();
}
port.close();
