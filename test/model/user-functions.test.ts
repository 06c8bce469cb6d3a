import { describe, expect, it } from 'vitest';
import { Model } from '../../src/model/model.js';
import { parseModelFile, modelToText } from '../../src/model/modelfile.js';
import { ModelError } from '../../src/model/errors.js';
import { simulate } from '../../src/single/simulate.js';
import { fixedPoints } from '../../src/single/fixed-points.js';
import { runCLI } from '../cli/run-cli.js';

const sigmoid = { S: { args: ['x', 'th', 'k'], body: '1/(1 + exp(-(x - th)/k))' } };

describe('user functions', () => {
  it('a model file function is inlined: the run equals the hand-expanded model', () => {
    // reference: the same model with the call expanded by hand; both must integrate identically
    const withFn = new Model('m', { variables: { v: { ddt: 'S(v, 0.5, 0.1) - v', init: 0.2 } }, functions: sigmoid });
    const byHand = new Model('m', { variables: { v: { ddt: '1/(1 + exp(-(v - 0.5)/0.1)) - v', init: 0.2 } } });
    const a = simulate(withFn, { t: 5, method: 'rk4', dt: 0.01 });
    const b = simulate(byHand, { t: 5, method: 'rk4', dt: 0.01 });
    expect(Array.from(a.y.v)).toEqual(Array.from(b.y.v));
  });

  it('the Jacobian sees through a function (closed form)', () => {
    const m = new Model('m', { variables: { v: 'S(v, th, k) - v' }, parameters: { th: 0, k: 1 }, functions: sigmoid });
    // d/dv [1/(1+exp(-v)) - v] at v = 0.3 is s(1-s) - 1 with s = 1/(1+exp(-0.3)), by hand
    const s = 1 / (1 + Math.exp(-0.3));
    const J = m.ir.jacobian[0][0];
    expect(J.evaluate({ v: 0.3, th: 0, k: 1 })).toBeCloseTo(s * (1 - s) - 1, 12);
  });

  it('functions may call each other and read parameters; fixed points found through them', () => {
    const m = Model.fromEquations('m', ['sq(a) = a*a', 'g(a) = sq(a) - c', "x' = -g(x)"], { c: 4 });
    const fps = fixedPoints(m, { ranges: { x: [0, 5] } }).map((p) => p.state.x);
    // closed form: x^2 = 4 → x = 2 in [0, 5]
    expect(fps.some((x: number) => Math.abs(x - 2) < 1e-8)).toBe(true);
  });

  it('inline `S(x, th, k) = ...` in fromEquations, and saveModel writes functions back', () => {
    const m = Model.fromEquations('m', ['S(x, th, k) = 1/(1 + exp(-(x - th)/k))', "v' = S(v, 0.5, 0.1) - v"]);
    expect(m.toJSON().functions).toEqual({ S: { args: ['x', 'th', 'k'], body: '1/(1 + exp(-(x - th)/k))' } });
    const back = new Model(parseModelFile(modelToText(m)));
    expect(back.toJSON().functions).toEqual(m.toJSON().functions);
  });

  it('arity is checked at the call, naming model, field, function and column', () => {
    expect(() => new Model('m', { variables: { v: 'S(v, 1) - v' }, functions: sigmoid })).toThrow(
      /model 'm', dv\/dt: "S\(v, 1\) - v" at column 1: function S\(x, th, k\) takes 3 arguments, got 2/,
    );
  });

  it('direct and mutual recursion are refused', () => {
    expect(() => Model.fromEquations('m', ['f(a) = f(a) + 1', "x' = f(x)"])).toThrow(/function 'f'.*recursive function definition: f → f/);
    expect(() => Model.fromEquations('m', ['f(a) = g(a)', 'g(a) = f(a)', "x' = f(x)"])).toThrow(/recursive function definition: f → g → f/);
  });

  it('name clashes with built-ins, variables and parameters are refused', () => {
    expect(() => new Model('m', { variables: { v: 'exp(v)' }, functions: { exp: { args: ['x'], body: 'x' } } })).toThrow(/function 'exp'.*built-in/);
    expect(() => new Model('m', { variables: { v: '-v' }, functions: { v: { args: ['x'], body: 'x' } } })).toThrow(/function 'v'.*already the name/);
    expect(() => new Model('m', { variables: { v: '-v' }, parameters: { a: 1 }, functions: { a: { args: ['x'], body: 'x' } } })).toThrow(/already the name/);
  });

  it('an unknown symbol in a body names the function and column, with a suggestion', () => {
    const e = (() => {
      try {
        new Model('m', { variables: { v: 'S(v) - v' }, parameters: { gain: 2 }, functions: { S: { args: ['x'], body: 'gian*x' } } });
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(ModelError);
    expect(String((e as Error).message)).toMatch(/model 'm', function 'S': "gian\*x" at column 1: unknown symbol 'gian'.*did you mean 'gain'/);
  });

  it('arguments substitute simultaneously (no capture)', () => {
    // swap(a, b) = a - 2*b with a := b-expression must not rewrite twice: swap(y, x) = y - 2x
    const m = new Model('m', {
      variables: { x: { ddt: 'f(y, x)', init: 1 }, y: { ddt: '0', init: 3 } },
      functions: { f: { args: ['x', 'y'], body: 'x - 2*y' } },
    });
    expect(m.ir.variables[0].ddt.toString()).toBe('y - 2 * x');
  });

  it('--eq takes a function definition too', async () => {
    const ok = await runCLI('fixed-points', '--eq', 'sq(a) = a*a', '--eq', "x' = c - sq(x)", '--set', 'c=9', '--json');
    expect(ok.code, ok.stderr).toBe(0);
    // closed form: x^2 = 9 → x = ±3
    const xs = (JSON.parse(ok.stdout).fixedPoints as { state: { x: number } }[]).map((p) => Math.abs(p.state.x));
    expect(xs.length).toBeGreaterThan(0);
    for (const x of xs) expect(x).toBeCloseTo(3, 8);
    const bad = await runCLI('simulate', '--eq', 'sq(a) = a*a', '--eq', "x' = -sq(x, 1)");
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/function sq\(a\) takes 1 argument, got 2/);
  });
});
