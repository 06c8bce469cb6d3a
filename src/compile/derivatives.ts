/**
 * Higher derivatives of a model's right-hand side, compiled from the symbolic ones: the
 * parameter derivative ∂f/∂p (the last column of the continuation Jacobian), and the second and
 * third derivative tensors (the multilinear forms B and C of the first Lyapunov coefficient and the
 * cusp coefficient). Derived and compiled on first use, cached per model: only continuation needs
 * them, and a third-derivative tensor of Hodgkin–Huxley is hundreds of terms.
 */
import type { Model } from '../model/model.js';
import type { ModelIR } from '../model/ir.js';
import type { MathNode } from '../model/math.js';
import { differentiate } from '../model/derivative.js';
import { OptionError, nearestName } from '../model/errors.js';
import { commentText as cm, emitJS, instantiate, type SymbolMap } from './emit-js.js';
import type { Vec } from './scalar.js';

export interface ModelDerivatives {
  /** out[i] = ∂f_i/∂p_k for the named parameter (compiled on first request per parameter) */
  paramDerivative(name: string): (t: number, y: Vec, p: Vec, out: Vec) => void;
  /** H[(i·n + j)·n + k] = ∂²f_i/∂y_j∂y_k (symmetric in j, k) */
  readonly hessian: (t: number, y: Vec, p: Vec, H: Vec) => void;
  /** T[((i·n + j)·n + k)·n + l] = ∂³f_i/∂y_j∂y_k∂y_l (symmetric in j, k, l) */
  readonly third: (t: number, y: Vec, p: Vec, T: Vec) => void;
}

const cache = new WeakMap<ModelIR, ModelDerivatives>();

/**
 * Compiled higher derivatives of a model (cached).
 * @example const d = derivatives(model); const H = new Float64Array(n ** 3); d.hessian(0, y, p, H);
 */
export function derivatives(model: Model | ModelIR): ModelDerivatives {
  const ir = 'ir' in model ? model.ir : model;
  let d = cache.get(ir);
  if (!d) {
    d = build(ir);
    cache.set(ir, d);
  }
  return d;
}

function build(ir: ModelIR): ModelDerivatives {
  const n = ir.variables.length;
  const vIndex = new Map(ir.variables.map((v) => [v.name, v.index]));
  const pIndex = new Map(ir.parameters.map((p) => [p.name, p.index]));
  // `inlined` has the named expressions substituted, so only t, state and parameters remain
  const sym: SymbolMap = (name) => {
    if (name === 't') return 't';
    if (vIndex.has(name)) return `y[${vIndex.get(name)}]`;
    if (pIndex.has(name)) return `p[${pIndex.get(name)}]`;
    throw new Error(`internal: unresolved symbol ${name} in an inlined right-hand side`);
  };
  const compileBody = (args: string, lines: string[]) =>
    instantiate<(t: number, y: Vec, p: Vec, out: Vec) => void>(
      [],
      `return function (${args}) {\n${lines.join('\n')}\n};\n`,
    );
  const byParam = new Map<string, (t: number, y: Vec, p: Vec, out: Vec) => void>();
  let hess: ((t: number, y: Vec, p: Vec, H: Vec) => void) | undefined;
  let third: ((t: number, y: Vec, p: Vec, T: Vec) => void) | undefined;
  const x = ir.variables.map((v) => v.name);
  // second derivatives of f_i, computed once and shared with the third-derivative tensor
  let second: MathNode[][][] | undefined;
  const secondNodes = (): MathNode[][][] =>
    (second ??= ir.inlined.map((_, i) =>
      x.map((_, j) => x.map((xk, k) => (k < j ? null : differentiate(ir.jacobian[i][j], xk)))),
    ) as MathNode[][][]);
  return {
    paramDerivative(name) {
      let f = byParam.get(name);
      if (!f) {
        if (!pIndex.has(name)) {
          const s = nearestName(name, [...pIndex.keys()]);
          throw new OptionError(`model '${ir.name}': no parameter '${name}'${s ? ` (did you mean '${s}'?)` : ''}`);
        }
        f = compileBody(
          't, y, p, out',
          ir.inlined.map(
            (node, i) => `  out[${i}] = ${emitJS(differentiate(node, name), sym)}; // d(d${cm(x[i])}/dt)/d${cm(name)}`,
          ),
        );
        byParam.set(name, f);
      }
      return f;
    },
    get hessian() {
      if (!hess) {
        const s = secondNodes();
        const lines: string[] = [];
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++)
            for (let k = j; k < n; k++) {
              const e = emitJS(s[i][j][k], sym);
              lines.push(`  H[${(i * n + j) * n + k}] = ${e};`);
              if (k !== j) lines.push(`  H[${(i * n + k) * n + j}] = H[${(i * n + j) * n + k}];`);
            }
        hess = compileBody('t, y, p, H', lines);
      }
      return hess;
    },
    get third() {
      if (!third) {
        const s = secondNodes();
        const lines: string[] = [];
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++)
            for (let k = j; k < n; k++)
              for (let l = k; l < n; l++) {
                const at = ((i * n + j) * n + k) * n + l;
                lines.push(`  T[${at}] = ${emitJS(differentiate(s[i][j][k], x[l]), sym)};`);
                // the tensor is symmetric in its last three indices: copy to every permutation
                const perms = new Set(
                  [
                    [j, l, k],
                    [k, j, l],
                    [k, l, j],
                    [l, j, k],
                    [l, k, j],
                  ].map(([a, b, c]) => ((i * n + a) * n + b) * n + c),
                );
                perms.delete(at);
                for (const q of perms) lines.push(`  T[${q}] = T[${at}];`);
              }
        third = compileBody('t, y, p, T', lines);
      }
      return third;
    },
  };
}
