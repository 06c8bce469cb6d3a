/**
 * Network-file text (JSON) to a checked NetworkSpec: no files here, so a page parses the text the
 * user typed or fetched as node parses a file (files.ts reads files and calls this).
 *
 * @example const spec = parseNetworkFile(await (await fetch('net.network.json')).text(), 'net');
 */
import { NetworkError } from '../ir/errors.js';
import { checkSpec, duplicateKey, NetworkSpecError } from './schema-check.js';
import { NetworkSchema, type NetworkSpec } from './schema.js';

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
