// A tiny static server for the demo console and the browser tests, on 127.0.0.1 only.
//   /            → the demo console (www/demo/)
//   /pkg/…       → the built package
//   /www/…, /tests/…, /bench/… → source files (tests and benchmarks load modules from there)
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm', '.csv': 'text/csv; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.ts': 'text/plain; charset=utf-8',
};
const MOUNTS = [['/pkg/', 'pkg'], ['/www/', 'www'], ['/tests/', 'tests'], ['/bench/', 'bench'], ['/', 'www/demo']];

async function resolve(urlPath) {
  const [prefix, dir] = MOUNTS.find(([p]) => urlPath.startsWith(p));
  const base = join(ROOT, dir);
  const file = normalize(join(base, decodeURIComponent(urlPath.slice(prefix.length))));
  if (file !== base && !file.startsWith(base + sep)) return null; // no escaping the mount
  const info = await stat(file).catch(() => null);
  if (!info) return null;
  return info.isDirectory() ? join(file, 'index.html') : file;
}

/**
 * The demo runs under the CSP a careful host would use: yunying needs only 'wasm-unsafe-eval'. The
 * benchmark page relaxes it for the baselines: its inline import map (they import each other by package
 * name), and 'unsafe-eval' because arquero and Apache Arrow compile generated code with new Function.
 */
function contentSecurityPolicy(path) {
  const baselines = path.startsWith('/bench/') ? " 'unsafe-inline' 'unsafe-eval'" : '';
  return `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'${baselines}; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; img-src 'self' data:`;
}

export function startServer(port = 0) {
  const server = createServer(async (req, res) => {
    try {
      const path = new URL(req.url, 'http://x').pathname;
      const file = await resolve(path);
      const body = file && (await readFile(file).catch(() => null));
      if (!body) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        'content-security-policy': contentSecurityPolicy(path),
        // Lets benchmarks use precise timers and SharedArrayBuffer.
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      });
      res.end(body);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  return new Promise((done) => server.listen(port, '127.0.0.1', () => done(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 8080);
  const server = await startServer(port);
  console.log(`yunying demo console: http://127.0.0.1:${server.address().port}/  (Ctrl+C to stop)`);
}
