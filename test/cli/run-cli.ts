/** Run the CLI in-process with captured output (no build, no child process). */
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCLI(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'isocline', ...args], {
    streams: { out: (s) => void (stdout += s), err: (s) => void (stderr += s) },
  });
  return { code, stdout, stderr };
}
