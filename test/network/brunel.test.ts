/**
 * Brunel (2000) model A (models/brunel-2000-a.network.json) in its asynchronous irregular state
 * (g = 5, eta = 2) on the kernel, against two references:
 * - Brian2 2.5.1 (test/references/brunel_a_brian2.py → brunel_a_brian2.json): the same network
 *   (12 500 cells, fixed in-degree with autapses allowed, delay 1.5 ms, 1000 Poisson trains of 20 Hz per cell, jumps
 *   skipped while refractory as isocline does), exact integration at dt = 0.1 ms, 5 seeds × 1 s;
 * - the mean-field rate of Brunel (2000) eqs. (21)-(22) (brunel_a_theory.py → brunel_a_theory.json),
 *   the self-consistent Siegert rate (of cells with and without an autapse), which leaves out
 *   delays and finite-size effects.
 * Statistics over [200, 1000) ms (the first 200 ms are the transient from the uniform initial v),
 * computed as the Brian2 script computes them (`stats` there): rate = spikes / cells / window,
 * CV = mean over cells with >= 3 spikes of sd/mean of their ISIs, Fano = var/mean of the
 * population count in 1 ms bins.
 * One seed (1), float64, one thread, two states (AI and, further down, SI slow): each run builds
 * 15.6 M synapses (~1.5 s) and steps 1 s (~5-6 s); the file takes ~15 s on an idle core.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildNetwork,
  loadNetwork,
  runNetwork,
  type BuiltNetwork,
  type NetworkSpec,
  type NetworkResult,
} from '../../src/network/index.js';

const json = (name: string) => JSON.parse(readFileSync(new URL(`../references/${name}`, import.meta.url), 'utf8'));
const brian2 = json('brunel_a_brian2.json');
const theory = json('brunel_a_theory.json');
const brian2Slow = json('brunel_a_brian2_si_slow.json');

interface Stats {
  rate: number;
  cv: number;
  fano: number;
}

/** The Brian2 script's statistics of population `p` over [t0, t1) ms. */
function stats(r: NetworkResult, p: number, t0: number, t1: number): Stats {
  const { offset, size } = r.populations[p];
  const times: number[][] = Array.from({ length: size }, () => []);
  const bins = new Float64Array(Math.round(t1 - t0));
  let n = 0;
  for (let s = 0; s < r.spikes.cell.length; s++) {
    const c = r.spikes.cell[s] - offset;
    const t = r.spikes.time[s];
    if (c < 0 || c >= size || t < t0 || t >= t1) continue;
    times[c].push(t);
    bins[Math.floor(t - t0)]++;
    n++;
  }
  let cvSum = 0;
  let cvCells = 0;
  for (const ts of times) {
    if (ts.length < 3) continue;
    // spikes come in detection order, so each cell's times ascend
    const isi = ts.slice(1).map((t, k) => t - ts[k]);
    const m = isi.reduce((a, b) => a + b, 0) / isi.length;
    const v = isi.reduce((a, b) => a + (b - m) ** 2, 0) / isi.length;
    cvSum += Math.sqrt(v) / m;
    cvCells++;
  }
  const bm = bins.reduce((a, b) => a + b, 0) / bins.length;
  const bv = bins.reduce((a, b) => a + (b - bm) ** 2, 0) / bins.length;
  return { rate: n / size / ((t1 - t0) / 1000), cv: cvSum / cvCells, fano: bv / bm };
}

/** Run `spec` (seed 1, float64, one thread) to t1 and take each population's statistics over [t0, t1). */
async function measure(spec: NetworkSpec, baseDir: string, t0: number, t1: number) {
  // the references' window ends where the run does: the CV of ISIs depends on the window length
  const built = buildNetwork(spec, { baseDir, seed: 1, t: t1 });
  const result = await runNetwork(built, { target: 'kernel' });
  const at = (name: string) => result.populations.findIndex((p) => p.name === name);
  return { built, got: { E: stats(result, at('E'), t0, t1), I: stats(result, at('I'), t0, t1) } };
}

describe('Brunel (2000) model A, asynchronous irregular state (g = 5, eta = 2)', () => {
  const [t0, t1] = brian2.window_ms as [number, number];
  const file = loadNetwork('brunel-2000-a');
  const pops = ['E', 'I'] as const;
  let built: BuiltNetwork;
  const got: Record<string, Stats> = {};
  beforeAll(async () => {
    const m = await measure(file.spec, file.baseDir, t0, t1);
    built = m.built;
    Object.assign(got, m.got);
  }, 180_000);

  it('the bundled file is the network the references simulate', () => {
    const par = brian2.parameters;
    expect(brian2.state).toBe('ai');
    // isocline's fixed in-degree allows autapses, and they move the rate (brunel_a_brian2.py)
    expect(brian2.autapses).toBe(true);
    expect(built.dt).toBe(par.dt_ms);
    expect(built.populations.map((p) => p.size)).toEqual([par.N_E, par.N_I]);
    expect(file.spec.drives?.map((d) => d.kind === 'poisson' && [d.trains, d.rate, d.weight])).toEqual([
      [par.C_E, par.nu_ext_hz, par.J_mV],
      [par.C_E, par.nu_ext_hz, par.J_mV],
    ]);
    expect(file.spec.projections?.map((p) => [p.connect, p.weight, p.delay])).toEqual([
      [{ indegree: par.C_E }, par.J_mV, par.delay_ms],
      [{ indegree: par.C_E }, par.J_mV, par.delay_ms],
      [{ indegree: par.C_I }, -par.g * par.J_mV, par.delay_ms],
      [{ indegree: par.C_I }, -par.g * par.J_mV, par.delay_ms],
    ]);
  });

  for (const pop of pops) {
    it(`${pop}: mean rate within the Brian2 spread over 5 seeds`, () => {
      const ref = brian2.across_seeds[pop].rate_hz;
      // Floor 2 % of the rate (0.75 Hz; 3 SD of Brian2's 5 seeds is ~0.4-0.5 Hz): one seed's mean
      // over 0.8 s moves by ~0.5 % with the random streams (strong population fluctuations, Fano
      // ~100 in 1 ms bins), and the simulators differ by design in small ways: isocline ends the
      // refractory period 2 ms after the interpolated spike time, Brian2 2 ms after the step start
      // (up to 0.1 ms earlier, <= 0.4 % of a 26 ms ISI); Poisson counts from different generators.
      const tol = Math.max(3 * ref.sd, 0.02 * ref.mean);
      expect(Math.abs(got[pop].rate - ref.mean), `${got[pop].rate} Hz vs Brian2 ${ref.mean} Hz`).toBeLessThan(tol);
    });

    it(`${pop}: mean rate within 4 % of the mean-field rate`, () => {
      // The theory of this connectivity: fixed in-degree with autapses, where a cell's own spike
      // arrives while it is refractory, so 10 % of the cells have one input fewer (1-1.5 % below the
      // homogeneous 37.9 Hz). Brian2 is 1 % below it (brunel_a_theory.json, vs_brian2: finite size,
      // delays, 0.1 mV jumps); 4 % adds the 2 % allowed against Brian2 above and a margin.
      const nu = theory.states.ai.with_autapses[`${pop}_rate_hz`];
      expect(Math.abs(got[pop].rate / nu - 1), `${got[pop].rate} Hz vs theory ${nu} Hz`).toBeLessThan(0.04);
    });

    it(`${pop}: CV of the ISIs as Brian2's (irregular firing, not clock-like)`, () => {
      const ref = brian2.across_seeds[pop].cv_isi;
      // Brian2: CV 0.40 with a seed-to-seed SD of 0.003; floor 0.03 for the simulators' small
      // differences (spike times interpolated here, on the step grid there). Suprathreshold mean
      // input (mu = 21 mV > theta) makes the firing only moderately irregular; a regular (tonic)
      // cell has CV ~0
      expect(Math.abs(got[pop].cv - ref.mean), `CV ${got[pop].cv} vs Brian2 ${ref.mean}`).toBeLessThan(
        Math.max(3 * ref.sd, 0.03),
      );
      expect(got[pop].cv).toBeGreaterThan(0.2);
    });

    it(`${pop}: population fluctuations (Fano factor, 1 ms bins) of Brian2's size`, () => {
      // A fast population oscillation (set by the delay, which both simulators apply in the same
      // steps) makes the count far from Poisson (Brian2: Fano 96-128 for E, 25-34 for I, ~N times the
      // cells' correlation); its strength varies by seed and with small differences, so only its size
      // is compared, within a factor 2
      const ref = brian2.across_seeds[pop].fano_pop_1ms;
      expect(got[pop].fano, `Fano ${got[pop].fano} vs Brian2 ${ref.mean}`).toBeGreaterThan(ref.min / 2);
      expect(got[pop].fano).toBeLessThan(ref.max * 2);
    });
  }
});

/** The bundled network moved to another point of the paper's phase diagram (g, nu_ext). */
function atState(spec: NetworkSpec, g: number, J: number, nuExt: number): NetworkSpec {
  const s = structuredClone(spec);
  for (const p of s.projections ?? []) if (p.from === 'I') p.weight = -g * J;
  for (const d of s.drives ?? []) if (d.kind === 'poisson') d.rate = nuExt;
  return s;
}

// Brian2 reference: brunel_a_brian2.py --state si-slow → brunel_a_brian2_si_slow.json (5 seeds, as above)
describe('Brunel (2000) model A, slow synchronous irregular state (g = 4.5, eta = 0.9)', () => {
  const [t0, t1] = brian2Slow.window_ms as [number, number];
  const par = brian2Slow.parameters;
  const file = loadNetwork('brunel-2000-a');
  const got: Record<string, Stats> = {};
  beforeAll(async () => {
    Object.assign(got, (await measure(atState(file.spec, par.g, par.J_mV, par.nu_ext_hz), file.baseDir, t0, t1)).got);
  }, 180_000);

  for (const pop of ['E', 'I'] as const) {
    it(`${pop}: mean rate within the Brian2 spread over 5 seeds, below the unstable stationary rate`, () => {
      const ref = brian2Slow.across_seeds[pop].rate_hz;
      // the slow population oscillation (a few cycles in 0.8 s) makes one seed's mean rate vary by
      // ~5 % (Brian2: 4.7-5.2 Hz); floor 10 %
      const tol = Math.max(3 * ref.sd, 0.1 * ref.mean);
      expect(Math.abs(got[pop].rate - ref.mean), `${got[pop].rate} Hz vs Brian2 ${ref.mean} Hz`).toBeLessThan(tol);
      // the mean field's stationary rate (6.5 Hz) is unstable here (the paper's phase diagram): the
      // oscillating network fires ~25 % less, in Brian2 as here
      expect(got[pop].rate).toBeLessThan(0.9 * theory.states['si-slow'].rate_hz);
    });

    it(`${pop}: CV of the ISIs and population fluctuations as Brian2's`, () => {
      const cv = brian2Slow.across_seeds[pop].cv_isi;
      // Brian2: CV 0.44-0.49 (SD 0.02); floor 0.05
      expect(Math.abs(got[pop].cv - cv.mean), `CV ${got[pop].cv} vs Brian2 ${cv.mean}`).toBeLessThan(
        Math.max(3 * cv.sd, 0.05),
      );
      // Fano 1.2-2.2 x 10^2 (E), 33-56 (I): compared within a factor 2, as above
      const fano = brian2Slow.across_seeds[pop].fano_pop_1ms;
      expect(got[pop].fano, `Fano ${got[pop].fano} vs Brian2 ${fano.mean}`).toBeGreaterThan(fano.min / 2);
      expect(got[pop].fano).toBeLessThan(fano.max * 2);
    });
  }
});
