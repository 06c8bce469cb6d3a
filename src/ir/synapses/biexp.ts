/**
 * `biexp`: a difference-of-exponentials conductance, NEURON's Exp2Syn (and NMDA with a magnesium
 * block): g(t) = w f (exp(-t/tau2) - exp(-t/tau1)) after an arrival of weight w, with tau1 the rise
 * and tau2 the decay time constant and f normalising the peak of g to w (Exp2Syn's `factor`). Two
 * states per post cell take each arrival unscaled (a += X, b += X, so they add straight into the
 * state like `conductance`) and decay exactly over a step; the input is f (b - a) (E - V), times
 * the Jahr & Stevens (1990) block 1 / (1 + [Mg] / 3.57 exp(-0.062 V)) when `mg` (mM) is given.
 * This file is the whole kind: every target reads its behaviour (see synapse-kind.ts).
 */
import { Type } from '@sinclair/typebox';
import type { SynapseKind } from '../synapse-kind.js';

export const biexp: SynapseKind = {
  kind: 'biexp',
  summary: 'g = w f (exp(-t/tau2) - exp(-t/tau1)) peaking at w (Exp2Syn); target += g (E - V), optionally Mg-blocked',
  schema: Type.Object(
    {
      kind: Type.Literal('biexp'),
      target: Type.Optional(Type.String({ minLength: 1 })),
      E: Type.Number(),
      tau1: Type.Number({ exclusiveMinimum: 0, description: 'rise time constant (ms)' }),
      tau2: Type.Number({ exclusiveMinimum: 0, description: 'decay time constant (ms), > tau1' }),
      mg: Type.Optional(Type.Number({ minimum: 0, description: 'extracellular [Mg2+] (mM) of an NMDA block' })),
    },
    { additionalProperties: false },
  ),
  target: 'input',
  pre: 'spikes',
  build: (s, ctx) => {
    const tau1 = s.tau1 as number;
    const tau2 = s.tau2 as number;
    if (!(tau1 < tau2))
      ctx.fail(`a biexp synapse needs tau1 (rise) < tau2 (decay), got tau1 = ${tau1}, tau2 = ${tau2}`, 'synapse.tau1');
    // the time of the peak of exp(-t/tau2) - exp(-t/tau1), and the factor that makes it 1
    const tp = ((tau1 * tau2) / (tau2 - tau1)) * Math.log(tau2 / tau1);
    const f = 1 / (Math.exp(-tp / tau2) - Math.exp(-tp / tau1));
    const constants: Record<string, number> = {
      E: s.E as number,
      tau1,
      tau2,
      f,
      qa: Math.exp(-ctx.dt / tau1),
      qb: Math.exp(-ctx.dt / tau2),
    };
    if (s.mg !== undefined) constants.mg = (s.mg as number) / 3.57;
    return { constants };
  },
  behaviour: (b) => ({
    delivery: 'spikes',
    states: [
      { name: 'a', arrive: 'a + X', accumulates: true, decay: 'a*qa', flush: true },
      { name: 'b', arrive: 'b + X', accumulates: true, decay: 'b*qb', flush: true },
    ],
    input: b.constants.mg === undefined ? 'f*(b - a)*(E - V)' : 'f*(b - a)*(E - V)/(1 + mg*exp(-0.062*V))',
  }),
};
