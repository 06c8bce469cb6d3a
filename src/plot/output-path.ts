/**
 * Output files checked before any work: an output path that cannot be written must fail in
 * milliseconds, not after a long computation (and never by looping: Node's recursive mkdir spins
 * for ever under /proc). Missing folders are created one level at a time, so each failure names
 * the folder and the reason.
 */
import { closeSync, constants, accessSync, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { OptionError } from '../model/errors.js';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such folder',
  ENOTDIR: 'a path component is a file, not a folder',
  ENOSPC: 'no space left on the device',
  EISDIR: 'it is a folder',
};

const reason = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  return REASONS[code] ?? ((e as Error).message || String(e)).split('\n')[0];
};

/**
 * Make sure `file` can be written: its folders exist (created if missing) and are folders, and
 * the file itself can be created or overwritten. Throws an OptionError naming `what` (the option,
 * e.g. `--png`) and the path; returns the absolute path.
 * @example prepareOutputFile('out/fhn.png', '--png')
 */
export function prepareOutputFile(file: string, what = 'output'): string {
  if (typeof file !== 'string' || file.trim() === '') throw new OptionError(`${what}: needs a file name`);
  const path = resolve(file);
  const fail = (why: string): never => {
    throw new OptionError(`${what}: cannot write '${file}': ${why}`);
  };
  // the nearest existing ancestor must be a folder; everything below it is created
  const missing: string[] = [];
  let dir = dirname(path);
  for (;;) {
    let st: ReturnType<typeof statSync> | undefined;
    try {
      st = statSync(dir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') fail(`a part of '${dir}' is a file, not a folder`);
      if (code !== 'ENOENT') fail(`'${dir}': ${reason(e)}`);
    }
    if (st) {
      if (!st.isDirectory()) fail(`'${dir}' is a file, not a folder`);
      break;
    }
    missing.push(dir);
    const up = dirname(dir);
    if (up === dir) fail(`no folder of '${path}' exists`);
    dir = up;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') fail(`cannot create the folder '${d}': ${reason(e)}`);
    }
  }
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    existing = statSync(path);
  } catch {
    existing = undefined;
  }
  if (existing) {
    if (existing.isDirectory()) fail('it is a folder');
    try {
      accessSync(path, constants.W_OK);
    } catch (e) {
      fail(reason(e));
    }
    return path;
  }
  // create and remove the file: the only test that also catches /proc, read-only mounts and full disks' metadata
  try {
    closeSync(openSync(path, 'wx'));
    unlinkSync(path);
  } catch (e) {
    // ENOENT here means the folder exists but refuses new files (/proc, /sys)
    fail((e as NodeJS.ErrnoException).code === 'ENOENT' ? `'${dirname(path)}' does not accept new files` : reason(e));
  }
  return path;
}
