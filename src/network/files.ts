/**
 * Network files: JSON with the shape of NetworkSpec (spec.ts), bundled as models/<name>.network.json.
 * Model paths inside a file are resolved against the file's folder. Reading files is node's; parsing
 * the text is network-text.ts (also in the browser build).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { nearestName } from '../model/errors.js';
import { modelsDir } from '../model/paths.js';
import { NetworkError } from '../ir/errors.js';
import type { NetworkSpec } from './schema.js';
import { parseNetworkFile } from './network-text.js';

export { parseNetworkFile } from './network-text.js';

const SUFFIX = '.network.json';

/** A loaded network file: its spec and the folder its relative model paths refer to. */
export interface NetworkFile {
  spec: NetworkSpec;
  file: string;
  baseDir: string;
}

/** The bundled networks (models/*.network.json): name, description, file. */
export function bundledNetworks(): { name: string; description: string; file: string }[] {
  const dir = modelsDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith(SUFFIX))
    .sort()
    .map((f) => {
      const spec = parseNetworkFile(readFileSync(join(dir, f), 'utf8'), f);
      return { name: spec.name ?? basename(f, SUFFIX), description: spec.description ?? '', file: join(dir, f) };
    });
}

/**
 * Load a network file by path, or a bundled network by name.
 * @example const { spec, baseDir } = loadNetwork('izhikevich-2003'); buildNetwork(spec, { baseDir });
 */
export function loadNetwork(nameOrPath: string): NetworkFile {
  let file: string | undefined;
  if (existsSync(nameOrPath) && /\.json$/i.test(nameOrPath)) file = resolve(nameOrPath);
  else {
    const p = join(modelsDir(), nameOrPath + SUFFIX);
    if (existsSync(p)) file = p;
  }
  if (!file) {
    const names = bundledNetworks().map((n) => n.name);
    const s = nearestName(nameOrPath, names);
    throw new NetworkError(
      `no network file or bundled network '${nameOrPath}'` +
        `${s ? ` (did you mean '${s}'?)` : ''}; bundled: ${names.join(', ')}`,
    );
  }
  const spec = parseNetworkFile(readFileSync(file, 'utf8'), basename(file));
  return {
    spec: { name: basename(file).replace(/\.network\.json$|\.json$/i, ''), ...spec },
    file,
    baseDir: dirname(file),
  };
}
