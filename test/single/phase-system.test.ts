import { describe, it, expect } from 'vitest';
import { compile, loadModel, Model } from '../../src/index.js';
import { phasePortrait } from '../../src/single/phase.js';
import { phaseChart } from '../../src/plot/phase.js';
import hh from '../references/hh_rest.json';

const quick = { arrows: 0, resolution: 81, separatrices: false, limitCycle: false } as const;

describe('phase planes of models with more than two variables say which system they show', () => {
  it('projection (default): fixed points of the full 4-D system, labelled as such in data and figure', () => {
    const pp = phasePortrait(loadModel('hodgkin-huxley'), { x: 'v:-80:40', y: 'n:0:1', params: { I: 0 }, trajectories: [[-70, 0.3]], duration: 20, ...quick });
    expect(pp.system).toBe('projection');
    expect(Object.keys(pp.held)).toEqual(['m', 'h']);
    expect(pp.shows).toMatch(/^nullclines and field with m = .+, h = .+ held; fixed points, trajectories and cycle of the full 4-variable system, projected$/);
    // the full system's rest state (test/references/hh_rest.py: scipy fsolve on all four equations)
    expect(pp.fixedPoints).toHaveLength(1);
    expect(Math.abs(pp.fixedPoints[0].state.v - hh.state.v)).toBeLessThan(1e-9);
    expect(Math.abs(pp.fixedPoints[0].state.m - hh.state.m)).toBeLessThan(1e-9);
    // m and h were free in that search: it cannot be exhaustive, and says so
    expect(pp.fixedPointSearch.complete).toBe(false);
    expect(pp.fixedPointSearch.unbounded).toEqual(['m', 'h']);
    // the trajectory moves m and h (it is the full system's)
    expect(Object.keys(pp.trajectories[0].segments[0].y)).toEqual(['v', 'm', 'h', 'n']);
    const chart = phaseChart(pp);
    const labels = (chart.data.datasets as { label?: string }[]).map((d) => d.label);
    expect(labels).toContain('v-nullcline (m, h held)');
    expect(labels).toContain('trajectories (projected)');
    expect(labels.some((l) => /\(projected\)$/.test(l ?? '') && /focus|node|saddle/.test(l ?? ''))).toBe(true);
    const title = (chart.options?.plugins as { title?: { text?: string | string[] } }).title?.text;
    expect(JSON.stringify(title)).toMatch(/projection of the full system/);
  });

  it('reduced: every element of the 2-D system with m, h held; its fixed points zero the v and n equations there', () => {
    const model = loadModel('hodgkin-huxley');
    const state = { m: 0.05, h: 0.6 };
    const pp = phasePortrait(model, { x: 'v:-80:40', y: 'n:0:1', params: { I: 0 }, state, trajectories: [[-70, 0.3]], duration: 20, ...quick, system: 'reduced' });
    expect(pp.system).toBe('reduced');
    expect(pp.held).toEqual(state);
    expect(pp.shows).toMatch(/^the reduced system with m = 0.05, h = 0.6 held/);
    expect(pp.fixedPoints.length).toBeGreaterThan(0);
    expect(pp.fixedPointSearch.complete).toBe(true);
    // independent check: the full model's own right-hand side at (v*, m, h, n*) has dv/dt = dn/dt = 0
    const c = compile(model);
    const p = c.params({ I: 0 });
    const dy = new Float64Array(4);
    for (const f of pp.fixedPoints) {
      expect(Object.keys(f.state)).toEqual(['v', 'n']);
      c.rhs(0, Float64Array.of(f.state.v, state.m, state.h, f.state.n), p, dy);
      expect(Math.abs(dy[0])).toBeLessThan(1e-10);
      expect(Math.abs(dy[3])).toBeLessThan(1e-12);
      expect(f.eigenvalues).toHaveLength(2);
    }
    // the trajectory stays in the plane's system: only v and n evolve
    expect(Object.keys(pp.trajectories[0].segments[0].y)).toEqual(['v', 'n']);
    const labels = (phaseChart(pp).data.datasets as { label?: string }[]).map((d) => d.label);
    expect(labels).toContain('trajectories');
    expect(labels).toContain('n-nullcline (m, h held)');
  });

  it('a two-variable model is planar and unlabelled; a bad system is a typed error', () => {
    const fhn = loadModel('fitzhugh-nagumo');
    const pp = phasePortrait(fhn, { x: 'v:-2.5:2', y: 'w:-1:2', params: { I: 0.5 }, ...quick });
    expect(pp.system).toBe('planar');
    expect(pp.fixedPointSearch.complete).toBe(true);
    const m = Model.fromEquations('three', ["x' = -x", "y' = -y", "z' = -z"]);
    expect(() => phasePortrait(m, { x: 'x:-1:1', y: 'y:-1:1', system: 'full' as never })).toThrow(/system must be 'projection' or 'reduced', got 'full'/);
  });
});

describe('nullclines of a plane in a larger model name the held values', () => {
  it('Hodgkin–Huxley (v, n): held m and h in the result', async () => {
    const { nullclines } = await import('../../src/single/nullclines.js');
    const nc = nullclines(loadModel('hodgkin-huxley'), { x: 'v:-80:40', y: 'n:0:1', state: { m: 0.05, h: 0.6 }, resolution: 41 });
    expect(nc.held).toEqual({ m: 0.05, h: 0.6 });
    const fhn = nullclines(loadModel('fitzhugh-nagumo'), { x: 'v:-2.5:2', y: 'w:-1:2', resolution: 21 });
    expect(fhn.held).toEqual({});
  });
});
