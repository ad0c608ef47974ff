/**
 * Serves the built explorer (web/dist) on 127.0.0.1 with node:http: `npm run explorer` builds
 * and runs this. Port from `--port N`, else the PORT environment variable, else 5173; 0 picks a
 * free port. Prints the URL.
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
};

/** Starts a static server for `dir` on 127.0.0.1:`port` (0: a free port); resolves with the server and its URL. */
export async function serveStatic(dir: string, port: number): Promise<{ server: Server; url: string }> {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      const info = await stat(file).catch(() => null);
      if (info?.isDirectory()) file = join(file, 'index.html');
      else if (info === null) file = join(root, 'index.html'); // the page reads its state from the query
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  const addr = server.address();
  const actual = typeof addr === 'object' && addr !== null ? addr.port : port;
  return { server, url: `http://127.0.0.1:${actual}/` };
}

function portFromArgs(argv: string[]): number {
  const i = argv.indexOf('--port');
  const raw = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--port='))?.slice(7) ?? process.env.PORT ?? '5173';
  const port = Number(raw);
  if (raw === undefined || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`explorer: --port / PORT must be an integer in [0, 65535], got '${raw}'`);
    process.exit(2);
  }
  return port;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = fileURLToPath(new URL('./dist', import.meta.url));
  const ok = await stat(join(dist, 'index.html')).catch(() => null);
  if (!ok) {
    console.error('explorer: web/dist/index.html is missing; build first with `npx vite build --config web/vite.config.ts`');
    process.exit(1);
  }
  const { url } = await serveStatic(dist, portFromArgs(process.argv.slice(2))).catch((e: Error) => {
    console.error(`explorer: cannot listen: ${e.message}`);
    process.exit(1);
  });
  console.log(`infogeo explorer: ${url}`);
  console.log('(Ctrl+C to stop)');
}
