/**
 * The network RNG: xoshiro128** against its published reference output, the ziggurat's normal
 * moments and CDF, and the kernel's inline noise against NormalStream (bit-identical).
 */
import { describe, expect, it } from 'vitest';
import { NOISE_BLOCK, NoiseStream, NormalStream, Rng, streamSeed } from '../../src/network/rng.js';
import { buildNetwork } from '../../src/network/build.js';
import { runKernel } from '../../src/network/targets/js-kernel/run.js';

describe('Rng', () => {
  it('xoshiro128** matches the reference implementation', () => {
    // Reference: Blackman & Vigna's xoshiro128starstar.c with s = {1, 2, 3, 4}; first outputs
    // computed with that C code: 11520, 0, 5927040, 70819200, 2031721883
    const r = new Rng(0);
    r.s.set([1, 2, 3, 4]);
    expect([0, 1, 2, 3, 4].map(() => r.nextInt32() >>> 0)).toEqual([11520, 0, 5927040, 70819200, 2031721883]);
  });

  it('normals: mean 0, variance 1, kurtosis 3, and the normal CDF (Kolmogorov-Smirnov)', () => {
    const z = new NormalStream(streamSeed(7, 'test'));
    const n = 200000;
    const x = new Float64Array(n);
    z.fill(x);
    let m = 0, v = 0, k = 0;
    for (const a of x) m += a / n;
    for (const a of x) (v += (a - m) ** 2 / n), (k += (a - m) ** 4 / n);
    expect(Math.abs(m)).toBeLessThan(0.01); // sd of the mean: 1/sqrt(n) = 0.0022
    expect(Math.abs(v - 1)).toBeLessThan(0.015);
    expect(Math.abs(k / (v * v) - 3)).toBeLessThan(0.06);
    // KS distance against Phi (erf by Abramowitz-Stegun 7.1.26, error < 1.5e-7)
    const erf = (t: number): number => {
      const s = Math.sign(t), a = Math.abs(t), q = 1 / (1 + 0.3275911 * a);
      return s * (1 - ((((1.061405429 * q - 1.453152027) * q + 1.421413741) * q - 0.284496736) * q + 0.254829592) * q * Math.exp(-a * a));
    };
    const sorted = Float64Array.from(x).sort();
    let d = 0;
    for (let i = 0; i < n; i++) d = Math.max(d, Math.abs(0.5 * (1 + erf(sorted[i] / Math.SQRT2)) - (i + 0.5) / n));
    expect(d).toBeLessThan(1.63 / Math.sqrt(n)); // 1 % critical value
    // the tails exist (the slow path runs): |z| > 3.5 occurs about 93 times in 2e5
    expect(x.filter((a) => Math.abs(a) > 3.5).length).toBeGreaterThan(50);
  });

  it('uniform draws cover [0, 1) evenly; int(n) is unbiased', () => {
    const r = new Rng(3);
    const bins = new Array(10).fill(0);
    for (let i = 0; i < 100000; i++) bins[Math.floor(r.uniform() * 10)]++;
    for (const b of bins) expect(Math.abs(b - 10000)).toBeLessThan(400);
    const c = new Array(7).fill(0);
    for (let i = 0; i < 70000; i++) c[r.int(7)]++;
    for (const b of c) expect(Math.abs(b - 10000)).toBeLessThan(400);
  });

  it('streams differ by key and repeat for the same seed', () => {
    expect(streamSeed(1, 'a')).toBe(streamSeed(1, 'a'));
    expect(streamSeed(1, 'a')).not.toBe(streamSeed(1, 'b'));
    expect(streamSeed(1, 'a')).not.toBe(streamSeed(2, 'a'));
  });
});

describe('kernel noise = NoiseStream, bit for bit', () => {
  it('dv/dt = I with I = sigma z per step: v after each step is the running sum of sigma dt z (three noise blocks)', () => {
    // 600 cells: blocks of 256, 256 and 88 cells, each with its own stream
    const sigma = 2.5, dt = 0.5, steps = 400, n = 600;
    const net = buildNetwork({
      dt,
      t: steps * dt,
      populations: { A: { model: { name: 'integrator', variables: { v: { ddt: 'I', init: 0 } }, parameters: { I: 0 } }, size: n } },
      drives: [{ kind: 'noise', to: 'A', sigma }],
      monitors: { spikes: false, traces: [{ population: 'A', variables: 'v', cells: 'all', every: dt * steps }] },
    });
    const r = runKernel(net);
    const seed = (net.drives[0] as { streamSeed: number }).streamSeed;
    const z = new NoiseStream(seed, n);
    const v = new Float64Array(n);
    const step = new Float64Array(n);
    for (let s = 0; s < steps; s++) {
      z.fill(step);
      for (let i = 0; i < n; i++) v[i] = v[i] + dt * (0 + sigma * step[i]);
    }
    const last = r.traces[0].values.subarray(n); // the sample at t = steps dt
    expect(Array.from(last)).toEqual(Array.from(v));
    // block 0 is the drive's own sequential stream; block 1 another one
    const first = new NormalStream(seed);
    const z0 = new NoiseStream(seed, n);
    z0.fill(step);
    expect(step[0]).toBe(first.next());
    expect(step[1]).toBe(first.next());
    expect(step[NOISE_BLOCK]).not.toBe(first.next());
  });
});
