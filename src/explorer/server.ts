/**
 * Serve the explorer on 127.0.0.1 with node:http: the page, its script, nothing else.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bundleExplorer } from './build.js';
import { pageHtml, type PageStart } from './html.js';

export interface ExplorerServer {
  server: Server;
  /** the page's address, e.g. http://127.0.0.1:5173/ */
  url: string;
  close(): Promise<void>;
}

/**
 * Start the server (port 0: any free port).
 * @example const s = await serveExplorer({ port: 0, start: { preset: 'fitzhugh-nagumo' } }); console.log(s.url);
 */
export async function serveExplorer(options: { port?: number; start?: PageStart } = {}): Promise<ExplorerServer> {
  const { js } = await bundleExplorer();
  const html = pageHtml({ src: 'explorer.js' }, options.start);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
    } else if (path === '/explorer.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(js);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found\n');
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
