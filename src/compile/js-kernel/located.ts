/**
 * 'located' events, the single-cell engine's fixed-step driver piece by piece: a step is integrated
 * in pieces ending where a refractory period ends and at events; an event's time is the root of g
 * on the method's own partial step from the piece start (Illinois regula falsi to 1e-12, as
 * src/single/simulate.ts `locate`), the state is advanced to it, reset, and the rest of the step
 * integrated from there. Works on the start locals y (updated in place).
 */
import { jsNumber } from '../emit-js.js';
import { fireEvent, finite, type EventContext } from './events.js';
import { advance, type Clamp } from './method.js';
import type { PopGen, Stage } from './population.js';

export function locatedSteps(g: PopGen, ec: EventContext): string {
  const ir = g.ir;
  const a = g.a;
  const y = (k: number): string => `y${k}`;
  const yn = (k: number): string => `yn${k}`;
  const z = (k: number): string => `z${k}`;
  const ref = g.hasRefractory;
  const L: string[] = [];
  L.push(`let ${[...Array(g.nc).keys()].map(z).join(', ')};`);
  // (n + 1) dt, not t + dt: the single-cell engine's step ends, to the last bit
  L.push(`let tc = t, first = true, pieces = 0;`, `const tn = (n + 1) * ${jsNumber(ec.net.dt)};`);
  L.push('while (tc < tn) {');
  L.push(`if (++pieces > 100000) FAIL.stuck(${g.p}, i, tc);`);
  L.push('let tb = tn;');
  if (ref) L.push('if (ru > tc && ru < tb) tb = ru;', 'const cl = tc < ru;');
  else L.push('const cl = false;');
  const clamp: Clamp = ref ? { runtime: 'cl' } : 'none';
  L.push(advance(g, a.F('(tb - tc)'), 'tc', y, yn, clamp, 'p'));
  L.push(finite(g, yn, 'tb'));
  L.push('let fe = -1, te = tb;');
  if (ir.events.length) {
    L.push('if (!cl) {');
    const st0: Stage = { y, t: 'tc', sfx: '_l0' };
    const st1: Stage = { y: yn, t: 'tb', sfx: '_l1' };
    L.push(
      g.prologue(
        st0,
        ir.events.map((e) => e.g),
      ),
      g.prologue(
        st1,
        ir.events.map((e) => e.g),
      ),
    );
    ir.events.forEach((e, k) => {
      // the event function's values are named ev0/ev1: the channel locals are g<c> (synapse.ts),
      // and g0/g1 here once shadowed them, so the root search read the event function as the
      // conductance of channels 0 and 1 (fixed in issue 13; the located golden cases re-recorded)
      L.push('{');
      L.push(`const ev0 = first ? ga${k} : ${a.expr(e.g, g.sym(st0))};`, `const ev1 = ${a.expr(e.g, g.sym(st1))};`);
      const crossed = e.direction === 1 ? 'ev0 < 0 && ev1 >= 0' : 'ev0 > 0 && ev1 <= 0';
      L.push(`if (${crossed}) {`);
      L.push('let lo = tc, hi = tb, glo = ev0, ghi = ev1, side = 0;');
      L.push('if (ghi !== 0) {');
      L.push('for (let it = 0; it < 200 && Math.abs(hi - lo) > 1e-12 * Math.max(1, Math.abs(hi)); it++) {');
      L.push('let m = (lo * ghi - hi * glo) / (ghi - glo);');
      L.push('if (!(m > Math.min(lo, hi) && m < Math.max(lo, hi))) m = 0.5 * (lo + hi);');
      L.push(advance(g, a.F('(m - tc)'), 'tc', y, z, clamp, `m${k}`));
      const stm: Stage = { y: z, t: 'm', sfx: `_m${k}` };
      L.push(g.prologue(stm, [e.g]), `const gm = ${a.expr(e.g, g.sym(stm))};`);
      L.push('if (gm === 0) { hi = m; break; }');
      L.push('if (Math.sign(gm) === Math.sign(ghi)) { hi = m; ghi = gm; if (side === 1) glo /= 2; side = 1; }');
      L.push('else { lo = m; glo = gm; if (side === -1) ghi /= 2; side = -1; }');
      L.push('}', '}');
      L.push(`if (fe < 0 || hi < te) { fe = ${k}; te = hi; }`);
      L.push('}', '}');
    });
    L.push('}');
  }
  L.push('first = false;');
  if (ir.events.length) {
    L.push('if (fe >= 0) {');
    L.push(advance(g, a.F('(te - tc)'), 'tc', y, y, clamp, 'e'));
    L.push(finite(g, y, 'te'));
    ir.events.forEach((_, k) => L.push(`${k === 0 ? '' : 'else '}if (fe === ${k}) {`, fireEvent(g, k, ec, y), '}'));
    if (ref) L.push('ru = RU' + g.p + '[i];');
    L.push('tc = te;', 'continue;', '}');
  }
  L.push(`${[...Array(g.nc).keys()].map((k) => `y${k} = yn${k};`).join(' ')}`, 'tc = tb;', '}');
  return L.join('\n');
}
