/** `pulse`: the arriving weight is added to the target over this step only (Izhikevich 2003's `I += S[:, fired]`). */
import { Type } from '@sinclair/typebox';
import type { SynapseKind } from '../synapse-kind.js';

export const pulse: SynapseKind = {
  kind: 'pulse',
  summary: 'target += w during the arrival step only',
  schema: Type.Object(
    { kind: Type.Literal('pulse'), target: Type.Optional(Type.String({ minLength: 1 })) },
    { additionalProperties: false },
  ),
  target: 'input',
  pre: 'spikes',
  build: () => ({ constants: {} }),
  behaviour: () => ({ delivery: 'spikes', states: [], input: 'X' }),
};
