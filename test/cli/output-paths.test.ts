/**
 * Issue 11, point 5: output paths are checked before the computation. Before, `--png
 * /proc/nope/x.png` looped for ever in Node's recursive mkdir, and a path under an existing file
 * failed only after the whole run with a misleading EEXIST.
 */
import { describe, it, expect, afterAll, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCLI } from './run-cli.js';
import { prepareOutputFile } from '../../src/plot/output-path.js';
import { OptionError } from '../../src/model/errors.js';

// phasePortrait, counted: the path check must come before any of the computation
const computed = vi.hoisted(() => ({ phase: 0 }));
vi.mock('../../src/single/phase.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/single/phase.js')>();
  return { ...real, phasePortrait: (...a: Parameters<typeof real.phasePortrait>) => (computed.phase++, real.phasePortrait(...a)) };
});

const tmp = mkdtempSync(join(tmpdir(), 'isocline-out-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = join(tmp, 'a-file');
writeFileSync(file, 'x');

async function oneLine(args: string[], pattern: RegExp): Promise<void> {
  const r = await runCLI(...args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/EEXIST/);
}

describe('output paths checked up front', () => {
  it('--png under /proc fails at once (was: an endless mkdir loop)', async () => {
    await oneLine(['simulate', 'fitzhugh-nagumo', '--png', '/proc/nope/x.png'], /--png: cannot write '\/proc\/nope\/x.png'/);
  }, 20000);

  it('a path under an existing file names the file, before the run (was: EEXIST after it)', async () => {
    // the HH phase plane takes seconds; the failure must come before any of it
    const before = computed.phase;
    await oneLine(['phase', 'hodgkin-huxley', '--x', 'v:-90:60', '--y', 'n:0:1', '--png', join(file, 'x.png')], /--png: cannot write .*a-file' is a file, not a folder/);
    await oneLine(['phase', 'hodgkin-huxley', '--x', 'v:-90:60', '--y', 'n:0:1', '--pdf', join(file, 'x.pdf')], /--pdf: cannot write .*a-file' is a file, not a folder/);
    expect(computed.phase).toBe(before);
    // and the same command with a writable path does compute (the count can fail)
    expect((await runCLI('phase', 'fitzhugh-nagumo', '--x', 'v:-2.5:2', '--y', 'w:-1:2', '--no-separatrices', '--no-limit-cycle', '--json')).code).toBe(0);
    expect(computed.phase).toBe(before + 1);
  });

  it('every command with an output file checks it: --chart into a folder, --rate-png, fi-curve', async () => {
    const dir = join(tmp, 'a-folder.json');
    mkdirSync(dir);
    await oneLine(['bifurcation', 'fitzhugh-nagumo', '--param', 'I', '--from', '0', '--to', '1', '--chart', dir], /--chart: cannot write .*it is a folder/);
    await oneLine(['fi-curve', 'lif', '--from', '0', '--to', '3', '--png', join(file, 'f.png')], /--png: .*is a file, not a folder/);
    await oneLine(['network', 'seed-000-unconnected', '--rate-png', join(file, 'r.png')], /--rate-png: .*is a file, not a folder/);
  });

  it('missing folders are created, and the probe leaves no file behind', () => {
    const target = join(tmp, 'new', 'deeper', 'x.png');
    expect(prepareOutputFile(target, '--png')).toBe(target);
    expect(statSync(join(tmp, 'new', 'deeper')).isDirectory()).toBe(true);
    expect(existsSync(target)).toBe(false);
    expect(() => prepareOutputFile('', '--png')).toThrow(OptionError);
  });
});
