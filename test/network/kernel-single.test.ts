/**
 * The kernel target against the single-cell engine (src/single/simulate.ts), the reference:
 * unconnected cells with `events: 'located'` must give simulate()'s fixed-step spike times to the
 * last bit, for Euler and RK4, with and without refractory periods and clamps. 'step' events are
 * checked against a hand-written loop of the classic network update.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/modelfile.js';
import { simulate } from '../../src/single/simulate.js';
import { buildNetwork } from '../../src/network/build.js';
import { runKernel } from '../../src/network/targets/js-kernel/run.js';
import { NormalStream } from '../../src/network/rng.js';
import type { NetworkResult } from '../../src/ir/network.js';

function spikesOf(r: NetworkResult, cell: number): number[] {
  const out: number[] = [];
  for (let q = 0; q < r.spikes.cell.length; q++) if (r.spikes.cell[q] === cell) out.push(r.spikes.time[q]);
  return out;
}

describe('one unconnected cell = simulate() with the same fixed-step method (events: located)', () => {
  const cases: { model: string; param: string; values: number[]; dt: number; t: number; methods: ('euler' | 'rk4')[] }[] = [
    { model: 'izhikevich', param: 'I', values: [4, 10, 15], dt: 0.1, t: 500, methods: ['euler', 'rk4'] },
    { model: 'lif', param: 'I', values: [1.2, 1.5, 3], dt: 0.1, t: 200, methods: ['euler', 'rk4'] }, // refractory period with clamp
    // exp() near the spike cut: RK4's stages overflow there (simulate() diverges too), so Euler only
    { model: 'adex', param: 'I', values: [700, 1000, 1500], dt: 0.02, t: 300, methods: ['euler'] },
  ];
  for (const c of cases) {
    for (const method of c.methods) {
      it(`${c.model}, ${method}`, () => {
        const model = loadModel(c.model);
        const net = buildNetwork({
          dt: c.dt,
          t: c.t,
          populations: { A: { model: c.model, size: c.values.length, integration: method, events: 'located', params: { [c.param]: c.values } } },
          monitors: { spikes: true },
        });
        const r = runKernel(net);
        let total = 0;
        c.values.forEach((x, cell) => {
          const ref = simulate(model, { t: c.t, method, dt: c.dt, params: { [c.param]: x } }).spikes;
          expect(spikesOf(r, cell)).toEqual(ref); // bit-identical times
          total += ref.length;
        });
        expect(total).toBeGreaterThan(5); // the comparison covers spikes, not an empty run
      });
    }
  }
});

describe("events: 'located' with a noise drive", () => {
  it('LIF, Euler: the spike times of simulate() driven by the same noise, replayed as a piecewise input', () => {
    // The reference is independent of the kernel's code: the single-cell engine with I(t) equal, in
    // step n, to I + mean + sigma z_n, where z_n is the n-th draw of the drive's NormalStream (one
    // cell: one draw per step). Euler evaluates the input only inside [n dt, (n+1) dt), so the
    // piecewise input is the value the kernel holds over step n.
    const dt = 1, T = 120, I = 1.1, sigma = 0.6, mean = 0.2;
    const net = buildNetwork({
      dt, t: T, seed: 5,
      populations: { N: { model: 'lif', size: 1, integration: 'euler', events: 'located', params: { I } } },
      drives: [{ kind: 'noise', to: 'N', sigma, mean }],
      monitors: { spikes: true },
    });
    const r = runKernel(net);
    const stream = new NormalStream((net.drives[0] as { streamSeed: number }).streamSeed);
    const values = Array.from({ length: T / dt }, () => I + mean + sigma * stream.next());
    const piecewise = values.map((v, n) => `t < ${(n + 1) * dt} ? ${v} : `).join('') + '0';
    const ref = simulate(loadModel('lif').with({ I: piecewise }), { t: T, method: 'euler', dt }).spikes;
    expect(ref.length).toBeGreaterThan(3);
    const got = spikesOf(r, 0);
    expect(got.length).toBe(ref.length);
    got.forEach((t, k) => expect(t).toBeCloseTo(ref[k], 9));
  });
});

describe("events: 'step' (the classic network update)", () => {
  it('Izhikevich, Euler: equals a hand-written loop (detect at the step end, interpolate, reset the end state)', () => {
    const I = [5, 9, 14];
    const dt = 0.5, T = 1000;
    const r = runKernel(buildNetwork({ dt, t: T, populations: { A: { model: 'izhikevich', size: 3, params: { I } } }, monitors: { spikes: true } }));
    I.forEach((Ii, cell) => {
      // the reference: Izhikevich's update written out by hand, one cell
      let v = -65, u = 0.2 * -65;
      const ref: number[] = [];
      for (let n = 0; n < T / dt; n++) {
        const t = n * dt;
        const dv = 0.04 * (v * v) + 5 * v + 140 - u + Ii;
        const du = 0.02 * (0.2 * v - u);
        const v1 = v + dt * dv, u1 = u + dt * du;
        const g0 = v - 30, g1 = v1 - 30;
        v = v1, u = u1;
        if (g0 < 0 && g1 >= 0) {
          ref.push(t + (dt * g0) / (g0 - g1));
          v = -65;
          u = u + 8;
        }
      }
      const got = spikesOf(r, cell);
      expect(got.length).toBe(ref.length);
      got.forEach((x, q) => expect(x).toBeCloseTo(ref[q], 9));
      expect(ref.length).toBeGreaterThan(3);
    });
  });

  it('LIF refractory period in step mode: no spike closer than t_ref, period from the closed form', () => {
    // v' = (-v + R I)/tau from v_reset = 0 reaches v_th = 1 after tau ln(RI/(RI - 1)); with t_ref the
    // period is t_ref + that (plus O(dt) from Euler): closed form, independent of the engine.
    const dt = 0.01, I = 1.5, tau = 10, tref = 4;
    const r = runKernel(buildNetwork({ dt, t: 300, populations: { A: { model: 'lif', size: 1, params: { I } } }, monitors: { spikes: true } }));
    const s = spikesOf(r, 0);
    const isi = s.slice(2).map((x, k) => x - s[k + 1]);
    const expected = tref + tau * Math.log(I / (I - 1));
    expect(s.length).toBeGreaterThan(10);
    for (const d of isi) expect(Math.abs(d - expected)).toBeLessThan(0.02);
  });
});
