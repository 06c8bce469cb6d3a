/**
 * `rate`: continuous coupling from a rate population or a rates source. The post cell carries
 * S with dS/dt = (-S + gain X (E - V))/tau (or gain X when E is absent), X = sum_i w_ij a_i, the pre
 * activities a_i (a named expression or variable of the pre model, or the source's activity) at the
 * step start, held over it; target += S. S is integrated with the post population's method.
 */
import { Type } from '@sinclair/typebox';
import { nearestName } from '../../model/errors.js';
import type { SynapseKind } from '../synapse-kind.js';

export const rate: SynapseKind = {
  kind: 'rate',
  summary: 'dS/dt = (-S + gain X (E - V))/tau with X = sum w a over the pre activities; target += S',
  schema: Type.Object(
    {
      kind: Type.Literal('rate'),
      target: Type.Optional(Type.String({ minLength: 1 })),
      tau: Type.Number({ exclusiveMinimum: 0 }),
      gain: Type.Optional(Type.Number()),
      E: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
      activity: Type.Optional(Type.String({ minLength: 1 })),
    },
    { additionalProperties: false },
  ),
  target: 'input',
  pre: 'rates',
  build: (s, ctx) => {
    let activity: string | null = null;
    if (ctx.pre.kind === 'population') {
      const pm = ctx.pre.model;
      const names = [...pm.named.map((x) => x.name), ...pm.variables.map((v) => v.name)];
      activity = (s.activity as string | undefined) ?? (pm.named.some((x) => x.name === 'r') ? 'r' : null);
      if (activity === null)
        ctx.fail(
          `rate coupling needs the activity of model '${pm.name}': ` +
            `name an expression or variable with activity (e.g. "r")`,
          'synapse.activity',
        );
      if (!names.includes(activity!))
        ctx.fail(
          `model '${pm.name}' has no expression or variable '${activity}'`,
          'synapse.activity',
          nearestName(activity!, names),
        );
    }
    const constants: Record<string, number> = { tau: s.tau as number, gain: (s.gain as number | undefined) ?? 1 };
    if (s.E !== undefined && s.E !== null) constants.E = s.E as number;
    // every rate projection keeps its own channel: its activity, gain, tau and E are its own
    return { constants, activity, shared: false };
  },
  behaviour: (b) => ({
    delivery: 'activity',
    states: [
      { name: 'S', ode: 'E' in b.constants ? '(-S + gain*X*(E - V))/tau' : '(-S + gain*X)/tau', linear: '-1/tau' },
    ],
    input: 'S',
  }),
};
