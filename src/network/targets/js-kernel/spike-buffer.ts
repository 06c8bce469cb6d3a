/** The spike monitor's growable buffers: doubled when full (amortised, no per-step allocation). */
export class SpikeBuffer {
  cell: Int32Array;
  time: Float64Array;
  step: Int32Array;
  n = 0;
  constructor(capacity: number) {
    this.cell = new Int32Array(capacity);
    this.time = new Float64Array(capacity);
    this.step = new Int32Array(capacity);
  }
  grow(): void {
    const cap = this.cell.length * 2;
    const c = new Int32Array(cap),
      t = new Float64Array(cap),
      s = new Int32Array(cap);
    c.set(this.cell), t.set(this.time), s.set(this.step);
    (this.cell = c), (this.time = t), (this.step = s);
  }
}

/** A part's recorded spikes, trimmed. */
export interface SpikeList {
  cell: Int32Array;
  time: Float64Array;
  step: Int32Array;
}

export function trimmed(b: SpikeBuffer): SpikeList {
  return { cell: b.cell.slice(0, b.n), time: b.time.slice(0, b.n), step: b.step.slice(0, b.n) };
}

/**
 * The parts' spike lists merged into the order one part would have recorded: by step, then global
 * cell (populations in order, cells ascending); a cell's spikes within one step keep their order
 * (a cell belongs to one part).
 */
export function mergeSpikes(parts: SpikeList[]): SpikeList {
  if (parts.length === 1) return parts[0];
  const n = parts.reduce((a, p) => a + p.cell.length, 0);
  const out: SpikeList = { cell: new Int32Array(n), time: new Float64Array(n), step: new Int32Array(n) };
  const at = parts.map(() => 0);
  for (let o = 0; o < n; o++) {
    let best = -1;
    for (let w = 0; w < parts.length; w++) {
      const q = at[w];
      if (q >= parts[w].cell.length) continue;
      if (best < 0) best = w;
      else {
        const b = parts[best],
          c = parts[w],
          qb = at[best];
        if (c.step[q] < b.step[qb] || (c.step[q] === b.step[qb] && c.cell[q] < b.cell[qb])) best = w;
      }
    }
    const src = parts[best],
      q = at[best]++;
    (out.cell[o] = src.cell[q]), (out.time[o] = src.time[q]), (out.step[o] = src.step[q]);
  }
  return out;
}
