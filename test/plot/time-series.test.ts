import { describe, it, expect } from 'vitest';
import { loadModel, simulate } from '../../src/index.js';
import { observe } from '../../src/single/observe.js';
import { timeSeriesChart } from '../../src/plot/time-series.js';
import { renderPNG, configToJSON } from '../../src/plot/render.js';
import { axisLabel, colour, palette } from '../../src/plot/theme.js';

type DS = { label: string; data: { x: number; y: number }[]; yAxisID: string; borderColor: string };
const datasets = (c: ReturnType<typeof timeSeriesChart>) => c.data.datasets as unknown as DS[];
const scale = (c: ReturnType<typeof timeSeriesChart>, id: string) =>
  (c.options!.scales as Record<string, { title: { text: string }; min: number; max: number; position: string }>)[id];

describe('timeSeriesChart', () => {
  const izh = loadModel('izhikevich').preset('RS');
  const r = simulate(izh, { t: 300, params: { I: 10 } });

  it('draws the chosen variables on the left axis with units from the model, and time with its unit', () => {
    const c = timeSeriesChart(r, { model: izh, variables: ['v', 'u'], title: 'RS' });
    const ds = datasets(c);
    expect(ds.slice(0, 2).map((d) => d.label)).toEqual(['v', 'u']);
    expect(ds[0].borderColor).not.toBe(ds[1].borderColor);
    expect(ds[0].data.length).toBe(r.t.length);
    expect(ds[0].data[5]).toEqual({ x: r.t[5], y: r.y.v[5] });
    expect(scale(c, 'x').title.text).toBe('Time (ms)');
    // u is in mV/ms (it is added to dv/dt): each variable keeps its own unit on the shared axis
    expect(scale(c, 'y').title.text).toBe('v (mV), u (mV/ms)');
    expect(scale(c, 'x').min).toBe(0);
    expect(scale(c, 'x').max).toBe(300);
    expect((c.options!.plugins as { title: { text: string } }).title.text).toBe('RS');
  });

  it('uses the variable description for a single variable', () => {
    const c = timeSeriesChart(r, { model: izh, variables: ['v'] });
    expect(scale(c, 'y').title.text).toBe('Membrane potential v (mV)');
  });

  it('marks every spike as a tick above the traces, inside the axis range', () => {
    const c = timeSeriesChart(r, { model: izh, variables: ['v'] });
    const spikes = datasets(c).find((d) => d.label.startsWith('spikes'))!;
    expect(spikes.data.map((p) => p.x)).toEqual(r.spikes);
    const y = scale(c, 'y');
    const vMax = Math.max(...r.y.v);
    for (const p of spikes.data) {
      expect(p.y).toBeGreaterThan(vMax);
      expect(p.y).toBeLessThan(y.max);
    }
    expect(datasets(timeSeriesChart(r, { spikes: false })).some((d) => d.label.startsWith('spikes'))).toBe(false);
  });

  it('puts an input on a second, right-hand axis with its unit', () => {
    const fhn = loadModel('fitzhugh-nagumo').with({ I: 't < 50 ? 0.5 : 0' });
    const rf = simulate(fhn, { t: 100, sample: 0.5 });
    const I = observe(fhn, rf, ['I']).I;
    expect(I[0]).toBe(0.5);
    expect(I[I.length - 1]).toBe(0);
    const c = timeSeriesChart(rf, { model: fhn, input: { name: 'I', values: I, unit: 'pA' } });
    const input = datasets(c).find((d) => d.yAxisID === 'y2')!;
    expect(input.label).toBe('I (pA)');
    expect(scale(c, 'y2').position).toBe('right');
    expect(scale(c, 'y2').title.text).toBe('Input I (pA)');
    expect(() => timeSeriesChart(rf, { input: { name: 'I', values: [1, 2] } })).toThrow(/input 'I' has 2 values for \d+ times/);
  });

  it('labels the input axis with at least two ticks on the stimulus, whatever its range', () => {
    // a step 0 → 7, a noisy current over [-1.4, 4.3] (seed 004's: only "0" was labelled), a tiny input
    const fhn = loadModel('fitzhugh-nagumo');
    const rf = simulate(fhn, { t: 100, sample: 1 });
    for (const [lo, hi] of [[0, 7], [-1.4, 4.3], [0, 0.01]]) {
      const values = Array.from(rf.t, (_, k) => (k % 2 ? hi : lo));
      const y2 = scale(timeSeriesChart(rf, { input: { name: 'I', values } }), 'y2') as unknown as { ticks: { stepSize: number } };
      const step = y2.ticks.stepSize;
      const onStimulus = Math.floor(hi / step + 1e-9) - Math.ceil(lo / step - 1e-9) + 1;
      expect(onStimulus, `[${lo}, ${hi}] with step ${step}`).toBeGreaterThanOrEqual(2);
    }
  });

  it('thins long series but keeps every extreme', () => {
    const long = simulate(izh, { t: 1000, params: { I: 10 }, sample: 0.01 });
    const c = timeSeriesChart(long, { variables: ['v'], maxPoints: 2000 });
    const v = datasets(c)[0].data;
    expect(v.length).toBeLessThanOrEqual(2000);
    expect(Math.max(...v.map((p) => p.y))).toBe(Math.max(...long.y.v));
    expect(Math.min(...v.map((p) => p.y))).toBe(Math.min(...long.y.v));
    for (let k = 1; k < v.length; k++) expect(v[k].x).toBeGreaterThanOrEqual(v[k - 1].x);
  });

  it('rejects an unknown variable with a suggestion', () => {
    expect(() => timeSeriesChart(r, { variables: ['vv'] })).toThrow(/no variable 'vv'.*did you mean 'v'/);
  });

  it('is JSON-serialisable and renders to a PNG of the requested size', async () => {
    const c = timeSeriesChart(r, { model: izh });
    const json = JSON.parse(configToJSON(c));
    expect(json.type).toBe('line');
    expect(json.data.datasets.length).toBe(3);
    const png = await renderPNG(c, { width: 400, height: 300, scale: 1 });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(400);
    expect(png.readUInt32BE(20)).toBe(300);
  });
});

describe('theme', () => {
  it('labels axes with units, leaving out dimensionless ones', () => {
    expect(axisLabel('v', 'mV')).toBe('v (mV)');
    expect(axisLabel('v', '1')).toBe('v');
    expect(axisLabel('v')).toBe('v');
  });
  it('cycles a colour-blind-safe palette', () => {
    expect(colour(0)).toBe(palette[0]);
    expect(colour(palette.length)).toBe(palette[0]);
    expect(new Set(palette).size).toBe(palette.length);
  });
});
