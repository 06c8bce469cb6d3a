import { describe, it, expect } from 'vitest';
import { evaluate } from 'mathjs';
import { compile, loadModel, Model } from '../../src/index.js';
import { FUNCTIONS } from '../../src/model/functions.js';
import { JS_FUNCTIONS } from '../../src/compile/js-functions.js';
// exprel and its derivative at 50 digits with mpmath: test/references/exprel.py
import exprelRef from '../references/exprel.json';

/** dv/dt and d(dv/dt)/dv of `v' = expr` at v (p holds a = 1.7). */
function valueAndSlope(expr: string, v: number): [number, number] {
  const c = compile(new Model({ name: 'f', variables: { v: expr }, parameters: { a: 1.7 } }));
  const dy = new Float64Array(1);
  const J = new Float64Array(1);
  c.rhs(0, [v], c.defaults, dy);
  c.jac(0, [v], c.defaults, J);
  return [dy[0], J[0]];
}

/** Central difference of `v' = expr` in v, as the independent check of each derivative rule. */
function slopeFD(expr: string, v: number): number {
  const h = 1e-6 * Math.max(1, Math.abs(v));
  return (valueAndSlope(expr, v + h)[0] - valueAndSlope(expr, v - h)[0]) / (2 * h);
}

// For each whitelisted function: an expression in v, the points (away from kinks) and an
// independent reference: mathjs's own evaluation where mathjs has the function (a separate
// implementation), else the defining closed form written out.
const CASES: Record<string, { expr: string; at: number[]; ref: (v: number) => number }> = {
  exp: { expr: 'exp(v)', at: [-3, 0.2, 4], ref: (v) => evaluate('exp(v)', { v }) },
  log: { expr: 'log(v)', at: [0.1, 2, 50], ref: (v) => evaluate('log(v)', { v }) },
  log10: { expr: 'log10(v)', at: [0.1, 2, 50], ref: (v) => evaluate('log10(v)', { v }) },
  log2: { expr: 'log2(v)', at: [0.1, 2, 50], ref: (v) => evaluate('log2(v)', { v }) },
  sqrt: { expr: 'sqrt(v)', at: [0.1, 2, 50], ref: (v) => evaluate('sqrt(v)', { v }) },
  pow: { expr: 'pow(v, a) + pow(a, v)', at: [0.3, 2, 5], ref: (v) => evaluate('pow(v, 1.7) + pow(1.7, v)', { v }) },
  abs: { expr: 'abs(v)', at: [-2, 0.5], ref: (v) => evaluate('abs(v)', { v }) },
  sign: { expr: 'sign(v)*v', at: [-2, 0.5], ref: (v) => evaluate('sign(v)*v', { v }) },
  min: { expr: 'min(v, a*v - 1)', at: [-2, 0.5, 3], ref: (v) => evaluate('min(v, 1.7*v - 1)', { v }) },
  max: { expr: 'max(v, a*v - 1)', at: [-2, 0.5, 3], ref: (v) => evaluate('max(v, 1.7*v - 1)', { v }) },
  tanh: { expr: 'tanh(v)', at: [-2, 0.5, 3], ref: (v) => evaluate('tanh(v)', { v }) },
  sinh: { expr: 'sinh(v)', at: [-2, 0.5, 3], ref: (v) => evaluate('sinh(v)', { v }) },
  cosh: { expr: 'cosh(v)', at: [-2, 0.5, 3], ref: (v) => evaluate('cosh(v)', { v }) },
  sin: { expr: 'sin(v)', at: [-2, 0.5, 3], ref: (v) => evaluate('sin(v)', { v }) },
  cos: { expr: 'cos(v)', at: [-2, 0.5, 3], ref: (v) => evaluate('cos(v)', { v }) },
  tan: { expr: 'tan(v)', at: [-1, 0.5, 1.2], ref: (v) => evaluate('tan(v)', { v }) },
  atan: { expr: 'atan(v)', at: [-2, 0.5, 3], ref: (v) => evaluate('atan(v)', { v }) },
  floor: { expr: 'floor(v) + v', at: [-2.5, 0.5, 3.2], ref: (v) => evaluate('floor(v) + v', { v }) },
  heaviside: { expr: 'heaviside(v)*v', at: [-2, 0.5], ref: (v) => (v >= 0 ? v : 0) },
  relu: { expr: 'relu(v)', at: [-2, 0.5, 3], ref: (v) => (v > 0 ? v : 0) },
  clip: { expr: 'clip(v, -1, a)', at: [-2, 0.5, 3], ref: (v) => (v < -1 ? -1 : v > 1.7 ? 1.7 : v) },
  sigmoid: { expr: 'sigmoid(v)', at: [-2, 0.5, 3], ref: (v) => 1 / (1 + Math.E ** -v) },
  square: { expr: 'square(v)', at: [-2, 0.5, 3], ref: (v) => v * v },
  cube: { expr: 'cube(v)', at: [-2, 0.5, 3], ref: (v) => v * v * v },
  // scipy.special.exprel's convention: (e^x - 1)/x
  exprel: { expr: 'exprel(v)', at: [-2, 0.5, 3], ref: (v) => (Math.E ** v - 1) / v },
};

describe('every whitelisted function', () => {
  it('has a test case, a JS emitter and nothing else is whitelisted', () => {
    expect(Object.keys(CASES).sort()).toEqual([...FUNCTIONS.keys()].sort());
    expect(Object.keys(JS_FUNCTIONS).sort()).toEqual([...FUNCTIONS.keys()].sort());
  });

  for (const [name, { expr, at, ref }] of Object.entries(CASES)) {
    it(`${name}: emitted JS matches the reference, derivative rule matches finite differences`, () => {
      for (const v of at) {
        const [value, slope] = valueAndSlope(expr, v);
        expect(Math.abs(value - ref(v))).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(ref(v))));
        expect(Math.abs(slope - slopeFD(expr, v))).toBeLessThan(1e-6 * Math.max(1, Math.abs(slope)));
      }
    });
  }
});

describe('operators', () => {
  it('mod is floored like mathjs (sign of the divisor), not JS %', () => {
    for (const [x, y] of [[7, 3], [-7, 3], [7, -3], [-7.5, 2]]) {
      const c = compile(new Model({ name: 'm', variables: { v: `v mod ${y < 0 ? `(${y})` : y}` } }));
      const dy = new Float64Array(1);
      c.rhs(0, [x], c.defaults, dy);
      expect(dy[0]).toBe(evaluate(`mod(${x}, ${y})`));
    }
  });

  it('comparisons and logic give 0/1 and combine as in mathjs', () => {
    const exprs = ['(v > 1) + (v >= 2) + (v < 3) + (v <= 0) + (v == 2) + (v != 2)', '(v > 1 and v < 3) + 2*(v < 0 or v > 5) + 4*(not (v > 1)) + 8*(v > 1 xor v > 3)'];
    for (const e of exprs) {
      for (const v of [-1, 0, 2, 4, 6]) {
        const c = compile(new Model({ name: 'm', variables: { v: e } }));
        const dy = new Float64Array(1);
        c.rhs(0, [v], c.defaults, dy);
        expect(dy[0]).toBe(Number(evaluate(e, { v })));
      }
    }
  });

  it('precedence: -v^2, 2^3^2, a/b/c, unary minus of a power', () => {
    const cases: [string, (v: number) => number][] = [
      ['-v^2', (v) => -(v ** 2)],
      ['2^v^2', (v) => 2 ** (v ** 2)],
      ['v/2/4', (v) => v / 2 / 4],
      ['-(v - 1)^3', (v) => -((v - 1) ** 3)],
      ['v - -v', (v) => v + v],
    ];
    for (const [e, f] of cases) {
      const c = compile(new Model({ name: 'm', variables: { v: e } }));
      const dy = new Float64Array(1);
      c.rhs(0, [1.5], c.defaults, dy);
      expect(dy[0]).toBeCloseTo(f(1.5), 14);
    }
  });
});

describe('exprel', () => {
  it('is (exp(x) - 1)/x, the convention of scipy.special.exprel and Brian2, not its reciprocal', () => {
    const c = compile(new Model({ name: 'e', variables: { v: 'exprel(v)' } }));
    const dy = new Float64Array(1);
    for (const { x, scipy } of exprelRef.points) {
      c.rhs(0, [x], c.defaults, dy);
      // scipy.special.exprel's own doubles, as printed by test/references/exprel.py
      expect(Math.abs(dy[0] - scipy)).toBeLessThanOrEqual(1e-14 * Math.abs(scipy));
    }
    // e - 1 at 1 (scipy.special.exprel(1.0) = 1.718281828459045), 1/2 slope at 0
    c.rhs(0, [1], c.defaults, dy);
    expect(dy[0]).toBeCloseTo(Math.E - 1, 15);
  });

  it('value and derivative against mpmath at 50 digits, including 0 and both tails', () => {
    const c = compile(new Model({ name: 'e', variables: { v: 'exprel(v)' } }));
    const dy = new Float64Array(1);
    const J = new Float64Array(1);
    for (const { x, exprel, dexprel } of exprelRef.points) {
      c.rhs(0, [x], c.defaults, dy);
      c.jac(0, [x], c.defaults, J);
      expect(Math.abs(dy[0] - exprel)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(exprel));
      // the derivative rule loses at most ~1e-12 relative (1 - x - E cancels to ~x/2 near |x| = 1e-3)
      expect(Math.abs(J[0] - dexprel)).toBeLessThanOrEqual(1e-11 * Math.abs(dexprel));
    }
  });

  it('Hodgkin-Huxley rates written with exprel equal the classic formulas, and are finite at 0/0', () => {
    const c = compile(loadModel('hodgkin-huxley'));
    const names = c.observables;
    const obs = new Float64Array(names.length);
    const at = (v: number, name: string): number => {
      c.observe(0, [v, 0.1, 0.5, 0.3], c.defaults, obs);
      return obs[names.indexOf(name)];
    };
    for (const v of [-90, -65, -41, -39, -56, -54, 0, 30]) {
      const am = (0.1 * (v + 40)) / (1 - Math.exp(-(v + 40) / 10));
      const an = (0.01 * (v + 55)) / (1 - Math.exp(-(v + 55) / 10));
      expect(Math.abs(at(v, 'alpha_m') - am)).toBeLessThan(1e-13 * am);
      expect(Math.abs(at(v, 'alpha_n') - an)).toBeLessThan(1e-13 * an);
    }
    // the limits of 0.1 x/(1 - exp(-x/10)) and 0.01 x/(1 - exp(-x/10)) at x = 0 are 1 and 0.1
    expect(at(-40, 'alpha_m')).toBe(1);
    expect(at(-55, 'alpha_n')).toBe(0.1);
  });

  it('Hodgkin-Huxley Jacobian entries through 1/exprel match central differences, at and near 0/0', () => {
    // d(dm/dt)/dv and d(dn/dt)/dv run through the exprel derivative rule (chain rule of 1/exprel)
    const c = compile(loadModel('hodgkin-huxley'));
    const J = new Float64Array(16);
    const dyP = new Float64Array(4);
    const dyM = new Float64Array(4);
    for (const v of [-40, -40.00001, -55, -54.99, -65, 20]) {
      const y = [v, 0.1, 0.5, 0.3];
      c.jac(0, y, c.defaults, J);
      const h = 1e-5;
      c.rhs(0, [v + h, 0.1, 0.5, 0.3], c.defaults, dyP);
      c.rhs(0, [v - h, 0.1, 0.5, 0.3], c.defaults, dyM);
      for (const row of [1, 3]) {
        const fd = (dyP[row] - dyM[row]) / (2 * h);
        expect(Math.abs(J[row * 4] - fd)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
      }
    }
  });
});
