/**
 * Issue 11, point 7 (CLI side): an exception that is not one of isocline's typed errors still
 * reaches the user as one line that names the command and what it ran on. Before, guard()
 * rethrew it and main() printed the bare message ("x is not iterable"), with no model or command.
 */
import { describe, it, expect } from 'vitest';
import { guard, withStreams } from '../../src/cli/io.js';

async function capture(body: () => void, where?: string): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await withStreams({ out: () => undefined, err: (s) => void (stderr += s) }, () => guard(body, where));
  return { code, stderr };
}

describe('guard wraps raw errors', () => {
  it('a TypeError names the command and model, on one line, exit code 1', async () => {
    const r = await capture(() => {
      throw new TypeError('spec.populations is not iterable');
    }, 'network seed-000');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('isocline: network seed-000: unexpected TypeError: spec.populations is not iterable — please report this (ISOCLINE_DEBUG=1 shows the stack)\n');
  });

  it('a multi-line or huge message stays one bounded line; a stack overflow says why', async () => {
    const r = await capture(() => {
      throw new RangeError('Maximum call stack size exceeded\n' + 'x'.repeat(100000));
    }, 'simulate deep');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.length).toBeLessThan(500);
    expect(r.stderr).toMatch(/simulate deep: unexpected RangeError: Maximum call stack size exceeded x+… \(the input is nested too deeply\)/);
  });
});
