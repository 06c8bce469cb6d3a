import { describe, it, expect } from 'vitest';
import { compile, Model, ModelError } from '../../src/index.js';
import { translatePython, translatePythonMapped } from '../../src/model/translate.js';

/** dv/dt of `v' = expr` at (t, v), with parameters a = 2, b = 3. */
function rate(expr: string, v: number, t = 0): number {
  const c = compile(new Model({ name: 'py', variables: { v: expr }, parameters: { a: 2, b: 3 } }));
  const dy = new Float64Array(1);
  c.rhs(t, [v], c.defaults, dy);
  return dy[0];
}

// Each case: the Python source and the same function written in JS by hand, evaluated by
// Python's rules (conditional expressions bind loosest, ** binds tighter than unary minus and is
// right-associative, `and`/`or` short-circuit on truth values).
const SEMANTICS: [string, (v: number) => number][] = [
  ['0.5 if t < 500 else 0', () => 0.5],
  ['v if v > 0 else -v if v < -1 else 0', (v) => (v > 0 ? v : v < -1 ? -v : 0)],
  ['(v if v > 0 else 0) if v < 2 else (1 if v < 3 else 2)', (v) => (v < 2 ? (v > 0 ? v : 0) : v < 3 ? 1 : 2)],
  ['a if (v if v > 0 else 1) > 0.5 else b', (v) => ((v > 0 ? v : 1) > 0.5 ? 2 : 3)],
  ['v**2 if v > 0 else -v**3', (v) => (v > 0 ? v ** 2 : -(v ** 3))],
  ['(v if v > 0 else 0)**2', (v) => (v > 0 ? v : 0) ** 2],
  ['abs(v)**a**0.5', (v) => Math.abs(v) ** (2 ** 0.5)],
  ['-v**2', (v) => -(v ** 2)],
  ['2**-v', (v) => 2 ** -v],
  ['a + b if v > 1 else a - b', (v) => (v > 1 ? 5 : -1)],
  ['np.exp(v) + numpy.exp(-v) + math.exp(1)', (v) => Math.exp(v) + Math.exp(-v) + Math.exp(1)],
  ['np.exp(v)**2 if v > 0 else np.sqrt(np.abs(v))', (v) => (v > 0 ? Math.exp(v) ** 2 : Math.sqrt(Math.abs(v)))],
  ['max(v if v > 0 else 0, 1)', (v) => Math.max(v > 0 ? v : 0, 1)],
  ['clip(v, 0 if v > 0 else -1, a**2)', (v) => Math.min(Math.max(v, v > 0 ? 0 : -1), 4)],
  ['1 if v > 1 and v < 3 or v < -2 else 0', (v) => ((v > 1 && v < 3) || v < -2 ? 1 : 0)],
  ['1 if not (v > 1) else 0', (v) => (!(v > 1) ? 1 : 0)],
];

describe('Python forms translate to expressions with Python semantics', () => {
  for (const [src, f] of SEMANTICS) {
    it(src, () => {
      for (const v of [-3, -1.5, -0.5, 0.25, 1.5, 2.5, 4]) expect(rate(src, v)).toBeCloseTo(f(v), 12);
    });
  }

  it('0.5 if t < 500 else 0 switches at t = 500', () => {
    expect(rate('0.5 if t < 500 else 0', 0, 499.999)).toBe(0.5);
    expect(rate('0.5 if t < 500 else 0', 0, 500)).toBe(0);
  });

  it('the translated text', () => {
    expect(translatePython('a if c else b')).toBe('(c) ? (a) : (b)');
    expect(translatePython('a if c1 else b if c2 else d')).toBe('(c1) ? (a) : ((c2) ? (b) : (d))');
    expect(translatePython('x**2 + np.exp(y)')).toBe('x^2 + exp(y)');
    expect(translatePython('max(a if c else b, 0)')).toBe('max((c) ? (a) : (b), 0)');
    // words that merely contain if/else, or a `.np.` that is not a module prefix, are left alone
    expect(translatePython('diff + elsewhere')).toBe('diff + elsewhere');
    expect(translatePython('x.np.exp(y)')).toBe('x.np.exp(y)');
  });

  it('every translated character knows its source column', () => {
    const src = 'v**2 if v > 0 else np.exp(v)';
    const { text, map } = translatePythonMapped(src);
    expect(map.length).toBe(text.length + 1);
    for (let i = 0; i < text.length; i++) {
      // characters copied from the source map to the same character; inserted ones to a real column
      expect(map[i]).toBeGreaterThanOrEqual(0);
      expect(map[i]).toBeLessThanOrEqual(src.length);
      if (/[a-z0-9>]/.test(text[i])) expect(src[map[i]]).toBe(text[i]);
    }
  });
});

describe('errors in Python forms point at the column as written', () => {
  const err = (src: string): ModelError => {
    try {
      new Model({ name: 'py', variables: { v: src }, parameters: { tau: 1 } });
    } catch (e) {
      expect(e).toBeInstanceOf(ModelError);
      return e as ModelError;
    }
    throw new Error('expected a ModelError');
  };

  it('unknown symbols inside translated conditionals', () => {
    expect(err('0.5 if t < 500 else taus').location).toMatchObject({ column: 21, suggestion: 'tau' });
    expect(err('(1 if v > 0 else 2) ** x3').location.column).toBe(24);
    expect(err('a if v else (b if t > 1 else c)').location.column).toBe(1);
  });

  it('syntax errors after ** and conditionals', () => {
    expect(err('v**3 +').location.column).toBe(7);
    expect(err('1 if v > 0 else v +').location.column).toBe(20);
    expect(err('math.exp(v) ** 2 ** (').location.column).toBe(22);
  });

  it('functions behind np. and implicit products inside conditionals', () => {
    expect(err('np.erf(v)').location).toMatchObject({ column: 4, suggestion: 'exp' });
    expect(err('np.pi * v').location.column).toBe(4);
    const e = err('v**2 if 2v > 0 else 1');
    expect(e.reason).toBe('implicit multiplication is not allowed: write 2 * v');
    expect(e.location.column).toBe(10);
  });

  it('`not x > y` is refused: Python and mathjs read it differently', () => {
    const e = err('1 if not v > 1 else 0');
    expect(e.reason).toMatch(/ambiguous.*add parentheses/);
    expect(e.location.column).toBe(6);
  });

  it('a conditional without else gets the conditional hint', () => {
    expect(err('v if v > 0').reason).toMatch(/a conditional is written/);
  });
});
