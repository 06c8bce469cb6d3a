/**
 * Issue 11, points 4 and 8 (phase planes): every trajectory and separatrix has a step budget, so
 * a stiff backward run or an absurd duration cannot keep a phase plane busy for minutes. Before:
 * the Hodgkin–Huxley (v, n) plane took 277 s (its stable manifolds, integrated backward through
 * the fast gating, ran up to odex's 1e7 steps per chunk) and `--duration 1e12` ran 564 s.
 */
import { describe, it, expect } from 'vitest';
import { loadModel, phasePortrait, trajectories, AbortError } from '../../src/index.js';
import { TRAJECTORY_MAX_STEPS } from '../../src/single/trajectories.js';

describe('phase planes: bounded work', () => {
  it('Hodgkin–Huxley (v, n) with default options finishes in seconds, separatrices cut honestly', () => {
    const t = performance.now();
    const pp = phasePortrait(loadModel('hodgkin-huxley'), { x: 'v:-90:60', y: 'n:0:1' });
    const ms = performance.now() - t;
    // 2 real stable eigenvalues (-4.77, -0.139) at the saddle: 4 branches, all stable
    expect(pp.separatrices).toHaveLength(4);
    expect(pp.separatrices.every((s) => ['step limit', 'left plane', 'diverged', 'time', 'settled'].includes(s.trajectory.end))).toBe(true);
    // about 3 s of CPU here; 60 s leaves room for two shared cores under load (was 277 s)
    expect(ms).toBeLessThan(60000);
  }, 120000);

  it('a duration of 1e12 ends each trajectory at its step budget instead of running for minutes', () => {
    const fhn = loadModel('fitzhugh-nagumo');
    const t = performance.now();
    const tr = trajectories(fhn, { x: 'v:-2.5:2', y: 'w:-1:2', params: { I: 0.5 }, from: [[0, 0], [1, 1]], duration: 1e12 });
    expect(tr.map((x) => x.end)).toEqual(['step limit', 'step limit']);
    // the cycle (period 39.5) is followed, not abandoned: each run recorded points
    for (const x of tr) expect(x.segments.reduce((a, s) => a + s.t.length, 0)).toBeGreaterThan(0);
    expect(performance.now() - t).toBeLessThan(30000);
  }, 120000);

  it('the budget is an option, and the default is documented', () => {
    const fhn = loadModel('fitzhugh-nagumo');
    const [a] = trajectories(fhn, { x: 'v:-2.5:2', y: 'w:-1:2', params: { I: 0.5 }, from: [[0, 0]], duration: 2000, maxSteps: 50 });
    expect(a.end).toBe('step limit');
    const [b] = trajectories(fhn, { x: 'v:-2.5:2', y: 'w:-1:2', params: { I: 0.5 }, from: [[0, 0]], duration: 200 });
    expect(b.end).toBe('time');
    expect(TRAJECTORY_MAX_STEPS).toBe(20000);
  });

  it('an aborted signal stops trajectories with an AbortError', () => {
    const ac = new AbortController();
    ac.abort();
    expect(() => trajectories(loadModel('fitzhugh-nagumo'), { x: 'v:-2.5:2', y: 'w:-1:2', from: [[0, 0]], signal: ac.signal })).toThrow(AbortError);
  });
});
