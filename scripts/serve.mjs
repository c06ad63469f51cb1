// A tiny static server for dist/ (and the demo pages) on 127.0.0.1, with the page's strict CSP header and the build's precompressed files.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.data': 'application/octet-stream',
  '.bin': 'application/octet-stream', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.ttf': 'font/ttf' };
export const DEFAULT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data: blob:; style-src 'self'";
// The codings scripts/precompress.mjs writes, in the order they are preferred.
const CODINGS = [['br', '.br'], ['gzip', '.gz']];

// The content codings a request's Accept-Encoding allows by name (q=0 refuses one). Identity is
// always possible; "*" is not taken as a request for anything in particular.
function accepted(header) {
  const ok = new Set();
  for (const part of String(header || '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const refused = q !== undefined && !(Number(q.slice(2)) > 0);
    if (name && !refused) ok.add(name.trim());
  }
  return ok;
}

// serve(root, port, host, {csp}): csp replaces the Content-Security-Policy header (tests use the
// strict policy a host article may set).
export function serve(root, port = 8080, host = '127.0.0.1', { csp = DEFAULT_CSP } = {}) {
  root = path.resolve(root);
  const server = http.createServer((req, res) => {
    let rel;
    try { rel = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { res.writeHead(400).end(); return; }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, rel);
    if (!file.startsWith(root + path.sep)) { res.writeHead(403).end(); return; }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) { res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found'); return; }
      // A precompressed copy beside the file is sent only to a client that asked for its coding;
      // a request for X.br itself gets X.br as a plain file. Any copy makes the answer vary.
      const variants = CODINGS.filter(([, suffix]) => !file.endsWith(suffix) && fs.existsSync(file + suffix));
      const wanted = accepted(req.headers['accept-encoding']);
      const pick = variants.find(([coding]) => wanted.has(coding));
      fs.readFile(pick ? file + pick[1] : file, (err2, body) => {
        if (err2) { res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found'); return; }
        // A content-hashed name (scripts/hash-names.mjs) never changes its content: cached for good.
        // The entry points (pages, model.json) are revalidated every time.
        const immutable = /\.[0-9a-f]{12}\.[a-z]+$/.test(file);
        const headers = { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Content-Length': body.length,
          'Content-Security-Policy': csp, 'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' };
        if (pick) headers['Content-Encoding'] = pick[0];
        if (variants.length) headers.Vary = 'Accept-Encoding';
        res.writeHead(200, headers);
        res.end(body);
      });
    });
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.argv[2] || 'dist';
  const port = Number(process.argv[3] || 8080);
  serve(root, port).then(() => console.log(`Attention playground: http://127.0.0.1:${port}/`));
}
