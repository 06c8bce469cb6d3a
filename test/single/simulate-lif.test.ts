import { describe, it, expect } from 'vitest';
import { loadModel, simulate } from '../../src/index.js';
// Closed form (no ODE solver), test/references/lif.py: ISI = t_ref + tau*ln(R I/(R I - theta))
// for tau = 10, R = 1, theta = 1, t_ref = 4, v_reset = v_rest = 0.
import ref from '../references/lif.json';

const lif = loadModel('lif');

/** Largest relative deviation of every interspike interval (and the first spike) from `isi`. */
function isiErrors(spikes: number[], isi: number, first: number): number {
  let worst = Math.abs(spikes[0] - first) / first;
  for (let k = 1; k < spikes.length; k++) worst = Math.max(worst, Math.abs(spikes[k] - spikes[k - 1] - isi) / isi);
  return worst;
}

describe('LIF under constant current (closed form, test/references/lif.py)', () => {
  it('the model file has the parameters the reference assumes', () => {
    const p = lif.parameters;
    expect([p.tau, p.R, p.v_th, p.t_ref, p.v_reset, p.v_rest]).toEqual([ref.params.tau, ref.params.R, ref.params.theta, ref.params.t_ref, ref.params.v_reset, ref.params.v_rest]);
  });

  for (const { I, isi } of ref.isi_ms) {
    it(`I = ${I}: every ISI equals t_ref + tau ln(RI/(RI - theta)) to 1e-6 relative`, () => {
      const r = simulate(lif, { t: 200, params: { I } });
      // from v = 0 the first spike comes after the ISI minus the refractory period
      const first = isi - ref.params.t_ref;
      expect(r.spikes.length).toBe(Math.floor((200 - first) / isi) + 1);
      expect(isiErrors(r.spikes, isi, first)).toBeLessThan(1e-6);
    });
  }

  it('at rtol 1e-10 the ISIs are exact to 1e-9 relative', () => {
    for (const { I, isi } of ref.isi_ms) {
      const r = simulate(lif, { t: 100, params: { I }, rtol: 1e-10, atol: 1e-12 });
      expect(isiErrors(r.spikes, isi, isi - ref.params.t_ref)).toBeLessThan(1e-9);
    }
  });

  it('below rheobase (R I <= theta) it never fires', () => {
    for (const I of [0.5, 0.99]) expect(simulate(lif, { t: 500, params: { I } }).spikes).toEqual([]);
  });
});

describe('LIF refractory period is honoured exactly', () => {
  // v_reset = 0.2 differs from the start value, so "stays at v_reset" cannot pass by accident.
  // Closed form for this case: from v_reset, v(t) = RI + (v_reset - RI) exp(-t/tau) reaches theta
  // after tau ln((RI - v_reset)/(RI - theta)); the first spike (from v = 0) after tau ln(RI/(RI - theta)).
  const I = 2;
  const vReset = 0.2;
  const { tau, t_ref: tRef } = ref.params;
  const first = tau * Math.log(I / (I - 1));
  const isi = tRef + tau * Math.log((I - vReset) / (I - 1));

  for (const [label, opts] of [
    ['every accepted step', {}],
    ['a 0.05 sample grid', { sample: 0.05 }],
  ] as const) {
    it(`v stays at v_reset during [t_spike, t_spike + t_ref] (${label}), next spike on time`, () => {
      const r = simulate(lif, { t: 80, params: { I, v_reset: vReset }, ...opts });
      expect(r.spikes.length).toBeGreaterThan(4);
      expect(Math.abs(r.spikes[0] - first) / first).toBeLessThan(1e-6);
      for (let k = 1; k < r.spikes.length; k++) expect(Math.abs(r.spikes[k] - r.spikes[k - 1] - isi) / isi).toBeLessThan(1e-6);
      const v = r.y.v;
      for (const ts of r.spikes) {
        // the pre-reset point sits at t_spike with v at threshold, then v is exactly v_reset
        const at = [...r.t.keys()].filter((k) => r.t[k] === ts);
        expect(at.length).toBeGreaterThanOrEqual(2);
        expect(v[at[0]]).toBeCloseTo(1, 6);
        expect(v[at[at.length - 1]]).toBe(vReset);
        let inside = 0;
        for (let k = 0; k < r.t.length; k++) {
          if (r.t[k] > ts && r.t[k] <= ts + tRef) {
            inside++;
            expect(v[k]).toBe(vReset);
          }
        }
        expect(inside).toBeGreaterThan(0);
        // and v leaves v_reset right after the refractory period
        const after = [...r.t.keys()].find((k) => r.t[k] > ts + tRef + 1e-9);
        if (after !== undefined && r.t[after] < r.t[r.t.length - 1]) expect(v[after]).toBeGreaterThan(vReset);
      }
      if (!('sample' in opts)) {
        // the end of each refractory period is an output point of its own
        for (const ts of r.spikes.filter((s) => s + tRef < 80)) expect(r.t.includes(ts + tRef)).toBe(true);
      }
    });
  }

  for (const method of ['rk4', 'euler'] as const) {
    it(`${method}: v_reset held through the refractory period, ISI converges at order ${method === 'rk4' ? 4 : 1}`, () => {
      // rk4 at dt = 0.01 is already at rounding level for this linear ODE: compare larger steps
      const errs = (method === 'rk4' ? [0.4, 0.2] : [0.02, 0.01]).map((dt) => {
        const r = simulate(lif, { t: 80, params: { I, v_reset: vReset }, method, dt });
        for (const ts of r.spikes) {
          const inside = [...r.t.keys()].filter((k) => r.t[k] > ts && r.t[k] <= ts + tRef);
          expect(inside.length).toBeGreaterThan(0);
          inside.forEach((k) => expect(r.y.v[k]).toBe(vReset));
        }
        return Math.max(...r.spikes.slice(1).map((s, k) => Math.abs(s - r.spikes[k] - isi)));
      });
      if (method === 'rk4') {
        expect(errs[1]).toBeLessThan(1e-7);
        expect(errs[0] / errs[1]).toBeGreaterThan(12);
        expect(errs[0] / errs[1]).toBeLessThan(20);
      } else {
        expect(errs[1]).toBeLessThan(1e-2);
        expect(errs[0] / errs[1]).toBeGreaterThan(1.8);
        expect(errs[0] / errs[1]).toBeLessThan(2.2);
      }
    });
  }
});
