import { describe, it, expect } from 'vitest';
import { loadModel, simulate } from '../src/index.js';
import ref from './references/izhikevich_rs.json';

describe('foundation smoke', () => {
  it('Izhikevich RS spike times match the SciPy DOP853 reference (test/references/izhikevich_rs.py)', () => {
    const r = simulate(loadModel('izhikevich').preset('RS'), { t: 1000, rtol: 1e-10, atol: 1e-12, init: { v: -65, u: -13 }, params: { I: 10 } });
    expect(r.spikes.length).toBe(ref.spikes.length);
    r.spikes.forEach((s, i) => expect(Math.abs(s - ref.spikes[i])).toBeLessThan(1e-6));
  });
});
