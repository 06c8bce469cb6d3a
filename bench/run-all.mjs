// Run every benchmark in turn, against dist/ (`npm run bench` builds first). Helpers that other
// benchmarks call (anchors.mjs, network-one.mjs) are not in the list. Add a line per benchmark.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const benchmarks = [
  'fhn.mjs',
  'phase.mjs',
  'continuation.mjs',
  'network.mjs',
  'network-tensor.mjs',
];

const dir = dirname(fileURLToPath(import.meta.url));
for (const f of benchmarks.filter((f) => existsSync(join(dir, f)))) {
  console.log(`\n## bench/${f}\n`);
  execFileSync(process.execPath, [join(dir, f), ...process.argv.slice(2)], { stdio: 'inherit' });
}
