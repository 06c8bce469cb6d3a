/**
 * `isocline continue --cycles`: the JSON carries the cycle branch and its LPC special points, and
 * the diagram and period figures are drawn. Values against AUTO-07p
 * (test/references/auto_cycles.json, see cycles-auto.test.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCLI } from '../cli/run-cli.js';

const auto = JSON.parse(readFileSync(new URL('../references/auto_cycles.json', import.meta.url), 'utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'isocline-cycles-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('isocline continue --cycles', () => {
  it('Morris–Lecar: one cycle branch joining both Hopf points, its LPCs in the JSON, diagram and period figures', async () => {
    const png = join(tmp, 'ml.png');
    const ppng = join(tmp, 'ml-period.png');
    const r = await runCLI('continue', 'morris-lecar', '--param', 'I', '--from', '0', '--to', '300', '--cycles', '--json', '--png', png, '--period-png', ppng);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    const cycles = j.branches.filter((b: { kind: string }) => b.kind === 'cycle');
    // the branch from the first Hopf point ends on the second, which is then not traced again
    expect(cycles).toHaveLength(1);
    const p0 = cycles[0].points[1];
    expect(Object.keys(p0).sort()).toEqual(['max', 'min', 'multipliers', 'param', 'period', 's', 'stable', 'state']);
    const lpc = j.special.filter((s: { type: string }) => s.type === 'LPC');
    const ref = [...new Set(auto.models['ml-hopf'].hopf.flatMap((h: { LPC: { I: number }[] }) => h.LPC.map((l) => l.I.toFixed(6))))].map(Number).sort((a, b) => a - b);
    expect(lpc.map((s: { param: number }) => s.param).sort((a: number, b: number) => a - b).map((p: number, i: number) => rel(p, ref[i]) < 1e-6)).toEqual([true, true]);
    for (const s of lpc) {
      expect(j.branches[s.branch].kind).toBe('cycle');
      expect(s.period).toBeGreaterThan(0);
    }
    expect(statSync(png).size).toBeGreaterThan(30_000);
    expect(statSync(ppng).size).toBeGreaterThan(20_000);
  }, 120000);
});
