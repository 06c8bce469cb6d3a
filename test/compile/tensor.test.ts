/**
 * The tensor compiler against the scalar JS compiler (the reference): same derivatives, same
 * functions, same events, to float32 precision. The JS target runs in float64 on inputs that are
 * exactly float32 (so both see the same numbers); the tolerance covers float32 rounding of
 * constants, parameters and intermediate results.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { bundledModels, loadModel, Model, compile } from '../../src/index.js';
import { compileTensor } from '../../src/compile/tensor.js';
import { TENSOR_ARITHMETIC, TENSOR_COMPARISON, TENSOR_FUNCTIONS, TENSOR_LOGICAL } from '../../src/compile/tensor-functions.js';
import { ARITHMETIC_OPS, COMPARISON_OPS, FUNCTIONS, LOGICAL_OPS } from '../../src/model/functions.js';
import { initBackend } from '../../src/network/targets/tensor/backend.js';
// exprel at 50 digits with mpmath, and scipy.special.exprel: test/references/exprel.py
import exprelRef from '../references/exprel.json';

/** Deterministic uniforms (mulberry32), so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('tensor function table', () => {
  it('has one entry per whitelisted function and operator', () => {
    expect(Object.keys(TENSOR_FUNCTIONS).sort()).toEqual([...FUNCTIONS.keys()].sort());
    expect(Object.keys(TENSOR_ARITHMETIC).sort()).toEqual([...ARITHMETIC_OPS].sort());
    expect(Object.keys(TENSOR_COMPARISON).sort()).toEqual([...COMPARISON_OPS].sort());
    expect(Object.keys(TENSOR_LOGICAL).sort()).toEqual([...LOGICAL_OPS].sort());
  });
});

/**
 * |tensor - js| <= rel * (|js| + scale): relative error against the value, with an absolute floor
 * at rel times the typical size of that derivative over the sample (cancellation, e.g. the
 * Izhikevich quadratic near its roots, loses relative digits of the result, not of the terms).
 */
function expectClose(got: Float32Array, want: Float64Array, rel: number, what: string): void {
  let scale = 0;
  for (const w of want) scale += Math.abs(w) / want.length;
  let worst = 0;
  let at = -1;
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i] - want[i]) / (Math.abs(want[i]) + scale);
    if (!(e <= worst)) {
      worst = e;
      at = i;
    }
  }
  expect(worst, `${what}: worst relative error at sample ${at}: tensor ${got[at]}, js ${want[at]}`).toBeLessThanOrEqual(rel);
}

/** Random float32 states around each variable's initial value. */
function randomStates(model: Model, n: number, seed: number): Float32Array[] {
  const c = compile(model);
  const y0 = new Float64Array(c.n);
  c.init(c.defaults, y0);
  const r = rng(seed);
  return y0.map((v) => v).reduce<Float32Array[]>((cols, v) => {
    const spread = Math.max(1, Math.abs(v));
    cols.push(Float32Array.from({ length: n }, () => v + spread * (r() - 0.5)));
    return cols;
  }, []);
}

function compareRhs(model: Model, n: number, seed: number, rel: number): void {
  const c = compile(model);
  const m = compileTensor(model.ir);
  const cols = randomStates(model, n, seed);
  const p32 = Float32Array.from(c.defaults);
  const p64 = Float64Array.from(p32);
  const t = 3.25;
  const got = tf.tidy(() => {
    const dy = m.rhs({ t: tf.scalar(t), y: cols.map((col) => tf.tensor1d(col)), p: Array.from(p32, (x) => tf.scalar(x)) });
    return dy.map((d) => tf.broadcastTo(d, [n]).dataSync() as Float32Array);
  });
  const want = cols.map(() => new Float64Array(n));
  const y = new Float64Array(c.n);
  const dy = new Float64Array(c.n);
  for (let i = 0; i < n; i++) {
    cols.forEach((col, j) => (y[j] = col[i]));
    c.rhs(t, y, p64, dy);
    dy.forEach((d, j) => (want[j][i] = d));
  }
  c.variables.forEach((v, j) => expectClose(got[j], want[j], rel, `${model.name} d${v}/dt`));
  m.dispose();
}

describe('compileTensor derivatives equal the scalar target', () => {
  for (const { name } of bundledModels()) {
    it(`${name}: rhs on 1000 random states, relative 1e-5`, () => {
      compareRhs(loadModel(name), 1000, 7, 1e-5);
    });
  }

  it('every function and operator, including booleans in arithmetic and conditionals', () => {
    // x in [-3, 3), with exact zeros and negative values to exercise heaviside(0), mod, sign, exprel(0)
    const model = new Model('all-functions', {
      variables: { x: { ddt: '0', init: 0 }, y: { ddt: '0', init: 0.5 } },
      parameters: { a: 1.5, lo: -0.5, hi: 0.75 },
      expressions: {
        e1: 'exp(x) + log(abs(y) + 1) + log10(abs(x) + 2) + log2(abs(y) + 3) + sqrt(abs(x))',
        e2: 'pow(abs(x) + 1, y) + abs(x) + sign(x) + min(x, y) + max(x, y) + tanh(x) + sinh(x) + cosh(y)',
        e3: 'sin(x) + cos(y) + tan(y/2) + atan(x) + heaviside(x) + relu(x) + clip(x, -1, 1) + clip(x, lo, hi)',
        e4: 'sigmoid(x) + square(x) + cube(y) + floor(x) + exprel(x) + x^2 + y^3 + (abs(x)+1)^a + x mod a + x mod -a',
        e5: '(x > y) + (x < y)*2 + (x >= 0)*4 + (x <= y)*8 + (x == 0)*16 + (x != y)*32 + ((x > 0 and y > 0) or not (x < -1))*64 + (x > 0 xor y > 0)*128',
        e6: '(x > 0 ? x : -y) + (x > y ? 1 : 0) + -x + +y',
      },
    });
    const c = compile(model);
    const m = compileTensor(model.ir);
    const n = 601;
    // a grid through exact zeros, then random values
    const r = rng(3);
    const xs = Float32Array.from({ length: n }, (_, i) => (i < 121 ? -3 + i * 0.05 : 6 * (r() - 0.5)));
    xs[60] = 0;
    const ys = Float32Array.from({ length: n }, (_, i) => (i < 121 ? 0.3 - i * 0.01 : 4 * (r() - 0.5)));
    const p = Float32Array.from(c.defaults);
    const obs = tf.tidy(() =>
      m.observe({ t: tf.scalar(0), y: [tf.tensor1d(xs), tf.tensor1d(ys)], p: Array.from(p, (x) => tf.scalar(x)) }).map((o) => tf.broadcastTo(o, [n]).dataSync() as Float32Array),
    );
    const out = new Float64Array(c.observables.length);
    const want = c.observables.map(() => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      c.observe(0, [xs[i], ys[i]], Float64Array.from(p), out);
      out.forEach((v, k) => (want[k][i] = v));
    }
    c.observables.forEach((name, k) => {
      if (name === 'e5') expect(Array.from(obs[k])).toEqual(Array.from(want[k])); // integers: exact
      else expectClose(obs[k], want[k], 2e-6, name);
    });
    m.dispose();
  });
});

describe('compileTensor options used by networks', () => {
  it('additive: the caller adds to a parameter or to an input; rhsOne = rhs[i]', () => {
    // I is a parameter of the first model and an input (an expression of t) of the second
    const base = loadModel('izhikevich').preset('RS');
    for (const model of [base, base.with({ I: 't > 1 ? 4 : 2' })]) {
      const c = compile(model);
      const m = compileTensor(model.ir, { additive: ['I'] });
      const v = [-70, -60, -50];
      const u = [-14, -12, -10];
      const extra = [0.5, 1, 1.5];
      const t = 3;
      const got = tf.tidy(() => {
        const e = {
          t: tf.scalar(t),
          y: [tf.tensor1d(v), tf.tensor1d(u)],
          p: Array.from(c.defaults, (x) => tf.scalar(x)),
          aug: [(b: tf.Tensor) => tf.add(b, tf.tensor1d(extra))],
        };
        const all = m.rhs(e);
        return [...all.map((d) => d.dataSync()), m.rhsOne(0, e).dataSync(), m.rhsOne(1, e).dataSync()];
      });
      expect(Array.from(got[2])).toEqual(Array.from(got[0]));
      expect(Array.from(got[3])).toEqual(Array.from(got[1]));
      const I = model.ir.parameters.some((q) => q.name === 'I') ? 10 : 4;
      v.forEach((vi, k) => {
        const dy = new Float64Array(2);
        const p = Float64Array.from(c.defaults);
        const iI = c.parameters.indexOf('I');
        if (iI >= 0) p[iI] = I + extra[k];
        c.rhs(t, [vi, u[k]], p, dy);
        // the input model: its I(t) = 4 at t = 3, plus the extra, through the parameter-free path
        const want = iI >= 0 ? dy[0] : 0.04 * vi * vi + 5 * vi + 140 - u[k] + I + extra[k];
        expect(Math.abs(got[0][k] - want)).toBeLessThan(1e-4 * Math.abs(want) + 1e-4);
      });
      m.dispose();
    }
  });

  it('additive names must be parameters or inputs', () => {
    expect(() => compileTensor(loadModel('izhikevich').ir, { additive: ['v'] })).toThrow(/not a parameter or input/);
    expect(() => compileTensor(loadModel('izhikevich').ir, { additive: ['J'] })).toThrow(/not a parameter or input/);
  });
});

describe('compileTensor events and memory', () => {
  it('izhikevich: g, reset (simultaneous, reading the pre-reset state) and init', () => {
    const model = loadModel('izhikevich').preset('RS');
    const c = compile(model);
    const m = compileTensor(model.ir);
    const p = Array.from(c.defaults, (x) => tf.scalar(x));
    const [v, u] = tf.tidy(() => {
      const y = [tf.tensor1d([31, -70]), tf.tensor1d([-10, -14])];
      const r = m.events[0].reset({ t: tf.scalar(0), y, p });
      return r.map((x) => tf.broadcastTo(x, [2]).dataSync());
    });
    expect(Array.from(v)).toEqual([-65, -65]);
    expect(Array.from(u)).toEqual([-2, -6]);
    const g = tf.tidy(() => m.events[0].g({ t: tf.scalar(0), y: [tf.tensor1d([31, 29]), tf.tensor1d([0, 0])], p }).dataSync());
    expect(Array.from(g)).toEqual([1, -1]);
    const init = m.init(p, 3);
    expect(Array.from(init[0].dataSync())).toEqual([-65, -65, -65]);
    expect(Array.from(init[1].dataSync())).toEqual([-13, -13, -13]); // u = b*v
    tf.dispose([...init, ...p]);
    m.dispose();
  });

  it('lif: refractory period and clamp come through', () => {
    const m = compileTensor(loadModel('lif').ir);
    const p = loadModel('lif').ir.parameters.map((x) => tf.scalar(x.value));
    expect(m.events[0].clamp).toEqual([0]);
    const ref = tf.tidy(() => m.events[0].refractory!(p).dataSync());
    expect(Array.from(ref)).toEqual([4]);
    tf.dispose(p);
    m.dispose();
  });

  it('allocates nothing that tf.tidy does not free, and dispose() frees the constants', () => {
    const before = tf.memory().numTensors;
    const model = loadModel('hodgkin-huxley');
    const m = compileTensor(model.ir);
    const p = model.ir.parameters.map((x) => tf.scalar(x.value));
    const y = m.init(p, 100);
    const t = tf.scalar(0);
    const afterSetup = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.tidy(() => void m.rhs({ t, y, p }));
    expect(tf.memory().numTensors).toBe(afterSetup);
    tf.dispose([...y, ...p, t]);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('tensor exprel', () => {
  it('is (exp(x) - 1)/x (scipy.special.exprel), 1 at 0, to float32 precision', () => {
    const model = new Model('exprel', { variables: { x: { ddt: '0', init: 0 } }, expressions: { e: 'exprel(x)' } });
    const m = compileTensor(model.ir);
    // float32 range: exp overflows past ~88, so the ±700 points stay with the float64 targets
    const pts = exprelRef.points.filter((p) => Math.abs(p.x) < 80);
    const got = tf.tidy(() => m.observe({ t: tf.scalar(0), y: [tf.tensor1d(pts.map((p) => p.x))], p: [] })[0].dataSync() as Float32Array);
    pts.forEach((p, i) => expect(Math.abs(got[i] - p.exprel)).toBeLessThanOrEqual(1e-6 * p.exprel));
  });
});
