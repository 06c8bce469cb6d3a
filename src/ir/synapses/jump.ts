/** `jump`: the arriving weight is added to a state variable at the step start (a voltage jump). */
import { Type } from '@sinclair/typebox';
import type { SynapseKind } from '../synapse-kind.js';

export const jump: SynapseKind = {
  kind: 'jump',
  summary: 'target state variable += w at the arrival (an instantaneous jump; not while the target is clamped)',
  schema: Type.Object(
    { kind: Type.Literal('jump'), target: Type.Optional(Type.String({ minLength: 1 })) },
    { additionalProperties: false },
  ),
  target: 'state',
  pre: 'spikes',
  build: () => ({ constants: {} }),
  behaviour: () => ({ delivery: 'spikes', jump: true, states: [], input: null }),
};
