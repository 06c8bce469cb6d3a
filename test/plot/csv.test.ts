import { describe, it, expect } from 'vitest';
import { loadModel, simulate, fiCurve, bifurcation, csvTable, simulationCSV, eventsCSV, fiCurveCSV, bifurcationCSV } from '../../src/index.js';

/** A strict RFC 4180 reader: quoted fields, doubled quotes, commas and newlines inside quotes. */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let f = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') (f += '"'), i++;
      else if (c === '"') q = false;
      else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') row.push(f), (f = '');
    else if (c === '\n') row.push(f), rows.push(row), (row = []), (f = '');
    else f += c;
  }
  expect(q).toBe(false);
  expect(f === '' && row.length === 0).toBe(true); // ends with a newline
  return rows;
}

describe('CSV output', () => {
  it('quotes only what needs it and reads back every double exactly', () => {
    const x = [Math.PI, -1e-300, 1 / 3, 0, -0];
    const rows = parse(csvTable({ x, label: ['a', 'b,c', 'say "hi"', 'two\nlines', ''] }));
    expect(rows[0]).toEqual(['x', 'label']);
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(x.map((v) => (Object.is(v, -0) ? 0 : v)));
    expect(rows.slice(1).map((r) => r[1])).toEqual(['a', 'b,c', 'say "hi"', 'two\nlines', '']);
    expect(() => csvTable({ a: [1, 2], b: [1] })).toThrow(/column 'b' has 1 rows, 'a' has 2/);
  });

  it('a simulation: t then every variable, the same numbers as the result', () => {
    const r = simulate(loadModel('izhikevich').preset('RS').with({ I: 10 }), { t: 100, sample: 1 });
    const rows = parse(simulationCSV(r));
    expect(rows[0]).toEqual(['t', 'v', 'u']);
    expect(rows.length - 1).toBe(r.t.length);
    for (const i of [1, 50, rows.length - 1]) {
      expect(Number(rows[i][0])).toBe(r.t[i - 1]);
      expect(Number(rows[i][1])).toBe(r.y.v[i - 1]);
    }
    const ev = parse(eventsCSV(r));
    expect(ev[0]).toEqual(['event', 'time']);
    expect(ev.slice(1).map((e) => Number(e[1]))).toEqual(r.spikes);
  });

  it('an f–I curve and a bifurcation diagram with their units and stability', () => {
    const fi = fiCurve(loadModel('lif'), { param: 'I', from: 0, to: 3, steps: 7 });
    const rows = parse(fiCurveCSV(fi));
    expect(rows[0][1]).toBe(`rate (${fi.rateUnit})`);
    expect(rows.slice(1).map((r) => Number(r[1]))).toEqual(Array.from(fi.rate));
    const b = bifurcation(loadModel('fitzhugh-nagumo'), { param: 'I', from: 0, to: 1.5, steps: 16, cycles: false });
    const br = parse(bifurcationCSV(b));
    expect(br[0]).toEqual(['kind', 'branch', 'I', 'stability', 'stable', 'period', 'v', 'w']);
    expect(br.length - 1).toBe(b.branches.reduce((a, x) => a + x.param.length, 0));
    expect(new Set(br.slice(1).map((r) => r[3]))).toContain('unstable focus');
  });
});
