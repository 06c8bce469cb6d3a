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
  /** TEMPORARY: the pre-issue-13 shape the targets still switch on */
  legacy: LegacySynapse;
  projections: BuiltProjection[];
  /** ring-buffer depth in steps: max delay + 1 (+ kernel window) */
  depth: number;
  /**
   * current/conductance channels without delays: arrivals are added straight into g (g_n = q g_{n-1}
   * + X_n, the same arithmetic) and no accumulator exists
   */
  direct: boolean;
}

/** Grouping key: post population, kind, target and every constant (or the projection, unshared). */
function keyOf(p: BuiltProjection): string {
  const s = p.synapse;
  if (!s.shared) return `${p.post}|${s.kind}|projection ${p.index}`;
  const c = Object.keys(s.constants).sort().map((k) => `${k}=${s.constants[k]}`).join(',');
  return `${p.post}|${s.kind}|${s.target}|${c}|${s.windowSteps}`;
}

export function planChannels(net: BuiltNetwork): Channel[] {
  const byKey = new Map<string, Channel>();
  for (const p of net.projections) {
    const k = keyOf(p);
    let ch = byKey.get(k);
    if (!ch) {
      ch = { id: byKey.size, post: p.post, synapse: p.synapse, behaviour: behaviourOf(p.synapse), legacy: legacy(p.synapse), projections: [], depth: 1, direct: false };
      byKey.set(k, ch);
    }
    ch.projections.push(p);
  }
  for (const ch of byKey.values()) {
    const maxDelay = Math.max(0, ...ch.projections.map((p) => p.delaySteps));
    ch.depth = maxDelay + 1 + ch.synapse.windowSteps;
    const b = ch.behaviour;
    ch.direct = b.delivery === 'spikes' && !b.jump && b.states.length === 1 && b.states[0].accumulates === true && ch.depth === 1;
  }
  return [...byKey.values()];
}

/**
 * TEMPORARY (issue 13, removed when the targets read behaviours): the built synapse in the shape the
 * generator and the tensor runner switch on.
 */
export type LegacySynapse =
  | { kind: 'jump'; target: string }
  | { kind: 'pulse'; target: string }
  | { kind: 'current'; target: string; decay: { q: number } }
  | { kind: 'conductance'; target: string; E: number; decay: { q: number } }
  | { kind: 'kernel'; target: string; shape: 'exp' | 'alpha'; tau: number; windowSteps: number | null }
  | { kind: 'rate'; target: string; tau: number; gain: number; E: number | null; activity: string | null };

export function legacy(s: BuiltSynapse): LegacySynapse {
  const c = s.constants;
  switch (s.kind) {
    case 'jump':
    case 'pulse':
      return { kind: s.kind, target: s.target };
    case 'current':
      return { kind: 'current', target: s.target, decay: { q: c.q } };
    case 'conductance':
      return { kind: 'conductance', target: s.target, E: c.E, decay: { q: c.q } };
    case 'filtered':
      return { kind: 'kernel', target: s.target, shape: c.alpha ? 'alpha' : 'exp', tau: c.tau, windowSteps: s.windowSteps || null };
    case 'rate':
      return { kind: 'rate', target: s.target, tau: c.tau, gain: c.gain, E: c.E ?? null, activity: s.activity };
  }
  throw new Error(`internal: synapse kind '${s.kind}' has no legacy form`);
}
