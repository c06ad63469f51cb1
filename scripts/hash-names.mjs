// Renames the built page's static files to content-hashed names (a CDN may cache them forever) and points the HTML pages at them.
// Usage: node scripts/hash-names.mjs DIST
// The HTML pages and model.json keep their names: they are the entry points, served "no-cache",
// and they name everything else (model.json already names the content-hashed model file).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const dir = process.argv[2];
if (!dir || !fs.existsSync(dir)) {
  console.error('hash-names: usage: node scripts/hash-names.mjs DIST');
  process.exit(2);
}
const HASHED = ['playground.wasm', 'playground.data', 'playground.js', 'hash-state.js', 'page-input.js', 'page-loading.js', 'page-api.js', 'page-figure.js', 'page-layout.js', 'examples.js', 'page.js', 'page.css', 'theme.css', 'theme-boot.js', 'share.js', 'embed.js',
  'article-demo.js', 'article-demo.css', 'favicon.svg'];
const names = {};
for (const file of HASHED) {
  const from = path.join(dir, file);
  if (!fs.existsSync(from)) continue;
  const hash = crypto.createHash('sha256').update(fs.readFileSync(from)).digest('hex').slice(0, 12);
  const ext = path.extname(file);
  names[file] = `${file.slice(0, -ext.length)}.${hash}${ext}`;
  fs.renameSync(from, path.join(dir, names[file]));
}
// Every attribute that names one of those files (src, href, and the data-* attributes through
// which page.js learns the names of the files it fetches itself).
let missing = 0;
for (const html of fs.readdirSync(dir).filter((f) => f.endsWith('.html'))) {
  const file = path.join(dir, html);
  const text = fs.readFileSync(file, 'utf8').replace(/\b(src|href|data-[a-z]+)="([^"?#]+)"/g,
    (all, attr, value) => (names[value] ? `${attr}="${names[value]}"` : all));
  for (const [, value] of text.matchAll(/\b(?:src|href|data-[a-z]+)="([^"?#:]+\.(?:js|css|wasm|data|svg))"/g)) {
    if (!fs.existsSync(path.join(dir, value))) { console.error(`hash-names: ${html} names ${value}, which is not in ${dir}`); missing++; }
  }
  fs.writeFileSync(file, text);
}
if (missing) process.exit(1);
console.log('hash-names: ' + Object.entries(names).map(([a, b]) => `${a} -> ${b}`).join(', '));
