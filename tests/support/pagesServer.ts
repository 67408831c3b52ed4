/**
 * A build served as GitHub Pages serves a project site: under /<repository>/, files only, with
 * their content types, a directory answered by its index.html, and 404 for anything else (no
 * fallback to the app's page, as vite preview gives).
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

/** The file a request path names inside `root`, or null (outside the base, absent, or escaping). */
function fileOf(root: string, base: string, path: string): string | null {
  if (!path.startsWith(base)) return null;
  const relative = normalize(decodeURIComponent(path.slice(base.length)));
  if (relative.startsWith('..')) return null;
  const file = join(root, relative);
  if (!file.startsWith(root + sep) && file !== root) return null;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return fileOf(root, base, `${path.replace(/\/?$/, '/')}index.html`);
    return stat.isFile() ? file : null;
  } catch {
    return null;
  }
}

/** Serves `root` under `base` (for example "/retem/") on 127.0.0.1:`port`. */
export function servePages(root: string, base: string, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === base.slice(0, -1)) {
      response.writeHead(301, { location: base }).end();
      return;
    }
    const file = fileOf(root, base, path);
    if (file === null) {
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<h1>404</h1>');
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': statSync(file).size,
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolve(server);
    });
  });
}
