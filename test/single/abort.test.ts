/**
 * Issue 11, point 8: every analysis that can run long accepts an AbortSignal and a time limit,
 * reports progress, and stops with an AbortError naming the analysis and the model.
 */
import { describe, it, expect } from 'vitest';
import { loadModel, phasePortrait, bifurcation, fiCurve, limitCycle, AbortError } from '../../src/index.js';
import { runCLI } from '../cli/run-cli.js';

function abortError(f: () => unknown): AbortError {
  try {
    f();
  } catch (e) {
    expect(e, String(e)).toBeInstanceOf(AbortError);
    return e as AbortError;
  }
  throw new Error('expected an AbortError, the analysis returned');
}

describe('AbortSignal, time limit and progress', () => {
  it('phase portrait: a time limit stops the Hodgkin–Huxley plane (seconds of work) early', () => {
    const t = performance.now();
    const e = abortError(() => phasePortrait(loadModel('hodgkin-huxley'), { x: 'v:-90:60', y: 'n:0:1', timeLimit: 300 }));
    expect(e.message).toMatch(/^phase portrait of model 'hodgkin-huxley': aborted \(time limit of 300 ms reached\)/);
    // the check runs between runs, each bounded by its step budget
    expect(performance.now() - t).toBeLessThan(15000);
  }, 60000);

  it('bifurcation: progress rises from 0 to 1, and aborting from the callback stops the sweep', () => {
    const fhn = loadModel('fitzhugh-nagumo');
    const seen: number[] = [];
    bifurcation(fhn, { param: 'I', from: 0, to: 1.5, steps: 16, onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= seen[i - 1]))).toBe(true);
    const ac = new AbortController();
    const e = abortError(() => bifurcation(fhn, { param: 'I', from: 0, to: 1.5, steps: 16, signal: ac.signal, onProgress: (f) => f > 0.3 && ac.abort() }));
    expect(e.message).toMatch(/^bifurcation of model 'fitzhugh-nagumo': aborted/);
  });

  it('f–I curve and limit cycle: an aborted signal stops them with their own names', () => {
    const ac = new AbortController();
    ac.abort();
    expect(abortError(() => fiCurve(loadModel('lif'), { param: 'I', from: 0, to: 3, signal: ac.signal })).message).toMatch(/^f–I curve of model 'lif': aborted/);
    expect(abortError(() => limitCycle(loadModel('fitzhugh-nagumo'), { params: { I: 0.5 }, signal: ac.signal })).message).toMatch(/^limit cycle of model 'fitzhugh-nagumo': aborted/);
    const mid = new AbortController();
    const e = abortError(() => fiCurve(loadModel('lif'), { param: 'I', from: 0, to: 3, steps: 11, signal: mid.signal, onProgress: (f) => f > 0.2 && mid.abort() }));
    expect(e.analysis).toBe("f–I curve of model 'lif'");
    expect(() => fiCurve(loadModel('lif'), { param: 'I', from: 0, to: 3, timeLimit: -1 })).toThrow(/timeLimit must be a positive number/);
  });

  it('the CLI draws no progress line when stderr is not a terminal (captured here)', async () => {
    const r = await runCLI('phase', 'fitzhugh-nagumo', '--x', 'v:-2.5:2', '--y', 'w:-1:2', '--set', 'I=0.5');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });
});
