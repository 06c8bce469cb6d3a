import { describe, it, expect } from 'vitest';
import { loadModel, Model, simulate, OptionError, SimulationError } from '../../src/index.js';

const rs = loadModel('izhikevich').preset('RS');
const lif = loadModel('lif');

function nonDecreasing(t: Float64Array): boolean {
  for (let k = 1; k < t.length; k++) if (!(t[k] >= t[k - 1])) return false;
  return true;
}

/** Indices k where t[k] === t[k-1] (event points: pre- and post-reset share their time). */
function repeats(t: Float64Array): number[] {
  const out: number[] = [];
  for (let k = 1; k < t.length; k++) if (t[k] === t[k - 1]) out.push(k);
  return out;
}

describe('simulate output: every accepted step by default', () => {
  const r = simulate(rs, { t: 300, params: { I: 10 } });

  it('starts at t0, ends at t1, never goes back in time', () => {
    expect(r.t[0]).toBe(0);
    expect(r.t[r.t.length - 1]).toBe(300);
    expect(nonDecreasing(r.t)).toBe(true);
    for (const name of r.variables) expect(r.y[name].length).toBe(r.t.length);
  });

  it('records t0, each accepted step and two points per event (a step cut by an event is replaced by them)', () => {
    expect(r.spikes.length).toBeGreaterThan(3);
    expect(r.t.length).toBe(1 + r.stats.steps + r.spikes.length);
    // times repeat exactly at the events, once each
    expect(repeats(r.t).map((k) => r.t[k])).toEqual(r.spikes);
  });

  it('the two event points are the state at the threshold and after the reset', () => {
    const { c, d } = rs.parameters;
    for (const k of repeats(r.t)) {
      expect(Math.abs(r.y.v[k - 1] - 30)).toBeLessThan(1e-6);
      expect(r.y.v[k]).toBe(c);
      expect(r.y.u[k]).toBe(r.y.u[k - 1] + d);
    }
  });

  it('final is the state at t1', () => {
    const n = r.t.length - 1;
    expect(Array.from(r.final)).toEqual([r.y.v[n], r.y.u[n]]);
  });

  it('eventPoints: false leaves only the steps', () => {
    const q = simulate(rs, { t: 300, params: { I: 10 }, eventPoints: false });
    expect(repeats(q.t)).toEqual([]);
    expect(q.spikes).toEqual(r.spikes);
  });
});

describe('simulate output with a sample grid', () => {
  const t0 = 5;
  const dt = 0.25;
  const r = simulate(rs, { t: [t0, 305], params: { I: 10 }, sample: dt });

  it('is the uniform grid t0 + k*sample exactly, plus the event points', () => {
    expect(nonDecreasing(r.t)).toBe(true);
    const ev = new Set(r.spikes);
    const grid = Array.from(r.t).filter((t) => !ev.has(t));
    expect(grid).toEqual(Array.from({ length: 1201 }, (_, k) => t0 + k * dt));
    // each spike contributes exactly its two event points
    expect(r.t.length).toBe(1201 + 2 * r.spikes.length);
  });

  it('has the pre- and post-reset state at every spike', () => {
    for (const s of r.spikes) {
      const at = [...r.t.keys()].filter((k) => r.t[k] === s);
      expect(at.length).toBeGreaterThanOrEqual(2);
      expect(Math.abs(r.y.v[at[0]] - 30)).toBeLessThan(1e-6);
      expect(r.y.v[at[at.length - 1]]).toBe(-65);
    }
  });

  it('grid values are the trajectory: they match a run that stops exactly there', () => {
    // the sample at t = 105 comes from the dense output; a run ending at 105 integrates to it
    const k = r.t.indexOf(105);
    const direct = simulate(rs, { t: [t0, 105], params: { I: 10 }, rtol: 1e-10, atol: 1e-12 });
    expect(Math.abs(r.y.v[k] - direct.final[0])).toBeLessThan(1e-3);
    expect(Math.abs(r.y.u[k] - direct.final[1])).toBeLessThan(1e-4);
  });

  it('recordFrom drops what comes before it', () => {
    const q = simulate(rs, { t: [t0, 305], params: { I: 10 }, sample: dt, recordFrom: 200 });
    expect(q.t[0]).toBe(200);
    expect(q.spikes).toEqual(r.spikes);
  });
});

describe('fixed-step output', () => {
  it('rk4 records t0 + k*dt (or every sample/dt-th step) plus both event points at the located time', () => {
    const r = simulate(rs, { t: 100, params: { I: 10 }, method: 'rk4', dt: 0.05 });
    expect(nonDecreasing(r.t)).toBe(true);
    const ev = repeats(r.t);
    expect(ev.map((k) => r.t[k])).toEqual(r.spikes);
    for (const k of ev) {
      // located on the RK4 partial step, so the pre-reset point is at the threshold
      expect(Math.abs(r.y.v[k - 1] - 30)).toBeLessThan(1e-6);
      expect(r.y.v[k]).toBe(-65);
    }
    const spikes = new Set(r.spikes);
    expect(Array.from(r.t).filter((t) => !spikes.has(t))).toEqual(Array.from({ length: 2001 }, (_, k) => k * 0.05));
    const s = simulate(rs, { t: 100, params: { I: 10 }, method: 'rk4', dt: 0.05, sample: 0.5, eventPoints: false });
    expect(Array.from(s.t)).toEqual(Array.from({ length: 201 }, (_, k) => 10 * k * 0.05));
  });

  it('rk4 spike times converge to the adaptive ones at 4th order (events located on the RK4 step)', () => {
    const ref = simulate(rs, { t: 200, params: { I: 10 }, rtol: 1e-12, atol: 1e-12 }).spikes;
    const err = (dt: number): number => {
      const s = simulate(rs, { t: 200, params: { I: 10 }, method: 'rk4', dt }).spikes;
      expect(s.length).toBe(ref.length);
      return Math.max(...s.map((x, i) => Math.abs(x - ref[i])));
    };
    const e1 = err(0.02);
    const e2 = err(0.01);
    expect(e2).toBeLessThan(1e-4);
    expect(e1 / e2).toBeGreaterThan(12);
    expect(e1 / e2).toBeLessThan(20);
  });
});

describe('runs that cannot go on are SimulationErrors', () => {
  // x' = x^2 from x = 1 has the exact solution x = 1/(1 - t): it blows up at t = 1.
  const blowup = new Model({ name: 'blowup', variables: { x: { ddt: 'x^2', init: 1 } } });

  for (const method of ['odex', 'rk4', 'euler'] as const) {
    it(`divergence (${method}) names the variable, a time near 1 and the value`, () => {
      let err: unknown;
      try {
        simulate(blowup, { t: 2, method, dt: 0.001 });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SimulationError);
      const e = err as SimulationError;
      expect(e.details.variable).toBe('x');
      expect(e.details.model).toBe('blowup');
      // euler lags the exact blow-up by O(dt ln(1/dt)); the others are within a step or so
      expect(Math.abs(e.details.time! - 1)).toBeLessThan(method === 'euler' ? 0.02 : 0.002);
      expect(Math.abs(e.details.value!)).toBeGreaterThan(1e12);
      expect(e.message).toMatch(/model 'blowup': variable 'x' reached [0-9.e+]+ at t = 1\.0/);
    });
  }

  it('a NaN derivative at the start is reported at t0 with the state', () => {
    const m = new Model({ name: 'root', variables: { x: { ddt: 'sqrt(x)', init: -1 } } });
    expect(() => simulate(m, { t: 1 })).toThrow(SimulationError);
    expect(() => simulate(m, { t: 1 })).toThrow("model 'root': dx/dt is NaN at the initial state (t = 0, x = -1)");
  });

  it('an init expression that is not finite for the parameters names the variable', () => {
    const m = new Model({ name: 'bad-init', variables: { x: { ddt: '-x', init: 'log(a)' } }, parameters: { a: -1 } });
    expect(() => simulate(m, { t: 1 })).toThrow("model 'bad-init': the initial value of 'x' evaluates to NaN for these parameters");
    // an override replaces the expression, so it is not evaluated into trouble
    expect(simulate(m, { t: 1, init: { x: 2 } }).final[0]).toBeCloseTo(2 * Math.exp(-1), 6);
  });

  it('a reset that leaves the condition true is refused rather than looping', () => {
    const m = new Model({ name: 'stuck', variables: { v: { ddt: '1', init: 0 } }, events: [{ when: 'v >= 1', reset: 'v = 2' }] });
    expect(() => simulate(m, { t: 5 })).toThrow(SimulationError);
    expect(() => simulate(m, { t: 5 })).toThrow(/event 'spike' at t = 1 leaves its condition true/);
    expect(() => simulate(m, { t: 5, method: 'rk4' })).toThrow(SimulationError);
  });

  it('a refractory period that evaluates negative is refused', () => {
    expect(() => simulate(lif, { t: 50, params: { t_ref: -1 } })).toThrow(/refractory period of event 'spike' is -1/);
  });
});

describe('options are checked', () => {
  const cases: [string, Parameters<typeof simulate>[1], RegExp][] = [
    ['negative rtol', { rtol: -1 }, /rtol must be a positive finite number, got -1/],
    ['zero tolerances', { rtol: 0, atol: 0 }, /rtol must be a positive/],
    ['NaN atol', { atol: NaN }, /atol must be/],
    ['zero sample', { sample: 0 }, /sample must be/],
    ['zero dt', { method: 'rk4', dt: 0 }, /dt must be/],
    ['dt not dividing the span', { method: 'rk4', dt: 0.3, t: 100 }, /not a whole number of steps dt = 0.3/],
    ['fractional maxSteps', { maxSteps: 1.5 }, /maxSteps must be a positive finite integer/],
    ['unknown method', { method: 'rk45' as 'rk4' }, /unknown method 'rk45'/],
    ['empty span', { t: [1, 1] }, /time span must be two different finite numbers/],
    ['infinite span', { t: Infinity }, /time span/],
    ['unknown parameter', { params: { taus: 1 } }, /no parameter 'taus' \(did you mean 'tau'\?\)/],
    ['non-finite parameter', { params: { I: NaN } }, /parameter 'I' must be a finite number/],
    ['unknown variable', { init: { vv: 1 } }, /no state variable 'vv' \(did you mean 'v'\?\)/],
    ['wrong init length', { init: [1, 2] }, /initial state has 2 values, the model has 1 variables/],
    ['non-finite init', { init: { v: Infinity } }, /initial value of 'v' must be a finite number/],
    ['bad breakpoints', { breakpoints: [NaN] }, /breakpoints must be a list of finite times/],
    ['backward rk4', { method: 'rk4', t: [10, 0] }, /forward only/],
  ];
  for (const [label, opts, msg] of cases) {
    it(label, () => {
      expect(() => simulate(lif, opts)).toThrow(OptionError);
      expect(() => simulate(lif, opts)).toThrow(msg);
    });
  }
});
