import { describe, it, expect } from 'vitest';
import { loadModel, Model, OptionError } from '../../src/index.js';
import { nullclines } from '../../src/single/nullclines.js';
import { directionField } from '../../src/single/direction-field.js';
import { trajectories } from '../../src/single/trajectories.js';
import { phasePortrait } from '../../src/single/phase.js';
import { phaseChart } from '../../src/plot/phase.js';
import { configToJSON } from '../../src/plot/render.js';
import lin from '../references/phase_linear.json';

const maxOver = (n: number, f: (i: number) => number): number => {
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(f(i)));
  return m;
};

describe('nullclines', () => {
  // Reference: test/references/phase_linear.py — the nullclines of a linear system are the lines
  // y = (3 − x)/2 and y = 3x + 1, its fixed point (1/7, 10/7) (numpy.linalg.solve), a saddle.
  const linear = Model.fromEquations('linear', ["x' = x + 2*y - 3", "y' = 3*x - y + 1"]);

  it('a linear system: each nullcline is one straight polyline, exact to rounding', () => {
    const nc = nullclines(linear, { x: 'x:-2:2', y: 'y:-2:4' });
    expect(nc.nullclines.x).toHaveLength(1);
    expect(nc.nullclines.y).toHaveLength(1);
    const a = nc.nullclines.x[0], b = nc.nullclines.y[0];
    expect(maxOver(a.x.length, (i) => a.y[i] - (3 - a.x[i]) / 2)).toBeLessThan(1e-14);
    expect(maxOver(b.x.length, (i) => b.y[i] - (3 * b.x[i] + 1))).toBeLessThan(1e-14);
    // ends on the plane's border: x-nullcline from x = −2 (y = 2.5) to x = 2 (y = 0.5)
    const ends = [a.x[0], a.x[a.x.length - 1]].sort((p, q) => p - q);
    expect(ends[0]).toBeCloseTo(-2, 14);
    expect(ends[1]).toBeCloseTo(2, 14);
    // ordered: the points run monotonically along the line
    const dx = Array.from(a.x.subarray(1), (v, i) => v - a.x[i]);
    expect(dx.every((d) => d > 0) || dx.every((d) => d < 0)).toBe(true);
  });

  it('the linear system’s fixed point and saddle, and its separatrices lie on the eigenvector lines', () => {
    const pp = phasePortrait(linear, { x: 'x:-2:2', y: 'y:-2:4', limitCycle: false });
    expect(pp.fixedPoints).toHaveLength(1);
    const f = pp.fixedPoints[0];
    expect(Math.abs(f.state.x - lin.linear.fixed_point.x)).toBeLessThan(1e-14);
    expect(Math.abs(f.state.y - lin.linear.fixed_point.y)).toBeLessThan(1e-14);
    expect(f.stability).toBe('saddle');
    expect(pp.separatrices).toHaveLength(4);
    for (const s of pp.separatrices) {
      // stable manifold along the eigenvector of −√7, unstable along +√7
      const e = lin.linear.eigenvectors[s.kind === 'stable' ? 0 : 1];
      for (const seg of s.trajectory.segments) {
        const d = maxOver(seg.t.length, (i) => (seg.y.x[i] - f.state.x) * e[1] - (seg.y.y[i] - f.state.y) * e[0]);
        expect(d).toBeLessThan(1e-6);
      }
      expect(s.trajectory.direction).toBe(s.kind === 'stable' ? 'backward' : 'forward');
    }
  });

  it('two branches of x·y = 1 come out as two polylines, never joined', () => {
    // x' = x y − 1: the x-nullcline is a hyperbola with one branch per quadrant (I and III)
    const m = Model.fromEquations('hyperbola', ["x' = x*y - 1", "y' = x - y"]);
    const nc = nullclines(m, { x: 'x:-3:3', y: 'y:-3:3' });
    const lines = nc.nullclines.x;
    expect(lines).toHaveLength(2);
    const signs = lines.map((l) => Math.sign(l.x[0]));
    expect(signs.sort()).toEqual([-1, 1]);
    for (const l of lines) {
      expect(maxOver(l.x.length, (i) => l.x[i] * l.y[i] - 1)).toBeLessThan(1e-9);
      expect(l.x.every((v) => Math.sign(v) === Math.sign(l.x[0]))).toBe(true);
    }
  });

  it('a pole (sign change without a zero) is not drawn as a nullcline', () => {
    // x' = 1/x − y changes sign across x = 0 without vanishing; the contour grid sees a crossing
    // there, the refinement must drop it, leaving the two branches of y = 1/x
    const m = Model.fromEquations('pole', ["x' = 1/x - y", "y' = x - y"]);
    const lines = nullclines(m, { x: 'x:-3:3', y: 'y:-3:3', resolution: 200 }).nullclines.x;
    expect(lines).toHaveLength(2);
    for (const l of lines) {
      expect(maxOver(l.x.length, (i) => l.y[i] - 1 / l.x[i])).toBeLessThan(1e-9);
      expect(Math.min(...Array.from(l.x, Math.abs))).toBeGreaterThan(0.3);
    }
  });

  it('FitzHugh–Nagumo: w-nullcline exactly w = (v + a)/b, v-nullcline the cubic w = v − v³/3 + I', () => {
    const nc = nullclines(loadModel('fitzhugh-nagumo'), { x: 'v:-2.5:2', y: 'w:-1:2', params: { I: 0.5 } });
    const [w] = nc.nullclines.w, [v] = nc.nullclines.v;
    expect(nc.nullclines.w).toHaveLength(1);
    expect(nc.nullclines.v).toHaveLength(1);
    expect(maxOver(w.x.length, (i) => w.y[i] - (w.x[i] + 0.7) / 0.8)).toBeLessThan(1e-14);
    expect(maxOver(v.x.length, (i) => v.y[i] - (v.x[i] - v.x[i] ** 3 / 3 + 0.5))).toBeLessThan(1e-12);
  });

  it('Izhikevich: the parabolic v-nullcline is one polyline through its minimum, two when the range cuts it off', () => {
    const izh = loadModel('izhikevich').with({ I: 0 });
    // u = 0.04 v² + 5 v + 140: minimum at v = −62.5, u = −16.25
    const whole = nullclines(izh, { x: 'v:-90:40', y: 'u:-20:10' }).nullclines.v;
    expect(whole).toHaveLength(1);
    // (the nearest vertex, within the grid spacing's curvature error)
    expect(Math.min(...whole[0].y)).toBeCloseTo(-16.25, 1);
    const cut = nullclines(izh, { x: 'v:-90:40', y: 'u:-14:10' }).nullclines.v;
    expect(cut).toHaveLength(2);
    for (const l of [...whole, ...cut]) expect(maxOver(l.x.length, (i) => l.y[i] - (0.04 * l.x[i] ** 2 + 5 * l.x[i] + 140))).toBeLessThan(1e-9);
  });

  it('a hybrid model shows its threshold line and the reset line (threshold mapped by the reset)', () => {
    const nc = nullclines(loadModel('izhikevich').with({ I: 0 }), { x: 'v:-90:40', y: 'u:-20:10' });
    expect(nc.events).toHaveLength(1);
    const e = nc.events[0];
    expect(e.threshold).toHaveLength(1);
    expect(e.threshold[0].x.every((v) => Math.abs(v - 30) < 1e-12)).toBe(true);
    // reset v = c = −65, u = u + d (d = 8)
    expect(e.reset[0].x.every((v) => v === -65)).toBe(true);
    e.reset[0].y.forEach((u, i) => expect(u).toBeCloseTo(e.threshold[0].y[i] + 8, 12));
  });
});

describe('direction field and trajectories', () => {
  it('arrows have equal length in axis-scaled units; raw derivatives and speed are kept', () => {
    const f = directionField(loadModel('fitzhugh-nagumo'), { x: 'v:-2.5:2', y: 'w:-1:2', arrows: [10, 8], length: 0.5 });
    expect(f.x.length).toBe(80);
    for (let k = 0; k < 80; k++) {
      const v = f.x[k], w = f.y[k];
      expect(f.dx[k]).toBeCloseTo(v - v ** 3 / 3 - w + 0.5, 12);
      expect(f.dy[k]).toBeCloseTo((v + 0.7 - 0.8 * w) / 12.5, 12);
      expect(Math.hypot(f.u[k] / 4.5, f.v[k] / 3)).toBeCloseTo(0.5 / 10, 12);
      expect(f.speed[k]).toBeCloseTo(Math.hypot(f.dx[k] / 4.5, f.dy[k] / 3), 12);
      // the arrow points along the flow
      expect(f.u[k] * f.dx[k] + f.v[k] * f.dy[k]).toBeGreaterThan(0);
    }
  });

  it('a hybrid trajectory is cut at each reset: no segment crosses from threshold to reset', () => {
    const [t] = trajectories(loadModel('izhikevich').preset('RS').with({ I: 10 }), { x: 'v:-90:40', y: 'u:-20:10', from: [[-65, -13]], duration: 300 });
    expect(t.segments.length).toBeGreaterThan(3);
    for (const s of t.segments.slice(0, -1)) {
      // each segment ends at the threshold, the next begins at the reset
      expect(s.y.v[s.y.v.length - 1]).toBeCloseTo(30, 6);
      for (let i = 1; i < s.t.length; i++) expect(Math.abs(s.y.v[i] - s.y.v[i - 1])).toBeLessThan(60);
    }
    expect(t.segments[1].y.v[0]).toBe(-65);
  });

  it('forward and backward trajectories retrace each other (FitzHugh–Nagumo)', () => {
    const m = loadModel('fitzhugh-nagumo');
    const [fw] = trajectories(m, { x: 'v:-2.5:2', y: 'w:-1:2', from: [[0.5, 0.5]], duration: 5, rtol: 1e-11 });
    const end = fw.segments[0];
    const n = end.t.length - 1;
    const [bw] = trajectories(m, { x: 'v:-2.5:2', y: 'w:-1:2', from: [[end.y.v[n], end.y.w[n]]], duration: 5, direction: 'backward', rtol: 1e-11 });
    const b = bw.segments[0];
    expect(b.t[b.t.length - 1]).toBeCloseTo(-5, 9);
    expect(b.y.v[b.t.length - 1]).toBeCloseTo(0.5, 7);
    expect(b.y.w[b.t.length - 1]).toBeCloseTo(0.5, 7);
  });
});

describe('phase portrait errors and output', () => {
  it('bad planes are typed errors that say what is wrong', () => {
    const fhn = loadModel('fitzhugh-nagumo');
    expect(() => phasePortrait(fhn, { x: 'vv:-2:2', y: 'w:-1:2' })).toThrow(/no state variable 'vv'.*did you mean 'v'/);
    expect(() => phasePortrait(fhn, { x: 'v:2:-2', y: 'w:-1:2' })).toThrow(OptionError);
    expect(() => phasePortrait(fhn, { x: 'v:-2', y: 'w:-1:2' })).toThrow(/name:min:max/);
    expect(() => phasePortrait(fhn, { x: 'v:-2:2', y: 'v:-1:2' })).toThrow(/both 'v'/);
    expect(() => phasePortrait(loadModel('lif'), { x: 'v:0:1', y: 'v:0:1' })).toThrow(/needs two/);
    expect(() => phasePortrait(fhn, { x: 'v:-2:2', y: 'w:-1:2', params: { J: 1 } })).toThrow(/no parameter 'J'/);
    expect(() => phasePortrait(fhn, { x: 'v:-2:2', y: 'w:-1:2', trajectories: [[0, NaN]] })).toThrow(/two finite numbers/);
  });

  it('the portrait and its chart.js config are plain JSON', () => {
    const pp = phasePortrait(loadModel('fitzhugh-nagumo'), { x: 'v:-2.5:2', y: 'w:-1:2', params: { I: 0.5 }, trajectories: 2 });
    expect(pp.limitCycle?.period).toBeCloseTo(39.4744, 3);
    const cfg = JSON.parse(configToJSON(phaseChart(pp)));
    const labels = cfg.data.datasets.map((d: { label: string }) => d.label);
    expect(labels).toEqual(expect.arrayContaining(['v-nullcline', 'w-nullcline', 'limit cycle', 'unstable focus', 'trajectories', 'direction field']));
    expect(cfg.options.scales.x.title.text).toBe('v');
  });
});
