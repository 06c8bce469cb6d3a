/**
 * Bit-identity of simulate()'s fixed-step driver across refactors: every fixed-step method on
 * FitzHugh-Nagumo (smooth, breakpoints, a sample grid), Izhikevich (located spikes and resets), LIF
 * (refractory period with a clamp) and Hodgkin-Huxley (four states, exprel) hashes to what the
 * hand-written Euler/RK4 driver gave. The fixture test/references/single-fixed-golden.json was
 * recorded on commit 78e7998 (main, before the driver moved onto the method stencils of
 * src/ir/methods.ts) by `RECORD_SINGLE_GOLDEN=1 npx vitest run test/single/fixed-step-golden.test.ts`.
 * rk2, added with the move, was recorded after it (on the stencil driver) and guards it from then on.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/modelfile.js';
import { simulate, type SimulateOptions, type SimulationResult } from '../../src/single/simulate.js';

const FILE = new URL('../references/single-fixed-golden.json', import.meta.url);
const RECORD = process.env.RECORD_SINGLE_GOLDEN === '1';
// Recording only adds the fingerprints that are missing (a new method or case); one already there
// is never overwritten: re-recording it means deleting it from the file, deliberately.
const recorded: Record<string, unknown> = existsSync(FILE) ? JSON.parse(readFileSync(FILE, 'utf8')) : {};
afterAll(() => {
  if (RECORD) writeFileSync(FILE, JSON.stringify(Object.fromEntries(Object.entries(recorded).sort()), null, 1) + '\n');
});

/** Exact bits of a double, as 16 hex digits (toEqual on these is bit-identity, -0 and NaN included). */
function hex(x: number): string {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  return b.getBigUint64(0).toString(16).padStart(16, '0');
}

function hash(...parts: Float64Array[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
  return h.digest('hex').slice(0, 24);
}

/** What must not move: a few exact states, every event time, the whole trajectory, the work done. */
function fingerprint(r: SimulationResult): Record<string, unknown> {
  const mid = r.t.length >> 1;
  return {
    points: r.t.length,
    trajectory: hash(r.t, ...r.variables.map((v) => r.y[v])),
    final: [...r.final].map(hex),
    middle: [hex(r.t[mid]), ...r.variables.map((v) => hex(r.y[v][mid]))],
    events: Object.fromEntries(Object.entries(r.events).map(([k, ts]) => [k, ts.map(hex)])),
    work: [r.stats.steps, r.stats.evaluations, r.stats.events],
  };
}

interface Case {
  model: string;
  name: string;
  options: SimulateOptions;
  /** parameters given as expressions (a time-dependent input) */
  with?: Record<string, string>;
}

const CASES: Case[] = [
  { model: 'fitzhugh-nagumo', name: 'plain', options: { t: 200, dt: 0.05 } },
  // the input switches at a breakpoint inside a step, which splits the step there; the stage times
  // of every method see the input change
  {
    model: 'fitzhugh-nagumo', name: 'breakpoint', with: { I: 't < 40.05 ? 0.2 : 0.5 + 0.1*sin(t)' },
    options: { t: 100, dt: 0.1, breakpoints: [40.05] },
  },
  { model: 'fitzhugh-nagumo', name: 'sample', options: { t: 150, dt: 0.01, sample: 0.5, recordFrom: 50 } },
  { model: 'izhikevich', name: 'I=10', options: { t: 500, dt: 0.1, params: { I: 10 } } },
  {
    model: 'izhikevich', name: 'I=15, no event points',
    options: { t: 300, dt: 0.25, params: { I: 15 }, eventPoints: false },
  },
  { model: 'lif', name: 'I=1.5', options: { t: 200, dt: 0.1 } },
  { model: 'lif', name: 'events off', options: { t: 100, dt: 0.1, events: false } },
  // refractory ends mid-step; a breakpoint lands in a refractory period
  { model: 'lif', name: 'I=3, dt 0.3', options: { t: 150, dt: 0.3, params: { I: 3 }, breakpoints: [20.05, 77.77] } },
  { model: 'hodgkin-huxley', name: 'I=10', options: { t: 50, dt: 0.01 } },
];

const PRE_REFACTOR = ['euler', 'rk4'] as const;
const METHODS = [...PRE_REFACTOR, 'rk2'] as const;

describe("simulate()'s fixed-step driver: bit-identical to the recorded hand-written driver", () => {
  for (const c of CASES) {
    for (const method of METHODS) {
      const id = `${c.model}/${c.name}/${method}`;
      it(id, () => {
        const model = c.with ? loadModel(c.model).with(c.with) : loadModel(c.model);
        const r = simulate(model, { ...c.options, method } as SimulateOptions);
        const fp = fingerprint(r);
        if (RECORD && !(id in recorded)) recorded[id] = fp;
        else {
          expect(recorded[id], `${id} has no recorded fingerprint`).toBeDefined();
          expect(fp, id).toEqual(recorded[id]);
        }
      });
    }
  }
});
