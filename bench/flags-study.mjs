// Collects the optimisation-flag variants of scripts/bench.sh --flags into one JSON (printed): wasm size and forward times.
// Usage: node bench/flags-study.mjs NAME|FLAGS|DIR ...   (DIR holds dist/ and results.json of that variant)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const variants = process.argv.slice(2).map((arg) => {
  const [name, flags, dir] = arg.split('|');
  // Content-hashed names (scripts/hash-names.mjs): playground.<hash>.wasm and .js.
  const file = (ext) => path.join(dir, 'dist', fs.readdirSync(path.join(dir, 'dist')).find((f) => /^playground\.([0-9a-f]{12}\.)?/.test(f) && f.endsWith(ext)));
  const wasm = fs.readFileSync(file('.wasm'));
  const js = fs.readFileSync(file('.js'));
  const br = (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const r = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'));
  const t = (kind, n) => { const x = r.compute.results.find((q) => q.kind === kind && q.n === n); return x ? x.wasm.median_ms : null; };
  return { name, flags, wasm: { raw: wasm.length, brotli: br(wasm) }, js: { raw: js.length, brotli: br(js) },
    compute: { attention128: t('attention', 128), model128: t('model', 128), attention512: t('attention', 512), model512: t('model', 512) },
    quick: r.quick, load: r.machine && r.machine.load };
});
console.log(JSON.stringify({ date: new Date().toISOString(), variants }, null, 1));
