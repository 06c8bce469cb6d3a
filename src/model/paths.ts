/** Where the package's own files (bundled models and networks) are, in src/, dist/esm or dist/cjs alike. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let d = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(d, 'package.json')) || !existsSync(join(d, 'models'))) {
    const up = dirname(d);
    if (up === d) throw new Error('isocline: cannot find the package root (models/ folder)');
    d = up;
  }
  return (root = d);
}

export const modelsDir = (): string => join(packageRoot(), 'models');
