import { describe, it, expect } from 'vitest';
import { loadModel, fiCurve, fiChart } from '../../src/index.js';

describe('fiChart', () => {
  it("legend labels say which line is dashed and which dotted (the legend's markers cannot show it)", () => {
    const fi = fiCurve(loadModel('lif'), { param: 'I', from: 0, to: 3, steps: 7 });
    const c = fiChart(fi, { references: [{ label: 'a', x: [0, 1], y: [0, 1] }, { label: 'b', x: [0, 1], y: [1, 0] }] });
    const ds = c.data.datasets as unknown as { label: string; borderDash?: number[]; borderColor: string }[];
    const a = ds.find((d) => d.label.startsWith('a '))!, b = ds.find((d) => d.label.startsWith('b '))!;
    expect(a.label).toBe('a (dashed)');
    expect(b.label).toBe('b (dotted)');
    // dashes long and short as labelled, and two references in two colours
    expect(a.borderDash![0]).toBeGreaterThan(b.borderDash![0]);
    expect(a.borderColor).not.toBe(b.borderColor);
    expect(ds.find((d) => d.label.startsWith('rheobase'))!.label).toMatch(/, dashed$/);
  });
});
