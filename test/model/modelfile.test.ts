import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledModels, loadModel, Model, ModelError, ModelFileError, modelToText, parseModelFile, saveModel, simulate, Variable } from '../../src/index.js';
// FitzHugh-Nagumo state at t = 1000 from (0, 0), I = 0.5: SciPy DOP853 at rtol = atol = 1e-13
// (cross-checked with Radau), test/references/fhn.py.
import fhnRef from '../references/fhn.json';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'isocline-modelfile-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BUNDLED = ['adex', 'fitzhugh-nagumo', 'hodgkin-huxley', 'izhikevich', 'lif', 'morris-lecar', 'relu-rate'];

describe('bundled models', () => {
  it('are all listed and all load', () => {
    expect(bundledModels().map((m) => m.name)).toEqual(BUNDLED);
    for (const { name, description, file } of bundledModels()) {
      const m = loadModel(name);
      expect(m.name).toBe(name);
      expect(m.description).toBe(description);
      // a path loads the same model as the name
      expect(loadModel(file).toJSON()).toEqual(m.toJSON());
      expect(m.spec.reference, `${name} cites its source`).toMatch(/\d{4}/);
    }
  });

  it('every preset applies', () => {
    const izh = loadModel('izhikevich');
    expect(izh.presets).toEqual(['RS', 'IB', 'CH', 'FS', 'LTS', 'TC', 'RZ']);
    const fs = izh.preset('FS');
    expect(fs.parameters).toMatchObject({ a: 0.1, b: 0.2, c: -65, d: 2, I: 10 });
    // presets do not change the original
    expect(izh.parameters.a).toBe(0.02);
  });
});

describe('save and load round trip', () => {
  for (const name of BUNDLED) {
    it(`${name}: YAML and JSON give an equal spec and an identical simulation`, () => {
      const m = loadModel(name);
      const original = simulate(m, { t: 50 });
      for (const ext of ['yaml', 'json']) {
        const path = join(dir, `${name}.${ext}`);
        saveModel(m, path);
        if (ext === 'json') expect(() => JSON.parse(readFileSync(path, 'utf8'))).not.toThrow();
        const back = loadModel(path);
        expect(back.toJSON()).toEqual(m.toJSON());
        const again = simulate(back, { t: 50 });
        expect(Array.from(again.t)).toEqual(Array.from(original.t));
        for (const v of m.variableNames) expect(Array.from(again.y[v])).toEqual(Array.from(original.y[v]));
        expect(again.spikes).toEqual(original.spikes);
      }
    });
  }

  it('a modified model (time-dependent input, new init) survives the round trip too', () => {
    const m = loadModel('izhikevich').preset('RS').with({ I: 't > 20 and t < 70 ? 7 : 0' }).withInit({ v: -70 });
    const path = join(dir, 'step.yaml');
    saveModel(m, path);
    const back = loadModel(path);
    expect(back.toJSON()).toEqual(m.toJSON());
    expect(simulate(back, { t: 100 }).spikes).toEqual(simulate(m, { t: 100 }).spikes);
    expect(parseModelFile(modelToText(m, 'json'))).toEqual(m.toJSON());
  });
});

describe('Model API', () => {
  it('with(): numbers change parameters, strings turn a parameter into an input', () => {
    const fhn = loadModel('fitzhugh-nagumo');
    const m = fhn.with({ I: 0.3, a: 0.6 });
    expect(m.parameters).toMatchObject({ I: 0.3, a: 0.6, b: 0.8 });
    expect(fhn.parameters.I).toBe(0.5);
    const pulsed = fhn.with({ I: 't < 10 ? 1 : 0' });
    expect(pulsed.parameterNames).not.toContain('I');
    expect(pulsed.spec.inputs).toEqual({ I: 't < 10 ? 1 : 0' });
    // and an input can be replaced again by another expression
    expect(pulsed.with({ I: '0.5' }).spec.inputs).toEqual({ I: '0.5' });
    expect(() => pulsed.with({ I: 0.5 })).toThrow(/no parameter 'I'/);
  });

  it('withInit() sets initial values; the spec stays immutable', () => {
    const m = loadModel('fitzhugh-nagumo').withInit({ v: -1, w: 0.5 });
    expect(simulate(m, { t: 1 }).y.v[0]).toBe(-1);
    expect(simulate(m, { t: 1 }).y.w[0]).toBe(0.5);
    expect(Object.isFrozen(m.spec)).toBe(true);
    expect(() => ((m.spec.variables as Record<string, unknown>).v = 'x')).toThrow(TypeError);
  });

  it('fromEquations: FHN from its two equations matches the SciPy reference at t = 1000', () => {
    const fhn = Model.fromEquations('fhn', ["v' = v - v^3/3 - w + I", "w' = (v + a - b*w)/tau"], { a: 0.7, b: 0.8, tau: 12.5, I: 0.5 });
    const r = simulate(fhn, { t: 1000, rtol: 1e-11, atol: 1e-13 });
    const want = fhnRef['state_t1000_I0.5_from_0_0'];
    // ~22 periods of a limit cycle: phase error accumulates, 1e-7 is ~100 x the observed error
    expect(Math.abs(r.final[0] - want.v)).toBeLessThan(1e-7);
    expect(Math.abs(r.final[1] - want.w)).toBeLessThan(1e-7);
    // and it is the bundled model in all but name
    const bundled = simulate(loadModel('fitzhugh-nagumo'), { t: 100 });
    expect(Array.from(simulate(fhn, { t: 100 }).final)).toEqual(Array.from(bundled.final));
  });

  it('fromEquations: dx/dt form, named expressions, comments, init and Python syntax', () => {
    const m = Model.fromEquations('decay', 'dx/dt = -k*x + drive\n# a comment\ndrive = 1 if t < 1 else 0; ', { k: 2 }, { init: { x: 3 } });
    expect(m.variableNames).toEqual(['x']);
    expect(m.spec.expressions).toEqual({ drive: '1 if t < 1 else 0' });
    const r = simulate(m, { t: 0.5, rtol: 1e-10, atol: 1e-12 });
    // closed form: x = 1/2 + (3 - 1/2) exp(-2t)
    expect(r.final[0]).toBeCloseTo(0.5 + 2.5 * Math.exp(-1), 9);
    expect(() => Model.fromEquations('m', ['x = = 1'])).toThrow(ModelError);
    expect(() => Model.fromEquations('m', ['x + 1'])).toThrow(/an equation reads/);
  });

  it('new Model with Variable objects', () => {
    const m = new Model('fhn', {
      variables: [new Variable('v', 'v - v^3/3 - w + I', 0), new Variable('w', '(v + a - b*w)/tau', 0)],
      parameters: { a: 0.7, b: 0.8, tau: 12.5, I: 0.5 },
    });
    expect(simulate(m, { t: 100 }).final).toEqual(simulate(loadModel('fitzhugh-nagumo'), { t: 100 }).final);
  });
});

describe('bad model files', () => {
  const bad = (text: string): ModelFileError => {
    try {
      parseModelFile(text, 'bad.yaml');
    } catch (e) {
      expect(e).toBeInstanceOf(ModelFileError);
      return e as ModelFileError;
    }
    throw new Error('expected a ModelFileError');
  };
  const head = 'name: m\nvariables:\n';

  it('schema errors name the field path', () => {
    expect(bad(`${head}  v: { ddt: 3 }\n`).message).toBe('bad.yaml: variables.v.ddt: must be string');
    expect(bad(`${head}  v: { init: 3 }\n`).message).toBe("bad.yaml: variables.v: must have required property 'ddt'");
    expect(bad(`${head}  v: { ddt: "1", inti: 3 }\n`).message).toBe("bad.yaml: variables.v: unknown key 'inti' (did you mean 'init'?)");
    expect(bad(`${head}  v: "1"\nparameters:\n  a: "x"\n`).message).toBe('bad.yaml: parameters.a: must be number or object');
    expect(bad(`${head}  v: "1"\nparameters:\n  a: { unit: mV }\n`).message).toBe("bad.yaml: parameters.a: must have required property 'value'");
    expect(bad(`${head}  v: "1"\nevents:\n  - { when: "v > 1", rest: "v = 0" }\n`).message).toBe("bad.yaml: events.0: unknown key 'rest' (did you mean 'reset'?)");
    expect(bad(`${head}  v: "1"\npresets:\n  A: { a: x }\n`).message).toBe('bad.yaml: presets.A.a: must be number');
    expect(bad('name: m\nvariable:\n  v: "1"\n').message).toMatch(/\(top level\): (must have required property 'variables'|unknown key 'variable' \(did you mean 'variables'\?\))/);
    expect(bad('- 1\n').message).toBe('bad.yaml: (top level): must be object');
    expect(bad(`${head}`).message).toBe('bad.yaml: variables: must be object');
    expect(bad('name: m\nvariables: {}\n').message).toBe('bad.yaml: variables: must NOT have fewer than 1 properties');
  });

  it('YAML syntax errors give line and column', () => {
    expect(bad(`${head}  v: { ddt: "1"\n  w: 2\n`).message).toMatch(/^bad\.yaml: not valid YAML\/JSON: .* at line 4, column 3$/);
    expect(bad(`${head}\tv: "1"\n`).message).toMatch(/Tabs are not allowed as indentation at line 3, column 1$/);
    expect(bad(`${head}  v: "1"\n  v: "2"\n`).message).toMatch(/Map keys must be unique at line 4/);
    expect(bad('{"name": "m", "variables": {"v": "1"}').message).toMatch(/not valid YAML\/JSON/);
  });

  it('YAML tags that would mean code are refused', () => {
    expect(bad(`${head}  v: !!js/function "function () {}"\n`).message).toMatch(/Unresolved tag/);
  });

  it('loadModel reports the file for schema errors and the model and file for model errors', () => {
    const path = join(dir, 'broken.yaml');
    writeFileSync(path, `${head}  v: { ddt: "1", inti: 3 }\n`);
    expect(() => loadModel(path)).toThrow(`${path}: variables.v: unknown key 'inti'`);
    writeFileSync(path, `${head}  v: "v + tua"\nparameters: { tau: 1 }\n`);
    expect(() => loadModel(path)).toThrow(ModelError);
    expect(() => loadModel(path)).toThrow(`model 'm (broken.yaml)', dv/dt: "v + tua" at column 5: unknown symbol 'tua' (did you mean 'tau'?)`);
  });
});
