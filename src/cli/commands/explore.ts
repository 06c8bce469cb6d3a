/**
 * `isocline explore [model]`: the live phase-plane explorer in the browser. Serves the page on
 * 127.0.0.1 (and opens it, unless --no-open), or writes it as static files with --static DIR.
 */
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { OptionError } from '../../model/errors.js';
import { guard, out } from '../io.js';

interface ExploreCliOptions {
  port?: string;
  open?: boolean;
  static?: string;
}

export function register(program: Command): void {
  program
    .command('explore')
    .argument('[model]', 'a bundled model name or a model file to open with (default: fitzhugh-nagumo)')
    .description('the live phase-plane explorer in the browser: sliders, clicks, continuation')
    .option('--port <n>', 'port to serve on (default: any free port)')
    .option('--no-open', 'print the address without opening a browser')
    .option('--static <dir>', 'write the page as static files (index.html, explorer.js) instead of serving it')
    .addHelpText(
      'after',
      `
Examples:
  isocline explore fitzhugh-nagumo
  isocline explore my-model.yaml --port 8080 --no-open
  isocline explore --static site/`,
    )
    .action((model: string | undefined, o: ExploreCliOptions) => guard(() => run(model, o), 'explore'));
}

async function run(name: string | undefined, o: ExploreCliOptions): Promise<void> {
  const port = o.port === undefined ? 0 : Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new OptionError(`--port expects a port number from 0 to 65535, got '${o.port}'`);
  if (o.static !== undefined && o.port !== undefined)
    throw new OptionError('--port serves the page; --static writes it');
  const start = await startOf(name);
  if (o.static !== undefined) {
    const { writeStaticExplorer } = await import('../../explorer/build.js');
    const files = await writeStaticExplorer(o.static, start);
    out(`explorer written: ${files.join(', ')} (open index.html)\n`);
    return;
  }
  const { serveExplorer } = await import('../../explorer/server.js');
  const s = await serveExplorer({ port, start });
  out(`isocline explorer at ${s.url} (Ctrl-C to stop)\n`);
  if (o.open !== false) openBrowser(s.url);
  // serve until interrupted
  await new Promise<void>((ok) => s.server.on('close', ok));
}

/** A bundled name opens as that preset; a file is read (YAML, JSON or .ode) and sent as YAML. */
async function startOf(name: string | undefined): Promise<{ preset?: string; text?: string }> {
  if (name === undefined) return {};
  const { bundledModelTexts } = await import('../../explorer/build.js');
  if (Object.hasOwn(bundledModelTexts(), name)) return { preset: name };
  const { loadModel, modelToText } = await import('../../model/modelfile.js');
  return { text: modelToText(loadModel(name)) };
}

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(cmd, [url], { detached: true, stdio: 'ignore' });
    // no opener (a server, a container): the printed address is enough
    child.on('error', () => undefined);
    child.unref();
  } catch {
    /* as above */
  }
}
