/**
 * A small continuous network as one Model over its flattened state (seed 003's
 * `flatten_state_dicts`): every cell's variables and every rate-coupling state become variables of
 * one model, so the single-cell engine (adaptive odex, phase-plane tools) can integrate the network
 * and check the kernel. For rate networks (no spike events, rate synapses only, no drives).
 */
import { Model } from '../model/model.js';
import { ConstantNode, OperatorNode, SymbolNode, view, type MathNode } from '../model/math.js';
import { NetworkError } from '../ir/errors.js';
import type { BuiltNetwork } from '../ir/network.js';

/** Where each part of the network sits in the flattened state vector. */
export interface FlatLegend {
  /** state index of variable `variable` of cell `cell` of population `population` */
  cells: { population: string; variable: string; cell: number; index: number }[];
  /** state index of the rate-coupling state of projection `projection` at post cell `cell` */
  synapses: { projection: string; cell: number; index: number }[];
}

/** Upper bound on flattened variables: beyond it an ODE over one vector is not what you want. */
const MAX_STATES = 20000;

function substitute(node: MathNode, map: (name: string) => MathNode | undefined): MathNode {
  return node.transform((n: MathNode) => {
    const v = view(n);
    if (v.type !== 'SymbolNode') return n;
    const r = map(v.name);
    return r ? r.cloneDeep() : n;
  });
}

const sum = (terms: MathNode[]): MathNode => terms.reduce((a, b) => new OperatorNode('+', 'add', [a, b]));
const num = (x: number): MathNode => new ConstantNode(x);

/**
 * The network as one model. Variable names: `<variable>_<population index>_<cell>` and
 * `s_<projection index>_<cell>`.
 * @example const { model, legend } = flattenNetwork(built); simulate(model, { t: 1000 });
 */
export function flattenNetwork(net: BuiltNetwork): { model: Model; legend: FlatLegend } {
  const fail = (msg: string): never => {
    throw new NetworkError(`cannot flatten: ${msg}`, { network: net.name });
  };
  for (const pop of net.populations)
    if (pop.model.events.length)
      fail(
        `population '${pop.name}' has events (${pop.model.events.map((e) => e.name).join(', ')}); ` +
          `flattening is for rate networks`,
      );
  for (const pr of net.projections)
    if (pr.synapse.kind !== 'rate')
      fail(`projection '${pr.name}' is a '${pr.synapse.kind}' synapse; only rate synapses are continuous`);
  if (net.drives.length) fail('drives are per-step tables; flattening needs the network without drives');
  const nStates =
    net.populations.reduce((a, p) => a + p.size * p.model.variables.length, 0) +
    net.projections.reduce((a, p) => a + net.populations[p.post].size, 0);
  if (nStates > MAX_STATES) fail(`${nStates} states exceed ${MAX_STATES}`);

  const legend: FlatLegend = { cells: [], synapses: [] };
  const variables: Record<string, { ddt: string; init: number }> = {};
  const cellSym = (p: number, name: string, i: number): string => `${name}_${p}_${i}`;
  const synSym = (k: number, j: number): string => `s_${k}_${j}`;
  const paramValue = (p: number, name: string, i: number): number => {
    const v = net.populations[p].params[name];
    return typeof v === 'number' ? v : v[i];
  };
  /** an AST of population p's model at cell i: state → flattened symbols, parameters → numbers */
  const atCell = (p: number, node: MathNode, i: number, target: (name: string) => MathNode | undefined): MathNode => {
    const ir = net.populations[p].model;
    const vars = new Set(ir.variables.map((v) => v.name));
    const params = new Set(ir.parameters.map((q) => q.name));
    return substitute(node, (name) => {
      const t = target(name);
      if (t) return t;
      if (vars.has(name)) return new SymbolNode(cellSym(p, name, i));
      if (params.has(name)) return num(paramValue(p, name, i));
      return undefined;
    });
  };
  const inlinedNamed = (p: number, name: string): MathNode => {
    const ir = net.populations[p].model;
    const k = ir.variables.findIndex((v) => v.name === name);
    if (k >= 0) return new SymbolNode(name);
    // named expressions are inlined in dependency order
    let node = ir.named.find((x) => x.name === name)!.node;
    for (let q = ir.named.length - 1; q >= 0; q--)
      node = substitute(node, (s) => (s === ir.named[q].name ? ir.named[q].node : undefined));
    return node;
  };

  let index = 0;
  net.populations.forEach((pop, p) => {
    const ir = pop.model;
    const incoming = net.projections.filter((pr) => pr.post === p);
    for (let i = 0; i < pop.size; i++) {
      const target = (name: string): MathNode | undefined => {
        const into = incoming.filter((pr) => (pr.synapse as { target: string }).target === name);
        if (!into.length) return undefined;
        const base = ir.parameters.some((q) => q.name === name)
          ? num(paramValue(p, name, i))
          : fail(`the target '${name}' must be a parameter`);
        return sum([base, ...into.map((pr) => new SymbolNode(synSym(pr.index, i)))]);
      };
      ir.variables.forEach((v, k) => {
        const name = cellSym(p, v.name, i);
        variables[name] = { ddt: atCell(p, ir.inlined[k], i, target).toString(), init: pop.init[v.name][i] };
        legend.cells.push({ population: pop.name, variable: v.name, cell: i, index: index++ });
      });
    }
  });
  net.projections.forEach((pr, k) => {
    const s = {
      activity: pr.synapse.activity,
      gain: pr.synapse.constants.gain,
      tau: pr.synapse.constants.tau,
      E: pr.synapse.constants.E ?? null,
    };
    const post = net.populations[pr.post];
    const Npost = post.size;
    // activity of each pre cell as an AST
    const act = (j: number): MathNode => {
      if (pr.pre.kind === 'source') {
        const src = net.sources[pr.pre.index];
        return num(src.kind === 'rates' ? src.activity[j] : 0);
      }
      return atCell(pr.pre.index, inlinedNamed(pr.pre.index, s.activity!), j, () => undefined);
    };
    const inputs: MathNode[][] = Array.from({ length: Npost }, () => []);
    for (let j = 0; j < pr.pre.size; j++) {
      for (let q = pr.rowPtr[j]; q < pr.rowPtr[j + 1]; q++) {
        const post = pr.col ? pr.col[q] : q - pr.rowPtr[j];
        inputs[post].push(new OperatorNode('*', 'multiply', [num(pr.weight[q]), act(j)]));
      }
    }
    for (let i = 0; i < Npost; i++) {
      const A = inputs[i].length ? sum(inputs[i]) : num(0);
      const V = new SymbolNode(cellSym(pr.post, post.voltage, i));
      const drive =
        s.E === null
          ? new OperatorNode('*', 'multiply', [num(s.gain), A])
          : new OperatorNode('*', 'multiply', [
              new OperatorNode('*', 'multiply', [num(s.gain), A]),
              new OperatorNode('-', 'subtract', [num(s.E), V]),
            ]);
      const ddt = new OperatorNode('/', 'divide', [
        new OperatorNode('+', 'add', [new OperatorNode('-', 'unaryMinus', [new SymbolNode(synSym(k, i))]), drive]),
        num(s.tau),
      ]);
      variables[synSym(k, i)] = { ddt: ddt.toString(), init: 0 };
      legend.synapses.push({ projection: pr.name, cell: i, index: index++ });
    }
  });
  return { model: new Model(`${net.name.replace(/[^A-Za-z0-9_]/g, '_')}_flat`, { variables, parameters: {} }), legend };
}
