/**
 * Network files: JSON with the shape of NetworkSpec (spec.ts), bundled as models/<name>.network.json.
 * Model paths inside a file are resolved against the file's folder.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { nearestName } from '../model/errors.js';
import { modelsDir } from '../model/paths.js';
import { NetworkError } from '../ir/errors.js';
import { checkSpec, duplicateKey, NetworkSpecError } from './schema-check.js';
import { NetworkSchema, type NetworkSpec } from './schema.js';

const SUFFIX = '.network.json';

/** A loaded network file: its spec and the folder its relative model paths refer to. */
export interface NetworkFile {
  spec: NetworkSpec;
  file: string;
  baseDir: string;
}

/**
 * Parse network-file text (JSON) and check it at every depth against the network schema
 * (schema.ts): unknown keys, wrong types, values out of range and duplicate keys are errors naming
 * the file and the JSON path (`projections[0].wieght`), with the nearest valid key.
 */
export function parseNetworkFile(text: string, file = '(network)'): NetworkSpec {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new NetworkError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data))
    throw new NetworkError(`${file}: a network file holds one JSON object`);
  let dup: ReturnType<typeof duplicateKey>;
  try {
    dup = duplicateKey(text);
  } catch (e) {
    throw new NetworkError(`${file}: ${(e as Error).message}`);
  }
  // JSON.parse keeps the last of two equal keys; which one the author meant cannot be known
  if (dup)
    throw new NetworkSpecError(
      { file },
      dup.path,
      `the key '${dup.key}' appears twice in one object (line ${dup.line})`,
    );
  checkSpec(NetworkSchema, data, { file });
  return data;
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
