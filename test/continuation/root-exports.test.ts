/**
 * README's Continuation section imports the cycle continuations from the package root; this is
 * that import (src/index.ts is what dist/ and the package's "exports" build from). Fails on a root
 * that exports only continuation/continueEquilibria.
 */
import { describe, expect, it } from 'vitest';
import * as root from '../../src/index.js';
import type { CycleContinuationOptions, CycleContinuationResult } from '../../src/index.js';

describe('package root: cycle continuation', () => {
  it('exports continueCyclesFromHopf, continueCyclesFromOrbit and CycleContinuationError, and they run', () => {
    expect(typeof root.continueCyclesFromHopf).toBe('function');
    expect(typeof root.continueCyclesFromOrbit).toBe('function');
    expect(typeof root.CycleContinuationError).toBe('function');
    const fhn = root.loadModel('fitzhugh-nagumo');
    const h = root.continuation(fhn, { param: 'I', from: 0, to: 2 }).special.find((s) => s.type === 'H')!;
    const o: CycleContinuationOptions = { param: 'I', from: 0, to: 2, maxPoints: 5 };
    const r: CycleContinuationResult = root.continueCyclesFromHopf(fhn, h, o);
    expect(r.branch.kind).toBe('cycle');
    expect(r.branch.points).toHaveLength(5);
    // the Hopf period 2π/ω (closed form for FHN from the Jacobian at the Hopf point, as src/single
    // computes it) starts the branch: 22.8059168654 (AUTO-07p, auto_cycles.json: 22.805916865)
    expect(Math.abs(r.branch.points[0].period! - 22.805916865) / 22.805916865).toBeLessThan(1e-9);
    // a hybrid model is refused with the typed error the root exports
    expect(() => root.continueCyclesFromHopf(root.loadModel('izhikevich'), h, o)).toThrow(root.CycleContinuationError);
  });
});
