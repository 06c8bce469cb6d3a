/**
 * The synapse kinds, by name: the one list every layer reads (spec schema, builder, targets,
 * exporters, docs). A new kind is a file beside these and one line here.
 */
import type { BuiltSynapse, SynapseBehaviour, SynapseKind } from '../synapse-kind.js';
import { biexp } from './biexp.js';
import { conductance } from './conductance.js';
import { current } from './current.js';
import { filtered } from './filtered.js';
import { jump } from './jump.js';
import { pulse } from './pulse.js';
import { rate } from './rate.js';

export const SYNAPSE_KINDS: readonly SynapseKind[] = [jump, pulse, current, conductance, filtered, rate, biexp];

const byName = new Map(SYNAPSE_KINDS.map((k) => [k.kind, k]));

/** The kind of a name, or undefined. */
export function synapseKind(name: string): SynapseKind | undefined {
  return byName.get(name);
}

/** The behaviour a target translates for a built synapse. */
export function behaviourOf(s: BuiltSynapse): SynapseBehaviour {
  const k = byName.get(s.kind);
  if (!k) throw new Error(`internal: unknown synapse kind '${s.kind}'`);
  return k.behaviour(s);
}
