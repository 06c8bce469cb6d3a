/**
 * The one walk from a validated mathjs AST to TensorFlow.js ops: a closure per node, a table entry
 * per function (tensor-functions.ts). The model compiler (tensor.ts) walks a model's expressions
 * with it; the network's tensor target walks the integration stencils (src/ir/methods.ts) and the
 * synapse behaviours (src/ir/synapses/*) with it, so every tensor op of a run is emitted here, op
 * for op in the order the expression is written (the float32 kernel rounds in the same order).
 *
 * Nothing is evaluated as text: the AST comes from the model validator or from the library's own
 * expression strings (stencils, behaviours), never from user text that was not validated.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MathNode } from '../model/math.js';
import { view } from '../model/math.js';
import {
  TENSOR_ARITHMETIC,
  TENSOR_COMPARISON,
  TENSOR_FUNCTIONS,
  TENSOR_LOGICAL,
  type Constant,
  type T,
  type TensorFunction,
} from './tensor-functions.js';

/** A compiled expression: reads an environment of the caller's type, returns one tensor. */
export type TensorClosure<E> = (env: E) => T;

/** A compiled node: its closure, whether it yields bool, and its value if it is a literal. */
interface Compiled<E> {
  f: TensorClosure<E>;
  bool: boolean;
  value?: number;
}

/**
 * Functions only the library's own expressions use (never offered to models): `expm1` of the
 * exponential-Euler stencil. tf.expm1 rounds Math.expm1 to float32 on the cpu back-end, as the
 * float32 kernel's Math.fround(Math.expm1(x)).
 */
const LIBRARY_FUNCTIONS: Record<string, TensorFunction> = {
  expm1: ([x]) => tf.expm1(x),
};

/**
 * A walker: compiles ASTs whose symbols `symbol` resolves (undefined: an internal error), with
 * literal constants from `k` (float32 scalars created once by the caller).
 * @example
 * const walk = tensorWalker<T[]>((name) => (name === 'x' ? (s) => s[0] : undefined), k);
 * const f = walk(parseLibraryExpression('2*x + 1')); // f([x]) = add(mul(2, x), 1)
 */
export function tensorWalker<E>(
  symbol: (name: string) => TensorClosure<E> | undefined,
  k: Constant,
  library = false,
): (node: MathNode) => TensorClosure<E> {
  const num = (c: Compiled<E>): TensorClosure<E> => {
    if (!c.bool) return c.f;
    const f = c.f;
    return (env) => tf.cast(f(env), 'float32');
  };
  const bool = (c: Compiled<E>): TensorClosure<E> => {
    if (c.bool) return c.f;
    const f = c.f;
    const zero = k(0);
    return (env) => tf.notEqual(f(env), zero);
  };
  const apply = (impl: TensorFunction, fs: TensorClosure<E>[], values: (number | undefined)[]): TensorClosure<E> => {
    if (fs.length === 1) {
      const [a] = fs;
      return (env) => impl([a(env)], values, k);
    }
    if (fs.length === 2) {
      const [a, b] = fs;
      return (env) => impl([a(env), b(env)], values, k);
    }
    return (env) =>
      impl(
        fs.map((f) => f(env)),
        values,
        k,
      );
  };
  const walk = (node: MathNode): Compiled<E> => {
    const v = view(node);
    switch (v.type) {
      case 'ConstantNode': {
        if (typeof v.value !== 'number' || !Number.isFinite(v.value))
          throw new Error(`internal: constant ${String(v.value)} reached the tensor compiler`);
        const c = k(v.value);
        return { f: () => c, bool: false, value: v.value };
      }
      case 'SymbolNode': {
        const f = symbol(v.name);
        if (!f) throw new Error(`internal: unresolved symbol ${v.name}`);
        return { f, bool: false };
      }
      case 'ParenthesisNode':
        return walk(v.content);
      case 'ConditionalNode': {
        const c = bool(walk(v.condition));
        const a = walk(v.trueExpr);
        const b = walk(v.falseExpr);
        if (a.bool && b.bool) return { f: (env) => tf.where(c(env), a.f(env), b.f(env)), bool: true };
        const fa = num(a);
        const fb = num(b);
        return { f: (env) => tf.where(c(env), fa(env), fb(env)), bool: false };
      }
      case 'OperatorNode': {
        const args = v.args.map(walk);
        const values = args.map((a) => a.value);
        // own properties only: an operator name never reaches Object.prototype
        const table = [TENSOR_ARITHMETIC, TENSOR_COMPARISON, TENSOR_LOGICAL].find((tb) => Object.hasOwn(tb, v.fn));
        if (!table) throw new Error(`internal: operator ${v.fn} has no tensor implementation`);
        const fs = args.map(table === TENSOR_LOGICAL ? bool : num);
        return { f: apply(table[v.fn], fs, values), bool: table !== TENSOR_ARITHMETIC };
      }
      case 'FunctionNode': {
        const name = v.fn.name;
        const impl = Object.hasOwn(TENSOR_FUNCTIONS, name)
          ? TENSOR_FUNCTIONS[name]
          : library && Object.hasOwn(LIBRARY_FUNCTIONS, name)
            ? LIBRARY_FUNCTIONS[name]
            : undefined;
        if (!impl) throw new Error(`internal: function ${name} has no tensor implementation`);
        const args = v.args.map(walk);
        return {
          f: apply(
            impl,
            args.map(num),
            args.map((a) => a.value),
          ),
          bool: false,
        };
      }
    }
  };
  // a number-valued closure (booleans become 0/1, as in JS arithmetic)
  return (node) => num(walk(node));
}
