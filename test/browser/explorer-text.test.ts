/**
 * The explorer's pure parts, in node (no browser): model text with errors placed at line and
 * column, slider ranges, the link's state and the exports that reproduce a view.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { ModelTextError, isEquations, parseModelText } from '../../src/explorer/model-text.js';
import { cliCommand, fromHash, notebookCell, sliderRange, toHash, type ViewState } from '../../src/explorer/state.js';
import { bundledModelTexts } from '../../src/explorer/build.js';

const FHN = "v' = v - v^3/3 - w + I\nw' = (v + a - b*w)/tau\na = 0.7\nb = 0.8\ntau = 12.5\nI = 0.5";

function errorOf(f: () => unknown): ModelTextError {
  try {
    f();
  } catch (e) {
    if (e instanceof ModelTextError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('model text', () => {
  it('equations: variables, numeric lines as parameters, init', () => {
    const m = parseModelText(`${FHN}\ninit v=-1, w=0.5`);
    expect(m.variableNames).toEqual(['v', 'w']);
    expect(m.parameters).toEqual({ a: 0.7, b: 0.8, tau: 12.5, I: 0.5 });
    expect(isEquations(FHN)).toBe(true);
  });

  it('every bundled model file parses as YAML', () => {
    for (const [name, text] of Object.entries(bundledModelTexts())) expect(parseModelText(text).name).toBe(name);
  });

  it('an unknown name is placed at its line and column', () => {
    const e = errorOf(() => parseModelText(FHN.replace('(v + a', '(v + q')));
    expect([e.line, e.column]).toEqual([2, 11]);
    expect(e.message).toMatch(/q/);
  });

  it("a model file is checked against the library's schema, the error placed at the key", () => {
    const e = errorOf(() => parseModelText('name: x\nvariables:\n  v: { ddt: "-v" }\n  w: { ddtt: "v - w" }\n'));
    expect(e.message).toMatch(/^line 4, column 1: variables\.w: /);
    expect(e.line).toBe(4);
  });

  it('a YAML syntax error is placed where YAML finds it', () => {
    const e = errorOf(() => parseModelText('name: x\nvariables:\n  v: { ddt: "-v"\n'));
    expect(e.line).toBeGreaterThanOrEqual(3);
  });
});

describe('view state', () => {
  const state: ViewState = {
    preset: 'fitzhugh-nagumo',
    text: '',
    params: { a: 0.7, b: 0.8, tau: 12.5, I: 0.25 },
    x: { variable: 'v', min: -2.5, max: 2 },
    y: { variable: 'w', min: -1, max: 2 },
    held: {},
    clicks: [{ x: 1, y: 0.5, backward: true }],
    continuation: 'I',
  };

  it('slider ranges: around the value, [-1, 1] for 0, widened to the presets', () => {
    expect(sliderRange(0.5)).toEqual([-0.5, 1.5]);
    expect(sliderRange(0)).toEqual([-1, 1]);
    expect(sliderRange(1, [10])[1]).toBeCloseTo(11);
  });

  it('the link round-trips the state', () => {
    expect(fromHash(toHash(state))).toEqual(state);
    expect(fromHash('#nothing')).toBeNull();
  });

  it('the CLI command and notebook cell name the changed parameters and the clicks', () => {
    const model = parseModelText(bundledModelTexts()['fitzhugh-nagumo']);
    expect(cliCommand(state, model)).toBe(
      'isocline phase fitzhugh-nagumo --x v:-2.5:2 --y w:-1:2 --set I=0.25 --trajectory 1,0.5 ' +
        '--png fitzhugh-nagumo-phase.png',
    );
    const cell = notebookCell(state, model, '');
    expect(cell).toContain('loadModel("fitzhugh-nagumo")');
    expect(cell).toContain('"params":{"I":0.25}');
  });
});

describe('isocline explore options', () => {
  it('a bad port or --port with --static is a usage error', async () => {
    let err = '';
    const streams = { out: () => undefined, err: (s: string) => void (err += s) };
    expect(await main(['node', 'isocline', 'explore', '--port', 'x', '--no-open'], { streams })).toBe(2);
    expect(err).toMatch(/--port expects a port number/);
    expect(await main(['node', 'isocline', 'explore', '--port', '80', '--static', '/tmp/x'], { streams })).toBe(2);
  });
});
