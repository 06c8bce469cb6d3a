/**
 * Values read outside the integration, straight from the arrays: trace samples (variables, named
 * expressions, traced synaptic input totals) and the activities of rate-coupling pre populations.
 */
import { NetworkError } from '../../ir/errors.js';
import type { BuiltNetwork } from '../../ir/network.js';
import type { PopGen, Stage } from './population.js';

/** Stage reading cell `c` straight from the arrays (traces, activities). */
function arrayStage(g: PopGen, cell: string, sfx: string): Stage {
  return { y: (k) => (k < g.nv ? `Y${g.p}_${k}[${cell}]` : '0'), t: 't', sfx };
}

/**
 * A value (variable or named expression) of cell `cell` read from the arrays, as statements `pre`
 * and an expression. Synaptic targets read their base value (the synaptic terms are per-step locals).
 */
function valueAt(g: PopGen, name: string, cell: string, sfx: string): { pre: string; expr: string } {
  const st = arrayStage(g, cell, sfx);
  const k = g.vIndex.get(name);
  if (k !== undefined) return { pre: '', expr: `Y${g.p}_${k}[${cell}]` };
  const node = g.ir.named[g.nIndex.get(name)!].node;
  const saved = new Map(g.targets);
  g.targets.clear();
  const out = { pre: g.prologue(st, [node]), expr: g.a.expr(node, g.sym(st)) };
  for (const [kk, v] of saved) g.targets.set(kk, v);
  return out;
}

/** One trace sample of this part's traced cells into TR<k> (samples are [sample][cell]). */
export function traceSample(g: PopGen, variable: string, k: number, nCells: number, input: boolean): string {
  const v = input ? { pre: '', expr: `TI${g.p}_${g.targets.get(variable)!.j}[i]` } : valueAt(g, variable, 'i', '_t');
  // each part writes the columns of its own cells
  const mineOnly = g.lo === 0 && g.hi === g.pop.size ? '' : `if (i < ${g.lo} || i >= ${g.hi}) continue;`;
  const sample = `${mineOnly} ${v.pre} TR${k}[tp${k} + c] = ${v.expr};`;
  return `for (let c = 0; c < ${nCells}; c++) { const i = TC${k}[c]; ${sample} } tp${k} += ${nCells};`;
}

/** The activity a population's rate-coupling projections read (the kernel supports one per population). */
export function activityOf(g: PopGen, net: BuiltNetwork): string {
  const names = new Set(
    net.projections
      .filter((q) => q.synapse.activity !== null && q.pre.kind === 'population' && q.pre.index === g.p)
      .map((q) => q.synapse.activity!),
  );
  if (names.size > 1) {
    const which = [...names].join(', ');
    const message =
      `population '${g.pop.name}' drives rate synapses ` +
      `with different activities (${which}); the kernel supports one`;
    throw new NetworkError(message, { population: g.pop.name });
  }
  return [...names][0];
}

/** This part's activities of a rate-coupling pre population into ACT<p> (parity slot `ao`). */
export function activityLoop(g: PopGen, net: BuiltNetwork): string {
  const v = valueAt(g, activityOf(g, net), 'i', '_a');
  return `for (let i = ${g.lo}; i < ${g.hi}; i++) { ${v.pre} ACT${g.p}[ao + i] = ${v.expr}; }`;
}
