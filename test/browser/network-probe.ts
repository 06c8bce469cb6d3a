/**
 * The network runs the browser test does on both sides, the page (through the bundle of
 * 'isocline/network') and node (src/network/index.ts): izhikevich-2003 shortened to 100 ms and a
 * small LIF population under a Poisson drive, each on the kernel and on tensor cpu. A run is
 * summed up as its spike counts and its spikes as JSON (equal strings: equal spikes, step by step).
 */
import type * as Net from '../../src/network/index.js';

type Api = Pick<typeof Net, 'parseNetworkFile' | 'runNetwork'>;

export interface RunSummary {
  counts: number[];
  spikes: string;
}

/** A small network with a Poisson drive (the drive's draws are the network's own stream). */
export const POISSON_NET = {
  name: 'poisson-small',
  dt: 0.1,
  t: 50,
  seed: 3,
  populations: { E: { model: 'lif', size: 20 } },
  drives: [{ kind: 'poisson', to: 'E', target: 'v', trains: 50, rate: 200, weight: 2 }],
  monitors: { spikes: true },
};

export async function networkProbe(api: Api, izhikevichText: string): Promise<Record<string, RunSummary>> {
  const izh = api.parseNetworkFile(izhikevichText, 'izhikevich-2003.network.json');
  const spec = { ...izh, t: 100, monitors: { ...izh.monitors, spikes: true } };
  const small = POISSON_NET as unknown as Net.NetworkSpec;
  const runs: [string, Net.NetworkSpec, Net.NetworkRunOptions][] = [
    ['izhikevich-2003 kernel', spec, { target: 'kernel' }],
    ['izhikevich-2003 tensor cpu', spec, { target: 'tensor', backend: 'cpu' }],
    ['poisson kernel', small, { target: 'kernel' }],
    ['poisson tensor cpu', small, { target: 'tensor', backend: 'cpu' }],
  ];
  const out: Record<string, RunSummary> = {};
  for (const [name, s, options] of runs) {
    const r = await api.runNetwork(s, options);
    out[name] = {
      counts: r.counts,
      spikes: JSON.stringify({ cell: Array.from(r.spikes.cell), step: Array.from(r.spikes.step) }),
    };
  }
  return out;
}
