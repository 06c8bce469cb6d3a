import { describe, it, expect, afterAll } from 'vitest';
import { bundledModels, compile, loadModel, Model, ModelError, simulate, type ModelSpec } from '../../src/index.js';
import { assertGeneratedSource, instantiate } from '../../src/compile/emit-js.js';

declare global {
  // set by any payload that manages to run
  var __isoclinePwned: unknown;
}

const PAYLOADS = [
  "constructor.constructor('return process')()",
  'constructor.constructor("globalThis.__isoclinePwned = 1")()',
  '__proto__',
  'v + __proto__',
  'constructor',
  'this.constructor',
  'v.constructor',
  'v["constructor"]',
  "v['constructor']",
  "import('fs')",
  'require("fs")',
  'process.exit()',
  'globalThis.__isoclinePwned',
  '"a string"',
  "'a string'",
  'f(x) = x',
  'a = 1',
  '[1, 2]',
  '{a: 1}',
  'v */ 2',
  'v /* c */ + 1',
  'v // comment',
  '`v`',
  '`${v}`',
  'v\\u0027',
  'v; globalThis.__isoclinePwned = 1',
  'v\nglobalThis.__isoclinePwned = 1',
  'evaluate("1")',
  'parse("1")',
  'v # "); globalThis.__isoclinePwned = 1; ("',
  'typeOf(v)',
  'v?.constructor',
  'x => x',
  'new Function("x")',
];

/** A model whose every expression field is the same payload. */
const specs = (payload: string): [string, ModelSpec][] => {
  const base = (extra: Partial<ModelSpec>, ddt = 'a - v'): ModelSpec => ({ name: 'm', variables: { v: { ddt, init: 0 } }, parameters: { a: 1 }, ...extra });
  return [
    ['ddt', base({}, payload)],
    ['init', { name: 'm', variables: { v: { ddt: '-v', init: payload } }, parameters: { a: 1 } }],
    ['expression', base({ expressions: { x: payload } }, 'x')],
    ['input', base({ inputs: { I: payload } }, 'I')],
    ['event when', base({ events: [{ when: payload, reset: 'v = 0' }] })],
    ['event reset', base({ events: [{ when: 'v > 1', reset: `v = ${payload}` }] })],
    ['refractory', base({ events: [{ when: 'v > 1', reset: 'v = 0', refractory: payload }] })],
  ];
};

describe('code injection through model strings is rejected at validation', () => {
  afterAll(() => expect(globalThis.__isoclinePwned).toBeUndefined());

  for (const payload of PAYLOADS) {
    it(JSON.stringify(payload), () => {
      for (const [field, spec] of specs(payload)) {
        let err: unknown;
        try {
          new Model(spec);
        } catch (e) {
          err = e;
        }
        expect(err, `${field}: ${payload}`).toBeInstanceOf(ModelError);
        expect((err as ModelError).location.model).toBe('m');
      }
      expect(globalThis.__isoclinePwned).toBeUndefined();
    });
  }

  it('names: __proto__, constructor and other prototype members are forbidden as any kind of name', () => {
    for (const bad of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']) {
      // JSON.parse makes __proto__ an own key, as a YAML or JSON model file would
      const asVar = JSON.parse(`{"name": "m", "variables": {"${bad}": "1"}}`);
      const asPar = JSON.parse(`{"name": "m", "variables": {"v": "1"}, "parameters": {"${bad}": 1}}`);
      const asExpr = JSON.parse(`{"name": "m", "variables": {"v": "1"}, "expressions": {"${bad}": "1"}}`);
      const asInput = JSON.parse(`{"name": "m", "variables": {"v": "1"}, "inputs": {"${bad}": "1"}}`);
      for (const spec of [asVar, asPar, asExpr, asInput]) {
        expect(() => new Model(spec)).toThrow(ModelError);
        expect(() => new Model(spec)).toThrow(`'${bad}' is a forbidden name`);
      }
    }
  });

  it('names must be identifiers: quotes, newlines, operators', () => {
    for (const bad of ["v'", 'v"', 'v`', 'v\n', 'a b', 'v-1', 'v.x', 'v\\', 'é']) {
      expect(() => new Model({ name: 'm', variables: { [bad]: '1' } })).toThrow(ModelError);
      expect(() => new Model({ name: 'm', variables: { v: '1' }, parameters: { [bad]: 1 } })).toThrow(ModelError);
    }
  });

  it('model and event names with quotes, newlines or comment ends are rejected', () => {
    for (const bad of ["m'", 'm"', 'm`', 'm\nx', 'm*/x', 'm\\x', 'm\u2028x', '']) {
      expect(() => new Model({ name: bad, variables: { v: '1' } })).toThrow(/invalid model name/);
      expect(() => new Model({ name: 'm', variables: { v: '1' }, events: [{ name: bad, when: 'v > 1', reset: 'v = 0' }] })).toThrow(/invalid event name/);
    }
  });
});

describe('generated source never contains user text', () => {
  const FORBIDDEN = /["'`\\]|[^\x20-\x7e\n]/;

  it('every bundled model (and every preset): source and Jacobian source are quote-, backtick- and backslash-free ASCII', () => {
    const models = bundledModels().flatMap(({ name }) => {
      const m = loadModel(name);
      return [m, ...m.presets.map((p) => m.preset(p))];
    });
    expect(models.length).toBeGreaterThanOrEqual(7 + 7);
    for (const m of models) {
      const c = compile(m);
      expect(c.source).not.toMatch(FORBIDDEN);
      expect(c.jacobianSource).not.toMatch(FORBIDDEN);
      // names appear only in comments: no expression string is copied
      for (const v of m.ir.variables) expect(c.source.includes(v.source) && /[^A-Za-z0-9_]/.test(v.source)).toBe(false);
    }
  });

  it('names that are JS globals or generated-code locals are only slots', () => {
    // every name here would be dangerous or ambiguous if it reached the source as written
    const m = new Model({
      name: 'hostile',
      variables: { process: { ddt: 'Function - eval*process', init: 1 }, eval: { ddt: 'Math + y + dy', init: 2 } },
      parameters: { Function: 3, Math: 5, y: 7, dy: 11, p: 13 },
      expressions: { globalThis: 'p*process', require: 'globalThis + 1' },
      events: [{ name: 'Object', when: 'process > require', reset: 'process = 0' }],
    });
    const c = compile(m);
    expect(c.source).not.toMatch(FORBIDDEN);
    const dy = new Float64Array(2);
    c.rhs(0, [1, 2], c.defaults, dy);
    expect(Array.from(dy)).toEqual([3 - 2 * 1, 5 + 7 + 11]);
    const obs = new Float64Array(2);
    c.observe(0, [1, 2], c.defaults, obs);
    expect(Array.from(obs)).toEqual([13, 14]);
    const J = new Float64Array(4);
    c.jac(0, [1, 2], c.defaults, J);
    expect(Array.from(J)).toEqual([-2, -1, 0, 0]);
    expect(simulate(m, { t: 1 }).final.length).toBe(2);
    expect(typeof process.exit).toBe('function');
  });

  it('the last line of defence refuses source with quotes, backslashes or non-ASCII', () => {
    for (const bad of ['return "x"', "return 'x'", 'return `x`', 'return 1 // \\', 'return 1 // \u2028 x']) {
      expect(() => assertGeneratedSource(bad)).toThrow(/refusing to compile/);
      expect(() => instantiate([], bad)).toThrow(/refusing to compile/);
    }
    expect(instantiate<() => number>([], 'return () => 42;')()).toBe(42);
  });
});
