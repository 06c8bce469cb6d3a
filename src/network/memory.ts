/**
 * Memory estimate of a network run, computed from the spec before anything large is allocated:
 * state, per-cell parameters, CSR (8 bytes per synapse, 4 dense), per-synapse delays, ring buffers,
 * synaptic states, input spike trains, drives and monitors. A run whose estimate exceeds the
 * available memory is refused with the estimate and its largest item.
 *
 * The available memory is `memoryLimit` when given; otherwise, in node, os.freemem() now; in a browser,
 * navigator.deviceMemory (the device's RAM in GB, a ceiling, where Chromium reports it), else none:
 * no refusal there, but the estimate is still computed (memoryOf).
 */
import { freeMemory } from './node-builtins.js';
import { NetworkError } from '../ir/errors.js';

export interface MemoryItem {
  what: string;
  bytes: number;
}

export interface MemoryEstimate {
  bytes: number;
  items: MemoryItem[];
}

export const GB = 1024 ** 3;
const gb = (b: number): string => `${(b / GB).toFixed(b < 0.1 * GB ? 3 : 2)} GB`;

/** Collects items; `check` compares the sum to the limit (default: see the header). */
export class MemoryLedger {
  readonly items: MemoryItem[] = [];
  add(what: string, bytes: number): void {
    if (bytes > 0) this.items.push({ what, bytes });
  }
  estimate(): MemoryEstimate {
    return {
      bytes: this.items.reduce((a, i) => a + i.bytes, 0),
      items: [...this.items].sort((a, b) => b.bytes - a.bytes),
    };
  }
  /** Throws NetworkError when the estimate exceeds `limit` bytes (default: free memory now). */
  check(network: string, limit?: number): MemoryEstimate {
    const e = this.estimate();
    const [available, what] = limit !== undefined ? [limit, 'allowed (memoryLimit)'] : defaultLimit();
    if (e.bytes > available) {
      const top = e.items[0];
      throw new NetworkError(
        `needs an estimated ${gb(e.bytes)}, more than the ${gb(available)} ` +
          what +
          `; largest item: ${top.what} ${gb(top.bytes)}`,
        { network },
      );
    }
    return e;
  }
}

export const formatGB = gb;

/** The limit without memoryLimit, and how the refusal names it (see the header). */
function defaultLimit(): [number, string] {
  const free = freeMemory();
  if (free !== undefined) return [free, 'free now (os.freemem)'];
  const device = (globalThis as { navigator?: { deviceMemory?: number } }).navigator?.deviceMemory;
  if (typeof device === 'number' && device > 0) return [device * GB, 'of device memory (navigator.deviceMemory)'];
  return [Infinity, 'available'];
}
