import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel, simulate, timeSeriesChart, show } from '../../src/index.js';
import { tslabDisplay } from '../../src/plot/notebook.js';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

describe('show', () => {
  const model = loadModel('izhikevich').preset('RS');
  const config = timeSeriesChart(simulate(model, { t: 100, params: { I: 10 } }), { model, variables: ['v'] });
  const dir = mkdtempSync(join(tmpdir(), 'isocline-tslab-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('outside a notebook kernel returns the rendered PNG', async () => {
    expect(tslabDisplay()).toBeUndefined();
    const png = await show(config, { width: 300, height: 200, scale: 1 });
    expect(png).toBeInstanceOf(Buffer);
    expect([...png!.subarray(0, 4)]).toEqual(PNG_MAGIC);
  });

  it("inside tslab hands the PNG to the running kernel's display and returns undefined", async () => {
    // a stand-in for the kernel's own tslab: jupyter.js is live while a cell runs, public.js has display
    const dist = join(dir, 'node_modules', 'tslab', 'dist');
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'jupyter.js'), 'exports.lastWriteDisplayData = () => {};\n');
    writeFileSync(join(dist, 'public.js'), 'exports.shown = [];\nexports.display = { png: (b) => exports.shown.push(b) };\n');
    const req = createRequire(join(dir, 'x.js'));
    req(join(dist, 'jupyter.js'));
    const shown = req(join(dist, 'public.js')).shown as Uint8Array[];
    try {
      expect(await show(config, { width: 300, height: 200, scale: 1 })).toBeUndefined();
      expect(shown).toHaveLength(1);
      expect([...shown[0].subarray(0, 4)]).toEqual(PNG_MAGIC);
    } finally {
      delete req.cache[join(dist, 'jupyter.js')];
      delete req.cache[join(dist, 'public.js')];
    }
    expect(tslabDisplay()).toBeUndefined();
  });
});
