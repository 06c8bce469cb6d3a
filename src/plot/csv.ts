/**
 * Results as CSV (RFC 4180: a header row, comma-separated, fields quoted only where needed) for
 * spreadsheets, pandas and R. Numbers are written in JavaScript's shortest round-trip form, so a
 * value read back is the same double. Views only: these functions reshape results, they compute
 * nothing.
 * @example writeFileSync('fhn.csv', simulationCSV(simulate(loadModel('fitzhugh-nagumo'), { t: 100 })))
 */
import type { SimulationResult } from '../single/simulate.js';
import type { FICurve } from '../single/fi-curve.js';
import type { Bifurcation } from '../single/bifurcation.js';
import type { NetworkResult } from '../ir/network.js';

type Cell = number | string | boolean | null | undefined;

function field(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Inf' : '-Inf';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A table from named columns of equal length.
 * @example csvTable({ t: [0, 1], v: [-65, -64.2] }) // "t,v\n0,-65\n1,-64.2\n"
 */
export function csvTable(columns: Record<string, ArrayLike<Cell>>): string {
  const names = Object.keys(columns);
  const n = names.length ? columns[names[0]].length : 0;
  for (const k of names) {
    if (columns[k].length !== n)
      throw new RangeError(`csv: column '${k}' has ${columns[k].length} rows, '${names[0]}' has ${n}`);
  }
  const lines = [names.map(field).join(',')];
  for (let i = 0; i < n; i++) lines.push(names.map((k) => field(columns[k][i])).join(','));
  return lines.join('\n') + '\n';
}

/** A trajectory: t and one column per variable (event points included, as in the result). */
export function simulationCSV(r: SimulationResult): string {
  return csvTable({ t: r.t, ...r.y });
}

/** Events of a single-cell run, one row per event in time order: event name, time. */
export function eventsCSV(r: SimulationResult): string {
  const rows: { event: string; time: number }[] = [];
  for (const [event, times] of Object.entries(r.events)) for (const time of times) rows.push({ event, time });
  rows.sort((a, b) => a.time - b.time);
  return csvTable({ event: rows.map((x) => x.event), time: rows.map((x) => x.time) });
}

/** Recorded network spikes: population, cell (within the population), global cell, time, step. */
export function spikesCSV(r: NetworkResult): string {
  const n = r.spikes.cell.length;
  const population = new Array<string>(n);
  const cell = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const g = r.spikes.cell[i];
    const p = r.populations.find((q) => g >= q.offset && g < q.offset + q.size);
    population[i] = p ? p.name : '';
    cell[i] = p ? g - p.offset : g;
  }
  return csvTable({ population, cell, global_cell: r.spikes.cell, time: r.spikes.time, step: r.spikes.step });
}

/** Network traces in long form: population, variable, cell, t, value. */
export function tracesCSV(r: NetworkResult): string {
  const cols = {
    population: [] as string[],
    variable: [] as string[],
    cell: [] as number[],
    t: [] as number[],
    value: [] as number[],
  };
  for (const tr of r.traces) {
    const k = tr.cells.length;
    for (let s = 0; s < tr.t.length; s++) {
      for (let j = 0; j < k; j++) {
        cols.population.push(tr.population);
        cols.variable.push(tr.variable);
        cols.cell.push(tr.cells[j]);
        cols.t.push(tr.t[s]);
        cols.value.push(tr.values[s * k + j]);
      }
    }
  }
  return csvTable(cols);
}

/** An f–I curve: the swept parameter and the rate (header names the units where known). */
export function fiCurveCSV(fi: FICurve): string {
  const p = fi.paramUnit ? `${fi.param} (${fi.paramUnit})` : fi.param;
  return csvTable({ [p]: fi.values, [`rate (${fi.rateUnit})`]: fi.rate });
}

/**
 * A bifurcation diagram in long form: one row per point of every equilibrium branch (with its
 * stability) and per attracting cycle (min and max of each variable, period).
 */
export function bifurcationCSV(b: Bifurcation): string {
  const rows: Record<string, Cell>[] = [];
  b.branches.forEach((br, i) => {
    for (let k = 0; k < br.param.length; k++) {
      const row: Record<string, Cell> = {
        kind: 'equilibrium',
        branch: i,
        [b.param]: br.param[k],
        stability: br.stability[k],
        stable: br.stable[k],
        period: null,
      };
      for (const v of b.variables) row[v] = br.state[v][k];
      rows.push(row);
    }
  });
  for (let k = 0; k < b.cycles.param.length; k++) {
    for (const end of ['min', 'max'] as const) {
      const row: Record<string, Cell> = {
        kind: `cycle ${end}`,
        branch: null,
        [b.param]: b.cycles.param[k],
        stability: 'stable cycle',
        stable: true,
        period: b.cycles.period[k],
      };
      for (const v of b.variables) row[v] = b.cycles[end][v][k];
      rows.push(row);
    }
  }
  const names = ['kind', 'branch', b.param, 'stability', 'stable', 'period', ...b.variables];
  return csvTable(Object.fromEntries(names.map((n) => [n, rows.map((r) => r[n])])));
}
