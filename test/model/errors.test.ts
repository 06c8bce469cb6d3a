import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { compile, loadModel, Model, ModelError, ModelFileError, type ModelSpec } from '../../src/index.js';

/** A one-variable model with parameters a and tau, dv/dt = `ddt`. */
const withDdt = (ddt: string, extra: Partial<ModelSpec> = {}): Model =>
  new Model({ name: 'm', variables: { v: { ddt, init: 0 } }, parameters: { a: 1, tau: 2 }, ...extra });

/** The ModelError thrown by `f` (fails the test if there is none, or another kind). */
function modelError(f: () => unknown): ModelError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    return e as ModelError;
  }
  throw new Error('expected a ModelError, nothing was thrown');
}

/** dv/dt of a compiled one-variable model at (t, v). */
function rate(m: Model, t: number, v: number): number {
  const c = compile(m);
  const dy = new Float64Array(1);
  c.rhs(t, [v], c.defaults, dy);
  return dy[0];
}

describe('syntax errors name model, field, expression and column', () => {
  const cases: [string, number, RegExp][] = [
    ['v +', 4, /Unexpected end of expression/],
    ['a * (v', 7, /Parenthesis \) expected/],
    ['v */ 2', 4, /Value expected/],
    ['v ? 1', 6, /False part of conditional expression expected/],
  ];
  for (const [src, column, reason] of cases) {
    it(JSON.stringify(src), () => {
      const e = modelError(() => withDdt(src));
      expect(e.reason).toMatch(/^syntax error: /);
      expect(e.reason).toMatch(reason);
      expect(e.location).toMatchObject({ model: 'm', field: 'dv/dt', expression: src, column });
      expect(e.message).toContain(`model 'm', dv/dt: "${src}" at column ${column}: syntax error`);
    });
  }
});

describe('unknown symbols', () => {
  it('suggest the nearest name and give its column', () => {
    const e = modelError(() => withDdt('-v/taus + a'));
    expect(e.location).toMatchObject({ column: 4, suggestion: 'tau', field: 'dv/dt' });
    expect(e.message).toBe(`model 'm', dv/dt: "-v/taus + a" at column 4: unknown symbol 'taus' (did you mean 'tau'?)`);
  });

  it('do not suggest something unrelated', () => {
    expect(modelError(() => withDdt('zzzzzz')).location.suggestion).toBeUndefined();
  });

  it('in named expressions, inputs, inits, resets and refractory periods too', () => {
    expect(modelError(() => withDdt('x', { expressions: { x: 'taus' } })).location).toMatchObject({ field: "expression 'x'", suggestion: 'tau' });
    expect(modelError(() => withDdt('I', { inputs: { I: 'aa*t' } })).location).toMatchObject({ field: "input 'I'", suggestion: 'a' });
    expect(modelError(() => new Model({ name: 'm', variables: { v: { ddt: '1', init: 'q' } } })).location.field).toBe("init of 'v'");
    const ev = (e: object) => withDdt('1', { events: [{ when: 'v > 1', ...e }] });
    expect(modelError(() => ev({ reset: 'v = aa' })).location).toMatchObject({ field: "event 'spike' reset of 'v'", suggestion: 'a' });
    expect(modelError(() => ev({ reset: 'v = 0', refractory: 'taus' })).location).toMatchObject({ field: "event 'spike' refractory", suggestion: 'tau' });
    expect(modelError(() => ev({ when: 'vv > 1' })).location).toMatchObject({ field: "event 'spike' when", suggestion: 'v' });
  });
});

describe('mathjs constants are not predefined', () => {
  const constants: [string, number][] = [['tau', 2 * Math.PI], ['e', Math.E], ['E', Math.E], ['pi', Math.PI], ['i', NaN], ['phi', 1.618033988749895]];
  for (const [name, mathjsValue] of constants) {
    it(`'${name}' undeclared is an error; declared, it is the user's value`, () => {
      const e = modelError(() => new Model({ name: 'm', variables: { v: `${name}*2` } }));
      expect(e.reason).toMatch(new RegExp(`unknown symbol '${name}' \\(mathjs would read it as .+; declare it as a parameter`));
      expect(e.location.column).toBe(1);
      const m = new Model({ name: 'm', variables: { v: `${name}*2` }, parameters: { [name]: 0.25 } });
      expect(rate(m, 0, 0)).toBe(0.5);
      expect(rate(m, 0, 0)).not.toBe(mathjsValue * 2);
    });
  }

  it('Infinity and NaN are rejected as constants', () => {
    expect(modelError(() => withDdt('Infinity')).reason).toMatch(/only finite numbers/);
    expect(modelError(() => withDdt('v + NaN')).reason).toMatch(/only finite numbers/);
    expect(modelError(() => withDdt('1e400')).reason).toMatch(/found Infinity/);
  });
});

describe('Python forms', () => {
  it('`0.5 if t < 500 else 0` is a conditional in t', () => {
    const m = withDdt('0.5 if t < 500 else 0');
    expect(rate(m, 100, 0)).toBe(0.5);
    expect(rate(m, 600, 0)).toBe(0);
  });

  it('`v**3` is a power', () => {
    expect(rate(withDdt('v**3'), 0, 1.5)).toBe(1.5 ** 3);
    expect(rate(withDdt('-v**2'), 0, 3)).toBe(-9);
  });
});

describe('implicit multiplication is rejected with the product to write instead', () => {
  const cases: [string, string, number][] = [
    ['2v', 'write 2 * v', 2],
    ['2 v', 'write 2 * v', 3],
    ['a v + 1', 'write a * v', 3],
    ['(a)(v)', 'write (a) * (v)', 4],
    ['v**2 if 2v > 0 else 1', 'write 2 * v', 10],
  ];
  for (const [src, hint, column] of cases) {
    it(JSON.stringify(src), () => {
      const e = modelError(() => withDdt(src));
      expect(e.reason).toBe(`implicit multiplication is not allowed: ${hint}`);
      expect(e.location.column).toBe(column);
    });
  }

  it('a misspelt conditional gets a hint about conditionals instead', () => {
    expect(modelError(() => withDdt('a if v > 0')).reason).toMatch(/a conditional is written `c \? a : b` or `a if c else b`/);
  });
});

describe('names that do not exist', () => {
  it('reset of an unknown variable', () => {
    const e = modelError(() => withDdt('1', { events: [{ when: 'v > 1', reset: 'vv = 0' }] }));
    expect(e.reason).toBe("reset assigns 'vv', which is not a state variable");
    expect(e.location.suggestion).toBe('v');
  });

  it('clamp of an unknown variable', () => {
    const e = modelError(() => withDdt('1', { events: [{ when: 'v > 1', reset: 'v = 0', refractory: 1, clamp: ['w'] }] }));
    expect(e.reason).toBe("clamp names 'w', which is not a state variable");
    expect(e.location.field).toBe("event 'spike' clamp");
  });

  it('init of an unknown variable (withInit, fromEquations)', () => {
    const fhn = loadModel('fitzhugh-nagumo');
    expect(modelError(() => fhn.withInit({ vv: 1 })).message).toBe("model 'fitzhugh-nagumo': no state variable 'vv' to set an initial value for (did you mean 'v'?)");
    const e = modelError(() => Model.fromEquations('m', ["x' = -x"], {}, { init: { y: 1 } }));
    expect(e.reason).toBe("initial value given for 'y', which has no equation dy/dt");
  });

  it('an init expression may use only parameters and earlier variables', () => {
    const e = modelError(() => new Model({ name: 'm', variables: { v: { ddt: '1', init: 'w' }, w: '1' } }));
    expect(e.reason).toMatch(/an initial value may use parameters and earlier variables' initial values only, not 'w'/);
  });

  it('unknown parameter, preset and model names suggest the nearest', () => {
    const izh = loadModel('izhikevich');
    expect(modelError(() => izh.with({ dd: 1 })).message).toBe("model 'izhikevich': no parameter 'dd' (did you mean 'd'?)");
    expect(modelError(() => izh.with({ I: NaN })).reason).toMatch(/must be a finite number/);
    expect(modelError(() => izh.preset('rs')).message).toBe("model 'izhikevich': no preset 'rs' (available: RS, IB, CH, FS, LTS, TC, RZ) (did you mean 'RS'?)");
    expect(() => loadModel('izhikevic')).toThrow(ModelFileError);
    expect(() => loadModel('izhikevic')).toThrow(/no model file or bundled model 'izhikevic' \(did you mean 'izhikevich'\?\); bundled: adex, /);
    expect(() => loadModel('hodgkin_huxley')).toThrow(/did you mean 'hodgkin-huxley'/);
  });
});

describe('duplicate and reserved names', () => {
  it('a name declared twice, across kinds', () => {
    expect(modelError(() => new Model({ name: 'm', variables: { v: '1' }, parameters: { v: 1 } })).message).toBe(
      "model 'm', parameter 'v': duplicate name 'v': already declared as a variable",
    );
    expect(modelError(() => withDdt('x', { expressions: { a: '1' } })).reason).toBe("duplicate name 'a': already declared as a parameter");
    expect(modelError(() => withDdt('x', { expressions: { x: '1' }, inputs: { x: 't' } })).reason).toBe("duplicate name 'x': already declared as an expression");
  });

  it('two Variables of one name, two equations for one variable, two events of one name', () => {
    const v = { name: 'v', ddt: '1', init: 0, toSpec: () => ({ ddt: '1' }) };
    expect(modelError(() => new Model('m', { variables: [v, v] as never })).reason).toMatch(/duplicate name 'v'/);
    expect(modelError(() => Model.fromEquations('m', ["x' = 1", 'dx/dt = 2'])).reason).toBe('duplicate equation for dx/dt');
    const ev = { when: 'v > 1', reset: 'v = 0' };
    expect(modelError(() => withDdt('1', { events: [ev, ev].map((e) => ({ ...e, name: 'spike' })) })).reason).toBe("duplicate event name 'spike'");
  });

  it('reserved words, function names and time', () => {
    expect(modelError(() => new Model({ name: 'm', variables: { t: '1' } })).reason).toBe("'t' is reserved (time)");
    expect(modelError(() => new Model({ name: 'm', variables: { exp: '1' } })).reason).toBe("'exp' is reserved (a function)");
    expect(modelError(() => new Model({ name: 'm', variables: { v: '1' }, parameters: { if: 1 } })).reason).toBe("'if' is reserved (a keyword)");
    expect(modelError(() => new Model({ name: 'm', variables: { '2v': '1' } })).reason).toMatch(/not a valid name/);
  });
});

describe('functions outside the whitelist', () => {
  it('erf, evaluate, import: unknown function with the list of allowed ones', () => {
    const e = modelError(() => withDdt('1 + erf(v)'));
    expect(e.reason).toMatch(/^unknown function 'erf' \(allowed: exp, log, .*exprel\)$/);
    expect(e.location.column).toBe(5);
    expect(e.location.suggestion).toBe('exp');
    expect(modelError(() => withDdt('evaluate(v)')).reason).toMatch(/unknown function 'evaluate'/);
    expect(modelError(() => withDdt('np.erf(v)')).location.column).toBe(4);
  });

  it('wrong number of arguments', () => {
    expect(modelError(() => withDdt('sqrt(v, 2)')).reason).toBe('sqrt takes 1 argument, got 2');
    expect(modelError(() => withDdt('clip(v, 1)')).reason).toBe('clip takes 3 arguments, got 2');
  });

  it('operators outside the whitelist', () => {
    for (const [src, op] of [['v & 1', '&'], ['v!', '!'], ['v << 1', '<<'], ['1 to 2', 'to']]) {
      expect(modelError(() => withDdt(src)).reason).toMatch(new RegExp(`operator '${op.replace(/[|&!<]/g, '\\$&')}' \\(\\w+\\) is not allowed`));
    }
    expect(modelError(() => withDdt('a < v < 1')).reason).toMatch(/chained comparisons/);
  });

  it("'#' (a mathjs comment) would silently drop the rest: rejected", () => {
    const e = modelError(() => withDdt('v - a # + 1'));
    expect(e.location.column).toBe(7);
    expect(e.reason).toMatch(/'#' is not allowed/);
  });
});

describe('named expressions and inputs', () => {
  it('a cycle is shown in full', () => {
    const e = modelError(() => withDdt('x', { expressions: { x: 'y + 1', y: 'z', z: 'x*v' } }));
    expect(e.reason).toBe('named expressions form a cycle: x → y → z → x');
    expect(modelError(() => withDdt('x', { expressions: { x: 'x + 1' } })).reason).toBe('named expressions form a cycle: x → x');
  });

  it('an input may not depend on the state or on expressions', () => {
    const e = modelError(() => withDdt('I', { inputs: { I: 'v > 0 ? 1 : 0' } }));
    expect(e.reason).toBe("input 'I' may depend only on t, parameters and other inputs, not on variable 'v' (declare it under expressions instead)");
    expect(e.location.column).toBe(1);
    expect(modelError(() => withDdt('I', { expressions: { x: 'v' }, inputs: { I: 'x' } })).reason).toMatch(/not on expression 'x'/);
  });

  it('inputs of inputs, expressions of inputs work and evaluate', () => {
    const m = withDdt('r', { inputs: { I: 't > 1 ? J : 0', J: '2*a' }, expressions: { r: 'I - v' } });
    expect(rate(m, 2, 0.5)).toBe(1.5);
    expect(rate(m, 0, 0.5)).toBe(-0.5);
  });
});

describe('events', () => {
  const ev = (e: object) => () => withDdt('1', { events: [{ reset: 'v = 0', ...e }] as never });
  it('the condition must be one comparison', () => {
    for (const when of ['v - 30', 'v == 30', 'v > 30 and t > 1', 'v != 1']) {
      const e = modelError(ev({ when }));
      expect(e.reason).toBe('an event condition must be one comparison with <, <=, > or >= (e.g. v >= 30)');
      expect(e.location.field).toBe("event 'spike' when");
    }
  });

  it('a reset is a list of assignments of state variables', () => {
    expect(modelError(ev({ when: 'v > 1', reset: 'v == 0' })).reason).toMatch(/a reset is a list of assignments/);
    expect(modelError(ev({ when: 'v > 1', reset: 'v = 0; v = 1' })).reason).toBe("'v' is reset twice");
    expect(modelError(ev({ when: 'v > 1', reset: 3 })).reason).toMatch(/a reset is a string/);
  });

  it('refractory periods and clamps', () => {
    expect(modelError(ev({ when: 'v > 1', refractory: -1 })).reason).toMatch(/refractory period must be a positive number, got -1/);
    expect(modelError(ev({ when: 'v > 1', refractory: 'v' })).reason).toBe("a refractory period may use parameters only, not variable 'v'");
    expect(modelError(ev({ when: 'v > 1', clamp: ['v'] })).reason).toBe('clamp needs a refractory period');
    expect(modelError(ev({ when: 'v > 1', refractory: 1, clamp: 'v' })).reason).toMatch(/clamp is a list/);
  });

  it('event names are identifiers', () => {
    expect(modelError(ev({ when: 'v > 1', name: 'my spike' })).reason).toMatch(/invalid event name "my spike"/);
  });
});

describe('model-level errors', () => {
  it('no variables, bad parameter values, bad model names', () => {
    expect(modelError(() => new Model({ name: 'm', variables: {} })).reason).toBe('a model needs at least one variable');
    expect(modelError(() => new Model({ name: 'm', variables: { v: '1' }, parameters: { a: NaN } })).reason).toMatch(/parameter value must be a finite number/);
    expect(modelError(() => new Model({ name: 'm', variables: { v: '1' }, parameters: { a: null as never } })).reason).toMatch(/parameter value must be a finite number/);
    expect(modelError(() => new Model({ name: 'm', variables: { v: { init: 1 } as never } })).reason).toBe('missing ddt expression');
    expect(modelError(() => new Model({ name: 'my model', variables: { v: '1' } })).reason).toMatch(/invalid model name "my model"/);
    expect(modelError(() => withDdt('')).reason).toBe('empty expression');
    expect(modelError(() => withDdt(3 as never)).reason).toBe('ddt must be an expression string, got number');
    expect(modelError(() => withDdt('1', { expressions: { x: 3 as never } })).reason).toBe('expected an expression string, got number');
  });

  it('a model file error names the file', () => {
    const e = modelError(() => loadModel(fileURLToPath(new URL('./fixtures/typo.yaml', import.meta.url))));
    expect(e.message).toBe(`model 'typo (typo.yaml)', dv/dt: "-v/taus" at column 4: unknown symbol 'taus' (did you mean 'tau'?)`);
  });
});
