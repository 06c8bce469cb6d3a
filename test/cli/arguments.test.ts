/**
 * Issue 10.4: arguments that do nothing. Each of these ran with exit code 0 on the old main and
 * silently ignored (or guessed at) part of the command line; each is now a usage error (exit 2)
 * with one line naming the option and the value.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCLI } from './run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'isocline-args-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function expectUsageError(args: string[], pattern: RegExp): Promise<void> {
  const r = await runCLI(...args);
  expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n').filter((l) => !l.startsWith('isocline: note:'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^isocline: /);
  expect(lines[0]).toMatch(pattern);
}

const DECAY = ['--eq', "v' = -v/tau", '--set', 'tau=10', '--init', 'v=1'];

describe('arguments that do nothing (issue 10.4)', () => {
  it('--set of a parameter the model does not have names the nearest one', async () => {
    await expectUsageError(['simulate', 'izhikevich', '--set', 'J=2'], /model 'izhikevich'.*no parameter 'J'/);
    await expectUsageError(['simulate', 'izhikevich', '--set', 'II=2'], /no parameter 'II' \(did you mean 'I'\?\)/);
  });

  it('--set or --input of a parameter that no equation uses is refused, for files and inline models', async () => {
    // a model file declaring J without using it: setting J would change nothing
    const file = join(tmp, 'unused.yaml');
    writeFileSync(file, 'name: unused\nvariables:\n  v: { ddt: "-v/tau", init: 1 }\nparameters:\n  tau: 10\n  J: 0\n');
    await expectUsageError(['simulate', file, '--set', 'J=2'], /model 'unused'.*--set J: 'J' appears in no equation/);
    await expectUsageError(['simulate', file, '--input', 'J = t'], /--input J: 'J' appears in no equation/);
    await expectUsageError(['simulate', ...DECAY, '--set', 'J=2'], /model 'inline'.*--set J: 'J' appears in no equation/);
    // a used parameter is fine: v(5) = exp(-5/10) exactly (closed form)
    const ok = await runCLI('simulate', file, '--set', 'tau=10', '--t', '5', '--rtol', '1e-10', '--atol', '1e-12', '--json');
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).final.v).toBeCloseTo(Math.exp(-0.5), 8);
  });

  it('a name given twice is refused, not "last wins"', async () => {
    await expectUsageError(['simulate', 'izhikevich', '--set', 'I=1,I=2'], /--set: 'I' is given twice \(1 and 2\)/);
    await expectUsageError(['simulate', 'izhikevich', '--set', 'I=1', '--set', 'I=2'], /--set: 'I' is given twice/);
    await expectUsageError(['simulate', 'izhikevich', '--init', 'v=-70,v=-60'], /--init: 'v' is given twice/);
    await expectUsageError(['simulate', 'izhikevich', '--input', 'I = t', '--input', 'I = 2*t'], /--input: 'I' is given twice/);
    await expectUsageError(['fixed-points', 'izhikevich', '--range', 'v:-100:0', '--range', 'v:-90:0'], /--range: 'v' is given twice/);
    await expectUsageError(['phase', 'hodgkin-huxley', '--x', 'v:-80:40', '--y', 'n:0:1', '--hold', 'm=0.05,m=0.1'], /--hold: 'm' is given twice/);
  });

  it('empty values are refused: --preset "", --set "", a trailing comma', async () => {
    await expectUsageError(['simulate', 'izhikevich', '--preset', ''], /model 'izhikevich': no preset ''/);
    await expectUsageError(['simulate', 'izhikevich', '--set', ''], /--set expects name=number pairs/);
    await expectUsageError(['simulate', 'izhikevich', '--set', 'I=1,'], /--set expects name=number pairs/);
  });

  it('a backward time span is refused', async () => {
    await expectUsageError(['simulate', 'izhikevich', '--t', '100:0'], /--t: the time span runs backwards \(100 to 0\)/);
    await expectUsageError(['simulate', 'izhikevich', '--t', '-5'], /--t: the time span runs backwards/);
  });

  it('each command declares only the options it uses: --input and --event are unknown to fixed-points', async () => {
    await expectUsageError(['fixed-points', 'izhikevich', '--input', 'I = t'], /unknown option '--input'/);
    await expectUsageError(['fixed-points', ...DECAY, '--event', 'v >= 1: v = 0'], /unknown option '--event'/);
    for (const cmd of ['phase', 'limit-cycle', 'fi-curve', 'bifurcation']) {
      await expectUsageError([cmd, 'izhikevich', '--input', 'I = t'], /unknown option '--input'/);
    }
  });

  it('an option whose effect depends on another that is absent is refused', async () => {
    await expectUsageError(['simulate', 'izhikevich', '--dt', '0.1'], /--dt only applies with --method rk4, rk2 or euler/);
    await expectUsageError(['simulate', 'izhikevich', '--method', 'euler', '--rtol', '1e-3'], /--rtol only applies with --method odex/);
    await expectUsageError(['simulate', 'izhikevich', '--method', 'rk4', '--max-step', '1'], /--max-step only applies with --method odex/);
    await expectUsageError(['simulate', 'izhikevich', '--name', 'mine'], /--name names an inline \(--eq\) model/);
    await expectUsageError(['simulate', 'izhikevich', '--event', 'v >= 0: v = -70'], /--event adds an event to an inline \(--eq\) model/);
    await expectUsageError(['phase', 'fitzhugh-nagumo', '--x', 'v:-2.5:2', '--y', 'w:-1:2', '--title', 'T'], /--title only applies with a figure \(--png, --svg, --pdf\) or --chart/);
    await expectUsageError(['phase', 'fitzhugh-nagumo', '--x', 'v:-2.5:2', '--y', 'w:-1:2', '--direction', 'both'], /--direction only applies with --trajectory or --trajectories/);
    await expectUsageError(['phase', 'fitzhugh-nagumo', '--x', 'v:-2.5:2', '--y', 'w:-1:2', '--hold', 'v=1'], /--hold v: 'v' is an axis of the plane/);
    await expectUsageError(['fi-curve', 'lif', '--from', '0', '--to', '2', '--title', 'T'], /--title only applies with a figure \(--png, --svg, --pdf\) or --chart/);
    await expectUsageError(['fi-curve', 'lif', '--set', 'I=3', '--from', '0', '--to', '2'], /--set I: 'I' is the swept parameter/);
    await expectUsageError(['bifurcation', 'fitzhugh-nagumo', '--set', 'I=3', '--param', 'I', '--from', '0', '--to', '2'], /--set I: 'I' is the swept parameter/);
    // the defaults themselves never trigger this: the same commands without the typed option run
    const r = await runCLI('simulate', 'izhikevich', '--method', 'euler', '--t', '10', '--json');
    expect(r.code, r.stderr).toBe(0);
  });
});
