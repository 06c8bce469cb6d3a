/**
 * The computation the browser test runs on both sides, the page (through the bundle) and node
 * (through src/index.ts): the bundled FitzHugh–Nagumo model, its fixed points and short simulations,
 * as JSON (exact for doubles: equal strings mean equal numbers to the last bit).
 */
import type * as Isocline from '../../src/index.js';

type Api = Pick<typeof Isocline, 'loadModel' | 'fixedPoints' | 'simulate' | 'parseModelFile' | 'Model'>;

export interface Probe {
  /** fixed points, a fixed-step (rk4) run and a typed model's run: arithmetic only, so exact */
  exact: string;
  /** the default adaptive run (odex): its step control calls Math.pow */
  adaptive: { t: number[]; v: number[]; w: number[] };
}

export function probe(iso: Api): Probe {
  const fhn = iso.loadModel('fitzhugh-nagumo');
  const points = iso.fixedPoints(fhn).map((p) => ({
    state: p.state,
    eigenvalues: p.eigenvalues,
    stability: p.stability,
  }));
  const rk4 = iso.simulate(fhn, { t: 50, method: 'rk4', dt: 0.05 });
  // a model typed as text, parsed in the page as a file would be
  const text = 'name: decay\nvariables:\n  x: { ddt: "-k*x", init: 1 }\nparameters:\n  k: 0.5\n';
  const typed = iso.simulate(new iso.Model(iso.parseModelFile(text)), { t: 2, method: 'rk4', dt: 0.01 });
  const exact = JSON.stringify({
    points,
    rk4: { v: Array.from(rk4.y.v), w: Array.from(rk4.y.w) },
    typed: Array.from(typed.y.x),
  });
  const run = iso.simulate(fhn, { t: 50 });
  return { exact, adaptive: { t: Array.from(run.t), v: Array.from(run.y.v), w: Array.from(run.y.w) } };
}
