/**
 * The whitelist of functions and operators a model expression may use, with their arity and
 * derivative rules. Emitters (src/compile) have one table entry per function each; adding a
 * function means one entry here plus one per emitter.
 */
import type { MathNode } from './math.js';

export interface FunctionInfo {
  /** accepted argument counts */
  arity: number[];
  /** a one-line description for error messages and docs */
  doc: string;
}

export const FUNCTIONS: ReadonlyMap<string, FunctionInfo> = new Map<string, FunctionInfo>([
  ['exp', { arity: [1], doc: 'e^x' }],
  ['log', { arity: [1], doc: 'natural logarithm' }],
  ['log10', { arity: [1], doc: 'base-10 logarithm' }],
  ['log2', { arity: [1], doc: 'base-2 logarithm' }],
  ['sqrt', { arity: [1], doc: 'square root' }],
  ['pow', { arity: [2], doc: 'pow(x, y) = x^y' }],
  ['abs', { arity: [1], doc: 'absolute value' }],
  ['sign', { arity: [1], doc: 'sign: -1, 0 or 1' }],
  ['min', { arity: [2], doc: 'smaller of two values' }],
  ['max', { arity: [2], doc: 'larger of two values' }],
  ['tanh', { arity: [1], doc: 'hyperbolic tangent' }],
  ['sinh', { arity: [1], doc: 'hyperbolic sine' }],
  ['cosh', { arity: [1], doc: 'hyperbolic cosine' }],
  ['sin', { arity: [1], doc: 'sine' }],
  ['cos', { arity: [1], doc: 'cosine' }],
  ['tan', { arity: [1], doc: 'tangent' }],
  ['atan', { arity: [1], doc: 'arc tangent' }],
  ['heaviside', { arity: [1], doc: 'step: 1 for x >= 0, else 0' }],
  ['relu', { arity: [1], doc: 'max(x, 0)' }],
  ['clip', { arity: [3], doc: 'clip(x, lo, hi) = min(max(x, lo), hi)' }],
  ['sigmoid', { arity: [1], doc: '1/(1 + exp(-x))' }],
  ['square', { arity: [1], doc: 'x^2' }],
  ['cube', { arity: [1], doc: 'x^3' }],
  ['floor', { arity: [1], doc: 'largest integer <= x' }],
  // The convention of scipy.special.exprel, Brian2 and the literature. Hodgkin-Huxley-type rates
  // a*(v - v0)/(1 - exp(-(v - v0)/k)) are 0/0 at v = v0; written as a*k/exprel(-(v - v0)/k) they
  // are finite everywhere.
  ['exprel', { arity: [1], doc: '(exp(x) - 1)/x, = 1 at x = 0 (evaluated without cancellation)' }],
]);

/** mathjs operator function names accepted, by the kind of value they produce. */
export const ARITHMETIC_OPS = new Set([
  'add',
  'subtract',
  'multiply',
  'divide',
  'pow',
  'unaryMinus',
  'unaryPlus',
  'mod',
]);
export const COMPARISON_OPS = new Set(['smaller', 'larger', 'smallerEq', 'largerEq', 'equal', 'unequal']);
export const LOGICAL_OPS = new Set(['and', 'or', 'not', 'xor']);

export function isAllowedOperator(fn: string): boolean {
  return ARITHMETIC_OPS.has(fn) || COMPARISON_OPS.has(fn) || LOGICAL_OPS.has(fn);
}

/** Words reserved for the model language itself. */
export const RESERVED = new Set([
  't',
  ...FUNCTIONS.keys(),
  'and',
  'or',
  'not',
  'xor',
  'mod',
  'true',
  'false',
  'if',
  'else',
]);

/** Names that must never become symbols (prototype pollution and friends). */
export const FORBIDDEN_NAMES = new Set([
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'hasOwnProperty',
  'toString',
  'valueOf',
]);

export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type DerivRule = (args: MathNode[], dargs: MathNode[]) => MathNode;
