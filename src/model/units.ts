/**
 * Dimensional checking of a model's equations against the units it declares.
 *
 * The rule (docs/model-file.md, "Units"):
 * - A declared unit is a mathjs unit string (`mV`, `1/ms`, `uA/cm^2`, `MOhm`, `mM`; `1` is
 *   dimensionless). It fixes both the dimension and the scale: isocline never converts, so `mV`
 *   added to `V` is an error just as `mV` added to `nS` is.
 * - A bare number, and a parameter or variable declared without a unit, has no unit of its own:
 *   it takes whichever unit its place needs. That is how the literature writes models
 *   (`0.04*v^2 + 5*v + 140` in Izhikevich 2003 means 0.04 /(mV ms), 5 /ms, 140 mV/ms; HH rate
 *   constants carry mV and 1/ms silently), so such models check without rewriting, while every
 *   relation between quantities that do declare units is checked.
 * - Sums, differences, comparisons, min/max/clip/mod and the two branches of `c ? a : b` need one
 *   unit; exp, log, the trigonometric and hyperbolic functions, sigmoid and exprel need a
 *   dimensionless argument of scale 1; x^n with a constant n gives unit^n (a non-constant
 *   exponent of a quantity with a unit leaves the result unchecked).
 * - d x/dt must have x's unit per `time_unit`; a reset of x and x's initial-value expression x's
 *   unit; a refractory period the time unit; both sides of an event condition one unit. Named
 *   expressions and inputs have no declared unit: theirs is inferred from their definition.
 * - A model that declares no unit at all is not checked.
 *
 * Modules: units-dimension.ts (unit strings, their algebra and how they read), units-source.ts
 * (where a term stands in the text), units-check.ts (one expression's unit); this file checks a
 * whole model and is the entry the rest of isocline imports.
 */
import type { ModelIR } from './ir.js';
import { parseExpression, type ParsedExpression } from './parse.js';
import type { ModelSpec } from './spec.js';
import { ExpressionCheck } from './units-check.js';
import { UnitError, div, parseUnit, show, type Q } from './units-dimension.js';

export { UnitError, parseUnit, formatUnit, type Dimension } from './units-dimension.js';
export { UNIT_RULES } from './units-check.js';

/**
 * Check every equation, reset, event condition, initial value, refractory period and named
 * expression of a validated model against its declared units (see the rule at the top of this
 * file). Runs from validation; a model without units returns at once.
 * @throws UnitError naming the model, the equation, the offending term and its column
 * @example checkUnits(spec, buildIR(spec))
 */
export function checkUnits(spec: ModelSpec, ir: ModelIR): void {
  const model = ir.name;
  const declared = (unit: string | undefined, field: string): Q => {
    if (unit === undefined) return null;
    // the TS API takes specs the file schema never saw
    if (typeof unit !== 'string') {
      throw new UnitError(`a unit is a string such as 'mV', got ${JSON.stringify(unit)}`, { model, field });
    }
    try {
      return parseUnit(unit);
    } catch (e) {
      if (e instanceof UnitError) throw new UnitError(e.reason, { ...e.location, model, field });
      throw e;
    }
  };
  const anyUnit =
    spec.time_unit !== undefined ||
    ir.variables.some((v) => v.unit !== undefined) ||
    ir.parameters.some((p) => p.unit !== undefined);
  if (!anyUnit) return;

  const units = new Map<string, Q>();
  const time = declared(spec.time_unit, 'time_unit');
  units.set('t', time);
  for (const v of ir.variables) units.set(v.name, declared(v.unit, `variable '${v.name}'`));
  for (const p of ir.parameters) units.set(p.name, declared(p.unit, `parameter '${p.name}'`));
  const env = (name: string): Q => units.get(name) ?? null;
  const parse = (source: string, field: string): ParsedExpression => parseExpression(source, { model, field });

  // named expressions and inputs, in dependency order: each one's unit is inferred
  for (const n of ir.named) {
    const field = `${n.kind} '${n.name}'`;
    const p = parse(n.source, field);
    units.set(n.name, new ExpressionCheck(p, { model, field }, env).check(p.node));
  }

  for (const v of ir.variables) {
    const field = `d${v.name}/dt`;
    const q = units.get(v.name) ?? null;
    const want = q && time ? div(q, time) : null;
    const why = want
      ? `d${v.name}/dt must be ${show(want)} (${v.name} in ${show(q!)}, time in ${show(time!)})`
      : undefined;
    const p = parse(v.source, field);
    new ExpressionCheck(p, { model, field }, env).check(p.node, want, why);
    const init = spec.variables[v.name] as { init?: number | string } | string;
    if (typeof init === 'object' && typeof init.init === 'string' && q) {
      const f = `init of '${v.name}'`;
      const ip = parse(init.init, f);
      new ExpressionCheck(ip, { model, field: f }, env).check(ip.node, q, `${v.name} is ${show(q)}`);
    }
  }

  (spec.events ?? []).forEach((e, k) => {
    const ev = ir.events[k];
    const field = `event '${ev.name}'`;
    const wp = parse(e.when, `${field} when`);
    new ExpressionCheck(wp, { model, field: `${field} when` }, env).check(wp.node);
    for (const r of ev.resets) {
      const f = `${field} reset of '${r.variable}'`;
      const q = units.get(r.variable) ?? null;
      const rp = parse(r.source, f);
      const why = q ? `${r.variable} is ${show(q)}` : undefined;
      new ExpressionCheck(rp, { model, field: f }, env).check(rp.node, q, why);
    }
    if (typeof e.refractory === 'string' && time) {
      const f = `${field} refractory`;
      const rp = parse(e.refractory, f);
      const why = `a refractory period is in the time unit, ${show(time)}`;
      new ExpressionCheck(rp, { model, field: f }, env).check(rp.node, time, why);
    }
  });
}
