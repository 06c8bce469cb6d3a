import { describe, it, expect } from 'vitest';
import { continuationChart, periodChart, twoParameterChart } from '../../src/plot/continuation.js';
import type { ContinuationResult } from '../../src/continuation/types.js';
import { OptionError } from '../../src/index.js';

// A hand-made result (no numerics): an equilibrium branch losing stability at a subcritical Hopf
// point, and the unstable cycle born there turning at a fold of cycles into a stable one.
const pt = (param: number, v: number, stable: boolean, extra: object = {}) => ({ param, state: { v, w: 0 }, stable, ...extra });
const cyc = (param: number, amp: number, stable: boolean, period: number) =>
  pt(param, 0, stable, { period, min: { v: -amp, w: 0 }, max: { v: amp, w: 0 } });
const result: ContinuationResult = {
  model: 'toy',
  branches: [
    { kind: 'equilibrium', param: 'I', points: [pt(0, -1, true), pt(1, -0.5, true), pt(2, 0, false), pt(3, 0.5, false)] },
    { kind: 'cycle', param: 'I', points: [cyc(1, 0.01, false, 10), cyc(0.8, 0.5, false, 12), cyc(0.7, 1, false, 14), cyc(0.8, 1.5, true, 16), cyc(2, 2, true, 20)] },
    { kind: 'hopf-curve', param: 'I', param2: 'g', points: [pt(1, -0.5, false, { param2: 0 }), pt(1.5, -0.5, false, { param2: 1 })] },
  ],
  special: [
    { type: 'H', param: 1, state: { v: -0.5, w: 0 }, branch: 0, lyapunov: 0.3, criticality: 'subcritical', period: 10 },
    { type: 'LPC', param: 0.7, state: { v: 0, w: 0 }, branch: 1, period: 14 },
    { type: 'GH', param: 1.2, param2: 0.4, state: { v: -0.5, w: 0 }, branch: 2 },
  ],
  warnings: [],
};
type DS = { label: string; borderDash?: number[]; data: ({ x: number; y: number } | { x: null; y: null })[] };
const sets = (c: { data: { datasets: unknown[] } }): DS[] => c.data.datasets as DS[];

describe('continuation charts', () => {
  it('bifurcation diagram: stable solid, unstable dashed, joined at the Hopf point; cycles as max and min; Hopf type and LPC value in the legend', () => {
    const d = sets(continuationChart(result));
    const byLabel = Object.fromEntries(d.map((s) => [s.label, s]));
    expect(byLabel['stable equilibria'].borderDash).toBeUndefined();
    expect(byLabel['unstable equilibria'].borderDash).toEqual([6, 4]);
    // the stable run ends where the unstable one begins (at I = 1)
    const stableXs = byLabel['stable equilibria'].data.map((p) => p.x);
    expect(stableXs).toContain(1);
    expect(byLabel['unstable equilibria'].data[0]).toEqual({ x: 1, y: -0.5 });
    expect(byLabel['unstable cycles (max, min v)'].data.some((p) => p.y === -1)).toBe(true);
    expect(byLabel['stable cycles (max, min v)'].data.some((p) => p.y === 2)).toBe(true);
    expect(d.some((s) => s.label === 'Hopf, subcritical (I = 1)')).toBe(true);
    expect(d.some((s) => s.label === 'fold of cycles LPC (I = 0.7)')).toBe(true);
  });
  it('period panel from the cycle branch; two-parameter diagram with its GH point', () => {
    const p = sets(periodChart(result));
    expect(p.find((s) => s.label === 'stable cycles')!.data.some((q) => q.y === 20)).toBe(true);
    expect(p.find((s) => s.label === 'unstable cycles')!.borderDash).toEqual([6, 4]);
    const t = sets(twoParameterChart(result));
    expect(t.find((s) => s.label === 'Hopf curve (H)')!.data.filter((q) => q.x !== null)).toHaveLength(2);
    expect(t.some((s) => s.label === 'Bautin GH (1.2, 0.4)')).toBe(true);
  });
  it('asking for what the result lacks is a one-line OptionError', () => {
    expect(() => continuationChart(result, { variable: 'vv' })).toThrow("continuation plot: no variable 'vv' in the diagram of 'toy' (did you mean 'v'?)");
    const noCycles = { ...result, branches: result.branches.filter((b) => b.kind !== 'cycle') };
    expect(() => periodChart(noCycles)).toThrow(OptionError);
    expect(() => twoParameterChart({ ...result, branches: [result.branches[0]] })).toThrow(/no two-parameter curves/);
  });
});
