/**
 * The layer order of the README's Design section, enforced on every import in src/:
 * model → ir (the built-network contract) → compile → engines (single, continuation, network) →
 * views (plot, cli). A module may import from its own layer or a lower one, never a higher one.
 * The top-level entries (index.ts, demo.ts) tie everything together and may import anything.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');
const RANK: Record<string, number> = { model: 0, ir: 1, compile: 2, single: 3, continuation: 3, network: 3, plot: 4, cli: 5, explorer: 5 };

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The layer folder of a path under src/, or null for a top-level entry. */
function layerOf(path: string): string | null {
  const parts = relative(SRC, path).split('/');
  return parts.length > 1 ? parts[0] : null;
}

/** Relative imports of a module, static and dynamic, resolved to paths under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) out.push(resolve(dirname(file), m[1]));
  return out;
}

describe('layers', () => {
  const all = files(SRC);

  it('every folder under src/ has a layer', () => {
    const folders = new Set(all.map(layerOf).filter((x): x is string => x !== null));
    expect([...folders].filter((f) => !(f in RANK))).toEqual([]);
  });

  it('no module imports from a higher layer', () => {
    const bad: string[] = [];
    for (const f of all) {
      const from = layerOf(f);
      if (from === null) continue;
      for (const target of importsOf(f)) {
        const to = layerOf(target);
        if (to === null) bad.push(`${relative(SRC, f)} imports the entry ${relative(SRC, target)}`);
        else if (RANK[to] > RANK[from]) bad.push(`${relative(SRC, f)} (${from}) imports ${relative(SRC, target)} (${to})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the check sees a violation (a planted import of plot from network)', () => {
    // guards the test itself: the pattern and the ranks must catch the defect it exists for
    const planted = "import { rasterChart } from '../plot/raster.js';";
    const m = /(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/.exec(planted)!;
    const to = layerOf(resolve(SRC, 'network', m[1]));
    expect(RANK[to!]).toBeGreaterThan(RANK.network);
  });
});
