import { describe, it, expect } from 'vitest';
import { bundledModels, compile, loadModel, Model, type CompiledModel } from '../../src/index.js';

/** J by central differences of rhs, h relative to each coordinate (independent of the symbolic path). */
function finiteDifferenceJacobian(c: CompiledModel, t: number, y: Float64Array, p: Float64Array): Float64Array {
  const n = c.n;
  const J = new Float64Array(n * n);
  const fp = new Float64Array(n);
  const fm = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const h = 1e-6 * Math.max(1, Math.abs(y[j]));
    const yp = Float64Array.from(y);
    const ym = Float64Array.from(y);
    yp[j] += h;
    ym[j] -= h;
    c.rhs(t, yp, p, fp);
    c.rhs(t, ym, p, fm);
    for (let i = 0; i < n; i++) J[i * n + j] = (fp[i] - fm[i]) / (yp[j] - ym[j]);
  }
  return J;
}

function jacobian(c: CompiledModel, t: number, y: ArrayLike<number>, p: Float64Array): Float64Array {
  const J = new Float64Array(c.n * c.n);
  c.jac(t, Float64Array.from(y), p, J);
  return J;
}

/** Largest |J - FD| / max(1, |J|): central differences are good to ~1e-8 here, so 1e-6 has room. */
function worstDeviation(c: CompiledModel, t: number, y: Float64Array, p: Float64Array): number {
  const J = jacobian(c, t, y, p);
  const F = finiteDifferenceJacobian(c, t, y, p);
  let worst = 0;
  for (let k = 0; k < J.length; k++) {
    expect(Number.isFinite(J[k])).toBe(true);
    worst = Math.max(worst, Math.abs(J[k] - F[k]) / Math.max(1, Math.abs(J[k])));
  }
  return worst;
}

/** A few states around the model's initial one: deterministic "random" offsets of several sizes. */
function statesAround(y0: Float64Array): Float64Array[] {
  const offsets = [0, 0.37, -1.3, 2.9, -7.1];
  return offsets.map((o, k) => y0.map((v, i) => v + o * (1 + 0.1 * Math.abs(v)) * (i % 2 ? 0.1 : 1) * (k % 2 ? 1 : -1) ** i));
}

describe('symbolic Jacobian against central finite differences of rhs (relative 1e-6)', () => {
  for (const { name } of bundledModels()) {
    it(name, () => {
      const m = loadModel(name);
      const variants = [m, ...m.presets.map((p) => m.preset(p))];
      for (const v of variants) {
        const c = compile(v);
        const y0 = new Float64Array(c.n);
        c.init(c.defaults, y0);
        for (const y of statesAround(y0)) {
          // gating variables must stay in [0, 1] for the rates to be meaningful; others are free
          if (name === 'hodgkin-huxley') for (let i = 1; i < 4; i++) y[i] = Math.min(0.95, Math.max(0.05, y[i]));
          expect(worstDeviation(c, 3, y, c.defaults)).toBeLessThan(1e-6);
        }
      }
    });
  }

  it('Hodgkin-Huxley at the former 0/0 points v = -40 and v = -55 (and around them)', () => {
    const c = compile(loadModel('hodgkin-huxley'));
    for (const v of [-40, -55, -40 + 1e-9, -55 - 1e-7, -39.99, -55.02]) {
      const y = Float64Array.from([v, 0.3, 0.5, 0.4]);
      const dy = new Float64Array(4);
      c.rhs(0, y, c.defaults, dy);
      expect(dy.every(Number.isFinite)).toBe(true);
      expect(worstDeviation(c, 0, y, c.defaults)).toBeLessThan(1e-6);
    }
  });

  it('models with conditionals, inputs, min/max/clip and named-expression chains', () => {
    const m = new Model({
      name: 'mixed',
      variables: { x: { ddt: 'r - x*y + (x > 0.5 ? x^2 : -x)', init: 0.2 }, y: { ddt: 'clip(x, -1, 2)*max(y, 0.1) - min(x, y)^2 + I', init: 0.4 } },
      parameters: { k: 1.5 },
      expressions: { s: 'sigmoid(k*x)', r: 's*tanh(y) + relu(x - 0.1)' },
      inputs: { I: 't > 2 ? 1 : 0' },
    });
    const c = compile(m);
    for (const y of [[0.2, 0.4], [0.7, -0.3], [-0.8, 1.2], [1.9, 0.05]]) {
      for (const t of [1, 3]) expect(worstDeviation(c, t, Float64Array.from(y), c.defaults)).toBeLessThan(1e-6);
    }
  });
});

describe('symbolic Jacobian against the analytic one', () => {
  it('FitzHugh-Nagumo: [[1 - v^2, -1], [1/tau, -b/tau]]', () => {
    const c = compile(loadModel('fitzhugh-nagumo'));
    const p = c.params({ a: 0.7, b: 0.8, tau: 12.5, I: 0.5 });
    for (const [v, w] of [[0, 0], [1.2, -0.4], [-1.9, 0.7], [3, 2]]) {
      const J = jacobian(c, 0, [v, w], p);
      const want = [1 - v * v, -1, 1 / 12.5, -0.8 / 12.5];
      want.forEach((x, k) => expect(Math.abs(J[k] - x)).toBeLessThanOrEqual(2 * Number.EPSILON * Math.max(1, Math.abs(x))));
    }
  });

  it('Izhikevich: [[0.08 v + 5, -1], [a b, -a]] for every preset', () => {
    const izh = loadModel('izhikevich');
    for (const name of izh.presets) {
      const m = izh.preset(name);
      const { a, b } = m.parameters;
      const c = compile(m);
      for (const [v, u] of [[-65, -13], [-40, 2], [25, 10]]) {
        const J = jacobian(c, 0, [v, u], c.defaults);
        const want = [0.08 * v + 5, -1, a * b, -a];
        want.forEach((x, k) => expect(Math.abs(J[k] - x)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.max(1, Math.abs(x))));
      }
    }
  });

  it('LIF: [[-1/tau]]; the linear oscillator: [[0, 1], [-w0^2, -2 zeta w0]]', () => {
    expect(Array.from(jacobian(compile(loadModel('lif')), 0, [0.4], compile(loadModel('lif')).defaults))).toEqual([-1 / 10]);
    const osc = compile(new Model({ name: 'osc', variables: { x: 'y', y: '-w0^2*x - 2*zeta*w0*y' }, parameters: { w0: 1.3, zeta: 0.1 } }));
    const J = jacobian(osc, 0, [0.3, -2], osc.defaults);
    expect(J[0]).toBe(0);
    expect(J[1]).toBe(1);
    expect(J[2]).toBeCloseTo(-1.69, 14);
    expect(J[3]).toBeCloseTo(-0.26, 14);
  });
});
