import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCLI } from './run-cli.js';
import fhn from '../references/fhn.json';
import lif from '../references/lif.json';

const tmp = mkdtempSync(join(tmpdir(), 'isocline-phase-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('phase-plane commands', () => {
  it('phase --json: nullclines per variable, fixed points, trajectories, limit cycle (FitzHugh–Nagumo, I = 0.5)', async () => {
    // References: test/references/fhn.py (fixed point, eigenvalues, cycle period and extremes)
    const png = join(tmp, 'fhn.png');
    const chart = join(tmp, 'fhn.json');
    const r = await runCLI('phase', 'fitzhugh-nagumo', '--x', 'v:-2.5:2', '--y', 'w:-1:2', '--set', 'I=0.5', '--trajectory', '0,0', '--trajectory', 'v=-2,w=1.5', '--json', '--png', png, '--chart', chart);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j.nullclines)).toEqual(['v', 'w']);
    expect(j.nullclines.w).toHaveLength(1);
    expect(j.nullclines.w[0].x.length).toBe(j.nullclines.w[0].y.length);
    expect(j.fixedPoints).toHaveLength(1);
    expect(j.fixedPoints[0].stability).toBe('unstable focus');
    expect(j.fixedPoints[0].state.v).toBeCloseTo(fhn.fixed_points['I=0.5'][0].v, 12);
    expect(j.fixedPoints[0].eigenvalues[1].im).toBeCloseTo(fhn.fixed_points['I=0.5'][0].eig_im[1], 12);
    expect(j.trajectories).toHaveLength(2);
    expect(Math.abs(j.limitCycle.period - fhn['limit_cycle_I0.5'].period) / fhn['limit_cycle_I0.5'].period).toBeLessThan(1e-6);
    expect(j.limitCycle.min.v).toBeCloseTo(fhn['limit_cycle_I0.5'].v_min, 6);
    expect(j.limitCycle.max.w).toBeCloseTo(fhn['limit_cycle_I0.5'].w_max, 6);
    expect(statSync(png).size).toBeGreaterThan(50_000);
    expect(JSON.parse(readFileSync(chart, 'utf8')).type).toBe('scatter');
  });

  it('fixed-points --json: { fixedPoints: [{ state, eigenvalues: [{ re, im }], stability }], complete, reason, region }', async () => {
    const r = await runCLI('fixed-points', 'izhikevich', '--set', 'I=0', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.fixedPoints.map((f: { stability: string }) => f.stability)).toEqual(['stable node', 'saddle']);
    expect(j.fixedPoints[1].state.v).toBeCloseTo(-50, 10);
    expect(Object.keys(j.fixedPoints[0].eigenvalues[0])).toEqual(['re', 'im']);
    // no ranges: the state space is unbounded, and the JSON says the search may be incomplete
    expect(j.complete).toBe(false);
    expect(j.reason).toMatch(/no range for v, u/);
    expect(j.unbounded).toEqual(['v', 'u']);
    const ranged = JSON.parse((await runCLI('fixed-points', 'izhikevich', '--set', 'I=0', '--range', 'v:-100:0', '--range', 'u:-30:10', '--json')).stdout);
    expect(ranged.complete).toBe(true);
    expect(ranged.reason).toBeNull();
    expect(ranged.region).toEqual({ v: [-100, 0], u: [-30, 10] });
  });

  it('fixed-points text: says whether the search was exhaustive', async () => {
    const open = await runCLI('fixed-points', 'izhikevich', '--set', 'I=0');
    expect(open.code, open.stderr).toBe(0);
    expect(open.stdout).toMatch(/^search: may be incomplete: no range for v, u/m);
    const closed = await runCLI('fixed-points', 'izhikevich', '--set', 'I=0', '--range', 'v:-100:0', '--range', 'u:-30:10');
    expect(closed.stdout).toMatch(/^search: complete/m);
  });

  it('phase of a model with more than two variables: the text and JSON say which system each element belongs to', async () => {
    const args = ['phase', 'hodgkin-huxley', '--x', 'v:-80:40', '--y', 'n:0:1', '--set', 'I=0', '--hold', 'm=0.05,h=0.6', '--no-separatrices', '--no-limit-cycle', '--arrows', '0', '--resolution', '61'];
    const text = await runCLI(...args);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^system {8}projection: nullclines and field with m = 0.05, h = 0.6 held; fixed points, trajectories and cycle of the full 4-variable system, projected$/m);
    // the full system's fixed points were searched with m and h free: not exhaustive, and it says so
    expect(text.stdout).toMatch(/^ {14}search may be incomplete: no range for m, h/m);
    const j = JSON.parse((await runCLI(...args, '--system', 'reduced', '--json')).stdout);
    expect(j.system).toBe('reduced');
    expect(j.held).toEqual({ m: 0.05, h: 0.6 });
    expect(j.shows).toMatch(/^the reduced system with m = 0.05, h = 0.6 held/);
    expect(Object.keys(j.fixedPoints[0].state)).toEqual(['v', 'n']);
    expect(j.fixedPointSearch.complete).toBe(true);
  });

  it('a linear ring of 3 (mathjs eigs failed on it): fixed-points, phase, limit-cycle and bifurcation all answer', async () => {
    // v_i' = −2 v_i + v_{i+1} + I: the one equilibrium is v_i = I (closed form), eigenvalues −2 + ω^k
    const file = join(tmp, 'ring3.yaml');
    writeFileSync(file, [
      'name: ring3',
      'variables:',
      ...[0, 1, 2].map((i) => `  v${i}: { ddt: "-2*v${i} + v${(i + 1) % 3} + I", init: 0 }`),
      'parameters:',
      '  I: { value: 1 }',
    ].join('\n') + '\n');
    const fp = await runCLI('fixed-points', file, '--json');
    expect(fp.code, fp.stderr).toBe(0);
    const j = JSON.parse(fp.stdout);
    expect(j.fixedPoints).toHaveLength(1);
    expect(j.fixedPoints[0].state).toEqual({ v0: 1, v1: 1, v2: 1 });
    expect(j.complete).toBe(true);
    for (const args of [
      ['phase', file, '--x', 'v0:0:2', '--y', 'v1:0:2', '--arrows', '0', '--resolution', '41'],
      ['limit-cycle', file],
      ['bifurcation', file, '--param', 'I', '--from', '0', '--to', '2', '--steps', '5', '--no-cycles'],
    ]) {
      const r = await runCLI(...args);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(0);
      expect(r.stderr).not.toMatch(/failed to converge/);
    }
  });

  it('limit-cycle --json: period, min and max of each variable', async () => {
    const r = await runCLI('limit-cycle', 'fitzhugh-nagumo', '--set', 'I=0.5', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.found).toBe(true);
    expect(Math.abs(j.period - fhn['limit_cycle_I0.5'].period)).toBeLessThan(1e-6);
    expect(Object.keys(j.min)).toEqual(['v', 'w']);
    expect(j.orbit).toBeUndefined();
  });

  it('fi-curve --json: LIF rates against the closed form (test/references/lif.py)', async () => {
    const r = await runCLI('fi-curve', 'lif', '--param', 'I', '--from', '2', '--to', '5', '--steps', '4', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    j.values.forEach((I: number, k: number) => {
      const ref = lif.fI.find((p) => p.I === I)!;
      expect(Math.abs(j.rate[k] - ref.rate_hz) / ref.rate_hz).toBeLessThan(1e-5);
    });
    expect(j.rheobase).toBeNull(); // every value fires
  });

  it('fi-curve text: 0 at exactly the LIF rheobase, the rheobase as a bracket with the limit of the rate, reversed ranges', async () => {
    // closed form (test/references/lif.py): f(1) = 0; the onset is continuous (class 1)
    for (const [from, to] of [['0', '5'], ['5', '0']]) {
      const r = await runCLI('fi-curve', 'lif', '--param', 'I', '--from', from, '--to', to, '--steps', '5');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^rheobase {3}I = 0\.99\d+ \(between 0\.99\d+ and 1\.00\d+\); class 1: the rate rises continuously from 0$/m);
    }
    const r = await runCLI('fi-curve', 'lif', '--param', 'I', '--from', '0', '--to', '2', '--steps', '3');
    expect(r.stdout).toMatch(/^1 +0$/m);
  });

  it('bifurcation --json: branches, stability and the two Hopf points of FitzHugh–Nagumo', async () => {
    const r = await runCLI('bifurcation', 'fitzhugh-nagumo', '--param', 'I', '--from', '0', '--to', '2', '--steps', '11', '--no-cycles', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    const hopf = j.points.filter((q: { type: string }) => q.type === 'hopf').map((q: { param: number }) => q.param);
    expect(hopf).toHaveLength(2);
    hopf.forEach((I: number, i: number) => expect(Math.abs(I - fhn.hopf[i].I)).toBeLessThan(1e-4));
    expect(j.branches).toHaveLength(1);
    expect(j.branches[0].param).toHaveLength(11);
    expect(j.branches[0].stability).toContain('unstable focus');
  });

  it('bad input: one stderr line, non-zero exit', async () => {
    for (const args of [
      ['phase', 'fitzhugh-nagumo', '--x', 'v:-2.5:2'],
      ['phase', 'fitzhugh-nagumo', '--x', 'q:-1:1', '--y', 'w:-1:2'],
      ['phase', 'fitzhugh-nagumo', '--x', 'v:-1:1', '--y', 'w:-1:2', '--trajectory', '1'],
      ['fi-curve', 'hodgkin-huxley', '--from', '0', '--to', '10'],
      ['bifurcation', 'fitzhugh-nagumo', '--param', 'I'],
      ['limit-cycle', 'fitzhugh-nagumo', '--section', 'v:abc'],
    ]) {
      const r = await runCLI(...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^isocline: /);
    }
  });
});
