/**
 * `npm run demo`: a tour of isocline that prints real numbers and writes real figures to out/.
 * The demo is a list of small sections; to extend it, write a section function below and add it
 * to `sections` at the bottom.
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChartConfiguration } from 'chart.js';
import { Model } from './model/model.js';
import { loadModel } from './model/modelfile.js';
import { simulate } from './single/simulate.js';
import { observe } from './single/observe.js';
import { timeSeriesChart } from './plot/time-series.js';
import { phasePortrait } from './single/phase.js';
import { bifurcation } from './single/bifurcation.js';
import { phaseChart } from './plot/phase.js';
import { bifurcationChart } from './plot/bifurcation.js';
import { continuation } from './continuation/index.js';
import { continuationChart } from './plot/continuation.js';
import { savePNG } from './plot/render.js';
import { buildNetwork } from './network/build.js';
import { loadNetwork } from './network/files.js';
import { runKernel } from './network/targets/js-kernel/run.js';
import { flattenNetwork } from './network/flatten.js';
import { rasterChart } from './plot/raster.js';

/** What a section gets: somewhere to print and somewhere to put figures. */
export interface DemoContext {
  /** print one line of the section's report */
  log(line: string): void;
  /** write a figure to out/<name>.png; returns the path */
  figure(name: string, config: ChartConfiguration<any>): Promise<string>;
}

export interface DemoSection {
  title: string;
  run(ctx: DemoContext): Promise<void>;
}

const fmt = (x: number, digits = 4): string =>
  Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : String(x);

/** Izhikevich (2003) firing patterns from the bundled presets, located spike times. */
const izhikevichPresets: DemoSection = {
  title: 'Izhikevich presets: regular spiking, fast spiking, chattering (I = 10 pA, 1000 ms)',
  async run({ log, figure }) {
    const base = loadModel('izhikevich');
    // shown windows: long enough for several spikes or bursts, short enough to see each one
    const windows: Record<string, number> = { RS: 1000, FS: 200, CH: 300 };
    for (const name of ['RS', 'FS', 'CH']) {
      const model = base.preset(name).with({ I: 10 });
      const r = simulate(model, { t: 1000, sample: 0.25 });
      const s = r.spikes;
      const isi =
        s.length > 1
          ? `first ISI ${fmt(s[1] - s[0])} ms, last ISI ${fmt(s[s.length - 1] - s[s.length - 2])} ms`
          : 'no ISI';
      log(
        `${name}: ${s.length} spikes, first at ${fmt(s[0] ?? NaN)} ms, ${isi}  ` +
          `(${r.stats.evaluations} evaluations, ${fmt(r.stats.wallMs, 2)} ms)`,
      );
      const p = model.parameters;
      const file = await figure(
        `izhikevich-${name.toLowerCase()}`,
        timeSeriesChart(r, {
          model,
          variables: ['v'],
          xRange: [0, windows[name]],
          title: `Izhikevich model, ${name} preset${windows[name] < 1000 ? `, first ${windows[name]} ms` : ''}`,
          subtitle: `a = ${p.a}, b = ${p.b}, c = ${p.c} mV, d = ${p.d} mV, I = 10 pA`,
        }),
      );
      log(`   figure ${file}`);
    }
  },
};

/** LIF with a refractory period: simulated inter-spike interval against the closed form. */
const lifInterval: DemoSection = {
  title: 'Leaky integrate-and-fire: simulated ISI vs closed form',
  async run({ log, figure }) {
    const model = loadModel('lif');
    const { tau, R, v_rest, v_th, v_reset, t_ref, I } = model.parameters;
    const r = simulate(model, { t: 200, sample: 0.05, rtol: 1e-10, atol: 1e-12 });
    const isi = r.spikes[r.spikes.length - 1] - r.spikes[r.spikes.length - 2];
    // from v_reset, v(t) = v_inf + (v_reset - v_inf) e^(-t/tau) reaches v_th after tau*ln(...)
    const vInf = v_rest + R * I;
    const exact = t_ref + tau * Math.log((vInf - v_reset) / (vInf - v_th));
    log(
      `ISI simulated ${r.spikes.length > 1 ? isi.toFixed(9) : 'n/a'} ms, closed form ${exact.toFixed(9)} ms, ` +
        `|difference| ${Math.abs(isi - exact).toExponential(1)} ms`,
    );
    log(`${r.spikes.length} spikes in 200 ms (rtol 1e-10); v is held at reset for t_ref = ${t_ref} ms after each`);
    const file = await figure(
      'lif',
      timeSeriesChart(r, {
        model,
        xRange: [0, 100],
        title: 'Leaky integrate-and-fire with refractory period',
        subtitle: `τ = ${tau} ms, t_ref = ${t_ref} ms, R·I = ${R * I}, threshold ${v_th}, reset ${v_reset}`,
      }),
    );
    log(`   figure ${file}`);
  },
};

/** FitzHugh–Nagumo written as strings, with a time-dependent input. */
const fhnFromStrings: DemoSection = {
  title: 'FitzHugh–Nagumo from strings, input I = t < 500 ? 0.5 : 0',
  async run({ log, figure }) {
    const fhn = Model.fromEquations(
      'fhn',
      ['dv/dt = v - v^3/3 - w + I', "w' = (v + a - b*w)/tau"],
      { a: 0.7, b: 0.8, tau: 12.5 },
      {
        inputs: { I: 't < 500 ? 0.5 : 0' },
        time_unit: '1',
      },
    );
    const r = simulate(fhn, { t: 1000, sample: 0.25 });
    const I = observe(fhn, r, ['I']).I;
    // upward crossings of v = 1 while the input is on: one per oscillation
    let cycles = 0;
    for (let k = 1; k < r.t.length && r.t[k] < 500; k++) if (r.y.v[k - 1] < 1 && r.y.v[k] >= 1) cycles++;
    log(
      `${cycles} oscillations while I = 0.5; ` +
        `after the input stops: v = ${fmt(r.final[0], 6)}, w = ${fmt(r.final[1], 6)}`,
    );
    log('(the I = 0 rest point is v = -1.19941, w = -0.624260: test/references/fhn.json)');
    const file = await figure(
      'fhn',
      timeSeriesChart(r, {
        model: fhn,
        input: { name: 'I', values: I },
        title: 'FitzHugh–Nagumo: oscillation while the input is on',
        subtitle: "v' = v − v³/3 − w + I,  w' = (v + a − b·w)/τ,  a = 0.7, b = 0.8, τ = 12.5",
      }),
    );
    log(`   figure ${file}`);
  },
};

// the demo's figures are 900×600; phase charts rotate their arrowheads for the size they are drawn at
const DEMO_SIZE = { width: 900, height: 600 };

/** Phase portraits (FitzHugh–Nagumo oscillating, Izhikevich at rest) and a bifurcation diagram. */
const phasePlane: DemoSection = {
  title: 'Phase plane and bifurcation diagram: FitzHugh–Nagumo and Izhikevich',
  async run({ log, figure }) {
    const fhn = loadModel('fitzhugh-nagumo');
    const pp = phasePortrait(fhn, { x: 'v:-2.5:2', y: 'w:-1:2', params: { I: 0.5 }, trajectories: 10 });
    const fp = pp.fixedPoints[0];
    const l = fp.eigenvalues[1];
    log(
      `FitzHugh–Nagumo, I = 0.5: ${fp.stability} at v = ${fmt(fp.state.v, 6)}, w = ${fmt(fp.state.w, 6)}, ` +
        `eigenvalues ${fmt(l.re)} ± ${fmt(l.im)}i`,
    );
    const lc = pp.limitCycle!;
    log(
      `limit cycle: period ${fmt(lc.period, 10)} (SciPy DOP853 reference 39.47441498), ` +
        `v in [${fmt(lc.min.v)}, ${fmt(lc.max.v)}]`,
    );
    const fhnChart = phaseChart(pp, { title: 'FitzHugh–Nagumo phase plane', ...DEMO_SIZE });
    log(`   figure ${await figure('fhn-phase', fhnChart)}`);
    const izh = phasePortrait(loadModel('izhikevich').with({ I: 0 }), {
      x: 'v:-90:40',
      y: 'u:-20:10',
      trajectories: 8,
    });
    const rests = izh.fixedPoints.map((f) => `${f.stability} at v = ${fmt(f.state.v)}`).join(', ');
    log(`Izhikevich, I = 0: ${rests}; ${izh.separatrices.length} separatrix branches`);
    const izhChart = phaseChart(izh, { title: 'Izhikevich phase plane at rest (I = 0)', ...DEMO_SIZE });
    log(`   figure ${await figure('izhikevich-phase', izhChart)}`);
    const d = bifurcation(fhn, { param: 'I', from: 0, to: 2, steps: 81 });
    log(
      `bifurcation in I: Hopf at ${d.points
        .filter((q) => q.type === 'hopf')
        .map((q) => fmt(q.param, 8))
        .join(' and ')} (closed form 0.33128134, 1.4187187); stable cycles at ${d.cycles.param.length} of 81 values`,
    );
    const fhnBifurcationChart = bifurcationChart(d, { title: 'FitzHugh–Nagumo: bifurcation diagram in I' });
    log(`   figure ${await figure('fhn-bifurcation', fhnBifurcationChart)}`);
    // the same diagram as AUTO draws it: pseudo-arclength continuation, Hopf criticality, unstable cycles
    const c = continuation(fhn, { param: 'I', from: 0, to: 2, cycles: true });
    const hopf = c.special
      .filter((q) => q.type === 'H')
      .map((q) => `${fmt(q.param, 8)} (${q.criticality}, l1 = ${fmt(q.lyapunov!, 4)})`);
    const lpc = c.special.filter((q) => q.type === 'LPC').map((q) => `${fmt(q.param, 8)} (T = ${fmt(q.period!, 6)})`);
    log(`continuation: Hopf ${hopf.join(', ')}; folds of cycles ${lpc.join(', ')}`);
    log('(AUTO-07p: folds of cycles at 0.3241785 and 1.4258215: test/references/auto_cycles.json)');
    const continuationTitle = 'FitzHugh–Nagumo: continuation (unstable cycles dashed)';
    log(`   figure ${await figure('fhn-continuation', continuationChart(c, { title: continuationTitle }))}`);
  },
};

/** Networks: the Izhikevich (2003) network and seed 000 on the kernel target; seed 003 checked against odex. */
const networks: DemoSection = {
  title: 'Networks: Izhikevich (2003) 1000 cells, seed-000 conductance network, seed-003 rate network',
  async run({ log, figure }) {
    for (const name of ['izhikevich-2003', 'seed-000-conductance']) {
      const f = loadNetwork(name);
      const built = buildNetwork(f.spec, { baseDir: f.baseDir });
      const r = runKernel(built);
      const rates = built.populations.map((p, k) => `${p.name} ${fmt(r.rates[k], 3)} Hz`).join(', ');
      const synapses = built.projections.reduce((a, p) => a + p.weight.length, 0);
      log(
        `${name}: ${synapses} synapses, ${r.spikes.cell.length} spikes in ${r.steps * r.dt} ms (${rates}); ` +
          `build ${fmt(r.timing.build_s, 2)} s, run ${fmt(r.timing.run_s, 2)} s`,
      );
      const file = await figure(
        `network-${name}`,
        rasterChart(r, built.populations, {
          title: f.spec.description?.split(':')[0] ?? name,
          subtitle: `dt ${built.dt} ms · seed ${built.seed} · kernel target`,
        }),
      );
      log(`   figure ${file}`);
    }
    // seed 003: the kernel (RK4, dt 0.1 ms) against the adaptive single-cell engine over the flattened state
    const f = loadNetwork('seed-003-rate');
    const built = buildNetwork(f.spec, { baseDir: f.baseDir });
    const r = runKernel(built);
    const { model } = flattenNetwork(built);
    const ref = simulate(model, { t: 1000, rtol: 1e-10, atol: 1e-10 });
    const v = r.traces.find((x) => x.variable === 'v')!;
    const last = v.values.subarray(v.values.length - 10);
    const diff = Math.max(...Array.from(last, (x, i) => Math.abs(x - ref.final[i])));
    log(
      `seed-003-rate: E settles at v = ${fmt(Math.min(...last), 4)} .. ${fmt(Math.max(...last), 4)} mV; ` +
        `kernel RK4 vs odex on the flattened network: max |difference| ${diff.toExponential(1)} mV`,
    );
  },
};

/** The demo, in order. Add a section here. */
export const sections: DemoSection[] = [izhikevichPresets, lifInterval, fhnFromStrings, phasePlane, networks];

export async function runDemo(outDir = 'out'): Promise<void> {
  const started = performance.now();
  for (const [i, section] of sections.entries()) {
    console.log(`\n${i + 1}. ${section.title}`);
    const t0 = performance.now();
    await section.run({
      log: (line) => console.log(`   ${line}`),
      figure: (name, config) => savePNG(config, join(outDir, `${name}.png`)),
    });
    console.log(`   (${((performance.now() - t0) / 1000).toFixed(2)} s)`);
  }
  console.log(`\ndemo done in ${((performance.now() - started) / 1000).toFixed(1)} s; figures in ${outDir}/`);
}

// run when executed directly (node dist/esm/demo.js), not when imported
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runDemo().catch((e: unknown) => {
    console.error(`demo failed: ${e instanceof Error ? e.message : e}`);
    process.exitCode = 1;
  });
}
