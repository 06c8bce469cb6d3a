/**
 * The fixed-step stepper: one explicit method stencil of src/ir/methods.ts (euler, rk2, rk4) →
 * a function that advances a whole state vector by one step of any length, over a derivative the
 * caller supplies. The single-cell fixed-step driver (src/single/simulate-fixed.ts) steps with it,
 * so the method's arithmetic is written once, in the stencil, for simulate() and the networks.
 *
 * The stencil's expressions are translated into JS by emitJS, as the network kernel emits its
 * methods, rather than interpreted: the step is then straight-line typed-array loops V8 optimises
 * (an AST interpreter would walk nodes and call closures per variable per stage), and the rounding
 * is the emitter's, operation by operation in the order the stencil writes them, the same as the
 * kernel's float64 code. The source depends on the stencil only (the state size n is an argument),
 * so it is generated once per method and shared by every model. Nothing is allocated per step: the
 * slopes and the one stage buffer are allocated when the stepper is made.
 */
import { OptionError } from '../model/errors.js';
import { view, type MathNode } from '../model/math.js';
import { parseExpression } from '../model/parse.js';
import { STENCILS, type ExplicitStencil, type IntegrationMethod } from '../ir/methods.js';
import { emitJS, instantiate } from './emit-js.js';

/** dy = f(t, y): the derivative of the whole state at time t (written into dy, never kept). */
export type Derivative = (t: number, y: Float64Array, dy: Float64Array) => void;

/** The methods a whole state vector can take with a stepper: the explicit stencils. */
export const FIXED_STEP_METHODS = (Object.values(STENCILS) as { kind: string; name: IntegrationMethod }[])
  .filter((s) => s.kind === 'explicit')
  .map((s) => s.name);

export interface FixedStepper {
  readonly method: IntegrationMethod;
  /** derivative evaluations per step (the stencil's stages) */
  readonly stages: number;
  /**
   * Advance the state `from` at time t over a step of length h into `to` (which may be `from`:
   * every stage reads `from` before the update writes `to`, each variable reading only its own).
   */
  step(t: number, h: number, from: Float64Array, to: Float64Array): void;
}

type Factory = (n: number, f: Derivative) => (t: number, h: number, from: Float64Array, to: Float64Array) => void;

const factories = new Map<IntegrationMethod, Factory>();

/**
 * A stepper of `method` for a state of `n` variables with derivative `f`.
 * @example
 * // y' = -y, one RK4 step of 0.1 from y = 1: 0.9048375 (exp(-0.1) to 7 digits)
 * const s = fixedStepper('rk4', 1, (t, y, dy) => { dy[0] = -y[0]; });
 * const y = Float64Array.of(1);
 * s.step(0, 0.1, y, y);
 */
export function fixedStepper(method: IntegrationMethod, n: number, f: Derivative): FixedStepper {
  const stencil = STENCILS[method] as ExplicitStencil | undefined;
  if (!stencil || stencil.kind !== 'explicit') {
    throw new OptionError(`method '${method}' has no whole-state fixed-step form (${FIXED_STEP_METHODS.join(', ')})`);
  }
  let make = factories.get(method);
  if (!make) {
    make = instantiate<Factory>([], stepperSource(stencil));
    factories.set(method, make);
  }
  return { method, stages: stencil.stages.length, step: make(n, f) };
}

/** Parse one stencil expression; the stencils are the library's own text, so a failure is internal. */
function parse(source: string, allowed: string[], what: string): MathNode {
  const p = parseExpression(source, { field: what });
  const unknown = p.symbols.filter((s) => !allowed.includes(s));
  if (unknown.length) {
    throw new Error(`internal: ${what} '${source}' reads ${unknown.join(', ')} (it may read ${allowed.join(', ')})`);
  }
  return p.node;
}

/** Whether an expression is the bare symbol `name` (a stage at the step start needs no copy). */
function isSymbol(node: MathNode, name: string): boolean {
  const v = view(node);
  return v.type === 'SymbolNode' && v.name === name;
}

/**
 * The JS of a factory `(n, f) => step(t, h, from, to)` for an explicit stencil. Symbols map onto
 * identifiers chosen here (slope j is `K<j>`, read at `[i]`), so no stencil text reaches the source.
 */
export function stepperSource(stencil: ExplicitStencil): string {
  const slopes = stencil.stages.map((s) => s.k);
  const slope = (name: string): string => `K${slopes.indexOf(name)}[i]`;
  const perVariable = (name: string): string => (name === 'y' ? 'from[i]' : name === 'h' ? 'h' : slope(name));
  const lines: string[] = [];
  let staged = false;
  stencil.stages.forEach((st, j) => {
    const earlier = ['y', 'h', ...slopes.slice(0, j)];
    const y = parse(st.y, earlier, `stage ${st.k} state of ${stencil.name}`);
    const t = parse(st.t, ['t', 'h'], `stage ${st.k} time of ${stencil.name}`);
    const time = emitJS(t, (s) => s);
    if (isSymbol(y, 'y')) lines.push(`f(${time}, from, K${j});`);
    else {
      staged = true;
      lines.push(`for (let i = 0; i < n; i++) S[i] = ${emitJS(y, perVariable)};`);
      lines.push(`f(${time}, S, K${j});`);
    }
  });
  const update = parse(stencil.update, ['y', 'h', ...slopes], `update of ${stencil.name}`);
  lines.push(`for (let i = 0; i < n; i++) to[i] = ${emitJS(update, perVariable)};`);
  const names = [...slopes.map((_, j) => `K${j}`), ...(staged ? ['S'] : [])];
  const buffers = names.map((b) => `const ${b} = new Float64Array(n);`);
  return ['return function (n, f) {', ...buffers, 'return function (t, h, from, to) {', ...lines, '};', '};'].join(
    '\n',
  );
}
