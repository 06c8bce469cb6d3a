/**
 * The fused per-cell loop of one population for step n: load the cell's state, take the event
 * functions at the step start, take this step's synaptic arrivals and drives, integrate (with
 * events), store the state and the synaptic decays. Nothing is allocated per step.
 */
import { channelArrival, channelStepLocals, channelStore } from './synapse.js';
import { cellLoop, driveCell, driveStepLocals } from './drives.js';
import { eventsAtStart, stepEvents, type EventContext } from './events.js';
import { locatedSteps } from './located.js';
import type { PopGen, Stage } from './population.js';
import { stateArray } from './synapse.js';

export function populationLoop(g: PopGen, ec: EventContext): string {
  if (g.lo === g.hi) return '';
  const p = g.p;
  const N = g.pop.size;
  const a = g.a;
  // per-step values
  const pre: string[] = [...g.channels.flatMap((ch) => channelStepLocals(ch, N)), ...driveStepLocals(g.drives, a)];
  const body: string[] = [];
  const y = (k: number): string => `y${k}`;
  // state
  for (let k = 0; k < g.nv; k++) body.push(`let y${k} = Y${p}_${k}[i];`);
  g.odeStates.forEach((o, r) => body.push(`let y${g.nv + r} = ${stateArray(o.ch.id, o.s)}[i];`));
  body.push(`let ${[...Array(g.nc).keys()].map((k) => `yn${k}`).join(', ')};`);
  if (g.hasRefractory) body.push(`let ru = RU${p}[i];`);
  body.push(...eventsAtStart(g));
  // synaptic arrivals
  // a jump's target variable, and whether a refractory period clamps it
  const jump = (name: string): { k: number; clamped: boolean } => {
    const k = g.vIndex.get(name)!;
    return { k, clamped: g.hasRefractory && g.clamp.has(k) };
  };
  for (const ch of g.channels) body.push(...channelArrival(ch, g.cx, () => jump(ch.synapse.target)));
  body.push(...driveCell(g.drives, a, jump));
  // traced synaptic inputs: the target's total at the step start, in the order integration sums it
  for (const tg of g.tracedInputs) {
    const st: Stage = { y, t: 't', sfx: '_i' };
    body.push(`TI${p}_${tg.j}[i] = ${g.total(tg, st, g.param(tg.param))};`);
  }
  // integrate and apply events
  let out: (k: number) => string = (k) => `yn${k}`;
  if (g.pop.eventMode === 'located') {
    body.push(locatedSteps(g, ec));
    out = y;
  } else body.push(...stepEvents(g, ec));
  // store
  for (let k = 0; k < g.nv; k++) body.push(`Y${p}_${k}[i] = ${out(k)};`);
  g.odeStates.forEach((o, r) => body.push(`${stateArray(o.ch.id, o.s)}[i] = ${out(g.nv + r)};`));
  for (const ch of g.channels) body.push(...channelStore(ch, g.cx));
  const cells = `{\n${body.join('\n')}\n}`;
  return `{\n${pre.join('\n')}\n${cellLoop(g.drives, p, N, g.lo, g.hi, cells)}\n}`;
}
