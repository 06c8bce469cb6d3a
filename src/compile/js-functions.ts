/**
 * JS emission of each whitelisted function and operator. Arguments arrive already emitted and
 * parenthesised; every result is parenthesised too, so precedence never depends on context.
 */
export const JS_FUNCTIONS: Record<string, (a: string[]) => string> = {
  exp: ([x]) => `Math.exp(${x})`,
  log: ([x]) => `Math.log(${x})`,
  log10: ([x]) => `Math.log10(${x})`,
  log2: ([x]) => `Math.log2(${x})`,
  sqrt: ([x]) => `Math.sqrt(${x})`,
  pow: ([x, y]) => `Math.pow(${x}, ${y})`,
  abs: ([x]) => `Math.abs(${x})`,
  sign: ([x]) => `Math.sign(${x})`,
  min: ([x, y]) => `Math.min(${x}, ${y})`,
  max: ([x, y]) => `Math.max(${x}, ${y})`,
  tanh: ([x]) => `Math.tanh(${x})`,
  sinh: ([x]) => `Math.sinh(${x})`,
  cosh: ([x]) => `Math.cosh(${x})`,
  sin: ([x]) => `Math.sin(${x})`,
  cos: ([x]) => `Math.cos(${x})`,
  tan: ([x]) => `Math.tan(${x})`,
  atan: ([x]) => `Math.atan(${x})`,
  heaviside: ([x]) => `(${x} >= 0 ? 1 : 0)`,
  relu: ([x]) => `Math.max(${x}, 0)`,
  clip: ([x, lo, hi]) => `Math.min(Math.max(${x}, ${lo}), ${hi})`,
  sigmoid: ([x]) => `(1 / (1 + Math.exp(-${x})))`,
  square: ([x]) => `(${x} * ${x})`,
  cube: ([x]) => `(${x} * ${x} * ${x})`,
  floor: ([x]) => `Math.floor(${x})`,
  // (exp(x) - 1)/x as scipy.special.exprel. A closure keeps the argument evaluated once; expm1
  // is exact near 0, where exp(x) - 1 cancels.
  exprel: ([x]) => `((z) => (z === 0 ? 1 : Math.expm1(z) / z))(${x})`,
};

export const JS_OPERATORS: Record<string, (a: string[]) => string> = {
  add: ([a, b]) => `(${a} + ${b})`,
  subtract: ([a, b]) => `(${a} - ${b})`,
  multiply: ([a, b]) => `(${a} * ${b})`,
  divide: ([a, b]) => `(${a} / ${b})`,
  pow: ([a, b]) => (b === '2' ? `(${a} * ${a})` : b === '3' ? `(${a} * ${a} * ${a})` : `Math.pow(${a}, ${b})`),
  unaryMinus: ([a]) => `(-${a})`,
  unaryPlus: ([a]) => `(+${a})`,
  // mathjs's mod is floored (the sign of the divisor), unlike JS's %
  mod: ([a, b]) => `(${a} - ${b} * Math.floor(${a} / ${b}))`,
  smaller: ([a, b]) => `(${a} < ${b})`,
  larger: ([a, b]) => `(${a} > ${b})`,
  smallerEq: ([a, b]) => `(${a} <= ${b})`,
  largerEq: ([a, b]) => `(${a} >= ${b})`,
  equal: ([a, b]) => `(${a} === ${b})`,
  unequal: ([a, b]) => `(${a} !== ${b})`,
  and: ([a, b]) => `(!!${a} && !!${b})`,
  or: ([a, b]) => `(!!${a} || !!${b})`,
  xor: ([a, b]) => `(!!${a} !== !!${b})`,
  not: ([a]) => `(!${a})`,
};
