/** Shared CLI plumbing: option parsing helpers, output, and turning errors into one stderr line. */
import { IsoclineError, OptionError } from '../model/errors.js';

/** Parse `a=1,b=2` (repeatable) into a record of numbers. */
export function parseAssignments(values: string[] | string | undefined, what: string): Record<string, number> {
  const out: Record<string, number> = {};
  const list = values === undefined ? [] : Array.isArray(values) ? values : [values];
  for (const item of list.flatMap((v) => v.split(','))) {
    if (!item.trim()) continue;
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+?)\s*$/.exec(item);
    const x = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(x)) throw new OptionError(`--${what} expects name=number pairs, got '${item}'`);
    out[m[1]] = x;
  }
  return out;
}

/** A finite number option. */
export function num(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (!Number.isFinite(x)) throw new OptionError(`--${name} expects a number, got '${value}'`);
  return x;
}

/** Collect a repeatable option. */
export const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** JSON with typed arrays as plain arrays. */
export function toJSON(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v));
}

/** Run a command body; known errors become one line on stderr and exit code 1 (2 for usage). */
export async function guard(body: () => Promise<void> | void): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (e instanceof IsoclineError) {
      process.stderr.write(`isocline: ${e.message}\n`);
      process.exitCode = e instanceof OptionError ? 2 : 1;
      return;
    }
    throw e;
  }
}
