import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCLI } from './run-cli.js';
import ref from '../references/continuation_eq.json';

const tmp = mkdtempSync(join(tmpdir(), 'isocline-continue-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('isocline continue', () => {
  it('--json is the ContinuationResult contract: branches with kind and points, special with type/param/state/lyapunov/criticality', async () => {
    const png = join(tmp, 'fhn.png');
    const r = await runCLI('continue', 'fitzhugh-nagumo', '--param', 'I', '--from', '0', '--to', '2', '--json', '--png', png);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j).sort()).toEqual(['branches', 'model', 'special', 'warnings']);
    expect(j.branches[0].kind).toBe('equilibrium');
    expect(Object.keys(j.branches[0].points[0]).sort()).toEqual(['eigenvalues', 'param', 's', 'stable', 'state']);
    const H = j.special.filter((s: { type: string }) => s.type === 'H');
    expect(H).toHaveLength(2);
    // Reference: test/references/continuation_eq.py (closed-form Hopf points, Guckenheimer–Holmes l1)
    expect(rel(H[0].param, ref.fhn_hopf[0].I)).toBeLessThan(1e-10);
    expect(rel(H[0].lyapunov, ref.fhn_hopf[0].l1)).toBeLessThan(1e-8);
    expect(H[0].criticality).toBe('subcritical');
    expect(Object.keys(H[0].state)).toEqual(['v', 'w']);
    expect(statSync(png).size).toBeGreaterThan(30_000);
  });

  it('two parameters: fold and Hopf curves, BT and CP in the text summary, a two-parameter figure', async () => {
    const png2 = join(tmp, 'ml2.png');
    const r = await runCLI('continue', 'morris-lecar', '--set', `gCa=4,V3=12,V4=17.4,phi=${1 / 15}`, '--from', '0', '--to', '300', '--second-param', 'gCa', '--second-from', '2', '--second-to', '8', '--png2', png2);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/fold-curve/);
    expect(r.stdout).toMatch(/hopf-curve/);
    const bt = /BT\s+\(I, gCa\) = \(([-\d.e]+), ([-\d.e]+)\)/.exec(r.stdout)!;
    expect(rel(Number(bt[1]), ref.ml_snic_gCa.BT[0].I)).toBeLessThan(1e-5); // printed to 6 digits
    expect(r.stdout).toMatch(/^CP /m);
    expect(statSync(png2).size).toBeGreaterThan(30_000);
  });

  it('hybrid model with --cycles: equilibria, and the cycles refused in one warning line', async () => {
    const r = await runCLI('continue', 'izhikevich', '--from', '-10', '--to', '10', '--cycles');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^LP\s+I = 4 /m);
    expect(r.stderr.split('\n').filter((l) => /cycles refused/.test(l))).toHaveLength(1);
  });

  it('bad input: one line, exit code 2, nearest name', async () => {
    let r = await runCLI('continue', 'fitzhugh-nagumo', '--param', 'II', '--from', '0', '--to', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("isocline: model 'fitzhugh-nagumo': --param: no parameter 'II' (did you mean 'I'?)\n");
    r = await runCLI('continue', 'fitzhugh-nagumo', '--from', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--from <x> --to <x>/);
    r = await runCLI('continue', 'fitzhugh-nagumo', '--from', '0', '--to', '1', '--second-from', '0');
    expect(r.stderr).toMatch(/needs --second-param/);
    r = await runCLI('continue', 'fitzhugh-nagumo', '--from', '0', '--to', '1', '--png', 'x.jpg');
    expect(r.stderr).toMatch(/ending in .png/);
  });
});
