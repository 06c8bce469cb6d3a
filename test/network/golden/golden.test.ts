/**
 * Bit-identity across refactors: each case's result arrays hash to what main gave before the
 * network-layer rebuild (test/references/network-golden.json, see cases.ts for how it was recorded).
 * A deliberate change of numbers re-records with RECORD_GOLDEN=1 and says why in the commit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildNetwork, bundledNetworks, loadNetwork, runNetwork, type NetworkSpec } from '../../../src/network/index.js';
import { fingerprint, rateZoo, zoo } from './cases.js';

const FILE = new URL('../../references/network-golden.json', import.meta.url);
const RECORD = process.env.RECORD_GOLDEN === '1';
const recorded: Record<string, Record<string, string>> = RECORD ? {} : JSON.parse(readFileSync(FILE, 'utf8'));
afterAll(() => {
  if (RECORD) writeFileSync(FILE, JSON.stringify(Object.fromEntries(Object.entries(recorded).sort()), null, 1) + '\n');
});

function check(id: string, fp: Record<string, string>): void {
  if (RECORD) recorded[id] = fp;
  else expect(fp, id).toEqual(recorded[id]);
}

// the networks bundled when the fingerprints were recorded (before issue 13); ones bundled later
// (brunel-2000-a: 12 500 cells, checked against Brian2 in brunel.test.ts) have no fingerprint
const bundled = bundledNetworks()
  .map((b) => b.name)
  .filter((n) => RECORD || `${n}/kernel` in recorded);
// and none of the recorded ones may disappear unnoticed
it('every recorded bundled network is still bundled', () => {
  if (RECORD) return;
  const names = new Set(bundledNetworks().map((b) => b.name));
  const recordedNets = Object.keys(recorded).filter((k) => k.endsWith('/kernel') && !/^(rate-)?zoo-/.test(k));
  for (const k of recordedNets) expect(names.has(k.slice(0, -'/kernel'.length))).toBe(true);
});
const METHODS = ['euler', 'rk2', 'rk4', 'expeuler', 'sequential'] as const;

describe('bundled networks: kernel, bit-identical to the recorded main', () => {
  for (const name of bundled) {
    it(`${name}: one thread, two threads, float32`, async () => {
      const f = loadNetwork(name);
      const built = () => buildNetwork(f.spec, { baseDir: f.baseDir, seed: 11 });
      check(`${name}/kernel`, fingerprint(await runNetwork(built(), { target: 'kernel' })));
      check(`${name}/kernel/threads2`, fingerprint(await runNetwork(built(), { target: 'kernel', threads: 2 })));
      check(`${name}/kernel/float32`, fingerprint(await runNetwork(built(), { target: 'kernel', precision: 'float32' })));
    }, 120_000);
  }
});

describe('bundled networks: tensor (cpu back-end, first 100 ms; 300 ms for seed 000, whose input starts at 200 ms)', () => {
  for (const name of bundled) {
    it(name, async () => {
      const f = loadNetwork(name);
      const t = name.startsWith('seed-000') ? 300 : 100;
      const built = buildNetwork(f.spec, { baseDir: f.baseDir, seed: 11, t });
      check(`${name}/tensor-cpu/${t}ms`, fingerprint(await runNetwork(built, { target: 'tensor', backend: 'cpu' })));
    }, 300_000);
  }
});

describe('zoo: every method, synapse kind, drive and delay form', () => {
  for (const m of METHODS) {
    it(`${m}: kernel (1 and 2 threads, float32), located events, tensor`, async () => {
      const spec = zoo(m) as unknown as NetworkSpec;
      check(`zoo-${m}/kernel`, fingerprint(await runNetwork(buildNetwork(spec), { target: 'kernel' })));
      check(`zoo-${m}/kernel/threads2`, fingerprint(await runNetwork(buildNetwork(spec), { target: 'kernel', threads: 2 })));
      check(`zoo-${m}/kernel/float32`, fingerprint(await runNetwork(buildNetwork(spec), { target: 'kernel', precision: 'float32' })));
      check(`zoo-${m}/kernel/located`, fingerprint(await runNetwork(buildNetwork(zoo(m, 'located') as unknown as NetworkSpec), { target: 'kernel' })));
      if (m !== 'expeuler') check(`zoo-${m}/tensor-cpu`, fingerprint(await runNetwork(buildNetwork(spec), { target: 'tensor', backend: 'cpu' })));
      const rate = rateZoo(m) as unknown as NetworkSpec;
      check(`rate-zoo-${m}/kernel`, fingerprint(await runNetwork(buildNetwork(rate), { target: 'kernel' })));
      check(`rate-zoo-${m}/kernel/float32`, fingerprint(await runNetwork(buildNetwork(rate), { target: 'kernel', precision: 'float32' })));
      if (m !== 'expeuler') check(`rate-zoo-${m}/tensor-cpu`, fingerprint(await runNetwork(buildNetwork(rate), { target: 'tensor', backend: 'cpu' })));
    }, 300_000);
  }
});
