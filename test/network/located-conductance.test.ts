/**
 * Located events with a conductance input, against a closed form. A LIF cell below threshold
 * receives one conductance volley; within each step the conductance is constant (it decays after
 * the step), so v obeys the linear ODE v' = a - b v with a = R (I + g E) / tau, b = (1 + R g) / tau,
 * which exponential Euler integrates exactly and whose threshold crossing has the closed form
 * t* = t_n + ln((v_n - a/b) / (theta - a/b)) / b. The located root search must land there.
 * (Issue 13 found the root search reading the event function where it should read the conductance
 * of channels 0 and 1, a name clash in the generated code; this test fails on that.)
 */
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../src/network/build.js';
import { runNetwork } from '../../src/network/index.js';

const dt = 0.1;
const tau = 10, R = 1, I = 0.9, theta = 1, E = 5, tauG = 5;
const W = Math.fround(0.2); // weights are stored as float32
const t0 = 50;

describe("located events read the synapse's conductance in the root search", () => {
  it('LIF + conductance volley (expeuler, located): the spike time is the closed form', async () => {
    const built = buildNetwork({
      dt,
      t: 80,
      populations: {
        A: {
          model: 'lif',
          size: 1,
          params: { tau, R, I, v_th: theta, v_reset: 0, t_ref: 4 },
          integration: 'expeuler',
          events: 'located',
        },
      },
      sources: { S: { kind: 'spikes', times: [[t0]] } },
      projections: [{ from: 'S', to: 'A', connect: 'all', weight: W, synapse: { kind: 'conductance', E, tau: tauG } }],
      monitors: { spikes: true },
    });
    const r = await runNetwork(built);
    expect(r.spikes.time.length).toBeGreaterThan(0);

    // the reference, step by step: g_n = W q^(n - n0) from the arrival step n0 on, held over the step
    const q = Math.exp(-dt / tauG);
    const n0 = Math.round(t0 / dt);
    let v = 0;
    let tStar = Number.NaN;
    for (let n = 0; n < 800; n++) {
      const g = n >= n0 ? W * q ** (n - n0) : 0;
      const a = (R * (I + g * E)) / tau;
      const b = (1 + R * g) / tau;
      const next = a / b + (v - a / b) * Math.exp(-b * dt);
      if (next >= theta) {
        tStar = n * dt + Math.log((v - a / b) / (theta - a / b)) / b;
        break;
      }
      v = next;
    }
    expect(tStar).toBeGreaterThan(t0);
    // the root search stops at 1e-12 relative in time; exp and log round differently per step
    expect(Math.abs(r.spikes.time[0] - tStar)).toBeLessThan(1e-9);
  });
});
