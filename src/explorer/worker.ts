/// <reference lib="dom" />
/**
 * The explorer's Web Worker: continuation (seconds of work) runs here so the page never freezes.
 * A request carries the model text, so the worker parses the same model the page shows.
 */
import { continuation } from '../continuation/index.js';
import { parseModelText } from './model-text.js';

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
    const result = continuation(model, {
      param: q.param,
      from: q.from,
      to: q.to,
      params: others,
      ranges: q.ranges,
      cycles: q.cycles,
      maxPoints: 600,
    });
    scope.postMessage({ id: q.id, result, ms: performance.now() - t0 });
  } catch (err) {
    scope.postMessage({ id: q.id, error: err instanceof Error ? err.message : String(err) });
  }
};
