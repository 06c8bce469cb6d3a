/** `current`: an exponentially decaying current, s += w at the arrival, target += s, s *= q after each step. */
import { Type } from '@sinclair/typebox';
import { decayFactor, type SynapseKind } from '../synapse-kind.js';

export const current: SynapseKind = {
  kind: 'current',
  summary: 's += w; target += s; s *= exp(-dt/tau) after the step',
  schema: Type.Object(
    {
      kind: Type.Literal('current'),
      target: Type.Optional(Type.String({ minLength: 1 })),
      tau: Type.Number({ exclusiveMinimum: 0 }),
      decay: Type.Optional(Type.Union([Type.Literal('exact'), Type.Literal('euler')])),
    },
    { additionalProperties: false },
  ),
  target: 'input',
  pre: 'spikes',
  build: (s, ctx) => ({ constants: { tau: s.tau as number, q: decayFactor(s.tau as number, s.decay, ctx) } }),
  behaviour: () => ({
    delivery: 'spikes',
    states: [{ name: 's', arrive: 's + X', accumulates: true, decay: 's*q', flush: true }],
    input: 's',
  }),
};
