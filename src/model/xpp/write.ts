/**
 * Writing a model as an XPPAUT .ode file. Everything is written in XPP's own terms; what XPP
 * cannot express the way isocline means it (refractory periods, clamps, xor) is refused with
 * the reason, never approximated.
 */
import type { Model } from '../model.js';
import { ModelError } from '../errors.js';
import { type MathNode, view } from '../math.js';
import { parseExpression } from '../parse.js';
import type { UserFunction } from '../user-functions.js';
import { normaliseParameter, normaliseVariable } from '../validate.js';

const FN: Record<string, (a: string[]) => string> = {
  exp: (a) => `exp(${a[0]})`,
  log: (a) => `ln(${a[0]})`,
  log10: (a) => `log10(${a[0]})`,
  log2: (a) => `(ln(${a[0]})/ln(2))`,
  sqrt: (a) => `sqrt(${a[0]})`,
  pow: (a) => `((${a[0]})^(${a[1]}))`,
  abs: (a) => `abs(${a[0]})`,
  sign: (a) => `sign(${a[0]})`,
  min: (a) => `min(${a[0]},${a[1]})`,
  max: (a) => `max(${a[0]},${a[1]})`,
  tanh: (a) => `tanh(${a[0]})`,
  sinh: (a) => `sinh(${a[0]})`,
  cosh: (a) => `cosh(${a[0]})`,
  sin: (a) => `sin(${a[0]})`,
  cos: (a) => `cos(${a[0]})`,
  tan: (a) => `tan(${a[0]})`,
  atan: (a) => `atan(${a[0]})`,
  heaviside: (a) => `heav(${a[0]})`,
  relu: (a) => `max(${a[0]},0)`,
  clip: (a) => `min(max(${a[0]},${a[1]}),${a[2]})`,
  sigmoid: (a) => `(1/(1+exp(-(${a[0]}))))`,
  square: (a) => `((${a[0]})^2)`,
  cube: (a) => `((${a[0]})^3)`,
  floor: (a) => `flr(${a[0]})`,
  // x/(exp(x)-1); below |x| = 1e-6 its series 1 - x/2 + x^2/12 is exact to double precision
  // (e^x - 1)/x, isocline's (and SciPy's) exprel; its Taylor series near 0, where the quotient cancels
  exprel: (a) => `if(abs(${a[0]})<1e-6)then(1+(${a[0]})/2+(${a[0]})^2/6)else((exp(${a[0]})-1)/(${a[0]}))`,
};
const OP: Record<string, string> = {
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
  pow: '^',
  smaller: '<',
  larger: '>',
  smallerEq: '<=',
  largerEq: '>=',
  equal: '==',
  unequal: '!=',
  and: '&',
  or: '|',
};

function xpp(n: MathNode, model: string): string {
  const v = view(n);
  const r = (m: MathNode): string => xpp(m, model);
  switch (v.type) {
    case 'ConstantNode':
      return v.value < 0 ? `(${v.value})` : String(v.value);
    case 'SymbolNode':
      return v.name;
    case 'ParenthesisNode':
      return r(v.content);
    case 'ConditionalNode':
      return `if(${r(v.condition)})then(${r(v.trueExpr)})else(${r(v.falseExpr)})`;
    case 'OperatorNode': {
      const a = v.args.map(r);
      if (v.fn === 'unaryMinus') return `(-(${a[0]}))`;
      if (v.fn === 'unaryPlus') return a[0];
      if (v.fn === 'not') return `not(${a[0]})`;
      if (v.fn === 'mod') return `mod(${a[0]},${a[1]})`;
      if (v.fn === 'xor') return `((${a[0]})!=0)!=((${a[1]})!=0)`;
      const op = OP[v.fn];
      if (!op) throw new ModelError(`operator ${v.fn} has no XPPAUT equivalent`, { model });
      return `(${a[0]}${op}${a[1]})`;
    }
    case 'FunctionNode': {
      const a = v.args.map(r);
      const f = FN[v.fn.name];
      return f ? f(a) : `${v.fn.name}(${a.join(',')})`;
    }
  }
}

/** Numeric value of a constant initial expression (numbers, parameters, earlier initial values). */
function constant(n: MathNode, env: Record<string, number>, model: string, field: string): number {
  const v = view(n);
  const c = (m: MathNode): number => constant(m, env, model, field);
  if (v.type === 'ConstantNode') return v.value;
  if (v.type === 'SymbolNode' && v.name in env) return env[v.name];
  if (v.type === 'ParenthesisNode') return c(v.content);
  if (v.type === 'OperatorNode') {
    const [a, b] = v.args.map(c);
    switch (v.fn) {
      case 'add':
        return a + b;
      case 'subtract':
        return a - b;
      case 'multiply':
        return a * b;
      case 'divide':
        return a / b;
      case 'pow':
        return a ** b;
      case 'unaryMinus':
        return -a;
      case 'unaryPlus':
        return a;
    }
  }
  if (
    v.type === 'FunctionNode' &&
    typeof (Math as unknown as Record<string, unknown>)[v.fn.name] === 'function' &&
    ['exp', 'log', 'sqrt', 'abs', 'min', 'max'].includes(v.fn.name)
  ) {
    return (Math[v.fn.name as 'exp'] as (...x: number[]) => number)(...v.args.map(c));
  }
  throw new ModelError('XPPAUT needs a number here: this initial value is too complex to evaluate when writing .ode', {
    model,
    field,
  });
}

/**
 * The model as XPPAUT .ode text.
 * @example writeFileSync('fhn.ode', writeOde(loadModel('fitzhugh-nagumo')))
 */
export function writeOde(model: Model): string {
  const spec = model.toJSON();
  const name = spec.name;
  const fnsDeclared = new Map<string, UserFunction>(
    Object.entries(spec.functions ?? {}).map(([f, s]) => [
      f,
      { name: f, args: s.args, source: s.body, node: undefined as unknown as MathNode },
    ]),
  );
  const tr = (src: string, field: string): string =>
    xpp(parseExpression(src, { model: name, field }, fnsDeclared, false).node, name);
  // XPP is case-insensitive: two isocline names differing only in case would become one
  const seen = new Map<string, string>();
  const allNames = [
    ...Object.keys(spec.variables),
    ...Object.keys(spec.parameters ?? {}),
    ...Object.keys(spec.expressions ?? {}),
    ...Object.keys(spec.inputs ?? {}),
    ...Object.keys(spec.functions ?? {}),
  ];
  for (const n of allNames) {
    const low = n.toLowerCase();
    if (seen.has(low))
      throw new ModelError(`'${n}' and '${seen.get(low)}' differ only in case, which XPPAUT does not distinguish`, {
        model: name,
      });
    seen.set(low, n);
  }
  const out: string[] = [
    `# ${name}${spec.description ? ': ' + spec.description.replace(/\n/g, ' ') : ''}`,
    '# written by isocline',
  ];
  if (spec.reference) out.push(`# reference: ${spec.reference.replace(/\n/g, ' ')}`);
  if (spec.time_unit) out.push(`# time unit: ${spec.time_unit}`);
  const values: Record<string, number> = {};
  for (const [p, s] of Object.entries(spec.parameters ?? {})) {
    values[p] = normaliseParameter(s).value;
    out.push(`par ${p}=${values[p]}`);
  }
  for (const [f, s] of Object.entries(spec.functions ?? {}))
    out.push(`${f}(${s.args.join(',')})=${tr(s.body, `function '${f}'`)}`);
  for (const [n, src] of Object.entries(spec.inputs ?? {})) out.push(`${n}=${tr(src, `input '${n}'`)}`);
  for (const n of model.ir.named.filter((x) => x.kind === 'expression'))
    out.push(`${n.name}=${tr(n.source, `expression '${n.name}'`)}`);
  for (const [v, s0] of Object.entries(spec.variables)) {
    const s = normaliseVariable(s0);
    out.push(`${v}'=${tr(s.ddt, `d${v}/dt`)}`);
  }
  for (const v of model.ir.variables) {
    values[v.name] = constant(v.init, values, name, `init of '${v.name}'`);
    out.push(`init ${v.name}=${values[v.name]}`);
  }
  for (const [k, e] of (spec.events ?? []).entries()) {
    const field = `event '${e.name ?? (k === 0 ? 'spike' : `event${k}`)}'`;
    if (e.refractory !== undefined && e.refractory !== 0)
      throw new ModelError('XPPAUT global flags have no refractory period', { model: name, field });
    const ev = model.ir.events[k];
    const resets = ev.resets.map((r) => `${r.variable}=${tr(r.source, `${field} reset`)}`);
    // isocline resets are simultaneous; XPP assigns in order, so a right side must not read a variable reset before it
    ev.resets.forEach((r, i) => {
      const reads = parseExpression(r.source, { model: name }, fnsDeclared, false).symbols;
      const earlier = ev.resets.slice(0, i).find((q) => reads.includes(q.variable));
      if (earlier)
        throw new ModelError(
          `the reset of '${r.variable}' reads '${earlier.variable}', reset before it: ` +
            'XPPAUT assigns in order, isocline simultaneously',
          { model: name, field },
        );
    });
    out.push(`global ${ev.direction} {${xpp(ev.g, name)}} {${resets.join(';')}}`);
  }
  for (const [p, set] of Object.entries(spec.presets ?? {})) {
    out.push(
      `set ${p} {${Object.entries(set)
        .map(([k, x]) => `${k}=${x}`)
        .join(',')}}`,
    );
  }
  const d = spec.defaults;
  if (d) {
    const o: string[] = [];
    if (d.t !== undefined) o.push(`total=${d.t}`);
    if (d.dt !== undefined) o.push(`dt=${d.dt}`);
    if (d.method)
      o.push(
        `meth=${d.method === 'rk4' ? 'rungekutta' : d.method === 'euler' ? 'euler' : (d.other?.meth ?? 'qualrk')}`,
      );
    if (d.x) o.push(`xp=${d.x}`);
    if (d.y) o.push(`yp=${d.y}`);
    if (d.xlim) o.push(`xlo=${d.xlim[0]}`, `xhi=${d.xlim[1]}`);
    if (d.ylim) o.push(`ylo=${d.ylim[0]}`, `yhi=${d.ylim[1]}`);
    if (d.bound !== undefined) o.push(`bound=${d.bound}`);
    if (d.maxPoints !== undefined) o.push(`maxstor=${d.maxPoints}`);
    for (const [k, x] of Object.entries(d.other ?? {})) if (k !== 'meth') o.push(`${k}=${x}`);
    if (o.length) out.push(`@ ${o.join(', ')}`);
  }
  out.push('done', '');
  return out.join('\n');
}
