import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel, saveModel, parseModelFile } from '../../src/model/modelfile.js';
import { Model } from '../../src/model/model.js';
import { readOde, writeOde } from '../../src/model/xpp/index.js';
import { ModelFileError } from '../../src/model/errors.js';
import { simulate } from '../../src/single/simulate.js';
import { fixedPoints } from '../../src/single/fixed-points.js';
import { runCLI } from '../cli/run-cli.js';

const fixture = (f: string): string => join(__dirname, 'fixtures', 'xpp', f);
const ode = (text: string): Model => new Model(readOde(text, 'test.ode'));
/** the right-hand side at a state: one Euler step of length 1 from it */
const rhs = (m: Model, init: Record<string, number>): Record<string, number> => {
  const r = simulate(m.withInit(init), { t: 1, method: 'euler', dt: 1 });
  return Object.fromEntries(m.variableNames.map((v) => [v, r.y[v][r.y[v].length - 1] - r.y[v][0]]));
};

describe('XPPAUT .ode import', () => {
  it('ml1.ode (Debian XPPAUT example) imports and agrees with XPPAUT itself', () => {
    const m = loadModel(fixture('ml1.ode'));
    expect(m.variableNames).toEqual(['v', 'w']);
    expect(m.parameters).toMatchObject({ gl: 0.5, gca: 1, gk: 2, i: 0.2, phi: 0.333 });
    // reference: `xppaut -silent ml1.ode` (XPPAUT 8, Debian), rows of output.dat at t = 0.05 and 20
    // (t v w ica); XPP's default method is RK4 with dt = 0.05 over total = 20 and it writes floats.
    const r = simulate(m, { t: 20, method: 'rk4', dt: 0.05 });
    const at = (tt: number, v: string): number => r.y[v][Math.round(tt / 0.05)];
    expect(at(0.05, 'v')).toBeCloseTo(0.077326752, 6);
    expect(at(0.05, 'w')).toBeCloseTo(0.0063409014, 6);
    expect(at(20, 'v')).toBeCloseTo(0.14159165, 5);
    expect(at(20, 'w')).toBeCloseTo(0.45383552, 5);
  });

  it('ml1.ode: its phase plane (fixed points) and bifurcation commands run from the file', async () => {
    const fps = fixedPoints(loadModel(fixture('ml1.ode')), { ranges: { v: [-0.6, 0.6], w: [-0.1, 0.6] } });
    expect(fps.length).toBeGreaterThan(0);
    for (const p of fps) for (const v of Object.values(rhs(loadModel(fixture('ml1.ode')), p.state))) expect(Math.abs(v)).toBeLessThan(1e-8);
    const fp = await runCLI('fixed-points', fixture('ml1.ode'), '--json');
    expect(fp.code, fp.stderr).toBe(0);
    // the README's command (with --json instead of --png)
    const phase = await runCLI('phase', fixture('ml1.ode'), '--x', 'v:-0.6:0.6', '--y', 'w:-0.1:0.6', '--json');
    expect(phase.code, phase.stderr).toBe(0);
    const bif = await runCLI('bifurcation', fixture('ml1.ode'), '--param', 'i', '--from', '0', '--to', '0.3', '--json');
    expect(bif.code, bif.stderr).toBe(0);
  });

  it('iaf.ode: a global flag is an event with a reset; the period is the closed form', () => {
    const m = loadModel(fixture('iaf.ode'));
    // v' = -v + i, i = 1.2, reset to -0.5 at v = 1: first spike at ln(i/(i-1)) from v(0) = 0, then every ln((i+0.5)/(i-1))
    const r = simulate(m, { t: 10, rtol: 1e-10, atol: 1e-12 });
    const s = r.events.spike ?? Object.values(r.events)[0];
    expect(s[0]).toBeCloseTo(Math.log(6), 6);
    expect(s[1] - s[0]).toBeCloseTo(Math.log(8.5), 6);
  });

  it('a global flag\u2019s resets are applied in order, as XPP does (flags.c): later right sides see earlier resets', () => {
    const m = ode(["x'=1", "y'=0", 'global 1 {x-1} {x=0; y=y+x+10}', 'init y=0'].join('\n'));
    // at the crossing x = 1; XPP sets x = 0 first, so y = 0 + 0 + 10 (simultaneous resets would give 11)
    const r = simulate(m, { t: 1.5, rtol: 1e-10, atol: 1e-12 });
    expect(r.y.y[r.y.y.length - 1]).toBeCloseTo(10, 9);
  });

  it('keywords by first letter, any case; continuation lines; fixed, derived, functions, if/then/else, heav, flr, mod, sign, ln', () => {
    const m = ode([
      'PARAM a=2, B = 3  # comment',
      'Number c=4',
      '!d=a*b',
      'f(x,y)=x*y \\',
      '  + 1',
      'k=if(x>1)then(heav(x-2))else(flr(2.5)+mod(7,3)+sign(-3)+ln(exp(1)))',
      "x'=f(a,b)+k+d",
      'dy/dt=x^2 + y**2',
      'Init x=0.5, y=1',
      'D',
      "z'=ignored after done",
    ].join('\n'));
    expect(m.variableNames).toEqual(['x', 'y']);
    // by hand at x = 0.5: f(2,3) = 7; k = flr(2.5)+mod(7,3)+sign(-3)+ln(e) = 2+1-1+1 = 3; d = 6
    expect(rhs(m, { x: 0.5, y: 1 }).x).toBeCloseTo(16, 12);
    // at x = 3: k = heav(1) = 1
    expect(rhs(m, { x: 3, y: 1 }).x).toBeCloseTo(14, 12);
    expect(rhs(m, { x: 3, y: 2 }).y).toBeCloseTo(13, 12);
    expect(m.toJSON().variables.x).toMatchObject({ init: 0.5 });
  });

  it('arrays and %[..] blocks expand with [j] arithmetic', () => {
    const m = ode(['x[1..3]\'=-x[j]+[j+1]', '%[1..2]', "y[j]'=x[j]*[j]", '%', 'init x[1..3]=[j]'].join('\n'));
    expect(m.variableNames).toEqual(['x1', 'x2', 'x3', 'y1', 'y2']);
    const d = rhs(m, { x1: 1, x2: 2, x3: 3, y1: 0, y2: 0 });
    expect(d).toMatchObject({ x1: 1, x2: 1, x3: 1, y1: 1, y2: 4 });
    expect(m.toJSON().variables.x3).toMatchObject({ init: 3 });
  });

  it('an inline table is XPP\u2019s linear interpolation of its samples, extrapolating the end segments', () => {
    // samples of t^2 at 0, 1, 2 are 0, 1, 4: interpolating linearly, w(0.5) = 0.5, w(1.5) = 2.5;
    // XPP's lookup (tabular.c) extends the end segments: w(3) = 4 + 3*(3 - 2) = 7, w(-1) = 0 + 1*(-1 - 0) = -1
    const m = ode(['table w % 3 0 2 t^2', "x'=w(x)"].join('\n'));
    expect(rhs(m, { x: 0.5 }).x).toBeCloseTo(0.5, 12);
    expect(rhs(m, { x: 1.5 }).x).toBeCloseTo(2.5, 12);
    expect(rhs(m, { x: 3 }).x).toBeCloseTo(7, 12);
    expect(rhs(m, { x: -1 }).x).toBeCloseTo(-1, 12);
  });

  it('@ options become the model\u2019s defaults', () => {
    const m = ode(["x'=-x", '@ total=50, dt=.01, meth=euler, xp=t, yp=x, xlo=0, xhi=50, ylo=-1, yhi=1, bound=100, maxstor=5000, nout=2'].join('\n'));
    expect(m.toJSON().defaults).toEqual({ t: 50, dt: 0.01, method: 'euler', x: 't', y: 'x', xlim: [0, 50], ylim: [-1, 1], bound: 100, maxPoints: 5000, other: { nout: '2' } });
  });

  it.each([
    ['markov z 2\n0 1\n', 'test.ode:1: Markov variables'],
    ["x'=y\n0=x+y\n", 'test.ode:2: algebraic equations'],
    ["x'=int{exp(-t)#x}\n", 'test.ode:1: Volterra'],
    ["x'=delay(x,1)\n", 'test.ode:1: delay equations'],
    ["special k=conv(even,51,12,w,u0)\nx'=-x\n", 'test.ode:1: \'special\''],
    ["table w nofile.tab\nx'=w(x)\n", "test.ode:1: table 'w' reads a file that is missing"],
    ["wiener n\nx'=n\n", 'test.ode:1: wiener noise'],
  ])('%j is refused with line and feature', (text, message) => {
    expect(() => readOde(text, 'test.ode')).toThrow(ModelFileError);
    expect(() => readOde(text, 'test.ode')).toThrow(message);
  });
});

describe('XPPAUT .ode export', () => {
  it.each(['fitzhugh-nagumo', 'izhikevich', 'morris-lecar', 'hodgkin-huxley'])('%s survives .ode out and back: same trajectory', (name) => {
    const m = loadModel(name);
    const back = new Model({ ...readOde(writeOde(m), `${name}.ode`), name: m.name });
    const a = simulate(m, { t: 50, method: 'rk4', dt: 0.01 });
    const b = simulate(back, { t: 50, method: 'rk4', dt: 0.01 });
    for (const v of m.variableNames) {
      const x = a.y[v], y = b.y[v.toLowerCase()];
      expect(y.length).toBe(x.length);
      for (let i = 0; i < x.length; i++) expect(y[i]).toBeCloseTo(x[i], 9);
    }
  });

  it('saveModel(.ode) and `isocline convert` both ways', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xpp-'));
    saveModel(loadModel('fitzhugh-nagumo'), join(dir, 'fhn.ode'));
    expect(readFileSync(join(dir, 'fhn.ode'), 'utf8')).toMatch(/^v'=/m);
    const r1 = await runCLI('convert', fixture('ml1.ode'), join(dir, 'ml1.yaml'));
    expect(r1.code, r1.stderr).toBe(0);
    const spec = parseModelFile(readFileSync(join(dir, 'ml1.yaml'), 'utf8'));
    expect(Object.keys(spec.functions ?? {})).toEqual(['minf', 'winf', 'lamw']);
    const r2 = await runCLI('convert', join(dir, 'ml1.yaml'), join(dir, 'ml1-back.ode'));
    expect(r2.code, r2.stderr).toBe(0);
    const a = simulate(loadModel(fixture('ml1.ode')), { t: 20, method: 'rk4', dt: 0.05 });
    const b = simulate(loadModel(join(dir, 'ml1-back.ode')), { t: 20, method: 'rk4', dt: 0.05 });
    expect(Array.from(b.y.v)).toEqual(Array.from(a.y.v));
    writeFileSync(join(dir, 'bad.ode'), "x'=-x\nmarkov z 2\n");
    const r3 = await runCLI('simulate', join(dir, 'bad.ode'));
    expect(r3.code).not.toBe(0);
    expect(r3.stderr).toMatch(/bad\.ode:2: Markov variables \(markov\) are not supported/);
    expect(r3.stderr).not.toMatch(/\n\s+at /);
  });

  it('what XPP cannot express is refused by name', () => {
    expect(() => writeOde(loadModel('lif'))).toThrow(/refractory/);
  });
});
