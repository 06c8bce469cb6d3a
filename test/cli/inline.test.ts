/**
 * Issue 11.10: inline (--eq) models are complete. They declare events (`--event "v >= 30: v = c;
 * u = u + d"`, with an optional refractory period and clamp) and initial values (--init), and
 * the CLI says on stderr, in one line, which variables start at 0 because nothing set them.
 */
import { describe, it, expect } from 'vitest';
import { runCLI } from './run-cli.js';
import { parseEventOption } from '../../src/cli/model-options.js';
import rs from '../references/izhikevich_rs.json';
import lif from '../references/lif.json';

const TIGHT = ['--rtol', '1e-10', '--atol', '1e-12'];

describe('inline models with events and initial values (issue 11.10)', () => {
  it('Izhikevich RS from --eq, --event and --init gives the SciPy reference spike times', async () => {
    // test/references/izhikevich_rs.py: a=0.02, b=0.2, c=-65, d=8, I=10, v(0)=-65, u(0)=-13,
    // spikes located by solve_ivp events (DOP853, rtol=atol=1e-12), cross-checked with Radau
    const r = await runCLI(
      'simulate', '--eq', "v' = 0.04*v^2 + 5*v + 140 - u + I", '--eq', "u' = a*(b*v - u)",
      '--set', 'a=0.02,b=0.2,c=-65,d=8,I=10', '--event', 'v >= 30: v = c; u = u + d', '--init', 'v=-65,u=-13',
      '--t', '1000', ...TIGHT, '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j.events)).toEqual(['spike']);
    expect(j.spikes.length).toBe(rs.spikes.length);
    j.spikes.forEach((s: number, i: number) => expect(Math.abs(s - rs.spikes[i])).toBeLessThan(1e-6));
  });

  it('an event with a refractory period and a clamp: LIF intervals equal the closed form', async () => {
    // test/references/lif.py: ISI = t_ref + tau ln(RI / (RI - theta)) with tau=10, R=1, theta=1, t_ref=4
    const I = 1.5;
    const isi = lif.isi_ms.find((x) => x.I === I)!.isi;
    const r = await runCLI(
      'simulate', '--eq', "v' = (-(v - v_rest) + R*I)/tau", '--set', `tau=10,R=1,v_rest=0,v_th=1,v_reset=0,t_ref=4,I=${I}`,
      '--event', 'v >= v_th: v = v_reset; refractory t_ref; clamp v', '--init', 'v=0', '--t', '200', ...TIGHT, '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const s: number[] = JSON.parse(r.stdout).spikes;
    expect(s.length).toBe(Math.floor((200 - (isi - 4)) / isi) + 1);
    expect(Math.abs(s[0] - (isi - 4))).toBeLessThan(1e-6); // from v = 0 no refractory period precedes the first spike
    for (let k = 1; k < s.length; k++) expect(Math.abs(s[k] - s[k - 1] - isi)).toBeLessThan(1e-6);
  });

  it('says on stderr, in one line, which variables start at 0 by default', async () => {
    const fhn = ['simulate', '--eq', "v' = v - v^3/3 - w + I", '--eq', "w' = (v + a - b*w)/tau", '--set', 'a=0.7,b=0.8,tau=12.5,I=0.5', '--t', '10', '--json'];
    const none = await runCLI(...fhn);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stderr).toBe("isocline: note: model 'inline': v, w start at 0 (no --init v=...,w=...)\n");
    expect(JSON.parse(none.stdout).y.v[0]).toBe(0);
    const one = await runCLI(...fhn, '--init', 'v=-1');
    expect(one.stderr).toBe("isocline: note: model 'inline': w starts at 0 (no --init w=...)\n");
    expect(JSON.parse(one.stdout).y.v[0]).toBe(-1);
    const both = await runCLI(...fhn, '--init', 'v=-1,w=0.5');
    expect(both.stderr).toBe('');
    expect(JSON.parse(both.stdout).y.w[0]).toBe(0.5);
    // a named model's initial values come from its file: no note
    const named = await runCLI('simulate', 'fitzhugh-nagumo', '--t', '10', '--json');
    expect(named.stderr).toBe('');
  });

  it('several events get distinct names and fire where the closed form says', async () => {
    // v = t mod 1 and w = 2t mod 1: v reaches 1 at t = 1, 2; w at t = 0.5, 1, 1.5, 2
    const r = await runCLI('simulate', '--eq', "v' = 1", '--eq', "w' = 2", '--event', 'v >= 1: v = 0', '--event', 'w >= 1: w = 0', '--init', 'v=0,w=0', '--t', '2.2', ...TIGHT, '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j.events)).toEqual(['spike', 'event1']);
    expect(j.events.spike.length).toBe(2);
    j.events.spike.forEach((t: number, k: number) => expect(t).toBeCloseTo(k + 1, 9));
    expect(j.events.event1.length).toBe(4);
    j.events.event1.forEach((t: number, k: number) => expect(t).toBeCloseTo((k + 1) / 2, 9));
  });

  it('parses conditions, resets with ternaries, refractory periods and clamps', () => {
    expect(parseEventOption('v >= 30: v = c; u = u + d')).toEqual({ when: 'v >= 30', reset: 'v = c; u = u + d' });
    expect(parseEventOption('v >= 1: v = v > 2 ? 0 : -1')).toEqual({ when: 'v >= 1', reset: 'v = v > 2 ? 0 : -1' });
    expect(parseEventOption('v >= th: v = 0; refractory 2; clamp v')).toEqual({ when: 'v >= th', reset: 'v = 0', refractory: 2, clamp: ['v'] });
    expect(parseEventOption('v >= th: refractory 2*tau; clamp v, w')).toEqual({ when: 'v >= th', refractory: '2*tau', clamp: ['v', 'w'] });
    expect(parseEventOption('v >= 1')).toEqual({ when: 'v >= 1' });
    expect(() => parseEventOption(': v = 0')).toThrow(/--event expects "condition: resets"/);
  });

  it('an event that is not a comparison, or resets an unknown variable, is one line with exit 2', async () => {
    const a = await runCLI('simulate', '--eq', "v' = 1", '--init', 'v=0', '--event', 'v + 1: v = 0');
    expect(a.code).toBe(2);
    expect(a.stderr.trim()).toMatch(/^isocline: model 'inline', event 'spike' when: .*must be one comparison/);
    const b = await runCLI('simulate', '--eq', "v' = 1", '--init', 'v=0', '--event', 'v >= 1: vv = 0');
    expect(b.code).toBe(2);
    expect(b.stderr.trim()).toMatch(/reset assigns 'vv', which is not a state variable.*did you mean 'v'/);
  });
});
