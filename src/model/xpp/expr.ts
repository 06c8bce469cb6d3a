/**
 * XPPAUT expressions: a small recursive-descent parser of XPP's C-like syntax (`^` and `**`,
 * `&`, `|`, `!=`, `if(c)then(a)else(b)`) into a plain tree, printed in isocline's model language
 * and evaluable numerically (tables are sampled at load time, as XPP does). Nothing here hands
 * user text to an evaluator: the tree is walked by hand.
 */
import { ModelFileError } from '../errors.js';

export type XNode =
  | { k: 'num'; v: number }
  | { k: 'sym'; name: string }
  | { k: 'op'; op: string; a: XNode; b: XNode }
  | { k: 'neg'; a: XNode }
  | { k: 'not'; a: XNode }
  | { k: 'call'; name: string; args: XNode[] }
  | { k: 'if'; c: XNode; a: XNode; b: XNode };

/** XPP built-ins, as isocline writes them; `null`: no isocline equivalent, refused by name. */
const BUILTINS: Record<string, string | null> = {
  sin: 'sin',
  cos: 'cos',
  tan: 'tan',
  atan: 'atan',
  sinh: 'sinh',
  cosh: 'cosh',
  tanh: 'tanh',
  exp: 'exp',
  ln: 'log',
  log: 'log',
  log10: 'log10',
  sqrt: 'sqrt',
  abs: 'abs',
  fabs: 'abs',
  max: 'max',
  min: 'min',
  heav: 'heaviside',
  sign: 'sign',
  flr: 'floor',
  mod: 'mod',
  asin: null,
  acos: null,
  atan2: null,
  besselj: null,
  bessely: null,
  erf: null,
  erfc: null,
  ran: null,
  normal: null,
  delay: null,
  int: null,
  sum: null,
  shift: null,
  del_shft: null,
  lgamma: null,
  poisson: null,
  hom_bcs: null,
  arg: null,
  ceil: null,
};
const REASON: Record<string, string> = {
  ran: 'random numbers (ran) are not in the isocline model language',
  normal: 'random numbers (normal) are not in the isocline model language',
  delay: 'delay equations are not supported',
  int: 'Volterra integrals are not supported',
  sum: 'sum(...)of(...) is not supported',
  shift: 'shift() is not supported',
  del_shft: 'delay equations are not supported',
};

export class XppSyntaxError extends ModelFileError {}

/** Parse one XPP expression; `where` prefixes errors (file:line). */
export function parseXpp(src: string, where: string): XNode {
  const toks: string[] = [];
  const re =
    /\s*(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|[A-Za-z_][A-Za-z0-9_]*|\*\*|<=|>=|==|!=|[-+*/^(),<>=&|!])/y;
  let i = 0;
  const s = src.trim();
  while (i < s.length) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) throw new XppSyntaxError(`cannot read expression "${src.trim()}" at column ${i + 1}`, where);
    toks.push(m[1]);
    i = re.lastIndex;
    while (i < s.length && /\s/.test(s[i])) i++;
  }
  let p = 0;
  const peek = (): string | undefined => toks[p];
  const eat = (t: string): void => {
    if (toks[p]?.toLowerCase() !== t)
      throw new XppSyntaxError(
        `expected '${t}' in "${src.trim()}", found ${toks[p] === undefined ? 'the end' : `'${toks[p]}'`}`,
        where,
      );
    p++;
  };
  const bin = (ops: string[], next: () => XNode) => (): XNode => {
    let a = next();
    while (peek() !== undefined && ops.includes(peek()!)) {
      const op = toks[p++];
      a = { k: 'op', op, a, b: next() };
    }
    return a;
  };
  const primary = (): XNode => {
    const t = toks[p++];
    if (t === undefined) throw new XppSyntaxError(`expression "${src.trim()}" ends too early`, where);
    if (t === '(') {
      const e = orE();
      eat(')');
      return e;
    }
    if (/^[\d.]/.test(t)) return { k: 'num', v: Number(t) };
    if (/^[A-Za-z_]/.test(t)) {
      const name = t.toLowerCase();
      if (name === 'if' && peek() === '(') {
        eat('(');
        const c = orE();
        eat(')');
        eat('then');
        eat('(');
        const a = orE();
        eat(')');
        eat('else');
        eat('(');
        const b = orE();
        eat(')');
        return { k: 'if', c, a, b };
      }
      if (peek() === '(') {
        p++;
        const args: XNode[] = [];
        if (peek() !== ')') {
          args.push(orE());
          while (peek() === ',') {
            p++;
            args.push(orE());
          }
        }
        eat(')');
        return { k: 'call', name, args };
      }
      if (name === 'pi') return { k: 'num', v: Math.PI };
      return { k: 'sym', name };
    }
    throw new XppSyntaxError(`unexpected '${t}' in "${src.trim()}"`, where);
  };
  const power = (): XNode => {
    const a = unary();
    if (peek() === '^' || peek() === '**') {
      p++;
      return { k: 'op', op: '^', a, b: power() };
    }
    return a;
  };
  function unary(): XNode {
    if (peek() === '-') {
      p++;
      return { k: 'neg', a: unary() };
    }
    if (peek() === '+') {
      p++;
      return unary();
    }
    if (peek() === '!' || peek()?.toLowerCase() === 'not') {
      p++;
      return { k: 'not', a: unary() };
    }
    return primaryPost();
  }
  const primaryPost = (): XNode => primary();
  const mulE = bin(['*', '/'], power);
  const addE = bin(['+', '-'], mulE);
  const cmpE = bin(['<', '>', '<=', '>=', '==', '!=', '='], addE);
  const andE = bin(['&'], cmpE);
  function orE(): XNode {
    return bin(['|'], andE)();
  }
  const e = orE();
  if (p < toks.length) throw new XppSyntaxError(`unexpected '${toks[p]}' in "${src.trim()}"`, where);
  return e;
}

/** Check every call names an XPP built-in with an isocline equivalent or a declared function. */
export function checkCalls(n: XNode, userFns: ReadonlySet<string>, where: string): void {
  walk(n, (m) => {
    if (m.k !== 'call' || userFns.has(m.name)) return;
    if (!(m.name in BUILTINS)) throw new XppSyntaxError(`unknown function '${m.name}'`, where);
    if (BUILTINS[m.name] === null)
      throw new XppSyntaxError(REASON[m.name] ?? `XPP function '${m.name}' has no isocline equivalent`, where);
  });
}

export function walk(n: XNode, f: (n: XNode) => void): void {
  f(n);
  if (n.k === 'op') walk(n.a, f), walk(n.b, f);
  else if (n.k === 'neg' || n.k === 'not') walk(n.a, f);
  else if (n.k === 'call') n.args.forEach((a) => walk(a, f));
  else if (n.k === 'if') walk(n.c, f), walk(n.a, f), walk(n.b, f);
}

const OPS: Record<string, string> = { '&': 'and', '|': 'or', '=': '==' };

/** The expression in isocline's model language (fully parenthesised: XPP's precedence is kept exactly). */
export function toIsocline(n: XNode): string {
  switch (n.k) {
    case 'num':
      return numText(n.v);
    case 'sym':
      return n.name;
    case 'neg':
      return `-(${toIsocline(n.a)})`;
    case 'not':
      return `not (${toIsocline(n.a)})`;
    case 'op':
      return `(${toIsocline(n.a)}) ${OPS[n.op] ?? n.op} (${toIsocline(n.b)})`;
    case 'if':
      return `(${toIsocline(n.c)}) ? (${toIsocline(n.a)}) : (${toIsocline(n.b)})`;
    case 'call': {
      const name = BUILTINS[n.name] ?? n.name;
      if (name === 'mod') return `(${toIsocline(n.args[0])}) mod (${toIsocline(n.args[1])})`;
      return `${name}(${n.args.map(toIsocline).join(', ')})`;
    }
  }
}

export function numText(v: number): string {
  const s = String(v);
  return v < 0 ? `(${s})` : s;
}

/** Numeric value (for table samples and `init` expressions) given symbol values and functions. */
export function evaluate(
  n: XNode,
  env: (name: string) => number,
  fns: ReadonlyMap<string, { args: string[]; body: XNode }>,
): number {
  const ev = (m: XNode, e: (name: string) => number): number => {
    switch (m.k) {
      case 'num':
        return m.v;
      case 'sym':
        return e(m.name);
      case 'neg':
        return -ev(m.a, e);
      case 'not':
        return ev(m.a, e) === 0 ? 1 : 0;
      case 'if':
        return ev(m.c, e) !== 0 ? ev(m.a, e) : ev(m.b, e);
      case 'op': {
        const a = ev(m.a, e),
          b = ev(m.b, e);
        switch (m.op) {
          case '+':
            return a + b;
          case '-':
            return a - b;
          case '*':
            return a * b;
          case '/':
            return a / b;
          case '^':
            return Math.pow(a, b);
          case '<':
            return +(a < b);
          case '>':
            return +(a > b);
          case '<=':
            return +(a <= b);
          case '>=':
            return +(a >= b);
          case '==':
          case '=':
            return +(a === b);
          case '!=':
            return +(a !== b);
          case '&':
            return +(a !== 0 && b !== 0);
          case '|':
            return +(a !== 0 || b !== 0);
        }
        return NaN;
      }
      case 'call': {
        const args = m.args.map((a) => ev(a, e));
        const f = fns.get(m.name);
        if (f) {
          const local = new Map(f.args.map((a, i) => [a, args[i]]));
          return ev(f.body, (s) => (local.has(s) ? local.get(s)! : env(s)));
        }
        const [x, y] = args;
        switch (m.name) {
          case 'ln':
          case 'log':
            return Math.log(x);
          case 'heav':
            return x < 0 ? 0 : 1;
          case 'flr':
            return Math.floor(x);
          case 'mod':
            return x - y * Math.floor(x / y);
          case 'sign':
            return Math.sign(x);
          case 'fabs':
            return Math.abs(x);
          case 'sin':
          case 'cos':
          case 'tan':
          case 'atan':
          case 'sinh':
          case 'cosh':
          case 'tanh':
          case 'exp':
          case 'log10':
          case 'sqrt':
          case 'abs':
          case 'max':
          case 'min':
            return (Math[m.name] as (...a: number[]) => number)(...args);
        }
        throw new Error(`no numeric rule for ${m.name}`);
      }
    }
  };
  return ev(n, env);
}
