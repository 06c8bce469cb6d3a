/**
 * `conductance`: g += w at the arrival, target += g (E - V) at every stage, g *= q after each step.
 * Aggregated per post cell by linearity (the anchors' event form).
 */
import { Type } from '@sinclair/typebox';
import { decayFactor, type SynapseKind } from '../synapse-kind.js';

export const conductance: SynapseKind = {
  kind: 'conductance',
  summary: 'g += w; target += g (E - V); g *= exp(-dt/tau) after the step',
  schema: Type.Object(
    {
      kind: Type.Literal('conductance'),
      target: Type.Optional(Type.String({ minLength: 1 })),
      E: Type.Number(),
      tau: Type.Number({ exclusiveMinimum: 0 }),
      decay: Type.Optional(Type.Union([Type.Literal('exact'), Type.Literal('euler')])),
    },
    { additionalProperties: false },
  ),
  target: 'input',
  pre: 'spikes',
  build: (s, ctx) => {
    if (typeof s.E !== 'number' || !Number.isFinite(s.E))
      ctx.fail(`a conductance synapse needs a reversal potential E (number), got ${s.E}`, 'synapse.E');
    return { constants: { E: s.E as number, tau: s.tau as number, q: decayFactor(s.tau as number, s.decay, ctx) } };
  },
  behaviour: () => ({
    delivery: 'spikes',
    states: [{ name: 'g', arrive: 'g + X', accumulates: true, decay: 'g*q', flush: true }],
    input: 'g*(E - V)',
  }),
};
