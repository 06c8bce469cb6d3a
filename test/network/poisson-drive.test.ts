/**
 * The per-cell independent Poisson drive (issue 13): its binomial inversion table against closed
 * forms, its count stream's statistics and independence of the split into blocks, and the build's
 * checks. The targets' use of it is tested beside each target.
 */
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../src/network/build.js';
import { NetworkError } from '../../src/ir/errors.js';
import { binomialTable, countOf, PoissonCountStream } from '../../src/network/rng.js';
import { NOISE_BLOCK } from '../../src/ir/constants.js';
import type { NetworkSpec } from '../../src/network/spec.js';
import type { PoissonDrive } from '../../src/ir/network.js';

/** the pmf of Binomial(n, p) at k from the closed form C(n, k) p^k (1-p)^(n-k), in logs */
function binomPmf(n: number, p: number, k: number): number {
  let logC = 0;
  for (let i = 1; i <= k; i++) logC += Math.log((n - k + i) / i);
  return Math.exp(logC + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

describe('binomialTable', () => {
  it("Brunel's 1000 trains of 20 Hz at dt = 0.1 ms: the cdf is the closed form's partial sums", () => {
    const n = 1000, p = (20 * 0.1) / 1000;
    const { cdf, offset } = binomialTable(n, p);
    expect(offset).toBe(0);
    expect(cdf[cdf.length - 1]).toBe(1);
    let acc = 0;
    for (let k = 0; k < cdf.length - 1; k++) {
      acc += binomPmf(n, p, k);
      expect(Math.abs(cdf[k] - acc)).toBeLessThan(1e-14);
    }
    // P(K = 0) = 0.998^1000 = e^{1000 ln 0.998} = 0.13506...
    expect(cdf[0]).toBeCloseTo(Math.pow(0.998, 1000), 14);
  });

  it('large n: mean n p and variance n p (1 - p) from the table (no underflow of (1-p)^n)', () => {
    const n = 1_000_000, p = 0.3;
    const { cdf, offset } = binomialTable(n, p);
    expect(offset).toBeGreaterThan(0);
    let mean = 0, m2 = 0, prev = 0;
    for (let i = 0; i < cdf.length; i++) {
      const w = cdf[i] - prev;
      prev = cdf[i];
      mean += w * (offset + i);
      m2 += w * (offset + i) ** 2;
    }
    expect(mean / (n * p) - 1).toBeLessThan(1e-12);
    expect(Math.abs((m2 - mean * mean) / (n * p * (1 - p)) - 1)).toBeLessThan(1e-6);
  });

  it('edge cases: p = 0 draws 0, p = 1 draws n, every u in [0, 1) finds a count', () => {
    expect(countOf(0.999999, ...Object.values(binomialTable(10, 0)) as [Float64Array, number])).toBe(0);
    const one = binomialTable(7, 1);
    expect(countOf(0.5, one.cdf, one.offset)).toBe(7);
    const t = binomialTable(50, 0.1);
    expect(countOf(1 - 2 ** -53, t.cdf, t.offset)).toBeLessThanOrEqual(50);
    expect(countOf(0, t.cdf, t.offset)).toBe(t.offset);
  });
});

describe('PoissonCountStream', () => {
  it('counts have the binomial mean and variance (within 5 standard errors)', () => {
    const n = 1000, p = 0.002, cells = 600, steps = 500;
    const { cdf, offset } = binomialTable(n, p);
    const out = new Int32Array(cells * steps);
    new PoissonCountStream(12345, cells, cdf, offset).fill(out);
    let s = 0, s2 = 0;
    for (const k of out) (s += k), (s2 += k * k);
    const N = out.length, mean = s / N, variance = s2 / N - mean * mean;
    const mu = n * p, v = n * p * (1 - p);
    expect(Math.abs(mean - mu)).toBeLessThan(5 * Math.sqrt(v / N));
    // the variance of the sample variance of a near-Poisson count is about (v + 2 v^2) / N
    expect(Math.abs(variance - v)).toBeLessThan(5 * Math.sqrt((v + 2 * v * v) / N));
  });

  it('the counts of a whole block of cells do not depend on the cells after it (threads split at blocks)', () => {
    const { cdf, offset } = binomialTable(100, 0.05);
    const a = 2 * NOISE_BLOCK + 5, b = 4 * NOISE_BLOCK;
    const small = new Float64Array(3 * a);
    const large = new Float64Array(3 * b);
    new PoissonCountStream(7, a, cdf, offset).fill(small);
    new PoissonCountStream(7, b, cdf, offset).fill(large);
    for (let step = 0; step < 3; step++)
      for (let j = 0; j < 2 * NOISE_BLOCK; j++) expect(large[step * b + j]).toBe(small[step * a + j]);
    // and the cells of the partial block get different numbers once its stream is shorter
    expect(Array.from(large.subarray(b + 2 * NOISE_BLOCK, b + a))).not.toEqual(Array.from(small.subarray(a + 2 * NOISE_BLOCK, 2 * a)));
  });
});

describe('building a poisson drive', () => {
  const spec = (drive: Record<string, unknown>): NetworkSpec =>
    ({ dt: 0.1, t: 5, populations: { E: { model: 'lif', size: 10 } }, drives: [{ kind: 'poisson', to: 'E', ...drive }] }) as NetworkSpec;

  it('a state variable target is a jump, a parameter an input; the table is Binomial(trains, rate dt)', () => {
    const jump = buildNetwork(spec({ target: 'v', trains: 1000, rate: 20, weight: 0.1 })).drives[0] as PoissonDrive;
    expect(jump.mode).toBe('jump');
    expect(jump.weight).toBe(0.1);
    expect(Array.from(jump.cdf)).toEqual(Array.from(binomialTable(1000, 0.002).cdf));
    const input = buildNetwork(spec({ target: 'I', trains: 10, rate: 5, weight: { normal: [1, 0.1] } })).drives[0] as PoissonDrive;
    expect(input.mode).toBe('input');
    expect((input.weight as Float64Array).length).toBe(10);
  });

  it('two drives on one population draw from different streams; the seed changes them', () => {
    const two = { ...spec({ target: 'v', trains: 10, rate: 20, weight: 1 }) };
    two.drives = [...two.drives!, { kind: 'poisson', to: 'E', target: 'v', trains: 10, rate: 20, weight: 1 }];
    const [a, b] = buildNetwork(two).drives as PoissonDrive[];
    expect(a.streamSeed).not.toBe(b.streamSeed);
    expect(buildNetwork({ ...two, seed: 2 }).drives[0]).not.toEqual(expect.objectContaining({ streamSeed: a.streamSeed }));
  });

  it('bad drives are refused by name', () => {
    const fails = (drive: Record<string, unknown>, pattern: RegExp): void => {
      expect(() => buildNetwork(spec(drive))).toThrow(pattern);
      expect(() => buildNetwork(spec(drive))).toThrow(NetworkError);
    };
    fails({ target: 'vv', trains: 10, rate: 20, weight: 1 }, /target 'vv' is not a state variable, parameter or input of model 'lif'.*did you mean 'v'/);
    fails({ target: 'v', trains: 10, rate: 20000, weight: 1 }, /rate 20000 Hz gives 2 spikes per train per step.*rate < 10000 Hz/);
    fails({ target: "v", trains: 1.5, rate: 20, weight: 1 }, /drives\[0\]\.trains: must be a whole number, got 1\.5/);
    fails({ trains: 10, rate: 20, weight: 1 }, /target/);
  });
});
