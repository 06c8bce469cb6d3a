/**
 * Reading XPPAUT .ode files into a ModelSpec.
 *
 * XPP reads a declaration by the first letter of its keyword (`p`, `par`, `param` alike) and is
 * case-insensitive, so names are lower-cased. What has no counterpart in isocline's ODE model
 * (Markov chains, algebraic `0=` equations, Volterra integrals, delays, `special` operators,
 * noise, maps) is refused with the file, line and feature named, never read approximately.
 */
import type { DefaultsSpec, EventSpec, FunctionSpec, ModelSpec } from '../spec.js';
import { checkCalls, evaluate, numText, parseXpp, toIsocline, walk, XppSyntaxError, type XNode } from './expr.js';

/** One logical line: continuation lines joined, comments removed, arrays expanded. */
interface Line {
  text: string;
  line: number;
}

const REFUSED_KEYWORDS: Record<string, string> = {
  s: "'special' network operators are not supported",
  v: 'Volterra equations are not supported',
  b: 'boundary conditions (bdry) belong to XPP\u2019s boundary-value solver, which isocline does not have',
  e: 'export to C right-hand sides is not supported',
  o: 'option files (options) are not read',
  w: 'wiener noise: the isocline model language has no stochastic inputs',
};

/**
 * Parse .ode text.
 * @param file shown in errors and used to name the model
 * @example const spec = readOde(readFileSync('ml1.ode', 'utf8'), 'ml1.ode')
 */
export function readOde(text: string, file = 'model.ode'): ModelSpec {
  const lines = expandArrays(logicalLines(text, file), file);
  const parameters: Record<string, number> = {};
  const variables: Record<string, { ddt: string; init: number }> = {};
  const inits: Record<string, XNode> = {};
  const expressions: Record<string, string> = {};
  const fnSpecs: Record<string, FunctionSpec> = {};
  const fnNodes = new Map<string, { args: string[]; body: XNode }>();
  const tables: { name: string; npts: number; lo: number; hi: number; body: XNode; where: string }[] = [];
  const events: EventSpec[] = [];
  const presets: Record<string, Record<string, number>> = {};
  const defaults: DefaultsSpec = {};
  const other: Record<string, string> = {};
  const exprNodes: { node: XNode; where: string }[] = [];
  const at = (l: Line): string => `${file}:${l.line}`;
  const refuse = (l: Line, reason: string): never => {
    throw new XppSyntaxError(`${reason}: "${l.text}"`, at(l));
  };
  const expr = (src: string, l: Line): string => {
    const n = parseXpp(src, at(l));
    exprNodes.push({ node: n, where: at(l) });
    return toIsocline(n);
  };
  const assignments = (rest: string, l: Line): [string, string][] => {
    // `a=1, b = 2 c=3`: XPP separates by commas or blanks; blanks around '=' are allowed
    const squeezed = rest.replace(/\s*=\s*/g, '=').trim();
    const out: [string, string][] = [];
    for (const part of squeezed.split(/[,\s]+/).filter(Boolean)) {
      // a bare name is 0, as XPP reads it
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.+))?$/.exec(part);
      if (!m) refuse(l, `expected name=value, found '${part}'`);
      out.push([m![1].toLowerCase(), m![2] ?? '0']);
    }
    return out;
  };
  const number = (src: string, l: Line): number => {
    const v = Number(src);
    if (!Number.isFinite(v)) refuse(l, `'${src}' is not a number`);
    return v;
  };

  for (const l of lines) {
    const t = l.text;
    let m: RegExpExecArray | null;
    if (/\bint\s*[[{]/i.test(t)) refuse(l, 'Volterra integrals (int{...}) are not supported');
    if (/\bsum\s*\(/i.test(t) && /\)\s*of\s*\(/i.test(t)) refuse(l, 'sum(...)of(...) is not supported');
    if (t.startsWith('@')) {
      for (const [k, v] of assignments(t.slice(1), l)) option(k, v, l);
      continue;
    }
    if (/^0\s*=/.test(t)) refuse(l, 'algebraic equations (0=...) are not supported');
    if (
      (m = /^([A-Za-z_][A-Za-z0-9_]*)\s*'\s*=(.*)$/.exec(t)) ??
      (m = /^d([A-Za-z_][A-Za-z0-9_]*)\s*\/\s*dt\s*=(.*)$/i.exec(t))
    ) {
      const name = m[1].toLowerCase();
      if (variables[name]) refuse(l, `a second equation for ${name}'`);
      variables[name] = { ddt: expr(m[2], l), init: 0 };
      continue;
    }
    if ((m = /^([A-Za-z_][A-Za-z0-9_]*)\s*\(\s*t\s*\+\s*1\s*\)\s*=/i.exec(t)))
      refuse(l, 'difference equations (maps) are not supported');
    if ((m = /^([A-Za-z_][A-Za-z0-9_]*)\s*\(\s*0\s*\)\s*=(.*)$/.exec(t))) {
      inits[m[1].toLowerCase()] = parseXpp(m[2], at(l));
      continue;
    }
    if ((m = /^!\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(t))) {
      // a derived parameter is recomputed from the others, so it is a named expression here
      expressions[m[1].toLowerCase()] = expr(m[2], l);
      continue;
    }
    if ((m = /^([A-Za-z_][A-Za-z0-9_]*)\s*\(([A-Za-z0-9_,\s]*)\)\s*=(.*)$/.exec(t))) {
      const name = m[1].toLowerCase();
      const written = m[2]
        .split(',')
        .map((a) => a.trim().toLowerCase())
        .filter(Boolean);
      // XPP lets an argument be called t (`s(t)=sin(w*t)`); in isocline t is time, so it is renamed
      const args = written.map((a) => (a === 't' ? 't_' : a));
      const body = renameSymbols(parseXpp(m[3], at(l)), written.includes('t') ? { t: 't_' } : {});
      exprNodes.push({ node: body, where: at(l) });
      fnSpecs[name] = { args, body: toIsocline(body) };
      fnNodes.set(name, { args, body });
      continue;
    }
    if ((m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(t))) {
      // a fixed quantity; isocline orders named expressions by dependency
      expressions[m[1].toLowerCase()] = expr(m[2], l);
      continue;
    }
    m = /^([A-Za-z]+)\b\s*(.*)$/.exec(t);
    if (!m) refuse(l, 'cannot read this line');
    const key = m![1].toLowerCase();
    const rest = m![2];
    switch (key[0]) {
      case 'p':
        for (const [k, v] of assignments(rest, l)) parameters[k] = number(v, l);
        break;
      case 'n':
        if (key.startsWith('nu') || key === 'n')
          for (const [k, v] of assignments(rest, l)) parameters[k] = number(v, l);
        else refuse(l, `unknown keyword '${m![1]}'`);
        break;
      case 'i':
        if (key === 'int' || key.startsWith('inc'))
          refuse(l, key === 'int' ? 'Volterra integrals are not supported' : '#include is not supported');
        for (const [k, v] of assignments(rest, l)) inits[k] = parseXpp(v, at(l));
        break;
      case 'a': {
        // one aux per line: its expression may hold commas and blanks
        const am = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(rest);
        if (!am) refuse(l, 'an aux reads: aux name=expression');
        const k = am![1].toLowerCase();
        if (expressions[k] !== undefined) refuse(l, `aux '${k}' repeats the name of a fixed quantity`);
        expressions[k] = expr(am![2], l);
        break;
      }
      case 't': {
        const tm = /^([A-Za-z_][A-Za-z0-9_]*)\s+%\s+(\S+)\s+(\S+)\s+(\S+)\s+(.+)$/.exec(rest);
        if (!tm) {
          const name = rest.trim().split(/\s+/)[0];
          const path = rest.trim().split(/\s+/)[1];
          const exists = path !== undefined && fileExists(file.replace(/[^/\\]*$/, '') + path);
          refuse(
            l,
            exists
              ? `table '${name}' from a file: only inline tables (table name % npts lo hi f(t)) are supported`
              : `table '${name}' reads a file that is missing (${path ?? 'no file named'})`,
          );
        }
        const body = parseXpp(tm![5], at(l));
        walk(body, (n) => {
          if (n.k === 'call' && (n.name === 'ran' || n.name === 'normal'))
            refuse(l, `table '${tm![1]}' is random (${n.name}): not reproducible`);
        });
        tables.push({
          name: tm![1].toLowerCase(),
          npts: number(tm![2], l),
          lo: number(tm![3], l),
          hi: number(tm![4], l),
          body,
          where: at(l),
        });
        break;
      }
      case 'g':
        events.push(globalEvent(rest, l, (s) => expr(s, l), refuse, at(l)));
        break;
      case 'd':
        if (key === 'done' || key === 'd') break;
        refuse(l, `unknown keyword '${m![1]}'`);
        break;
      case 'b': {
        // boundary conditions only feed XPP's boundary-value solver; an initial-value run ignores them
        const n = Object.keys(other).filter((k) => k.startsWith('bdry')).length + 1;
        other[`bdry${n}`] = rest.trim();
        break;
      }
      case 'o':
        if (key === 'only') {
          // which variables XPP stores: isocline keeps every variable
          other.only = rest.trim();
          break;
        }
        refuse(l, REFUSED_KEYWORDS.o);
        break;
      case 'm':
        refuse(l, key.startsWith('ma') ? 'Markov variables (markov) are not supported' : `unknown keyword '${m![1]}'`);
        break;
      case 's':
        if (key === 'set') {
          const sm = /^([A-Za-z_][A-Za-z0-9_]*)\s*\{(.*)\}\s*$/.exec(rest);
          if (!sm) refuse(l, 'a set reads: set name {a=1, b=2}');
          // a set may also hold plot options (xplot=t, total=100): those are kept aside, not read as parameters
          const values: Record<string, number> = {};
          for (const [k, v] of assignments(sm![2], l)) {
            if (Number.isFinite(Number(v))) values[k] = Number(v);
            else other[`set.${sm![1].toLowerCase()}.${k}`] = v;
          }
          presets[sm![1].toLowerCase()] = values;
          break;
        }
        refuse(l, REFUSED_KEYWORDS.s);
        break;
      default:
        refuse(l, REFUSED_KEYWORDS[key[0]] ?? `unknown keyword '${m![1]}'`);
    }
    if (key === 'done' || key === 'd') break;
  }

  function option(k: string, v: string, l: Line): void {
    const num = (): number => number(v, l);
    switch (k) {
      case 'total':
        defaults.t = num();
        return;
      case 'dt':
        defaults.dt = num();
        return;
      case 'meth':
      case 'method': {
        const meth = v.toLowerCase();
        if (meth.startsWith('d')) refuse(l, 'meth=discrete makes the file a map, not an ODE: not supported');
        // XPP matches method names by their first letters: euler, runge-kutta, others adaptive/stiff
        if (meth.startsWith('e')) defaults.method = 'euler';
        else if (meth.startsWith('r') && !meth.startsWith('ro')) defaults.method = 'rk4';
        else {
          defaults.method = 'odex';
          other.meth = v;
        }
        return;
      }
      case 'xp':
        defaults.x = v.toLowerCase();
        return;
      case 'yp':
        defaults.y = v.toLowerCase();
        return;
      case 'xlo':
        defaults.xlim = [num(), defaults.xlim?.[1] ?? NaN];
        return;
      case 'xhi':
        defaults.xlim = [defaults.xlim?.[0] ?? NaN, num()];
        return;
      case 'ylo':
        defaults.ylim = [num(), defaults.ylim?.[1] ?? NaN];
        return;
      case 'yhi':
        defaults.ylim = [defaults.ylim?.[0] ?? NaN, num()];
        return;
      case 'bound':
      case 'bounds':
        defaults.bound = num();
        return;
      case 'maxstor':
        defaults.maxPoints = num();
        return;
      default:
        other[k] = v;
    }
  }

  // tables: XPP samples f at npts points from lo to hi once, then interpolates linearly
  const paramEnv =
    (where: string) =>
    (s: string): number => {
      if (s in parameters) return parameters[s];
      throw new XppSyntaxError(`'${s}' is not a parameter (a table or init may use parameters only)`, where);
    };
  for (const tb of tables) {
    if (!(tb.npts >= 2) || !Number.isInteger(tb.npts) || !(tb.hi > tb.lo))
      throw new XppSyntaxError(`table '${tb.name}' needs npts >= 2 and hi > lo`, tb.where);
    checkCalls(tb.body, new Set(fnNodes.keys()), tb.where);
    const env = paramEnv(tb.where);
    const ys = Array.from({ length: tb.npts }, (_, i) => {
      const x = tb.lo + ((tb.hi - tb.lo) * i) / (tb.npts - 1);
      return evaluate(tb.body, (s) => (s === 't' ? x : env(s)), fnNodes);
    });
    fnSpecs[tb.name] = { args: ['x'], body: piecewiseLinear(tb.lo, ys, (tb.hi - tb.lo) / (tb.npts - 1)) };
  }
  const fnNames = new Set(Object.keys(fnSpecs));
  for (const e of exprNodes) checkCalls(e.node, fnNames, e.where);
  for (const [name, node] of Object.entries(inits)) {
    if (!variables[name]) throw new XppSyntaxError(`initial value for '${name}', which has no equation ${name}'`, file);
    variables[name].init = evaluate(node, paramEnv(file), fnNodes);
  }
  if (Object.keys(variables).length === 0) throw new XppSyntaxError("no differential equations (x'=...) found", file);
  if (defaults.xlim?.some(Number.isNaN)) delete defaults.xlim;
  if (defaults.ylim?.some(Number.isNaN)) delete defaults.ylim;

  const spec: ModelSpec = {
    name: baseName(file)
      .replace(/\.ode$/i, '')
      .replace(/[^A-Za-z0-9_\-.]/g, '_')
      .replace(/^[^A-Za-z_]/, 'm$&'),
    description: `imported from XPPAUT file ${baseName(file)}`,
    variables,
  };
  if (Object.keys(parameters).length) spec.parameters = parameters;
  if (Object.keys(expressions).length) spec.expressions = expressions;
  if (events.length) spec.events = events;
  for (const [setName, values] of Object.entries(presets)) {
    for (const k of Object.keys(values)) {
      if (!(k in parameters)) {
        other[`set.${setName}.${k}`] = String(values[k]);
        delete values[k];
      }
    }
    if (Object.keys(values).length === 0) delete presets[setName];
  }
  if (Object.keys(other).length) defaults.other = other;
  if (Object.keys(defaults).length) spec.defaults = defaults;
  if (Object.keys(presets).length) spec.presets = presets;
  if (Object.keys(fnSpecs).length) spec.functions = fnSpecs;
  return spec;
}

/**
 * XPP's lookup of an inline table (tabular.c, lookup): linear interpolation between the samples
 * on an even grid, and beyond [lo, hi] linear extrapolation of the end segments. Written as the
 * first segment's line plus a ramp per interior knot where the slope changes, which is exactly
 * that, everywhere.
 */
function piecewiseLinear(lo: number, ys: number[], h: number): string {
  const slope = (i: number): number => (ys[i + 1] - ys[i]) / h;
  const terms = [`${numText(ys[0])} + ${numText(slope(0))}*(x - ${numText(lo)})`];
  for (let i = 1; i < ys.length - 1; i++) {
    const ds = slope(i) - slope(i - 1);
    if (ds !== 0) terms.push(`${numText(ds)}*relu(x - ${numText(lo + i * h)})`);
  }
  return terms.join(' + ');
}

function globalEvent(
  rest: string,
  l: Line,
  expr: (s: string) => string,
  refuse: (l: Line, r: string) => never,
  where: string,
): EventSpec {
  const m = /^([-+]?\d+)\s+(\{([^}]*)\}|[^{]*?)\s*\{([^}]*)\}\s*$/.exec(rest.trim());
  if (!m) refuse(l, 'a global flag reads: global sign {condition} {x=value; ...}');
  const sign = Number(m![1]);
  if (sign === 0)
    refuse(l, 'global flags with sign 0 (either direction) are not supported: write one with sign 1 and one with -1');
  if (sign !== 1 && sign !== -1) refuse(l, `global flag sign must be 1 or -1, got ${m![1]}`);
  const cond = expr(m![3] ?? m![2]);
  // XPP assigns a flag's resets in order, each seeing the ones before it (flags.c, one_flag_step);
  // isocline's are simultaneous, so earlier assignments are substituted into later right sides
  const assigned: Record<string, XNode> = {};
  const resets = m![4]
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((a) => {
      const am = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(a);
      if (!am) refuse(l, `a reset is name=expression, found '${a}'`);
      const target = am![1].toLowerCase();
      const rhs = substitute(parseXpp(am![2], where), assigned);
      assigned[target] = rhs;
      return `${target} = ${expr(toXppText(rhs))}`;
    });
  return { when: `${cond} ${sign > 0 ? '>=' : '<='} 0`, ...(resets.length ? { reset: resets.join('; ') } : {}) };
}

function logicalLines(text: string, file: string): Line[] {
  const out: Line[] = [];
  const raw = text.split(/\r?\n/);
  for (let i = 0; i < raw.length; i++) {
    const start = i + 1;
    let s = raw[i];
    while (/\\\s*$/.test(s) && i + 1 < raw.length) s = s.replace(/\\\s*$/, '') + raw[++i];
    if (/^\s*"/.test(s)) continue; // XPP's in-file documentation lines
    const hash = s.indexOf('#');
    if (hash >= 0) s = s.slice(0, hash);
    // XPP allows '.' inside names (`P.E.`); isocline names are identifiers
    s = s
      .trim()
      .replace(/([A-Za-z_][A-Za-z0-9_]*)\.(?=[A-Za-z_.=\s,)'(]|$)/g, (w, a: string) => `${a}_`)
      .replace(/_\./g, '__');
    if (s) out.push({ text: s, line: start });
  }
  void file;
  return out;
}

/** `%[lo..hi]` ... `%` blocks and `name[lo..hi]` lines, repeated with `[j]` arithmetic replaced by numbers. */
function expandArrays(lines: Line[], file: string): Line[] {
  const out: Line[] = [];
  const range = /\[\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*\]/;
  const substitute = (text: string, j: number, l: Line): string =>
    text.replace(range, String(j)).replace(/\[([^\][]*)\]/g, (_, e: string) => {
      const v = evaluate(
        parseXpp(e, `${file}:${l.line}`),
        (s) => {
          if (s === 'j') return j;
          throw new XppSyntaxError(`array index "${e}" may use j and numbers only`, `${file}:${l.line}`);
        },
        new Map(),
      );
      if (!Number.isInteger(v))
        throw new XppSyntaxError(`array index "${e}" is not an integer at j=${j}`, `${file}:${l.line}`);
      return String(v);
    });
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const block = /^%\s*\[\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*\]\s*$/.exec(l.text);
    if (block) {
      const body: Line[] = [];
      while (++i < lines.length && lines[i].text !== '%') body.push(lines[i]);
      if (i >= lines.length) throw new XppSyntaxError('a %[lo..hi] block is not closed by %', `${file}:${l.line}`);
      for (let j = Number(block[1]); j <= Number(block[2]); j++)
        for (const b of body) out.push({ line: b.line, text: substitute(b.text, j, b) });
      continue;
    }
    const r = range.exec(l.text);
    if (r) {
      for (let j = Number(r[1]); j <= Number(r[2]); j++) out.push({ line: l.line, text: substitute(l.text, j, l) });
      continue;
    }
    // a literal index (`flux[100]`) names one element of an array
    out.push({ line: l.line, text: l.text.replace(/([A-Za-z_][A-Za-z0-9_]*)\[\s*(\d+)\s*\]/g, '$1$2') });
  }
  return out;
}

/** `n` with each symbol in `map` replaced by its expression. */
function substitute(n: XNode, map: Record<string, XNode>): XNode {
  const r = (m: XNode): XNode => substitute(m, map);
  switch (n.k) {
    case 'sym':
      return Object.hasOwn(map, n.name) ? map[n.name] : n;
    case 'op':
      return { ...n, a: r(n.a), b: r(n.b) };
    case 'neg':
    case 'not':
      return { ...n, a: r(n.a) };
    case 'call':
      return { ...n, args: n.args.map(r) };
    case 'if':
      return { k: 'if', c: r(n.c), a: r(n.a), b: r(n.b) };
    default:
      return n;
  }
}

/** A tree back as XPP text (fully parenthesised), for the `expr` path that parses XPP text. */
function toXppText(n: XNode): string {
  switch (n.k) {
    case 'num':
      return n.v < 0 ? `(${n.v})` : String(n.v);
    case 'sym':
      return n.name;
    case 'neg':
      return `(-(${toXppText(n.a)}))`;
    case 'not':
      return `(!(${toXppText(n.a)}))`;
    case 'op':
      return `((${toXppText(n.a)})${n.op}(${toXppText(n.b)}))`;
    case 'call':
      return `${n.name}(${n.args.map(toXppText).join(',')})`;
    case 'if':
      return `if(${toXppText(n.c)})then(${toXppText(n.a)})else(${toXppText(n.b)})`;
  }
}

function renameSymbols(n: XNode, map: Record<string, string>): XNode {
  if (Object.keys(map).length === 0) return n;
  const r = (m: XNode): XNode => renameSymbols(m, map);
  switch (n.k) {
    case 'sym':
      return map[n.name] ? { k: 'sym', name: map[n.name] } : n;
    case 'op':
      return { ...n, a: r(n.a), b: r(n.b) };
    case 'neg':
    case 'not':
      return { ...n, a: r(n.a) };
    case 'call':
      return { ...n, args: n.args.map(r) };
    case 'if':
      return { k: 'if', c: r(n.c), a: r(n.a), b: r(n.b) };
    default:
      return n;
  }
}

/**
 * Whether a file exists, where there are files: node's fs through process.getBuiltinModule, so that
 * this module imports nothing from node and runs in a browser too (where the answer is false).
 */
function fileExists(path: string): boolean {
  const fs = globalThis.process?.getBuiltinModule?.('fs') as typeof import('node:fs') | undefined;
  return fs ? fs.existsSync(path) : false;
}

/** The file name of a path (node's path.basename for a file, without importing node:path). */
function baseName(path: string): string {
  return /[^/\\]*$/.exec(path)![0];
}
