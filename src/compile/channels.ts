/**
 * Synaptic channels, planned once for every target: projections onto the same post population with
 * the same synapse kind, target and constants share one accumulator and one set of states (unless
 * the kind keeps a channel per projection); how deep each ring buffer is; and whether arrivals can
 * be added straight into the state (no delay ring).
 */
import type { BuiltNetwork, BuiltProjection } from '../ir/network.js';
import type { BuiltSynapse, SynapseBehaviour } from '../ir/synapse-kind.js';
import { behaviourOf } from '../ir/synapses/index.js';

/** One synaptic input stream of a post population. */
export interface Channel {
  id: number;
  post: number;
  /** the built synapse of the channel's first projection (all share kind, target and constants) */
  synapse: BuiltSynapse;
  /** what the kind does (src/ir/synapses/<kind>.ts) */
  behaviour: SynapseBehaviour;
  projections: BuiltProjection[];
  /** ring-buffer depth in steps: max delay + 1 (+ kernel window) */
  depth: number;
  /**
   * a single accumulating state (e.g. current, conductance) without delays: arrivals are added
   * straight into it (g_n = q g_{n-1} + X_n, the same arithmetic) and no accumulator exists
   */
  direct: boolean;
}

/** Grouping key: post population, kind, target and every constant (or the projection, unshared). */
function keyOf(p: BuiltProjection): string {
  const s = p.synapse;
  if (!s.shared) return `${p.post}|${s.kind}|projection ${p.index}`;
  const c = Object.keys(s.constants)
    .sort()
    .map((k) => `${k}=${s.constants[k]}`)
    .join(',');
  return `${p.post}|${s.kind}|${s.target}|${c}|${s.windowSteps}`;
}

export function planChannels(net: BuiltNetwork): Channel[] {
  const byKey = new Map<string, Channel>();
  for (const p of net.projections) {
    const k = keyOf(p);
    let ch = byKey.get(k);
    if (!ch) {
      ch = {
        id: byKey.size,
        post: p.post,
        synapse: p.synapse,
        behaviour: behaviourOf(p.synapse),
        projections: [],
        depth: 1,
        direct: false,
      };
      byKey.set(k, ch);
    }
    ch.projections.push(p);
  }
  for (const ch of byKey.values()) {
    const maxDelay = Math.max(0, ...ch.projections.map((p) => p.delaySteps));
    ch.depth = maxDelay + 1 + ch.synapse.windowSteps;
    const b = ch.behaviour;
    ch.direct =
      b.delivery === 'spikes' && !b.jump && b.states.length === 1 && b.states[0].accumulates === true && ch.depth === 1;
  }
  return [...byKey.values()];
}
