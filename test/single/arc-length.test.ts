import { describe, it, expect } from 'vitest';
import { loadModel, limitCycle } from '../../src/index.js';

// Rinzel & Ermentrout's class-1 (SNIC) Morris–Lecar set (gCa 4, V3 12, V4 17.4, phi 1/15): just
// above the saddle-node on the invariant circle (I ≈ 39.96) the cycle crawls past the ghost of the
// fixed point for most of its period and spikes in a few ms.
const snic = loadModel('morris-lecar').with({ gCa: 4, V3: 12, V4: 17.4, phi: 1 / 15, I: 40.2 });

function gaps(orbit: { t: Float64Array; y: Record<string, Float64Array> }[], scale: Record<string, number>) {
  const d: number[] = [];
  for (const seg of orbit) {
    for (let i = 1; i < seg.t.length; i++) {
      d.push(Math.hypot((seg.y.v[i] - seg.y.v[i - 1]) / scale.v, (seg.y.w[i] - seg.y.w[i - 1]) / scale.w));
    }
  }
  return d;
}

describe('limit cycles are stored by arc length', () => {
  it('a SNIC cycle of long period keeps its spike: no step in the scaled plane is much longer than the mean', () => {
    const lc = limitCycle(snic, { samples: 400 });
    expect(lc.found).toBe(true);
    if (!lc.found) return;
    expect(lc.period).toBeGreaterThan(200); // near the SNIC the period is long (it diverges as I → 39.96)
    const scale = { v: lc.max.v - lc.min.v, w: lc.max.w - lc.min.w };
    const d = gaps(lc.orbit, scale);
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    // sampled uniformly in time (the old storage) the largest step is hundreds of times the mean
    expect(Math.max(...d)).toBeLessThan(3 * mean);
    const n = lc.orbit.reduce((a, s) => a + s.t.length, 0);
    expect(n).toBeGreaterThanOrEqual(400);
    expect(n).toBeLessThan(420);
    // one period, in time order, from the section point
    const t = lc.orbit.flatMap((s) => Array.from(s.t));
    for (let i = 1; i < t.length; i++) expect(t[i]).toBeGreaterThanOrEqual(t[i - 1]);
    expect(t[0]).toBeCloseTo(0, 9);
    expect(t[t.length - 1]).toBeCloseTo(lc.period, 6);
    // the spike's peak is on the stored orbit, not cut off by a chord
    const vmax = Math.max(...lc.orbit.flatMap((s) => Array.from(s.y.v)));
    expect(lc.max.v - vmax).toBeLessThan(0.02 * scale.v);
  });
});
