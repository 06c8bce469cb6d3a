/**
 * Units as values: a mathjs unit string parsed into a dimension and an SI scale, the algebra the
 * checker needs (products, quotients, powers, equality to rounding) and how a unit reads in a
 * message. The checking rule itself is in units.ts.
 */
import { create, all, type Unit } from 'mathjs';
import { ModelError, nearestName } from './errors.js';

/** A dimension (exponents of mathjs's base dimensions) and the SI scale of one unit of it. */
export interface Dimension {
  dims: readonly number[];
  scale: number;
  /** the unit as a product of the model's own unit words and their powers, for messages */
  factors: Readonly<Record<string, number>>;
}

/** A unit mismatch or an unknown unit, with where it was found (column of the offending term). */
export class UnitError extends ModelError {}

// A private mathjs instance: the units added below must not leak into the parser's instance.
const unitMath = create(all, { number: 'number' });
// Units neuroscience writes that mathjs lacks: Ohm (capitalised, so MOhm and GOhm work) and
// molar concentration (M, mM, uM, nM).
unitMath.createUnit('Ohm', { definition: '1 ohm', prefixes: 'short' });
unitMath.createUnit('M', { definition: '1 mol/L', prefixes: 'short' });

const NDIM = unitMath.Unit.BASE_DIMENSIONS.length;
export const DIMENSIONLESS: Dimension = { dims: new Array<number>(NDIM).fill(0), scale: 1, factors: {} };
const COMMON = [
  'mV',
  'V',
  'ms',
  's',
  'Hz',
  'nS',
  'uS',
  'mS/cm^2',
  'pA',
  'nA',
  'uA/cm^2',
  'pF',
  'uF/cm^2',
  'MOhm',
  'mM',
  'uM',
  '1',
];
const UNKNOWN = "units are written as mV, 1/ms, nS, uA/cm^2, MOhm, mM; '1' is dimensionless";

/**
 * Parse a unit string into its dimension and scale.
 * @example parseUnit('uA/cm^2') // { dims: [0, -2, 0, 1, 0, ...], scale: 0.01, factors: { uA: 1, cm: -2 } }
 * @throws UnitError for anything mathjs does not know as a unit
 */
export function parseUnit(text: string): Dimension {
  // models are rebuilt for every preset and parameter change; mathjs's unit parser is the slow part
  let d = unitCache.get(text);
  if (!d) {
    d = parseUnitUncached(text);
    if (unitCache.size > 1000) unitCache.clear();
    unitCache.set(text, d);
  }
  return d;
}
const unitCache = new Map<string, Dimension>();

function parseUnitUncached(text: string): Dimension {
  const t = text.trim().replace(/[\u00b5\u03bc]/g, 'u');
  if (t === '1') return DIMENSIONLESS;
  let u: Unit;
  try {
    u = unitMath.unit(t);
  } catch {
    throw new UnitError(`unknown unit '${text}' (${UNKNOWN})`, { suggestion: nearestName(t, COMMON) });
  }
  // mathjs's typings call the prefix a string; at run time it is { name, value }
  const parts = u.units as unknown as {
    unit: { name: string; value: number };
    prefix: { name: string; value: number };
    power: number;
  }[];
  let scale = 1;
  const factors: Record<string, number> = {};
  for (const f of parts) {
    scale *= Math.pow(f.unit.value * f.prefix.value, f.power);
    const key = f.prefix.name + f.unit.name;
    factors[key] = (factors[key] ?? 0) + f.power;
  }
  // `1/ms` parses with a value (1000: the SI value of the number in front); any number other
  // than 1 there (`10 mV`) would be a unit isocline cannot mean
  if (u.value !== null && u.value !== undefined && Math.abs(Number(u.value) / scale - 1) > 1e-12) {
    throw new UnitError(`unit '${text}' carries a number (${UNKNOWN})`);
  }
  if (parts.length === 0) {
    throw new UnitError(`unit '${text}' is a number; write '1' for dimensionless (${UNKNOWN})`);
  }
  return { dims: [...u.dimensions], scale, factors };
}

/** A quantity's unit, or null: no unit of its own (a bare number, an undeclared symbol). */
export type Q = Dimension | null;

const sameDims = (a: Dimension, b: Dimension): boolean => a.dims.every((d, i) => Math.abs(d - b.dims[i]) < 1e-12);
export const same = (a: Dimension, b: Dimension): boolean =>
  sameDims(a, b) && Math.abs(a.scale - b.scale) <= 1e-9 * Math.max(Math.abs(a.scale), Math.abs(b.scale));
export const isDimensionless = (a: Dimension): boolean => a.dims.every((d) => d === 0) && Math.abs(a.scale - 1) <= 1e-9;

function combine(a: Dimension, b: Dimension, sign: 1 | -1): Dimension {
  const factors: Record<string, number> = { ...a.factors };
  for (const [k, p] of Object.entries(b.factors)) {
    const q = (factors[k] ?? 0) + sign * p;
    if (Math.abs(q) < 1e-12) delete factors[k];
    else factors[k] = q;
  }
  return {
    dims: a.dims.map((d, i) => d + sign * b.dims[i]),
    scale: sign === 1 ? a.scale * b.scale : a.scale / b.scale,
    factors,
  };
}
export const mul = (a: Dimension, b: Dimension): Dimension => combine(a, b, 1);
export const div = (a: Dimension, b: Dimension): Dimension => combine(a, b, -1);
export function power(a: Dimension, n: number): Dimension {
  const factors = Object.fromEntries(Object.entries(a.factors).map(([k, p]) => [k, p * n]));
  return { dims: a.dims.map((d) => d * n), scale: Math.pow(a.scale, n), factors };
}

/** A unit as text: `mV/ms`, `mS*mV/cm^2`, `1/(ms*pF)`. */
export function formatUnit(a: Dimension): string {
  const word = (k: string, p: number): string => (p === 1 ? k : `${k}^${+p.toFixed(6)}`);
  const up = Object.entries(a.factors)
    .filter(([, p]) => p > 0)
    .map(([k, p]) => word(k, p));
  const down = Object.entries(a.factors)
    .filter(([, p]) => p < 0)
    .map(([k, p]) => word(k, -p));
  const num = up.length ? up.join('*') : '1';
  if (!down.length) return num;
  return `${num}/${down.length > 1 ? `(${down.join('*')})` : down[0]}`;
}

/** How a unit reads in a message: the text, and the scale when it is a pure number such as mV/V. */
export function show(a: Dimension): string {
  const text = formatUnit(a);
  if (text === '1') return 'dimensionless';
  if (a.dims.every((d) => d === 0) && text !== '1') return `${text} (dimensionless, × ${a.scale})`;
  return text;
}
