import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCLI } from './run-cli.js';
import rs from '../references/izhikevich_rs.json';

const tmp = mkdtempSync(join(tmpdir(), 'isocline-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every failure is exactly one line on stderr, nothing on stdout, and a non-zero exit code. */
async function expectOneLineError(args: string[], pattern: RegExp): Promise<void> {
  const r = await runCLI(...args);
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^isocline: /);
  expect(r.stderr).toMatch(pattern);
}

describe('isocline simulate', () => {
  it('--json prints one object with located Izhikevich RS spike times (SciPy reference)', async () => {
    const r = await runCLI('simulate', 'izhikevich', '--preset', 'RS', '--set', 'I=10', '--init', 'v=-65,u=-13', '--t', '1000', '--rtol', '1e-10', '--atol', '1e-12', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const j = JSON.parse(r.stdout);
    expect(j.model).toBe('izhikevich');
    expect(j.method).toBe('odex');
    expect(Object.keys(j.y)).toEqual(['v', 'u']);
    expect(j.t.length).toBe(j.y.v.length);
    expect(j.units).toMatchObject({ t: 'ms', v: 'mV' });
    expect(j.spikes.length).toBe(rs.spikes.length);
    j.spikes.forEach((s: number, i: number) => expect(Math.abs(s - rs.spikes[i])).toBeLessThan(1e-6));
    expect(j.stats.evaluations).toBeGreaterThan(0);
    expect(Object.keys(j.final)).toEqual(['v', 'u']);
  });

  it('the documented command works: simulate izhikevich --preset RS --set I=10 --json', async () => {
    const r = await runCLI('simulate', 'izhikevich', '--preset', 'RS', '--set', 'I=10', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.spikes.length).toBeGreaterThan(0);
    expect(j.spikes.every((s: number) => s > 0 && s < 100)).toBe(true);
  });

  it('prints a human summary without --json', async () => {
    const r = await runCLI('simulate', 'izhikevich', '--preset', 'RS', '--set', 'I=10', '--t', '1000');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^model +izhikevich, preset RS \(I=10\)/m);
    expect(r.stdout).toMatch(/^spikes +23, at 3\.1/m);
    // u is in mV/ms: it is added to dv/dt (models/izhikevich.yaml)
    expect(r.stdout).toMatch(/^final +v = .* mV, u = .* mV\/ms$/m);
    expect(r.stdout).toMatch(/^cost +\d+ steps.*\d+ evaluations.* ms$/m);
  });

  it('integrates an inline model from --eq strings (both derivative forms) with --set defining parameters', async () => {
    const args = ['--set', 'a=0.7,b=0.8,tau=12.5,I=0.5', '--t', '0:1000', '--rtol', '1e-10', '--atol', '1e-12', '--json'];
    const r = await runCLI('simulate', '--eq', 'dv/dt = v - v^3/3 - w + I', '--eq', "w' = (v + a - b*w)/tau", ...args);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    // SciPy reference state at t = 1000 (test/references/fhn.json)
    expect(j.final.v).toBeCloseTo(0.5536568598257321, 5);
    expect(j.final.w).toBeCloseTo(1.3919646155483465, 5);
    expect(j.spikes).toEqual([]);
  });

  it('--input makes a parameter time-dependent', async () => {
    const r = await runCLI('simulate', 'fitzhugh-nagumo', '--input', 'I = t < 500 ? 0.5 : 0', '--t', '1000', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    // without input after t = 500 the cell settles on the I = 0 rest point
    expect(j.final.v).toBeCloseTo(-1.1994080352440348, 3);
  });

  it('accepts a model file path and --sample/--method', async () => {
    const file = join(tmp, 'decay.yaml');
    writeFileSync(file, 'name: decay\nvariables:\n  x: { ddt: "-k*x", init: 1 }\nparameters:\n  k: 0.5\n');
    const r = await runCLI('simulate', file, '--t', '2', '--method', 'rk4', '--dt', '0.01', '--sample', '0.5', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.t).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(j.final.x).toBeCloseTo(Math.exp(-1), 8);
  });

  it('--png writes a PNG figure', async () => {
    const file = join(tmp, 'lif.png');
    const r = await runCLI('simulate', 'lif', '--t', '100', '--png', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/figure +.*lif\.png/);
    const png = readFileSync(file);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(10_000);
  });

  it.each([
    [['simulate', 'izhikevic'], /no model file or bundled model 'izhikevic' \(did you mean 'izhikevich'\?\)/],
    [['simulate', 'izhikevich', '--set', 'II=3'], /no parameter 'II' \(did you mean 'I'\?\)/],
    [['simulate', 'izhikevich', '--set', 'I=abc'], /--set: 'I' needs a number, got 'abc'/],
    [['simulate', 'izhikevich', '--set', 'I'], /--set expects name=number pairs/],
    [['simulate', 'izhikevich', '--preset', 'XX'], /no preset 'XX'/],
    [['simulate', 'izhikevich', '--init', 'vv=1'], /no state variable 'vv'.*did you mean 'v'/],
    [['simulate', 'izhikevich', '--t', '0:abc'], /--t expects t1 or t0:t1/],
    [['simulate', 'izhikevich', '--t', '5:5'], /--t: the time span is empty/],
    [['simulate', 'izhikevich', '--rtol', '-1'], /--rtol must be positive/],
    [['simulate', 'izhikevich', '--rtol', '0x10'], /--rtol expects a number, got '0x10'/],
    [['simulate', 'izhikevich', '--method', 'rk5'], /--method must be one of odex, rk4, rk2, euler/],
    [['simulate', 'izhikevich', '--bogus'], /unknown option '--bogus'/],
    [['simulat', 'izhikevich'], /unknown command 'simulat'.*simulate/],
    [['simulate'], /name a model/],
    [['simulate', '--eq', 'dv/dt = v + I'], /unknown symbol 'I'; define it with --set I=<value>/],
    [['simulate', '--eq', 'dv/dt = v +', '--set', 'I=1'], /syntax error/],
    [['simulate', 'lif', '--eq', 'dv/dt = v'], /not both/],
    [['simulate', '--eq', 'dv/dt = -v', '--preset', 'RS'], /--preset needs a named model/],
    [['simulate', 'lif', '--png', 'x.jpg'], /--png needs a file name ending in \.png/],
    [['simulate', 'lif', '--plot', 'v'], /--plot only applies with a figure \(--png, --svg or --pdf/],
    [['simulate', 'izhikevich', '--set', 'I=1e30', '--t', '10'], /diverged/],
  ])('bad input %j fails with one line naming the problem', async (args, pattern) => {
    await expectOneLineError(args as string[], pattern);
  });
});
