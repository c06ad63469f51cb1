// Writes the article figures' packs into a built page: the trained model's numbers for each figure link, named in model.json.
// Usage: node scripts/figure-packs.mjs FIGURE_PACKS_JS DIST
// The links are the demo article's embeds (web/article-demo.html, data-src="...#HASH") and the
// playground's built-in example (the empty hash). FIGURE_PACKS_JS is tools/figure_packs.cpp
// compiled by the web build (the page's own core), run here under node. Each pack gets a
// content-hashed name, like the model, and model.json maps the link's key to it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [tool, dist] = process.argv.slice(2);
if (!tool || !dist || !fs.existsSync(path.join(dist, 'model.json'))) {
  console.error('figure-packs: usage: node scripts/figure-packs.mjs FIGURE_PACKS_JS DIST (with DIST/model.json)');
  process.exit(2);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifestPath = path.join(dist, 'model.json');
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
if (typeof manifest.file !== 'string') {
  console.log('figure-packs: no trained model in this build, so no packs');
  process.exit(0);
}
const demo = fs.readFileSync(path.join(root, 'web/article-demo.html'), 'utf8');
const hashes = [''];
const rawOf = new Map();  // a link's hash -> its text in the page's source
for (const [, src] of demo.matchAll(/data-src="[^"#]*#([^"]*)"/g)) {
  const hash = src.replace(/&amp;/g, '&');
  if (!hashes.includes(hash)) hashes.push(hash);
  rawOf.set(hash, src);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'figure-packs-'));
const list = path.join(work, 'links.txt');
fs.writeFileSync(list, hashes.join('\n') + '\n');
// Emscripten 3.1.6 loads its .wasm with fetch() whenever fetch exists, and node's cannot read a path.
const out = execFileSync('node', ['--no-experimental-fetch', tool, path.join(dist, manifest.file), work, list], { encoding: 'utf8' });
manifest.figures = {};
let total = 0;
// A link that pairs two words comes back pointed at the head the core chose for them (the tool's
// header): the built page carries that link in place of the source's.
let page = fs.readFileSync(path.join(dist, 'article-demo.html'), 'utf8');
for (const line of out.trim().split('\n')) {
  const [key, bytes, hash, source] = line.split('\t');
  if (hash !== source && rawOf.has(source)) {
    const raw = rawOf.get(source);
    page = page.split('#' + raw + '"').join('#' + (raw.includes('&amp;') ? hash.replace(/&/g, '&amp;') : hash) + '"');
    console.log(`figure-packs: #${source} opens as #${hash}`);
  }
  const data = fs.readFileSync(path.join(work, key + '.bin'));
  const name = `figure-${key}.${crypto.createHash('sha256').update(data).digest('hex').slice(0, 12)}.bin`;
  fs.writeFileSync(path.join(dist, name), data);
  manifest.figures[key] = name;
  total += Number(bytes);
}
fs.writeFileSync(manifestPath, JSON.stringify(manifest) + '\n');
fs.writeFileSync(path.join(dist, 'article-demo.html'), page);
fs.rmSync(work, { recursive: true, force: true });
console.log(`figure-packs: ${Object.keys(manifest.figures).length} packs, ${(total / 1024).toFixed(0)} KB before compression`);
