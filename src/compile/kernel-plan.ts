/**
 * Planning for the kernel target: which synaptic channels a network needs (projections onto the
 * same post population with the same synapse kind and constants share one accumulator and one
 * state), how deep each ring buffer is, and whether arrivals can be added straight into the state.
 */
import type { BuiltNetwork, BuiltProjection, Synapse } from '../network/types.js';

/** One synaptic input stream of a post population. */
export interface Channel {
  id: number;
  post: number;
  synapse: Synapse;
  projections: BuiltProjection[];
  /** ring-buffer depth in steps: max delay + 1 (+ kernel window) */
  depth: number;
  /**
   * current/conductance channels without delays: arrivals are added straight into g (g_n = q g_{n-1}
   * + X_n, the same arithmetic) and no accumulator exists
   */
  direct: boolean;
}

/** Grouping key: post population and every synapse constant. */
function keyOf(p: BuiltProjection): string {
  const s = p.synapse;
  switch (s.kind) {
    case 'jump':
    case 'pulse':
      return `${p.post}|${s.kind}|${s.target}`;
    case 'current':
      return `${p.post}|current|${s.target}|${s.decay.q}`;
    case 'conductance':
      return `${p.post}|conductance|${s.target}|${s.E}|${s.decay.q}`;
    case 'kernel':
      return `${p.post}|kernel|${s.target}|${s.shape}|${s.tau}|${s.windowSteps}`;
    case 'rate':
      // every rate projection keeps its own channel: its activity, gain, tau and E are its own
      return `${p.post}|rate|${p.index}`;
  }
}

export function planChannels(net: BuiltNetwork): Channel[] {
  const byKey = new Map<string, Channel>();
  for (const p of net.projections) {
    const k = keyOf(p);
    let ch = byKey.get(k);
    if (!ch) {
      ch = { id: byKey.size, post: p.post, synapse: p.synapse, projections: [], depth: 1, direct: false };
      byKey.set(k, ch);
    }
    ch.projections.push(p);
  }
  for (const ch of byKey.values()) {
    const maxDelay = Math.max(0, ...ch.projections.map((p) => p.delaySteps));
    const windowSteps = ch.synapse.kind === 'kernel' && ch.synapse.windowSteps !== null ? ch.synapse.windowSteps : 0;
    ch.depth = maxDelay + 1 + windowSteps;
    ch.direct = (ch.synapse.kind === 'current' || ch.synapse.kind === 'conductance') && ch.depth === 1;
  }
  return [...byKey.values()];
}
