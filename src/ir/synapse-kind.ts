/**
 * What a synapse kind is, once, for every target: its spec (a closed TypeBox schema), how the spec
 * becomes a built synapse (validated constants), and its behaviour as expressions that the JS
 * kernel, the tensor target and the exporters translate. A new kind is one file in src/ir/synapses/
 * plus one line in its registry (src/ir/synapses/index.ts); no target changes.
 *
 * Behaviour expressions are mathjs syntax over these symbols only:
 * - the kind's constants (numbers fixed at build, e.g. `E`, `q`) and its state names (per post cell);
 * - `X`: the summed weight arriving at the post cell in this step (spike delivery), or the rate input
 *   sum_i w_ij a_i of this step (activity delivery);
 * - `Xw`: the arrivals of `windowSteps` steps ago (windowed kinds only);
 * - `V`: the post cell's membrane potential (`BuiltPopulation.voltage`) at the integration stage.
 *
 * Per step (see `BuiltNetwork`): arrivals come in at the step start and every `arrive` assignment
 * reads the old values of all states (simultaneous); `input` is added to the target at every
 * integration stage (with V of that stage); after the step every `decay` assignment is applied
 * (simultaneous). A state with `flush` is stored as 0 when |x| < 1e-280 (after the decay): decaying
 * states would otherwise become subnormal in long quiet periods, where CPU arithmetic is ~10x slower.
 */
import type { TSchema } from '@sinclair/typebox';
import type { ModelIR } from '../model/ir.js';

/** One per-cell state of a synaptic channel. */
export interface SynapseState {
  name: string;
  /** the state after this step's arrivals: an expression of old states, X, Xw and constants */
  arrive?: string;
  /**
   * `arrive` is exactly `name + X`: a target may add each arriving weight straight into the state
   * when nothing is held in a delay ring (the same sums in the same order)
   */
  accumulates?: boolean;
  /** the state after the step (held over the next): an expression of the states and constants */
  decay?: string;
  /** a continuous state integrated with the post population's method: d(state)/dt = ode */
  ode?: string;
  /** exponential Euler: d(ode)/d(state), free of the state (the kind says it; no symbolic step) */
  linear?: string;
  flush?: boolean;
}

/** The behaviour of one built synapse: what every target reads. */
export interface SynapseBehaviour {
  /**
   * 'spikes': X is the summed weight of spikes arriving in this step (through the delay ring);
   * 'activity': X = sum_i w_ij a_i of the pre cells' activities at the step start (continuous coupling)
   */
  delivery: 'spikes' | 'activity';
  /** X is added to the target *state variable* at the step start (not while it is clamped) */
  jump?: boolean;
  states: SynapseState[];
  /** the term added to the target parameter or input at each stage; null for a jump */
  input: string | null;
}

/** A built synapse: plain data (a target reads its behaviour through the registry). */
export interface BuiltSynapse {
  kind: string;
  /** a state variable (jump) or a parameter or input of the post model */
  target: string;
  /** the constants its behaviour reads, fixed at build */
  constants: Record<string, number>;
  /** slots the delay ring keeps beyond the delay, for `Xw` (0: none) */
  windowSteps: number;
  /** activity delivery from a population: the pre model's variable or named expression read (else null) */
  activity: string | null;
  /** projections of one kind, target and constants onto one population share a channel unless false */
  shared: boolean;
}

export interface SynapseBuildContext {
  dt: number;
  /** the post population's model */
  post: ModelIR;
  /** the pre side: a population's model, or a source of spike trains or of rates */
  pre: { kind: 'population'; model: ModelIR } | { kind: 'spikes' } | { kind: 'rates' };
  /** throw a NetworkError naming the network, projection and field (e.g. 'synapse.tau') */
  fail(message: string, field?: string, suggestion?: string): never;
}

/** The fields of a built synapse a kind decides (`kind` and `target` are set by the builder). */
export type SynapseBuild = Partial<Omit<BuiltSynapse, 'kind' | 'target'>> & { constants: Record<string, number> };

export interface SynapseKind {
  kind: string;
  /** one line for docs and error messages */
  summary: string;
  /** the closed spec object (`kind` literal, `target` optional, the kind's own fields) */
  schema: TSchema;
  /** 'state': target is a state variable (default the voltage); 'input': a parameter or input (default 'I') */
  target: 'state' | 'input';
  /** 'spikes': needs spiking pre cells; 'rates': a rate population or a rates source */
  pre: 'spikes' | 'rates';
  /** the spec (already schema-checked) as constants */
  build(spec: Record<string, unknown>, ctx: SynapseBuildContext): SynapseBuild;
  behaviour(s: BuiltSynapse): SynapseBehaviour;
}

/** exp(-dt/tau) ('exact', default) or 1 - dt/tau ('euler', as the seed notebooks and the anchors) */
export function decayFactor(tau: number, rule: unknown, ctx: SynapseBuildContext, field = 'synapse.decay'): number {
  const r = rule ?? 'exact';
  if (r !== 'exact' && r !== 'euler')
    ctx.fail(`decay must be 'exact' (exp(-dt/tau)) or 'euler' (1 - dt/tau), got '${r}'`, field);
  if (r === 'euler' && ctx.dt >= tau)
    ctx.fail(`euler decay 1 - dt/tau with dt = ${ctx.dt} >= tau = ${tau} is not a decay`, field);
  return r === 'exact' ? Math.exp(-ctx.dt / tau) : 1 - ctx.dt / tau;
}
