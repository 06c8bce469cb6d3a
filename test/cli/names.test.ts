/**
 * Issue 10.2: every name the user gives is looked up among the model's own names only. Names that
 * every JS object answers to (`constructor`, `toString`, `valueOf`, `__proto__`, ...) were
 * accepted as presets that change nothing, or dropped silently as parameters, inputs, initial
 * values and held variables. Each must now be an error naming the model and the name.
 */
import { describe, it, expect } from 'vitest';
import { runCLI } from './run-cli.js';
import { loadModel } from '../../src/model/modelfile.js';
import { Model } from '../../src/model/model.js';
import { ModelError, OptionError } from '../../src/model/errors.js';
import { simulate } from '../../src/single/simulate.js';
import { timeSeriesChart } from '../../src/plot/time-series.js';

const NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', '__defineGetter__', 'prototype'];
// names the model layer refuses outright (src/model/functions.ts FORBIDDEN_NAMES)
const FORBIDDEN = new Set(['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'prototype']);
const FHN = ['--eq', "v' = v - v^3/3 - w + I", '--eq', "w' = (v + a - b*w)/tau", '--set', 'a=0.7,b=0.8,tau=12.5,I=0.5'];

/** A usage error: exit code 2, nothing on stdout, one line on stderr matching `pattern`. */
async function expectUsageError(args: string[], pattern: RegExp): Promise<void> {
  const r = await runCLI(...args);
  expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n').filter((l) => !l.startsWith('isocline: note:'))).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

describe('names that are not the user\'s (issue 10.2)', () => {
  for (const name of NAMES) {
    it(`'${name}' is refused as a preset, parameter, input, initial value and held variable`, async () => {
      await expectUsageError(['simulate', 'izhikevich', '--preset', name], new RegExp(`model 'izhikevich': no preset '${name.replace(/\$/g, '\\$')}'`));
      await expectUsageError(['simulate', 'izhikevich', '--set', `${name}=5`], new RegExp(`model 'izhikevich'.*no parameter '${name}'`));
      await expectUsageError(['simulate', 'izhikevich', '--input', `${name} = t`], new RegExp(`model 'izhikevich'.*no parameter '${name}'`));
      await expectUsageError(['simulate', 'izhikevich', '--init', `${name}=1`], new RegExp(`model 'izhikevich'.*no state variable '${name}'`));
      await expectUsageError(['phase', 'izhikevich', '--x', 'v:-80:40', '--y', 'u:-20:10', '--hold', `${name}=1`], new RegExp(`'${name}'`));
      // inline models: the name reaches validation, which names it
      await expectUsageError(['simulate', ...FHN, '--set', `${name}=5`], new RegExp(`model 'inline'.*'${name}'`));
      await expectUsageError(['simulate', ...FHN, '--init', `${name}=1`], new RegExp(`model 'inline'.*'${name}'`));
      if (FORBIDDEN.has(name)) await expectUsageError(['simulate', '--eq', `${name}' = 1`], new RegExp(`model 'inline'.*'${name}' is a forbidden name`));
    });
  }

  // names the model layer does not forbid are ordinary names once every lookup is by own property
  for (const name of NAMES.filter((n) => !FORBIDDEN.has(n))) {
    it(`'${name}' works as an ordinary variable and parameter name`, async () => {
      const r = await runCLI('simulate', '--eq', `${name}' = -k*${name}`, '--set', 'k=0.5', '--init', `${name}=2`, '--t', '4', '--rtol', '1e-10', '--atol', '1e-12', '--json');
      expect(r.code, r.stderr).toBe(0);
      // closed form: x(t) = 2 exp(-k t), x(4) = 2 exp(-2)
      expect(JSON.parse(r.stdout).final[name]).toBeCloseTo(2 * Math.exp(-2), 8);
    });
  }

  it('a typo still gets the nearest known name', async () => {
    await expectUsageError(['simulate', 'izhikevich', '--preset', 'rs'], /no preset 'rs' .*did you mean 'RS'/);
    await expectUsageError(['simulate', 'izhikevich', '--set', 'II=5'], /no parameter 'II'.*did you mean 'I'/);
    await expectUsageError(['simulate', 'izhikevich', '--init', 'vv=1'], /no state variable 'vv'.*did you mean 'v'/);
  });

  it('the API refuses the same names (JSON.parse makes them own keys, as a model file would)', () => {
    const izh = loadModel('izhikevich');
    for (const name of NAMES) {
      const own = (value: unknown): Record<string, never> => JSON.parse(`{${JSON.stringify(name)}: ${JSON.stringify(value)}}`);
      expect(() => izh.preset(name), name).toThrow(ModelError);
      expect(() => izh.preset(name)).toThrow(`no preset '${name}'`);
      expect(() => izh.with(own(5)), name).toThrow(`no parameter '${name}'`);
      expect(() => izh.with(own('t')), name).toThrow(`no parameter '${name}'`);
      expect(() => izh.withInit(own(1)), name).toThrow(`no state variable '${name}'`);
      expect(() => Model.fromEquations('m', ["v' = -v"], {}, { init: own(1) }), name).toThrow(`initial value given for '${name}'`);
      if (FORBIDDEN.has(name)) {
        expect(() => Model.fromEquations('m', [`${name}' = -1`]), name).toThrow(ModelError);
        expect(() => Model.fromEquations('m', ["v' = -v", `${name} = 2*v`]), name).toThrow(ModelError);
      } else expect(Model.fromEquations('m', [`${name}' = -1`]).variableNames).toEqual([name]);
    }
    // a result's variables are looked up by own key too (the old `name in result.y` let them through)
    const r = simulate(loadModel('lif'), { t: 1 });
    for (const name of NAMES) expect(() => timeSeriesChart(r, { variables: [name] }), name).toThrow(OptionError);
    // and nothing leaked onto the prototype chain of plain objects
    expect(({} as Record<string, unknown>).ddt).toBeUndefined();
  });
});
