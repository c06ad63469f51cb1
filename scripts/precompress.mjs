// Writes X.br (brotli, quality 11) and X.gz (gzip -9) beside every text, WebAssembly, data and model file of the built page.
// Usage: node scripts/precompress.mjs DIST
// Run after scripts/hash-names.mjs (the names and the pages must be final). The output depends on
// the input bytes only (no name or time in the gzip header), so two builds give identical files.
// A compressed copy that is not smaller than its original is not written: a server then sends
// the original (scripts/serve.mjs, nginx's gzip_static / brotli_static do the same).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dir = process.argv[2];
if (!dir || !fs.existsSync(dir)) {
  console.error('precompress: usage: node scripts/precompress.mjs DIST');
  process.exit(2);
}
const TEXT = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt']);
const BINARY = new Set(['.wasm', '.data', '.bin']);

let plain = 0, br = 0, written = 0;
const skipped = [];
for (const name of fs.readdirSync(dir).sort()) {
  const ext = path.extname(name);
  if (!TEXT.has(ext) && !BINARY.has(ext)) continue;
  const file = path.join(dir, name);
  if (!fs.statSync(file).isFile()) continue;
  const body = fs.readFileSync(file);
  const variants = {
    '.br': zlib.brotliCompressSync(body, { params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
      [zlib.constants.BROTLI_PARAM_MODE]: TEXT.has(ext) ? zlib.constants.BROTLI_MODE_TEXT : zlib.constants.BROTLI_MODE_GENERIC,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
    // Node's gzip header carries no file name and a zero time stamp.
    '.gz': zlib.gzipSync(body, { level: 9 }),
  };
  plain += body.length;
  br += Math.min(body.length, variants['.br'].length);
  for (const [suffix, packed] of Object.entries(variants)) {
    if (packed.length >= body.length) { skipped.push(name + suffix); continue; }
    fs.writeFileSync(file + suffix, packed);
    written++;
  }
}
console.log(`precompress: ${written} files written; ${plain} bytes plain, ${br} brotli` +
  (skipped.length ? `; not smaller, not written: ${skipped.join(', ')}` : ''));
