/**
 * `filtered` (named `kernel` before issue 13): target += sum over arrivals of w k(t - t_arrival), the
 * kernel k sampled at whole steps: exp k(m dt) = exp(-m dt/tau); alpha (m dt/tau) exp(1 - m dt/tau)
 * (seed 002's `decay`/`howfar`), optionally cut after a window. Realised exactly by linear filters:
 * e_n = q e_{n-1} + X_n and, for alpha, a_n = q (a_{n-1} + e_{n-1}), so that a_n = sum_m m q^m X_{n-m}
 * and k = (e dt/tau) a; a window of H steps subtracts the arrivals H steps old (q^H Xw from e and
 * H q^H Xw from a), which the delay ring keeps.
 */
import { Type } from '@sinclair/typebox';
import type { SynapseKind } from '../synapse-kind.js';

export const filtered: SynapseKind = {
  kind: 'filtered',
  summary: 'target += sum of w k(t - arrival), k exp or alpha with time constant tau, optionally cut after window ms',
  schema: Type.Object(
    {
      kind: Type.Literal('filtered'),
      target: Type.Optional(Type.String({ minLength: 1 })),
      shape: Type.Union([Type.Literal('exp'), Type.Literal('alpha')]),
      tau: Type.Number({ exclusiveMinimum: 0 }),
      window: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    },
    { additionalProperties: false },
  ),
  target: 'input',
  pre: 'spikes',
  build: (s, ctx) => {
    const tau = s.tau as number;
    const H = s.window === undefined ? 0 : Math.max(1, Math.round((s.window as number) / ctx.dt));
    const q = Math.exp(-ctx.dt / tau);
    const qH = H === 0 ? 0 : Math.pow(q, H);
    const constants: Record<string, number> = { alpha: s.shape === 'alpha' ? 1 : 0, tau, q, qH, HqH: H * qH };
    if (s.shape === 'alpha') constants.c = (Math.E * ctx.dt) / tau;
    return { constants, windowSteps: H };
  },
  behaviour: (b) => {
    const windowed = b.windowSteps > 0;
    const e = { name: 'e', arrive: windowed ? 'q*e + X - qH*Xw' : 'q*e + X', flush: true };
    if (!b.constants.alpha) return { delivery: 'spikes', states: [e], input: 'e' };
    const a = { name: 'a', arrive: windowed ? 'q*(a + e) - HqH*Xw' : 'q*(a + e)', flush: true };
    return { delivery: 'spikes', states: [a, e], input: 'c*a' };
  },
};
