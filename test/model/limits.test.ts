/**
 * Issue 11, point 6: long or deep input gets a clear one-line error with a stated limit, in time
 * linear in its size. Before: a 2000-term sum passed validation and overflowed the stack while
 * compiling (`Maximum call stack size exceeded`, no model or field); 500 nested parentheses
 * overflowed mathjs's parser and the message repeated the whole expression; 100 000 parameters in
 * a YAML file took 141 s (the yaml package's duplicate-key check is quadratic).
 */
import { describe, it, expect } from 'vitest';
import { Model, ModelError, ModelFileError, compile, parseModelFile } from '../../src/index.js';
import { MAX_DEPTH, MAX_PARENTHESES, MAX_EXPRESSION_LENGTH } from '../../src/model/parse.js';
import { excerpt, MAX_ECHO } from '../../src/model/errors.js';

const model = (ddt: string): Model => new Model({ name: 'deep', variables: { v: { ddt, init: 0.1 } } });

function modelError(f: () => unknown): ModelError {
  try {
    f();
  } catch (e) {
    expect(e, String(e)).toBeInstanceOf(ModelError);
    return e as ModelError;
  }
  throw new Error('expected a ModelError');
}

describe('deep and long expressions', () => {
  it('a 2000-term sum is refused at validation with the depth limit, naming model and field', () => {
    const sum = Array.from({ length: 2000 }, (_, i) => `${(i % 7) + 1}*v`).join(' + ');
    const e = modelError(() => compile(model(sum)));
    expect(e.message).toMatch(new RegExp(`^model 'deep', dv/dt: ".*…": the expression nests more than ${MAX_DEPTH} operations deep`));
    expect(e.message.length).toBeLessThan(500);
  });

  it('a 900-term sum (under the limit) compiles and evaluates to the closed form', () => {
    // sum over i < 900 of ((i mod 7) + 1) = 128 full cycles of 28, plus 1+2+3+4 = 3594
    const sum = Array.from({ length: 900 }, (_, i) => `${(i % 7) + 1}*v`).join(' + ');
    const c = compile(model(sum));
    const dy = new Float64Array(1);
    c.rhs(0, Float64Array.of(1), c.defaults, dy);
    expect(dy[0]).toBe(3594);
  });

  it('500 nested parentheses: the limit, the column of the first bracket too deep, no 200 KB echo', () => {
    const e = modelError(() => model('('.repeat(500) + 'v' + ')'.repeat(500)));
    expect(e.message).toMatch(new RegExp(`at column ${MAX_PARENTHESES + 1}: parentheses nested 500 deep; at most ${MAX_PARENTHESES} levels`));
    expect(e.message.length).toBeLessThan(400);
  });

  it('a 200 KB expression is refused by length, and the message does not repeat it', () => {
    const e = modelError(() => model('v + '.repeat(50000) + 'v'));
    expect(e.message).toMatch(new RegExp(`200001 characters long; at most ${MAX_EXPRESSION_LENGTH}`));
    expect(e.message.length).toBeLessThan(400);
  });

  it('an expression with a newline is echoed on one line, so the message is never cut there', () => {
    const e = modelError(() => model('v +\n  nope'));
    expect(e.message).not.toMatch(/\n/);
    expect(e.message).toMatch(/"v \+ {3}nope".*nope/);
  });

  it('excerpt keeps a window around the column', () => {
    const long = 'a'.repeat(1000) + 'XYZ' + 'b'.repeat(1000);
    const x = excerpt(long, 1001);
    expect(x).toContain('XYZ');
    expect(x.startsWith('…') && x.endsWith('…')).toBe(true);
    expect(x.length).toBe(MAX_ECHO + 2);
  });
});

describe('many parameters', () => {
  it('a model file with 100 000 parameters loads in linear time (was quadratic: 141 s)', () => {
    // 30 000 took 8.5 s before the fix and about 2 s after: only a large file tells them apart
    const lines = ['name: many', 'variables:', '  v: { ddt: "-v + p29999", init: 0 }', 'parameters:'];
    for (let i = 0; i < 100000; i++) lines.push(`  p${i}: ${i}`);
    const t = performance.now();
    const spec = parseModelFile(lines.join('\n') + '\n');
    const m = new Model(spec);
    expect(m.parameters.p29999).toBe(29999);
    expect(performance.now() - t).toBeLessThan(40000);
  }, 180000);

  it('duplicate keys are still refused, with line and key', () => {
    const text = 'name: dup\nvariables:\n  v: { ddt: "-v", init: 0 }\nparameters:\n  a: 1\n  b: 2\n  a: 3\n';
    expect(() => parseModelFile(text)).toThrow(ModelFileError);
    expect(() => parseModelFile(text)).toThrow(/Map keys must be unique at line 7, column 3 \(key 'a'\)/);
  });
});
