/**
 * Periodic-orbit continuation on the Bautin (generalised Hopf) normal form, whose cycles are known
 * in closed form. In polar coordinates r' = b1 r + b2 r³ − r⁵, θ' = 1, so every cycle is a circle
 * of radius r with b1 = −b2 r² + r⁴ and period exactly 2π; for b2 = 1 the Hopf point at b1 = 0 is
 * subcritical and the unstable cycles born there fold (LPC) where db1/dr = 0: r² = b2/2,
 * b1 = −b2²/4 = −0.25. The non-trivial Floquet multiplier is exp(2π ∂r'/∂r) =
 * exp(2π (b1 + 3 b2 r² − 5 r⁴)) = exp(2π(2 b2 r² − 4 r⁴)).
 */
import { describe, expect, it } from 'vitest';
import { Model } from '../../src/model/model.js';
import { continueCyclesFromHopf, continueCyclesFromOrbit, CycleContinuationError } from '../../src/continuation/cycles.js';
import { loadModel } from '../../src/model/modelfile.js';

const bautin = (b2: number): Model =>
  Model.fromEquations(
    'bautin',
    ["x' = b1*x - y + b2*x*(x^2 + y^2) - x*(x^2 + y^2)^2", "y' = x + b1*y + b2*y*(x^2 + y^2) - y*(x^2 + y^2)^2"],
    { b1: 0, b2 },
  );

describe('cycles of the Bautin normal form', () => {
  const b2 = 1;
  const r = continueCyclesFromHopf(bautin(b2), { type: 'H', param: 0, state: { x: 0, y: 0 } }, { param: 'b1', from: -1, to: 1 });

  it('locates the fold of cycles at b1 = −b2²/4 with period 2π', () => {
    const lpc = r.special.filter((s) => s.type === 'LPC');
    expect(lpc).toHaveLength(1);
    expect(Math.abs(lpc[0].param - -0.25)).toBeLessThan(1e-9);
    expect(Math.abs(lpc[0].period! - 2 * Math.PI)).toBeLessThan(1e-9);
    // the fold cycle's radius is sqrt(b2/2)
    expect(Math.abs(Math.hypot(lpc[0].state.x, lpc[0].state.y) - Math.sqrt(0.5))).toBeLessThan(1e-7);
  });

  it('follows the unstable cycles to the fold and the stable ones beyond it, each on its closed-form circle', () => {
    const pts = r.branch.points.slice(1);
    expect(pts.length).toBeGreaterThan(5);
    for (const p of pts) {
      const rad = Math.hypot(p.state.x, p.state.y);
      expect(Math.abs(p.param - (-b2 * rad ** 2 + rad ** 4))).toBeLessThan(1e-8);
      expect(Math.abs(p.period! - 2 * Math.PI)).toBeLessThan(1e-9);
      // unstable below the fold radius, stable above
      expect(p.stable).toBe(rad ** 2 > b2 / 2);
      const mu = Math.exp(2 * Math.PI * (2 * b2 * rad ** 2 - 4 * rad ** 4));
      const nontrivial = p.multipliers!.map((m) => m.re).sort((a, b) => Math.abs(a - 1) - Math.abs(b - 1))[1];
      expect(Math.abs(nontrivial - mu) / mu).toBeLessThan(1e-7);
    }
    expect(r.branch.end).toMatch(/reached the end of the range/);
  });

  it('continues from a given orbit at a parameter value too (the circle r = 1 at b1 = 0)', () => {
    const N = 200;
    const t = Float64Array.from({ length: N + 1 }, (_, i) => (2 * Math.PI * i) / N);
    const orbit = { t, y: { x: t.map(Math.cos), y: t.map(Math.sin) }, period: 2 * Math.PI };
    const o = continueCyclesFromOrbit(bautin(b2), orbit, { param: 'b1', from: 0, to: -1 });
    expect(o.branch.points[0].param).toBe(0);
    expect(Math.abs(Math.hypot(o.branch.points[0].state.x, o.branch.points[0].state.y) - 1)).toBeLessThan(1e-9);
    const lpc = o.special.filter((s) => s.type === 'LPC');
    expect(lpc).toHaveLength(1);
    expect(Math.abs(lpc[0].param - -0.25)).toBeLessThan(1e-9);
  });

  it('ends a supercritical branch (b2 = −1) where it leaves the range, without a fold', () => {
    const s = continueCyclesFromHopf(bautin(-1), { type: 'H', param: 0, state: { x: 0, y: 0 } }, { param: 'b1', from: -1, to: 1 });
    expect(s.special).toHaveLength(0);
    expect(s.branch.points.slice(1).every((p) => p.stable && p.param > 0)).toBe(true);
  });
});

describe('refusals', () => {
  it('refuses hybrid models in one line', () => {
    const izh = loadModel('izhikevich');
    const call = (): unknown => continueCyclesFromHopf(izh, { type: 'H', param: 0, state: { v: -70, u: -14 } }, { param: 'I', from: 0, to: 10 });
    expect(call).toThrow(CycleContinuationError);
    expect(call).toThrow(/model 'izhikevich' has events with resets .*not smooth periodic orbits/);
    try {
      call();
    } catch (e) {
      expect(String((e as Error).message)).not.toContain('\n');
    }
  });
  it('names the nearest parameter for a typo and rejects a point that is not a Hopf point', () => {
    const m = bautin(1);
    expect(() => continueCyclesFromHopf(m, { type: 'H', param: 0, state: { x: 0, y: 0 } }, { param: 'bl', from: -1, to: 1 })).toThrow(/no parameter 'bl' to vary \(did you mean 'b1'\?\)/);
    expect(() => continueCyclesFromHopf(m, { type: 'H', param: 0.5, state: { x: 0, y: 0 } }, { param: 'b1', from: -1, to: 1 })).toThrow(/not a Hopf point/);
    expect(() => continueCyclesFromHopf(m, { type: 'H', param: 0, state: { x: 0 } }, { param: 'b1', from: -1, to: 1 })).toThrow(/lacks a finite value for 'y'/);
  });
});
