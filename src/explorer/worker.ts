/// <reference lib="dom" />
/**
 * The explorer's Web Worker: continuation (seconds of work) runs here so the page never freezes.
 * A request carries the model text, so the worker parses the same model the page shows.
 */
import { continuation } from '../continuation/index.js';
import { parseModelText } from './model-text.js';
import type { ContinuationResult, ContinuationSpecialPoint } from '../continuation/types.js';

export interface ContinuationRequest {
  id: number;
  text: string;
  param: string;
  from: number;
  to: number;
  params: Record<string, number>;
  ranges: Record<string, [number, number]>;
  /** hybrid models (events) have no cycle continuation */
  cycles: boolean;
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<ContinuationRequest>) => void) | null;
  postMessage(m: unknown): void;
};

scope.onmessage = (e) => {
  const q = e.data;
  const t0 = performance.now();
  try {
    const model = parseModelText(q.text);
    const { [q.param]: _, ...others } = q.params;
    // from the slider's value both ways: the equilibria are looked for where the plane shows them
    // (at the slider's ends they may lie outside the plane's box, and none would be found)
    const at = q.params[q.param];
    const run = (from: number, to: number): ContinuationResult =>
      continuation(model, {
        param: q.param,
        from,
        to,
        params: others,
        ranges: q.ranges,
        cycles: q.cycles,
        maxPoints: 600,
      });
    const parts = at > q.from && at < q.to ? [run(at, q.to), run(at, q.from)] : [run(q.from, q.to)];
    const result: ContinuationResult = {
      ...parts[0],
      branches: parts.flatMap((r) => r.branches),
      // a special point's `branch` indexes the merged list: the second half's branches come after the first's
      special: dedupe(
        parts.flatMap((r, i) => {
          const shift = i === 0 ? 0 : parts[0].branches.length;
          return r.special.map((p) => (p.branch === undefined ? p : { ...p, branch: p.branch + shift }));
        }),
      ),
      warnings: [...new Set(parts.flatMap((r) => r.warnings))],
    };
    scope.postMessage({ id: q.id, result, ms: performance.now() - t0 });
  } catch (err) {
    scope.postMessage({ id: q.id, error: err instanceof Error ? err.message : String(err) });
  }
};

/** Special points found by both halves (at the slider's value itself) are listed once. */
function dedupe(points: ContinuationSpecialPoint[]): ContinuationSpecialPoint[] {
  const seen = new Set<string>();
  return points
    .filter((p) => {
      const k = `${p.type}:${p.param.toPrecision(6)}`;
      return seen.has(k) ? false : (seen.add(k), true);
    })
    .sort((a, b) => a.param - b.param);
}
