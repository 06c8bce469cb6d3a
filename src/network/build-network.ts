/**
 * Network construction: a NetworkSpec (spec.ts) → a BuiltNetwork (src/ir/network.ts) — models resolved,
 * per-cell parameters and initial states drawn, connectivity as CSR, weights, delays in steps,
 * Poisson input trains drawn, drives tabulated. Every random draw comes from a stream keyed by the
 * seed and the purpose's name (rng.ts). The memory estimate is checked before anything large exists.
 * This module orchestrates (each part is a build-*.ts beside it) and imports no node: the model
 * loader is passed in (node's reads files: build.ts; the browser's: build.browser.ts).
 */
import { nearestName } from '../model/errors.js';
import { NetworkError } from '../ir/errors.js';
import type { MemoryEstimate } from './memory.js';
import { checkSpec } from './schema-check.js';
import { NetworkSchema, SeedSchema } from './schema.js';
import { MAX_STEPS, STEP_INDEX_LIMIT, type BuildOptions, type ModelLoader, type Resolved } from './build-limits.js';
import { estimateMemory, uniqueNames } from './build-memory.js';
import { buildPopulation, resolvePopulation } from './build-populations.js';
import { buildSource } from './build-sources.js';
import { buildProjection } from './build-projections.js';
import { buildDrive } from './build-drives.js';
import { buildMonitors, inputTargets } from './build-monitors.js';
import type { NetworkSpec } from './spec.js';
import type { BuiltNetwork, BuiltPopulation, BuiltProjection, BuiltSource, Drive } from '../ir/network.js';
import { BUILT_NETWORK } from '../ir/network.js';

/**
 * Build a network from its spec, loading named models with `loadModel`.
 * @example const built = buildNetworkWith(spec, { seed: 2 }, (name) => loadModel(name));
 */
export function buildNetworkWith(spec: NetworkSpec, options: BuildOptions, loadModel: ModelLoader): BuiltNetwork {
  const started = performance.now();
  const name = typeof spec?.name === 'string' ? spec.name : 'network';
  const fail = (msg: string, d: ConstructorParameters<typeof NetworkError>[1] = {}): never => {
    throw new NetworkError(msg, { network: name, ...d });
  };
  // every key at every depth, types and context-free ranges (schema.ts): the same check as a
  // network file's, since a spec may be a plain object literal or edited after network()
  checkSpec(NetworkSchema, spec, { network: name });
  if (options.seed !== undefined) checkSpec(SeedSchema, options.seed, { network: name, root: 'seed' });
  const dt = options.dt ?? spec.dt ?? 0.1;
  const T = options.t ?? spec.t ?? 1000;
  const seed = options.seed ?? spec.seed ?? 1;
  if (!(dt > 0) || !Number.isFinite(dt)) fail(`dt must be a positive number of ms, got ${dt}`);
  if (!(T > 0) || !Number.isFinite(T)) fail(`t must be a positive duration in ms, got ${T}`);
  const steps = Math.round(T / dt);
  if (Math.abs(steps * dt - T) > 1e-9 * Math.max(1, T))
    fail(`the duration ${T} ms is not a whole number of steps dt = ${dt} ms`);
  const warnings: string[] = [];

  // ---- models and sizes (small), then the memory estimate before anything large -----------------
  const popNames = Object.keys(spec.populations);
  if (popNames.length === 0) fail('a network needs at least one population');
  const srcSpecs = spec.sources ?? {};
  const srcNames = Object.keys(srcSpecs);
  for (const s of srcNames) if (popNames.includes(s)) fail(`the name '${s}' is both a population and a source`);
  const resolved: Resolved[] = popNames.map((p) =>
    resolvePopulation(p, spec.populations[p], name, loadModel, options.baseDir),
  );
  const sourceSize = (s: string): number => {
    const src = srcSpecs[s];
    if (!src || typeof src !== 'object') fail(`source '${s}' must be an object with a kind (poisson, spikes, rates)`);
    if (src.kind === 'spikes') {
      if (!Array.isArray(src.times))
        fail(`source '${s}': spikes need times: [[t, ...], ...] (one list per source unit)`);
      return src.times.length;
    }
    if (src.kind !== 'poisson' && src.kind !== 'rates') {
      fail(`source '${s}': unknown kind '${(src as { kind: string }).kind}'`, {
        suggestion: nearestName(String((src as { kind: string }).kind), ['poisson', 'spikes', 'rates']),
      });
    }
    const n = (src as { size: number }).size;
    if (!Number.isInteger(n) || n < 1) fail(`source '${s}': size must be a whole number >= 1, got ${n}`);
    return n;
  };
  const srcSizes = srcNames.map(sourceSize);
  // bounded work: an absurd step count (dt = 1e-300) is refused here, not run for ever
  const maxSteps = options.maxSteps ?? MAX_STEPS;
  if (!(maxSteps >= 1 && maxSteps <= STEP_INDEX_LIMIT))
    fail(`maxSteps must be a number from 1 to ${STEP_INDEX_LIMIT} (step indices are int32), got ${maxSteps}`);
  if (steps > maxSteps) {
    const cells = resolved.reduce((a, r) => a + r.spec.size, 0);
    fail(
      `t = ${T} ms at dt = ${dt} ms is ${steps.toExponential(3)} steps ` +
        `(${(steps * cells).toExponential(3)} cell-steps), ` +
        `more than the limit of ${maxSteps.toExponential(3)} steps; ` +
        `use a larger dt or a shorter t${maxSteps < STEP_INDEX_LIMIT ? ', or raise maxSteps' : ''}`,
      { field: 'dt' },
    );
  }
  const projSpecs = spec.projections ?? [];
  if (!Array.isArray(projSpecs)) fail('projections must be a list');
  const projNames = uniqueNames(projSpecs);

  const ledger = estimateMemory(spec, {
    resolved,
    srcSizes,
    projNames,
    dt,
    T,
    steps,
    bytesPerValue: options.bytesPerValue,
  });
  const memory = ledger.check(name, options.memoryLimit);

  // ---- populations -------------------------------------------------------------------------------
  let offset = 0;
  const populations: BuiltPopulation[] = resolved.map((r, index) => {
    const p = buildPopulation(r, index, offset, name, seed);
    offset += p.size;
    return p;
  });
  const popIndex = new Map(popNames.map((p, i) => [p, i]));

  // ---- sources -----------------------------------------------------------------------------------
  const sources: BuiltSource[] = srcNames.map((s, index) =>
    buildSource(s, srcSpecs[s], index, srcSizes[index], { name, seed, dt, steps, warnings }),
  );
  const srcIndex = new Map(srcNames.map((s, i) => [s, i]));

  // ---- projections -------------------------------------------------------------------------------
  const projections: BuiltProjection[] = projSpecs.map((p, index) =>
    buildProjection(p, projNames[index], index, {
      name,
      seed,
      dt,
      warnings,
      populations,
      sources,
      popIndex,
      srcIndex,
      popNames,
      srcNames,
    }),
  );

  // ---- drives ------------------------------------------------------------------------------------
  const drives: Drive[] = [];
  (spec.drives ?? []).forEach((d, k) =>
    drives.push(...buildDrive(d, k, { name, seed, dt, steps, warnings, populations, popIndex, popNames })),
  );

  const monitors = buildMonitors(
    spec.monitors,
    populations,
    popIndex,
    popNames,
    dt,
    name,
    inputTargets(populations, projections, drives),
    warnings,
  );
  const built: BuiltNetwork = {
    format: BUILT_NETWORK,
    name,
    dt,
    steps,
    seed,
    populations,
    sources,
    projections,
    drives,
    monitors,
    warnings,
    buildSeconds: (performance.now() - started) / 1000,
  };
  Object.defineProperty(built, 'memory', { value: memory, enumerable: false });
  return built;
}

/** The memory estimate a built network was checked against (bytes, items). */
export function memoryOf(built: BuiltNetwork): MemoryEstimate | undefined {
  return (built as unknown as { memory?: MemoryEstimate }).memory;
}
