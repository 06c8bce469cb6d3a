import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel, simulate, timeSeriesChart, renderFigure, saveFigure, figureFormatOf } from '../../src/index.js';

// SVG and PDF beside PNG: the same chart.js configuration on node-canvas's vector surfaces.
const m = loadModel('fitzhugh-nagumo');
const r = simulate(m, { t: 100, sample: 1 });
const chart = () => timeSeriesChart(r, { model: m, title: 'FitzHugh–Nagumo formats' });

describe('figure formats', () => {
  it('SVG is a vector document with the title as text and vector paths', async () => {
    const svg = (await renderFigure(chart(), 'svg', { width: 600, height: 400 })).toString('utf8');
    expect(svg).toMatch(/<svg[^>]*width="600(pt)?"[^>]*height="400(pt)?"/);
    // cairo writes text as glyph outlines: every line, axis and letter is a path
    expect((svg.match(/<path/g) ?? []).length).toBeGreaterThan(10);
    expect(svg).not.toMatch(/<image/); // vectors, not an embedded raster
  });

  it('PDF is one page of the requested size in points', async () => {
    const pdf = await renderFigure(chart(), 'pdf', { width: 600, height: 400 });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[ ?0 0 600 400 ?\]/);
  });

  it('saveFigure picks the format from the extension and refuses others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isocline-fig-'));
    try {
      const png = readFileSync(await saveFigure(chart(), join(dir, 'a.png')));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(readFileSync(await saveFigure(chart(), join(dir, 'a.SVG'))).toString('utf8')).toMatch(/<svg/);
      expect(readFileSync(await saveFigure(chart(), join(dir, 'a.pdf'))).subarray(0, 4).toString('latin1')).toBe('%PDF');
      await expect(saveFigure(chart(), join(dir, 'a.jpg'))).rejects.toThrow(/must end in \.png, \.svg or \.pdf/);
      expect(figureFormatOf('x.tar.pdf')).toBe('pdf');
      expect(figureFormatOf('x')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
