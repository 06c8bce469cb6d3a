/**
 * TensorFlow.js implementation of each whitelisted function and operator: the tensor twin of
 * js-functions.ts (one entry per function, same meaning). Arguments arrive as float32 tensors
 * (booleans already cast), results are float32 tensors, except comparisons and logical operators,
 * which return bool tensors (the caller casts where arithmetic needs numbers, as JS does).
 *
 * Where JS evaluates a formula (mod, cube, sigmoid) the same formula is used here, op by op, so a
 * float32 evaluation of the JS formula rounds the same way.
 */
import * as tf from '@tensorflow/tfjs-core';

export type T = tf.Tensor;

/** Returns the float32 scalar tensor for a number, created once at compile time and reused. */
export type Constant = (x: number) => T;

/**
 * A function's implementation. `constArgs[i]` is the argument's value when it is a literal
 * constant; `k` supplies cached scalar constants, so no step allocates a tensor for a literal.
 */
export type TensorFunction = (args: T[], constArgs: (number | undefined)[], k: Constant) => T;

const LN10 = Math.LN10;
const LN2 = Math.LN2;

export const TENSOR_FUNCTIONS: Record<string, TensorFunction> = {
  exp: ([x]) => tf.exp(x),
  log: ([x]) => tf.log(x),
  // tfjs has no log10/log2 kernels: divide by the float32 logarithm of the base
  log10: ([x], _, k) => tf.div(tf.log(x), k(LN10)),
  log2: ([x], _, k) => tf.div(tf.log(x), k(LN2)),
  sqrt: ([x]) => tf.sqrt(x),
  pow: ([x, y]) => tf.pow(x, y),
  abs: ([x]) => tf.abs(x),
  sign: ([x]) => tf.sign(x),
  min: ([x, y]) => tf.minimum(x, y),
  max: ([x, y]) => tf.maximum(x, y),
  tanh: ([x]) => tf.tanh(x),
  sinh: ([x]) => tf.sinh(x),
  cosh: ([x]) => tf.cosh(x),
  sin: ([x]) => tf.sin(x),
  cos: ([x]) => tf.cos(x),
  tan: ([x]) => tf.tan(x),
  atan: ([x]) => tf.atan(x),
  // tf.step(0) is 0; the model language says heaviside(0) = 1
  heaviside: ([x], _, k) => tf.cast(tf.greaterEqual(x, k(0)), 'float32'),
  relu: ([x]) => tf.relu(x),
  // ClipByValue takes numbers, not tensors: only usable when both bounds are literals
  clip: ([x, lo, hi], [, clo, chi]) =>
    clo !== undefined && chi !== undefined && clo <= chi
      ? tf.clipByValue(x, clo, chi)
      : tf.minimum(tf.maximum(x, lo), hi),
  sigmoid: ([x]) => tf.sigmoid(x),
  square: ([x]) => tf.mul(x, x),
  cube: ([x]) => tf.mul(tf.mul(x, x), x),
  floor: ([x]) => tf.floor(x),
  // (exp(x) - 1)/x with its removable singularity filled in: 1 at x = 0 (expm1 keeps digits near 0)
  exprel: ([x], _, k) => tf.where(tf.equal(x, k(0)), k(1), tf.div(tf.expm1(x), x)),
};

/** Arithmetic operators: float32 in, float32 out. */
export const TENSOR_ARITHMETIC: Record<string, TensorFunction> = {
  add: ([a, b]) => tf.add(a, b),
  subtract: ([a, b]) => tf.sub(a, b),
  multiply: ([a, b]) => tf.mul(a, b),
  divide: ([a, b]) => tf.div(a, b),
  // as the JS emitter: x^2 and x^3 are products (exact rounding per product, no pow kernel)
  pow: ([a, b], [, cb]) => (cb === 2 ? tf.mul(a, a) : cb === 3 ? tf.mul(tf.mul(a, a), a) : tf.pow(a, b)),
  unaryMinus: ([a]) => tf.neg(a),
  unaryPlus: ([a]) => a,
  // mathjs's mod is floored; the same formula as the JS emitter (a - b*floor(a/b))
  mod: ([a, b]) => tf.sub(a, tf.mul(b, tf.floor(tf.div(a, b)))),
};

/** Comparisons: float32 in, bool out. */
export const TENSOR_COMPARISON: Record<string, TensorFunction> = {
  smaller: ([a, b]) => tf.less(a, b),
  larger: ([a, b]) => tf.greater(a, b),
  smallerEq: ([a, b]) => tf.lessEqual(a, b),
  largerEq: ([a, b]) => tf.greaterEqual(a, b),
  equal: ([a, b]) => tf.equal(a, b),
  unequal: ([a, b]) => tf.notEqual(a, b),
};

/** Logical operators: bool in, bool out. */
export const TENSOR_LOGICAL: Record<string, TensorFunction> = {
  and: ([a, b]) => tf.logicalAnd(a, b),
  or: ([a, b]) => tf.logicalOr(a, b),
  xor: ([a, b]) => tf.logicalXor(a, b),
  not: ([a]) => tf.logicalNot(a),
};
