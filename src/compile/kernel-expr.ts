/**
 * Small scalar expressions outside models, compiled once: parameter distributions such as
 * Izhikevich's `-65 + 15*r^2` (of r, z, i, n), Poisson rates and currents as functions of t.
 * Parsed and whitelisted by the model layer; emitted with emitJS (user text never reaches the code).
 */
import { parseExpression } from '../model/parse.js';
import { ModelError, nearestName, type ErrorLocation } from '../model/errors.js';
import { emitJS, instantiate } from './emit-js.js';

/** A compiled expression: arguments in the order of the `symbols` it was compiled for. */
export type ScalarFunction = (...args: number[]) => number;

/**
 * Compile `source` as a function of `symbols` (every symbol it uses must be one of them).
 * @example compileScalar('-65 + 15*r^2', ['r'], { field: "parameter 'c'" })(0.5) // -61.25
 */
export function compileScalar(
  source: string,
  symbols: string[],
  where: ErrorLocation,
): { fn: ScalarFunction; uses: Set<string> } {
  const parsed = parseExpression(source, where);
  for (const s of parsed.symbols) {
    if (!symbols.includes(s)) {
      throw new ModelError(`unknown name '${s}' (this expression may use ${symbols.join(', ')})`, {
        ...where,
        expression: source,
        suggestion: nearestName(s, symbols),
      });
    }
  }
  const args = symbols.map((_, k) => `a${k}`);
  const body =
    `return function (${args.join(', ')}) { ` +
    `return ${emitJS(parsed.node, (name) => `a${symbols.indexOf(name)}`)}; };`;
  return { fn: instantiate<ScalarFunction>([], body), uses: new Set(parsed.symbols) };
}
