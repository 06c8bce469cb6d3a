import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as network from '../../src/network/index.js';

// The package's public entry points, as a user imports them: 'isocline' and 'isocline/network'.
// Every target in package.json must be the build output of a real source module (dist/esm/X.js
// and dist/cjs/X.js come from src/X.ts), and TypeScript's Node10 resolution (tslab's notebook
// kernel), which ignores "exports", must find the same subpaths through "typesVersions".
const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const source = (target: string): string => join(root, target.replace(/^\.\/dist\/(esm|cjs)\//, 'src/').replace(/\.d\.ts$|\.js$/, '.ts'));

describe('package entry points', () => {
  it("exports '.' and './network' for import and require, each from a source module", () => {
    for (const sub of ['.', './network']) {
      const e = pkg.exports[sub];
      expect(e, `exports['${sub}']`).toBeDefined();
      for (const cond of ['import', 'require']) {
        for (const kind of ['types', 'default']) {
          const target: string = e[cond][kind];
          expect(target.startsWith(cond === 'import' ? './dist/esm/' : './dist/cjs/'), target).toBe(true);
          expect(existsSync(source(target)), `${sub} ${cond}.${kind} -> ${target}: no ${source(target)}`).toBe(true);
        }
      }
    }
  });

  it("typesVersions maps 'isocline/network' to the network declarations for Node10 resolution", () => {
    const mapped: string[] = pkg.typesVersions['*'].network;
    expect(mapped).toHaveLength(1);
    expect(source(mapped[0])).toBe(join(root, 'src/network/index.ts'));
    // the same build as the main entry's "types": mixing dist/esm and dist/cjs declarations makes
    // a Model from 'isocline' unassignable to 'isocline/network''s population()
    const build = (p: string): string => p.replace(/^\.\/dist\/(esm|cjs)\/.*$/, '$1');
    expect(build(mapped[0])).toBe(build(pkg.types));
  });

  it('the network entry point has the documented API', () => {
    for (const name of ['network', 'population', 'connect', 'poisson', 'buildNetwork', 'runNetwork', 'runKernel', 'loadNetwork', 'flattenNetwork']) {
      expect(typeof (network as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
