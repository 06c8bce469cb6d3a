/**
 * Dimensional checking (src/model/units.ts, rule in docs/model-file.md "Units"). Expected scales
 * are SI conversions worked by hand in the comments (not by mathjs, which the checker uses), and
 * the expected units of the bundled models are the published models' own (sources in each file).
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledModels, loadModel, Model, ModelError, parseModelFile, UnitError, parseUnit, formatUnit, type ModelSpec } from '../../src/index.js';
import { FUNCTIONS } from '../../src/model/functions.js';
import { UNIT_RULES } from '../../src/model/units.js';
import { modelsDir } from '../../src/model/paths.js';
import { runCLI } from '../cli/run-cli.js';

/** The UnitError thrown by `f` (fails the test if there is none, or another kind). */
function unitError(f: () => unknown): UnitError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UnitError);
    expect(e).toBeInstanceOf(ModelError);
    return e as UnitError;
  }
  throw new Error('expected a UnitError, nothing was thrown');
}

/** A one-variable model v (mV), time in ms, with the given parameters { name: [value, unit] }. */
function membrane(ddt: string, params: Record<string, [number, string?]>, extra: Partial<ModelSpec> = {}): ModelSpec {
  return {
    name: 'm',
    time_unit: 'ms',
    variables: { v: { ddt, init: -65, unit: 'mV' } },
    parameters: Object.fromEntries(Object.entries(params).map(([k, [value, unit]]) => [k, unit === undefined ? { value } : { value, unit }])),
    ...extra,
  };
}

describe('unit strings', () => {
  // [unit, SI scale worked by hand]
  const cases: [string, number][] = [
    ['mV', 1e-3],
    ['1/ms', 1e3],
    ['nS', 1e-9],
    ['uA/cm^2', 1e-6 / 1e-4], // A per m^2
    ['mS/cm^2', 1e-3 / 1e-4],
    ['uF/cm^2', 1e-6 / 1e-4],
    ['pA', 1e-12],
    ['pF', 1e-12],
    ['MOhm', 1e6],
    ['mM', 1], // 1e-3 mol per 1e-3 m^3
    ['uM', 1e-3],
    ['µA', 1e-6], // micro sign as written in papers
    ['Hz', 1],
    ['1', 1],
  ];
  for (const [text, scale] of cases) {
    it(`${text}: SI scale ${scale}`, () => {
      const d = parseUnit(text);
      expect(Math.abs(d.scale - scale)).toBeLessThanOrEqual(1e-12 * scale);
    });
  }

  it('pA/pF and mS/cm^2 * mV / (uF/cm^2) have the dimension and scale of mV/ms', () => {
    const mVms = parseUnit('mV/ms');
    for (const u of ['pA/pF', 'mS*mV/uF', 'V/s']) {
      const d = parseUnit(u);
      expect(d.dims).toEqual(mVms.dims);
      expect(d.scale).toBeCloseTo(mVms.scale, 12);
    }
    expect(formatUnit(parseUnit('mS/cm^2'))).toBe('mS/cm^2');
  });

  it('an unknown unit is an error naming model, field and the unit, with the nearest common one', () => {
    const e = unitError(() => new Model(membrane('(v + g)/tau', { g: [1, 'furlongs'], tau: [10, 'ms'] })));
    expect(e.message).toBe("model 'm', parameter 'g': unknown unit 'furlongs' (units are written as mV, 1/ms, nS, uA/cm^2, MOhm, mM; '1' is dimensionless)");
    expect(unitError(() => new Model(membrane('-v/tau', { tau: [10, 'msec'] }))).location.suggestion).toBe('ms');
    expect(unitError(() => new Model(membrane('-v/tau', { tau: [10, 5 as unknown as string] }))).message).toBe("model 'm', parameter 'tau': a unit is a string such as 'mV', got 5");
    // a number is not a unit
    expect(unitError(() => new Model(membrane('-v/tau', { tau: [10, '10 ms'] }))).message).toMatch(/unit '10 ms' carries a number/);
  });
});

describe('every bundled model passes with its units declared', () => {
  const files = [
    ...readdirSync(modelsDir()).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(modelsDir(), f)),
    ...readdirSync(join(modelsDir(), 'variants')).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(modelsDir(), 'variants', f)),
  ];
  for (const file of files) {
    it(file.replace(/.*models\//, 'models/'), () => {
      const spec = parseModelFile(readFileSync(file, 'utf8'), file);
      // checked, not skipped: every variable and parameter declares a unit, and so does time
      expect(spec.time_unit).toBeDefined();
      for (const v of Object.values(spec.variables)) expect(typeof v === 'object' && v.unit).toBeTruthy();
      for (const p of Object.values(spec.parameters ?? {})) expect(typeof p === 'object' && p.unit).toBeTruthy();
      expect(() => loadModel(file)).not.toThrow();
    });
  }
  it('covers all bundled models', () => {
    expect(bundledModels().length).toBeGreaterThanOrEqual(7);
  });

  it('Izhikevich (2003): u, d and I in mV/ms (they are added to dv/dt), b in 1/ms', () => {
    const izh = loadModel('izhikevich');
    const unit = (n: string): string | undefined => izh.ir.variables.find((v) => v.name === n)?.unit ?? izh.ir.parameters.find((p) => p.name === n)?.unit;
    expect([unit('v'), unit('u'), unit('I'), unit('d'), unit('a'), unit('b'), unit('c')]).toEqual(['mV', 'mV/ms', 'mV/ms', 'mV/ms', '1/ms', '1/ms', 'mV']);
  });

  it("the old Izhikevich units (u in mV, I in pA) are refused at u's column", () => {
    const spec = structuredClone(parseModelFile(readFileSync(join(modelsDir(), 'izhikevich.yaml'), 'utf8'))) as ModelSpec;
    (spec.variables.u as { unit: string }).unit = 'mV';
    const e = unitError(() => new Model(spec));
    expect(e.location).toMatchObject({ model: 'izhikevich', field: 'dv/dt', expression: '0.04*v^2 + 5*v + 140 - u + I', column: 24 });
    expect(e.reason).toBe("units: 'u' is mV, but dv/dt must be mV/ms (v in mV, time in ms)");
    (spec.variables.u as { unit: string }).unit = 'mV/ms';
    (spec.parameters!.I as { unit: string }).unit = 'pA';
    expect(unitError(() => new Model(spec)).location.column).toBe(28);
  });
});

describe('inconsistent terms are reported with their equation and column', () => {
  it("the issue's example: 'v + g' adds nS to mV", () => {
    const e = unitError(() => new Model({ ...membrane('-v/tau', { g: [1, 'nS'], tau: [10, 'ms'] }), expressions: { s: 'v + g' } }));
    expect(e.message).toBe(`model 'm', expression 's': "v + g" at column 5: units: 'v + g' adds nS to mV`);
  });

  it('a term of dv/dt that is not mV/ms', () => {
    const e = unitError(() => new Model(membrane('(EL - v)/tau + g', { EL: [-65, 'mV'], tau: [10, 'ms'], g: [1, 'nS'] })));
    expect(e.location).toMatchObject({ field: 'dv/dt', column: 16 });
    expect(e.reason).toBe("units: 'g' is nS, but dv/dt must be mV/ms (v in mV, time in ms)");
  });

  it('the same dimension at another scale is an error (isocline never converts): V with mV, nA/pF as mV/ms', () => {
    const e = unitError(() => new Model(membrane('(E - v)/tau', { E: [0.05, 'V'], tau: [10, 'ms'] })));
    expect(e.reason).toMatch(/^units: 'E' is V, but dv\/dt must be mV\/ms/);
    expect(e.location.column).toBe(2);
    // nA/pF = 1e-9/1e-12 V/s = 1000 mV/ms: off by 1000
    const f = unitError(() => new Model(membrane('(I - g*(v - E))/C', { I: [1, 'nA'], g: [1, 'nS'], E: [0, 'mV'], C: [1, 'pF'] })));
    expect(f.reason).toMatch(/^units: 'I' is nA, but dv\/dt must be mV\/ms/);
    // the right scales pass: pA, nS*mV = pA, pF
    expect(() => new Model(membrane('(I - g*(v - E))/C', { I: [1, 'pA'], g: [1, 'nS'], E: [0, 'mV'], C: [1, 'pF'] }))).not.toThrow();
  });

  it('the term that breaks a sum inside a quotient is the one named', () => {
    const e = unitError(() => new Model(membrane('(I - g*(v - E))/C', { I: [1, 'pA'], g: [1, 'uS'], E: [0, 'mV'], C: [1, 'pF'] })));
    expect(e.location.column).toBe(6);
    expect(e.reason).toMatch(/^units: 'g\*\(v - E\)' is uS\*mV, but dv\/dt must be mV\/ms/);
  });

  it('exp, log, tanh, exprel need a dimensionless argument of scale 1', () => {
    expect(unitError(() => new Model(membrane('exp(v)/tau', { tau: [10, 'ms'] }))).reason).toBe("units: exp needs a dimensionless argument, 'v' is mV");
    expect(unitError(() => new Model(membrane('exprel(v - E)/tau', { E: [0, 'mV'], tau: [10, 'ms'] }))).location.column).toBe(8);
    // mV/V is dimensionless but 1/1000: exp would see a number 1000 times too small
    const e = unitError(() => new Model(membrane('DT*exp((v - VT)/DT)/tau', { DT: [2, 'mV'], VT: [-0.05, 'V'], tau: [10, 'ms'] })));
    expect(e.reason).toBe("units: 'v - VT' subtracts V from mV");
    expect(() => new Model(membrane('DT*exp((v - VT)/DT)/tau', { DT: [2, 'mV'], VT: [-50, 'mV'], tau: [10, 'ms'] }))).not.toThrow();
    expect(unitError(() => new Model(membrane('log(v/V0)/tau', { V0: [1, 'V'], tau: [10, 'ms'] }))).reason).toMatch(/dimensionless, × 0\.001/);
  });

  it('comparisons, conditionals, min/max/clip and powers', () => {
    const p = { g: [1, 'nS'], tau: [10, 'ms'] } as Record<string, [number, string]>;
    expect(unitError(() => new Model(membrane('(v > g ? 1 : 0) - v/tau', p))).reason).toBe("units: 'v > g' compares mV with nS");
    expect(unitError(() => new Model(membrane('(t > 5 ? v : g)/tau', p))).location.column).toBe(14);
    expect(unitError(() => new Model(membrane('max(v, g)/tau', p))).location.column).toBe(8);
    expect(unitError(() => new Model(membrane('clip(v, 0, g)/tau', p))).location.column).toBe(12);
    // v^2/v is mV; v^2 alone is mV^2
    expect(() => new Model(membrane('(v^2/v - v)/tau', p))).not.toThrow();
    expect(unitError(() => new Model(membrane('(v^2 - v)/tau', p))).reason).toMatch(/^units: 'v\^2' is mV\^2, but dv\/dt must be mV\/ms .*, so 'v\^2 - v' must be mV$/);
    expect(unitError(() => new Model({ ...membrane('-v/tau', p), expressions: { s: 'v^2 - v' } })).reason).toBe("units: 'v^2 - v' subtracts mV from mV^2");
    expect(unitError(() => new Model(membrane('(sqrt(v) - v)/tau', p))).reason).toMatch(/mV\^0\.5/);
    expect(unitError(() => new Model(membrane('v^g/tau', p))).reason).toMatch(/exponent 'g' must be dimensionless, it is nS/);
  });

  it('columns point into the source as written, through Python forms, exponents and calls', () => {
    const p = { g: [1, 'nS'], tau: [1, 'ms'], th: [1, 'mV'] } as Record<string, [number, string]>;
    const at = (ddt: string): [number | undefined, string] => {
      const e = unitError(() => new Model(membrane(ddt, p)));
      return [e.location.column, e.reason];
    };
    expect(at('v**2/v/tau + g')[0]).toBe(14);
    expect(at('1e-3*v/tau + g')[0]).toBe(14);
    expect(at('(1.5e+2 + v)/tau - g')[0]).toBe(20);
    expect(at('(x if v > 0 else g)/tau'.replace('x', 'v'))[0]).toBe(18);
    expect(at('np.exp(v/th)/tau + g')).toEqual([1, "units: 'np.exp(v/th)/tau' is 1/ms, but dv/dt must be mV/ms (v in mV, time in ms)"]);
    expect(at('(not (v > th)) + v/tau')).toEqual([2, "units: 'not (v > th)' is dimensionless, but dv/dt must be mV/ms (v in mV, time in ms)"]);
    expect(at('max(v, th)/tau + heaviside(v - g)')).toEqual([32, "units: 'v - g' subtracts nS from mV"]);
  });

  it('time has the time unit', () => {
    expect(unitError(() => new Model(membrane('-v/tau', { tau: [10, 'ms'], g: [1, 'nS'] }, { inputs: { I: 't > g ? 1 : 0' } }))).location).toMatchObject({
      field: "input 'I'",
      column: 5,
    });
    expect(() => new Model(membrane('-v/tau', { tau: [10, 'ms'], t0: [1, 'ms'] }, { inputs: { I: 't > t0 ? 1 : 0' } }))).not.toThrow();
  });

  it('named expressions carry their inferred unit into the equations that use them', () => {
    const e = unitError(() => new Model(membrane('-v/tau + r', { tau: [10, 'ms'], c: [1, 'pA'] }, { expressions: { r: 'exp(-(v + 40)/10) * c' } })));
    expect(e.location).toMatchObject({ field: 'dv/dt', column: 10 });
    expect(e.reason).toBe("units: 'r' is pA, but dv/dt must be mV/ms (v in mV, time in ms)");
  });

  it('resets, event conditions, initial values and refractory periods', () => {
    const p = { tau: [10, 'ms'], c: [1, 'pA'], th: [-50, 'mV'], vr: [-65, 'mV'], tr: [2, 'ms'] } as Record<string, [number, string]>;
    const ev = (e: object): Partial<ModelSpec> => ({ events: [{ name: 'spike', when: 'v >= th', reset: 'v = vr', ...e }] });
    expect(() => new Model(membrane('-v/tau', p, ev({ refractory: 'tr' })))).not.toThrow();
    expect(unitError(() => new Model(membrane('-v/tau', p, ev({ reset: 'v = vr + c' })))).message).toBe(
      `model 'm', event 'spike' reset of 'v': "vr + c" at column 6: units: 'c' is pA, but v is mV`,
    );
    expect(unitError(() => new Model(membrane('-v/tau', p, ev({ when: 'v >= c' })))).reason).toBe("units: 'v >= c' compares mV with pA");
    expect(unitError(() => new Model(membrane('-v/tau', p, ev({ refractory: 'c' })))).reason).toBe("units: 'c' is pA, but a refractory period is in the time unit, ms");
    const init = membrane('-v/tau', p);
    (init.variables.v as { init: string }).init = 'vr + c';
    expect(unitError(() => new Model(init)).location).toMatchObject({ field: "init of 'v'", column: 6 });
  });

  it('a model file: the error names the file beside the model, and stays a UnitError', () => {
    const dir = mkdtempSync(join(tmpdir(), 'isocline-units-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: bad\ntime_unit: ms\nvariables:\n  v: { ddt: "g/tau", unit: mV }\nparameters:\n  g: { value: 1, unit: nS }\n  tau: { value: 10, unit: ms }\n');
    const e = unitError(() => loadModel(file));
    expect(e.message).toBe(`model 'bad (bad.yaml)', dv/dt: "g/tau" at column 1: units: 'g/tau' is nS/ms, but dv/dt must be mV/ms (v in mV, time in ms)`);
  });

  it('the CLI refuses such a file with one line and a non-zero exit, computing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isocline-units-'));
    const file = join(dir, 'furlong.yaml');
    writeFileSync(file, 'name: furlong\ntime_unit: ms\nvariables:\n  v: { ddt: "(E - v + d)/tau", unit: mV }\nparameters:\n  E: { value: -65, unit: mV }\n  d: { value: 3, unit: furlong }\n  tau: { value: 10, unit: ms }\n');
    const r = await runCLI('simulate', file, '--t', '10', '--json');
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/model 'furlong \(furlong\.yaml\)', parameter 'd': unknown unit 'furlong'/);
  });
});

describe('models without units, and undeclared units', () => {
  it('a model that declares no unit is not checked', () => {
    expect(() => new Model({ name: 'm', variables: { v: '-(v + g)/tau' }, parameters: { g: 1, tau: 10 } })).not.toThrow();
  });

  it('a number, or a symbol without a unit, takes the unit its place needs (Izhikevich 0.04*v^2 + 5*v + 140)', () => {
    expect(() => new Model(membrane('0.04*v^2 + 5*v + 140 - u', { u: [0] }))).not.toThrow();
    expect(() => new Model(membrane('k*(v - E) + I', { k: [1], E: [0, 'mV'], I: [0] }))).not.toThrow();
    // but what does carry a unit is still checked next to it
    expect(unitError(() => new Model(membrane('0.04*v^2 + 5*v + 140 - u + I', { u: [0], I: [1, 'pA'] }))).location.column).toBe(28);
  });

  it('without a time unit, dv/dt is not compared with v per time, but its terms still agree', () => {
    const spec = membrane('(EL - v)/tau', { EL: [-65, 'mV'], tau: [10, 'ms'] });
    delete spec.time_unit;
    expect(() => new Model(spec)).not.toThrow();
    const bad = membrane('(EL - v)/tau + g', { EL: [-65, 'mV'], tau: [10, 'ms'], g: [1, 'nS'] });
    delete bad.time_unit;
    expect(unitError(() => new Model(bad)).reason).toBe("units: '(EL - v)/tau + g' adds nS to mV/ms");
  });

  it('every whitelisted function has a unit rule', () => {
    expect([...UNIT_RULES].sort()).toEqual([...FUNCTIONS.keys()].sort());
  });
});
