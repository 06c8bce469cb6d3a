/**
 * The notebooks are saved executed (scripts/notebooks.mjs runs them; CI needs Jupyter for that).
 * Without Jupyter, this checks what the saved files promise: every notebook executed top to bottom
 * with no error output, under the runner's 1 MB limit, with a thumbnail and a line in README.md's
 * list; and, for the continuation notebooks (issue 12), that the comparison tables they print
 * against AUTO-07p and the SciPy references show the agreement their prose claims.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';

const dir = new URL('../../notebooks/', import.meta.url);
const names = readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort();

interface Cell {
  cell_type: string;
  source: string | string[];
  execution_count?: number | null;
  outputs?: { output_type: string; text?: string | string[]; data?: Record<string, unknown> }[];
}
const load = (name: string): Cell[] => JSON.parse(readFileSync(new URL(name, dir), 'utf8')).cells;
const text = (x: string | string[] | undefined): string => (Array.isArray(x) ? x.join('') : (x ?? ''));
const printed = (cells: Cell[]): string => cells.flatMap((c) => c.outputs ?? []).map((o) => text(o.text)).join('');

/** rows `quantity  ours  reference  rel.diff  source` of the comparison tables */
function comparisons(out: string): { quantity: string; rel: number; source: string }[] {
  const rows: { quantity: string; rel: number; source: string }[] = [];
  for (const line of out.split('\n')) {
    const m = /^(.+?)\s+(-?[\d.]+(?:e[-+]?\d+)?)\s+(-?[\d.]+(?:e[-+]?\d+)?)\s+(\d\.\de[-+]\d+)\s+(.+)$/.exec(line.trim());
    if (m) rows.push({ quantity: m[1].trim(), rel: Number(m[4]), source: m[5].trim() });
  }
  return rows;
}

describe('saved notebooks', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  it.each(names)('%s: executed in order, no errors, < 1 MB, thumbnail, listed in README.md', (name) => {
    const cells = load(name).filter((c) => c.cell_type === 'code');
    expect(cells.length).toBeGreaterThan(0);
    cells.forEach((c, i) => expect(c.execution_count).toBe(i + 1));
    for (const c of cells) for (const o of c.outputs ?? []) expect(o.output_type).not.toBe('error');
    expect(statSync(new URL(name, dir)).size).toBeLessThan(1_000_000);
    const stem = name.replace(/\.ipynb$/, '');
    expect(existsSync(new URL(`thumbnails/${stem}.png`, dir))).toBe(true);
    expect(readme).toContain(`(notebooks/${name})`);
    expect(readme).toContain(`notebooks/thumbnails/${stem}.png`);
  });

  it('02 shows the full FitzHugh–Nagumo continuation diagram, matching AUTO-07p', () => {
    const out = printed(load('02-model-from-equations.ipynb'));
    expect(out).toMatch(/^H\s+0\.33128\d+.*subcritical$/m);
    expect(out.match(/^LPC\s+\d/gm)).toHaveLength(2);
    const rows = comparisons(out);
    const place = rows.filter((r) => /^(H\d|LPC \(\w+\)): I$/.test(r.quantity));
    expect(place).toHaveLength(4);
    // AUTO-07p prints 11 significant digits; the issue asks 1e-6 relative
    for (const r of place) expect(r.rel).toBeLessThan(1e-8);
    for (const r of rows.filter((r) => /l1$/.test(r.quantity))) expect(r.rel).toBeLessThan(1e-10);
    expect(rows.find((r) => /unstable cycle, period/.test(r.quantity))!.rel).toBeLessThan(1e-6);
  });

  it('07 tells class 1 (SNIC) from class 2 (subcritical Hopf + LPC), matching AUTO-07p', () => {
    const out = printed(load('07-morris-lecar-excitability.ipynb'));
    const rows = comparisons(out);
    const auto = rows.filter((r) => /AUTO-07p/.test(r.source));
    // each codimension-two point is listed once (BT was listed from the fold and the Hopf curve before)
    expect(auto.length).toBeGreaterThanOrEqual(13);
    for (const r of auto.filter((r) => / I$| gCa$/.test(r.quantity))) expect(r.rel).toBeLessThan(1e-8);
    for (const r of auto.filter((r) => /period/.test(r.quantity))) expect(r.rel).toBeLessThan(1e-5);
    expect(out).toMatch(/class 2: class 2, onset bracket/);
    expect(out).toMatch(/class 1: class 1, onset bracket/);
    // the simulated class-2 onset (from a firing state) is the fold of cycles, not the Hopf point
    expect(rows.find((r) => r.quantity === 'class 2: onset from firing')!.rel).toBeLessThan(1e-4);
    expect(out).toMatch(/^BT\s+I = 54\.7369/m);
    expect(out).toMatch(/^CP\s+I = 55\.0749/m);
  });
});
