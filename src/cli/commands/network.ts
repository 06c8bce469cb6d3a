/**
 * `isocline network <file-or-name>`: build and run a network on the kernel (default) or tensor
 * target; print per-population spike counts and rates with the build/run timing, as text or JSON;
 * optionally draw the spike raster (and population rates) to PNG.
 */
import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { IsoclineError, OptionError, nearestName } from '../../model/errors.js';
import { NETWORK_TARGETS, type NetworkTarget } from '../../network/targets/index.js';
import type { BuiltNetwork, NetworkResult } from '../../ir/network.js';
import { checkOutputs, err, guard, num, out, positive } from '../io.js';
import { csvFile, figureFiles, writeFigures } from '../figures.js';
import { progress } from '../progress.js';

interface NetworkCliOptions {
  target?: string;
  backend?: string;
  precision?: string;
  threads?: string;
  seed?: string;
  t?: string;
  dt?: string;
  png?: string;
  svg?: string;
  pdf?: string;
  ratePng?: string;
  csv?: string;
  tracesCsv?: string;
  cellsPerPopulation?: string;
  json?: boolean;
  memoryLimit?: string;
  progress?: boolean;
}

// a raster of more rows than this is drawn from the first cells of each population
const RASTER_ROWS = 2000;

export function register(program: Command): void {
  program
    .command('network')
    .argument('<network>', 'a bundled network name (see `isocline networks`) or a network file (.json)')
    .description(
      'build and run a network; print spike counts, rates and timing, or JSON (--json); draw a raster (--png)',
    )
    .option('--target <target>', NETWORK_TARGETS.map((t) => `${t.name}: ${t.description}`).join('; '), 'kernel')
    .option(
      '--backend <name>',
      NETWORK_TARGETS.filter((t) => t.backends)
        .map((t) => `${t.name} target: ${t.backends!.join(', ')}`)
        .join('; '),
    )
    .option('--precision <p>', 'kernel target: float64 (default) or float32')
    .option(
      '--threads <n>',
      "kernel target: worker threads the cells are split over, or 'auto' (default 1; same results for any count)",
    )
    .option(
      '--seed <n>',
      "seed for connectivity, parameters and inputs: an integer from 0 to 4294967295 (default: the file's)",
    )
    .option('--t <ms>', "duration in ms (default: the file's)")
    .option('--dt <ms>', "step in ms (default: the file's)")
    .option('--png <file>', 'write the spike raster as PNG')
    .option('--svg <file>', 'write the spike raster as SVG (vector)')
    .option('--pdf <file>', 'write the spike raster as PDF (vector)')
    .option(
      '--cells-per-population <n>',
      `raster: draw the first n cells of each population, or 'all' ` +
        `(default: all up to ${RASTER_ROWS} cells in all, else ${RASTER_ROWS} rows shared by the populations)`,
    )
    .option('--rate-png <file>', 'write the population rates (needs rate monitors in the network)')
    .option('--json', 'print counts, rates and timing as one JSON object')
    .option('--csv <file>', 'write the recorded spikes as CSV: population, cell, global cell, time, step')
    .option(
      '--traces-csv <file>',
      'write the recorded traces as CSV: population, variable, cell, t, value (needs trace monitors)',
    )
    .option('--memory-limit <GB>', 'refuse networks whose memory estimate exceeds this (default: free memory)')
    .option('--no-progress', 'no progress bar on a terminal')
    .addHelpText(
      'after',
      `
Examples:
  isocline network izhikevich-2003 --png raster.png
  isocline network seed-000-conductance --seed 3 --json
  isocline network izhikevich-2003 --threads 2 --json
  isocline network my-network.json --target tensor --backend wasm --t 500`,
    )
    .action((name: string, o: NetworkCliOptions) => guard(() => run(name, o), `network ${name}`));
}

async function run(name: string, o: NetworkCliOptions): Promise<void> {
  const tgt = chooseTarget(o);
  const target = tgt.name;
  if (o.precision && !['float64', 'float32'].includes(o.precision))
    throw new OptionError(`--precision must be float64 or float32, got '${o.precision}'`);
  if (o.ratePng && !o.ratePng.toLowerCase().endsWith('.png'))
    throw new OptionError(`--rate-png needs a file name ending in .png, got '${o.ratePng}'`);
  const figures = figureFiles(o);
  checkOutputs({ ratePng: o.ratePng });
  const csv = csvFile(o.csv),
    tracesCsv = csvFile(o.tracesCsv, 'traces-csv');
  const cap = o.cellsPerPopulation;
  if (cap !== undefined && !figures.length)
    throw new OptionError('--cells-per-population only applies with a raster (--png, --svg or --pdf <file>)');
  if (cap !== undefined && cap !== 'all' && !(Number.isInteger(Number(cap)) && Number(cap) >= 1))
    throw new OptionError(`--cells-per-population must be a whole number >= 1 or 'all', got '${cap}'`);
  const seed = num(o.seed, 'seed');
  if (seed !== undefined && !Number.isInteger(seed))
    throw new OptionError(`--seed must be an integer, got '${o.seed}'`);
  const limit = positive(o.memoryLimit, 'memory-limit');
  const threads = o.threads === undefined || o.threads === 'auto' ? o.threads : Number(o.threads);
  if (typeof threads === 'number' && !(Number.isInteger(threads) && threads >= 1 && threads <= 64))
    throw new OptionError(`--threads must be an integer from 1 to 64 or 'auto', got '${o.threads}'`);
  const [{ buildNetwork }, { loadNetwork }, { runNetwork }] = await Promise.all([
    import('../../network/build.js'),
    import('../../network/files.js'),
    import('../../network/index.js'),
  ]);
  let file: ReturnType<typeof loadNetwork>;
  try {
    file = loadNetwork(name);
  } catch (e) {
    // an argument that names no file and no bundled network is a usage error (exit 2); a file
    // that exists but does not hold a valid network is a failure of the run (exit 1)
    if (e instanceof IsoclineError && !(e instanceof OptionError) && !existsSync(name))
      throw new OptionError(e.message);
    throw e;
  }
  // a figure asks for what it draws: spike times for the raster, rate bins for the rate plot
  const monitors = { ...(file.spec.monitors ?? {}) };
  if ((figures.length || csv) && !monitors.spikes) monitors.spikes = true;
  if (o.ratePng && !monitors.rates) monitors.rates = { bin: 5 };
  const built = buildNetwork(
    { ...file.spec, monitors },
    {
      baseDir: file.baseDir,
      seed,
      t: positive(o.t, 't'),
      dt: positive(o.dt, 'dt'),
      memoryLimit: limit === undefined ? undefined : limit * 1024 ** 3,
      bytesPerValue: o.precision === 'float32' ? 4 : 8,
    },
  );
  for (const w of built.warnings) err(`isocline: warning: ${w}\n`);
  const bar = o.progress !== false ? progress(built.name) : undefined;
  let result: NetworkResult;
  try {
    result = await runNetwork(built, {
      target,
      backend: o.backend as 'tensorflow' | 'wasm' | 'cpu' | undefined,
      precision: o.precision as 'float64' | 'float32' | undefined,
      threads,
      onProgress: bar?.update,
    });
  } finally {
    bar?.done();
  }
  if (figures.length) {
    const { rasterChart } = await import('../../plot/raster.js');
    const cellsPerPopulation = rasterCap(built, cap);
    await writeFigures(
      rasterChart(result, built.populations, { subtitle: subtitle(built, result), cellsPerPopulation }),
      figures,
    );
  }
  if (o.ratePng) {
    const [{ rateChart }, { savePNG }] = await Promise.all([
      import('../../plot/rate.js'),
      import('../../plot/render.js'),
    ]);
    await savePNG(rateChart(result, { subtitle: subtitle(built, result) }), o.ratePng);
  }
  if (csv || tracesCsv) {
    const { spikesCSV, tracesCSV } = await import('../../plot/csv.js');
    if (csv) writeFileSync(csv, spikesCSV(result));
    if (tracesCsv) {
      if (!result.traces.length)
        throw new OptionError(
          `--traces-csv: network '${built.name}' records no traces (add trace monitors to the network file)`,
        );
      writeFileSync(tracesCsv, tracesCSV(result));
    }
  }
  if (o.json) out(JSON.stringify(summaryJSON(built, result), null, 2) + '\n');
  else out(summaryText(built, result, [...figures, o.ratePng, csv, tracesCsv].filter(Boolean) as string[]));
}

/**
 * Rows of the raster: every cell of a small network; for a large one a fixed number of rows shared
 * by the populations (a 100 000-cell raster drawn whole is solid blocks), unless the user says.
 */
export function rasterCap(built: Pick<BuiltNetwork, 'populations'>, cap: string | undefined): number | undefined {
  if (cap === 'all') return undefined;
  if (cap !== undefined) return Number(cap);
  const cells = built.populations.reduce((a, p) => a + p.size, 0);
  return cells <= RASTER_ROWS ? undefined : Math.max(1, Math.floor(RASTER_ROWS / built.populations.length));
}

function subtitle(built: BuiltNetwork, r: NetworkResult): string {
  const n = built.populations.reduce((a, p) => a + p.size, 0);
  const syn = built.projections.reduce((a, p) => a + p.weight.length, 0);
  const threads = (r.timing.threads ?? 1) > 1 ? ` (${r.timing.threads} threads)` : '';
  return `${n} cells · ${syn} synapses · dt ${built.dt} ms · seed ${built.seed} · ${r.target}${threads}`;
}

function summaryJSON(built: BuiltNetwork, r: NetworkResult): Record<string, unknown> {
  const n = built.populations.reduce((a, p) => a + p.size, 0);
  const total = r.counts.reduce((a, b) => a + b, 0);
  const T = (r.steps * r.dt) / 1000;
  return {
    network: built.name,
    target: r.target,
    seed: built.seed,
    dt: r.dt,
    t: r.steps * r.dt,
    steps: r.steps,
    cells: n,
    synapses: built.projections.reduce((a, p) => a + p.weight.length, 0),
    spikes: total,
    rate_hz: total / n / T,
    populations: built.populations.map((p, k) => ({
      name: p.name,
      size: p.size,
      spikes: r.counts[k],
      rate_hz: r.rates[k],
    })),
    build_s: r.timing.build_s,
    run_s: r.timing.run_s,
    threads: r.timing.threads ?? 1,
    warnings: built.warnings,
  };
}

function summaryText(built: BuiltNetwork, r: NetworkResult, files: string[]): string {
  const j = summaryJSON(built, r) as {
    cells: number;
    synapses: number;
    spikes: number;
    rate_hz: number;
    populations: { name: string; size: number; spikes: number; rate_hz: number }[];
  };
  const nameWidth = Math.max(...j.populations.map((q) => q.name.length)) + 1;
  const threads = (r.timing.threads ?? 1) > 1 ? ` on ${r.timing.threads} threads` : '';
  const lines = [
    `${built.name}: ${j.cells} cells, ${j.synapses} synapses, ` +
      `${r.steps} steps of ${r.dt} ms (${r.target}, seed ${built.seed})`,
    ...j.populations.map(
      (p) =>
        `  ${p.name.padEnd(nameWidth)} ${String(p.size).padStart(7)} cells  ` +
        `${String(p.spikes).padStart(8)} spikes  ${p.rate_hz.toFixed(2).padStart(7)} Hz`,
    ),
    `  total ${j.spikes} spikes, ${j.rate_hz.toFixed(2)} Hz; ` +
      `build ${r.timing.build_s.toFixed(3)} s, run ${r.timing.run_s.toFixed(3)} s${threads}`,
    ...files.map((f) => `  wrote ${f}`),
  ];
  return lines.join('\n') + '\n';
}

/** The target and its options, checked against the registry (NETWORK_TARGETS is the one list). */
function chooseTarget(o: NetworkCliOptions): NetworkTarget {
  const names = NETWORK_TARGETS.map((t) => t.name);
  const tgt = NETWORK_TARGETS.find((t) => t.name === o.target);
  if (!tgt) {
    const near = nearestName(String(o.target), names);
    throw new OptionError(
      `--target must be ${names.join(' or ')}, got '${o.target}'${near ? `; did you mean '${near}'?` : ''}`,
    );
  }
  const only = (flag: string, key: 'backend' | 'threads' | 'precision') => {
    const with_ = NETWORK_TARGETS.filter((t) => t.options.includes(key)).map((t) => t.name);
    if (!tgt.options.includes(key)) throw new OptionError(`--${flag} applies to --target ${with_.join(' or ')}`);
  };
  if (o.backend !== undefined) {
    only('backend', 'backend');
    if (!tgt.backends?.includes(o.backend))
      throw new OptionError(`--backend must be ${tgt.backends!.join(', ')}, got '${o.backend}'`);
  }
  if (o.threads !== undefined) only('threads', 'threads');
  return tgt;
}
