import { describe, it, expect } from 'vitest';
import { loadModel } from '../../src/index.js';
import { bifurcation } from '../../src/single/bifurcation.js';
import { bifurcationChart } from '../../src/plot/bifurcation.js';
import { configToJSON } from '../../src/plot/render.js';
import fhn from '../references/fhn.json';
import izh from '../references/izhikevich_bifurcation.json';

describe('bifurcation diagrams', () => {
  it('FitzHugh–Nagumo in I: two Hopf points located to 1e-4 (actually ~1e-9), unstable between', () => {
    // Reference: test/references/fhn.py — trace of the analytic Jacobian vanishes at
    // v* = ±√(1 − b/tau); I = w* − v* + v*³/3 (closed form), det > 0 there.
    const d = bifurcation(loadModel('fitzhugh-nagumo'), { param: 'I', from: 0, to: 2, steps: 21, cycles: false });
    expect(d.branches).toHaveLength(1);
    const hopf = d.points.filter((q) => q.type === 'hopf');
    expect(hopf).toHaveLength(2);
    hopf.forEach((q, i) => {
      expect(Math.abs(q.param - fhn.hopf[i].I)).toBeLessThan(1e-8);
      expect(Math.abs(q.state.v - fhn.hopf[i].v)).toBeLessThan(1e-6);
      expect(Math.abs(q.frequency! - fhn.hopf[i].omega)).toBeLessThan(1e-6);
    });
    const b = d.branches[0];
    b.param.forEach((I, j) => expect(b.stable[j]).toBe(I < fhn.hopf[0].I || I > fhn.hopf[1].I));
  });

  it('FitzHugh–Nagumo: the stable cycle between the Hopf points has the reference period at I = 0.5', () => {
    const d = bifurcation(loadModel('fitzhugh-nagumo'), { param: 'I', from: 0.4, to: 0.6, steps: 3 });
    const k = Array.from(d.cycles.param).indexOf(0.5);
    expect(k).toBeGreaterThanOrEqual(0);
    const ref = fhn['limit_cycle_I0.5'];
    expect(Math.abs(d.cycles.period[k] - ref.period) / ref.period).toBeLessThan(1e-6);
    expect(d.cycles.max.v[k]).toBeCloseTo(ref.v_max, 5);
    expect(d.cycles.min.v[k]).toBeCloseTo(ref.v_min, 5);
  });

  it('Izhikevich in I: Hopf at 3.7975 then fold at 4 (closed form), node and saddle branches meet', () => {
    // Reference: test/references/izhikevich_bifurcation.py — fold where the fixed-point quadratic
    // has a double root, Hopf where the Jacobian trace vanishes (mpmath).
    const d = bifurcation(loadModel('izhikevich'), { param: 'I', from: -5, to: 10, steps: 31, cycles: false });
    expect(d.branches).toHaveLength(2);
    const fold = d.points.filter((q) => q.type === 'fold');
    expect(fold).toHaveLength(1);
    expect(Math.abs(fold[0].param - izh.fold.I)).toBeLessThan(1e-6);
    expect(Math.abs(fold[0].state.v - izh.fold.v)).toBeLessThan(1e-2); // √ behaviour at a fold
    expect(fold[0].branches.sort()).toEqual([0, 1]);
    const hopf = d.points.filter((q) => q.type === 'hopf');
    expect(hopf).toHaveLength(1);
    expect(Math.abs(hopf[0].param - izh.hopf.I)).toBeLessThan(1e-8);
    expect(Math.abs(hopf[0].frequency! - izh.hopf.omega)).toBeLessThan(1e-6);
    expect(d.branches.map((b) => b.stability[0]).sort()).toEqual(['saddle', 'stable node']);
  });

  it('the diagram draws stable solid and unstable dashed, and serialises', () => {
    const d = bifurcation(loadModel('fitzhugh-nagumo'), { param: 'I', from: 0, to: 2, steps: 11, cycles: false });
    const cfg = JSON.parse(configToJSON(bifurcationChart(d)));
    const byLabel = Object.fromEntries(cfg.data.datasets.map((s: { label: string }) => [s.label.split(' (')[0], s]));
    expect(byLabel['stable equilibria'].borderDash).toBeUndefined(); // solid (the theme's default)
    expect(byLabel['unstable equilibria'].borderDash).toEqual([6, 4]);
    expect(byLabel.Hopf.data).toHaveLength(2);
  });

  it('bad options are typed errors', () => {
    const m = loadModel('fitzhugh-nagumo');
    expect(() => bifurcation(m, { param: 'II', from: 0, to: 1 })).toThrow(/no parameter 'II'.*did you mean 'I'/);
    expect(() => bifurcation(m, { param: 'I', from: 0, to: 0 })).toThrow(/different/);
    expect(() => bifurcation(m, { param: 'I', from: 0, to: 1, variable: 'x' })).toThrow(/no state variable 'x'/);
  });
});
