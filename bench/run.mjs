// Runs the measurements of scripts/bench.sh (payload, start-up, compute, drawing, memory, training) and writes them as JSON.
// Usage: node bench/run.mjs --site DIR --dist DIR --out FILE [--native NAME=BINARY ...] [--quick] [--only a,b]
//        [--sizes 32,128,512] [--honest-sizes 128,256]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { launch, DESKTOP } from '../tests/browser/browser.mjs';
import { serve } from '../scripts/serve.mjs';
import { phoneRuns } from './phone.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);

function parseArgs(argv) {
  const a = { native: [], only: null, quick: false };
  for (let i = 2; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--quick') a.quick = true;
    else if (k === '--site') a.site = argv[++i];
    else if (k === '--dist') a.dist = argv[++i];
    else if (k === '--out') a.out = argv[++i];
    else if (k === '--only') a.only = new Set(argv[++i].split(','));
    else if (k === '--native') { const [name, bin] = argv[++i].split('='); a.native.push({ name, bin }); }
    else if (k === '--sizes') a.sizes = argv[++i].split(',').map(Number);
    else if (k === '--honest-sizes') a.honestSizes = argv[++i].split(',').map(Number);
    else if (k === '--models') a.models = argv[++i];
    else throw new Error('unknown argument ' + k);
  }
  if (!a.site || !a.dist || !a.out) throw new Error('--site, --dist and --out are required');
  return a;
}
const args = parseArgs(process.argv);
const Q = args.quick;
// How much of each thing to measure: tiny in --quick (developing the bench), real otherwise.
const P = {
  loads: Q ? 2 : 7,
  sizes: args.sizes || [32, 128, 512],
  honestSizes: args.honestSizes || [128, 256, 1024],  // honest attention: the tokenizer caps a text at 1024
  shape: { d: 128, heads: 4, layers: 4, dff: 512, vocab: 4096, seed: 1 },  // the trained model's shape
  targetMs: Q ? 3 : 40,
  samples: Q ? 3 : 7,
  frames: Q ? 6 : 60,
  slowFrames: Q ? 3 : 12,      // one ImGui rectangle per cell at 1024 tokens is slow
  svgReps: Q ? 2 : 7,
  memCalls: Q ? 50 : 1000,
  phoneLoads: Q ? 1 : 3,       // the slow-phone profile: loads of each page (medians of 3)
  phoneDwell: Q ? 500 : 1500,  // ms a reader stays at a figure once it is real
};
const want = (part) => !args.only || args.only.has(part);
const log = (...m) => console.error('[bench]', ...m);

function stats(values) {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!s.length) return null;
  const q = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  const m = s.length >> 1;
  return { median: s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2, p95: q(0.95), min: s[0], max: s[s.length - 1], count: s.length };
}

// ---- 1. payload ---------------------------------------------------------------------------------
function compressedSizes(file) {
  const raw = fs.readFileSync(file);
  const gzip = zlib.gzipSync(raw, { level: 9 }).length;
  let brotli;
  try {
    brotli = execFileSync('brotli', ['-q', '11', '-c', file], { maxBuffer: 1 << 30 }).length;
  } catch {
    brotli = zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { raw: raw.length, gzip, brotli };
}

function payload(requested) {
  // The build's precompressed copies (X.br, X.gz: scripts/precompress.mjs) are other encodings of X, not more payload.
  const files = fs.readdirSync(args.dist).filter((f) => !/\.(br|gz)$/.test(f) && fs.statSync(path.join(args.dist, f)).isFile()).sort();
  const rows = files.map((f) => ({ file: f, ...compressedSizes(path.join(args.dist, f)),
    model: f.endsWith('.bin'), firstView: requested ? requested.has(f) && !f.endsWith('.bin') : !f.endsWith('.bin') }));
  const sum = (pred) => rows.filter(pred).reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  return { files: rows, firstView: sum((r) => r.firstView), everything: sum(() => true), hasModel: rows.some((r) => r.model),
    firstViewFrom: requested ? 'requests of a cold load until ready' : 'every file but the model' };
}

// ---- helpers for pages ----------------------------------------------------------------------------
async function openPage(browser, url, opts = DESKTOP) {
  const context = await browser.newContext(opts);
  await context.addInitScript({ path: path.join(HERE, 'www/hooks.js') });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const requested = new Set();
  page.on('request', (r) => { const u = new URL(r.url()); if (u.origin === new URL(url).origin) requested.add(path.basename(u.pathname) || 'index.html'); });
  await page.goto(url);
  try {
    await page.waitForFunction(() => window.__benchMarks.ready || window.__benchMarks.readyError, null, { timeout: 120000 });
  } catch (e) {
    const msg = await page.evaluate(() => (document.getElementById('message') || {}).textContent).catch(() => '');
    throw new Error(`playground not ready after 120 s (page message: ${JSON.stringify(msg)}; errors: ${errors.join(' | ')})`);
  }
  const readyError = await page.evaluate(() => window.__benchMarks.readyError || null);
  if (readyError) throw new Error('playground failed to start: ' + readyError);
  return { context, page, errors, requested };
}

async function waitModel(page, timeout = 120000) {
  const has = await page.evaluate(() => !!(window.attentionPlayground && window.attentionPlayground.modelReady));
  if (!has) return null;
  await page.waitForFunction(() => window.__benchMarks.model !== undefined, null, { timeout });
  return page.evaluate(() => ({ at: window.__benchMarks.model, state: window.__benchMarks.modelState }));
}

// ---- 2. start-up ----------------------------------------------------------------------------------
async function startup(browser, url) {
  const loads = [];
  let requested = null;
  for (let i = 0; i < P.loads; i++) {
    const { context, page, requested: req } = await openPage(browser, url);
    const model = await waitModel(page).catch((e) => ({ error: String(e) }));
    const m = await page.evaluate(() => {
      const w = performance.getEntriesByType('resource').find((e) => /\/playground(\.[0-9a-f]{12})?\.wasm$/.test(e.name));
      return { ...window.__benchMarks, wasmEnd: w ? w.responseEnd : null,
        nav: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd };
    });
    loads.push({ fcp: m.fcp, wasmEnd: m.wasmEnd, ready: m.ready, model: model && model.at !== undefined ? model.at : null,
      modelState: model && model.state ? model.state.state : (model && model.error) || null });
    if (!requested) requested = new Set(req);
    await context.close();
  }
  const col = (k) => stats(loads.map((l) => l[k]).filter((v) => v !== null && v !== undefined));
  return { loads, fcp: col('fcp'), wasmEnd: col('wasmEnd'), ready: col('ready'), model: col('model'),
    modelState: loads[0] ? loads[0].modelState : null, requested };
}

// ---- 3. compute -------------------------------------------------------------------------------------
async function addBenchScripts(page, scripts) {
  for (const s of scripts) await page.addScriptTag({ url: '/bench/' + s });
}

async function computeInPage(browser, url, sizes, native) {
  const { context, page, errors } = await openPage(browser, url);
  await waitModel(page).catch(() => null);
  await addBenchScripts(page, ['tfjs/tf-core.min.js', 'tfjs/tf-backend-wasm.min.js', 'compute.js']);
  const tf = await page.evaluate(() => window.__benchCompute.tfSetup());
  log('tfjs', JSON.stringify(tf));
  // The playground's own frames would compete for the CPU: its loop is paused meanwhile.
  await page.evaluate(() => window.__benchModule._ap_set_running(0));
  const results = [];
  for (const n of sizes) {
    if (native) nativeRuns([n], native);
    for (const kind of ['attention', 'model']) {
      const cfg = { n, ...P.shape, targetMs: P.targetMs, samples: P.samples };
      const r = await page.evaluate(({ kind, cfg }) => window.__benchCompute.run(kind, cfg), { kind, cfg });
      log(kind, n, 'wasm', r.wasm.median_ms.toFixed(3), 'js', r.js.median_ms.toFixed(3), 'tfjs', r.tfjs.median_ms.toFixed(3),
        'err js', r.js_rel_err.toExponential(1), 'tf', r.tfjs_rel_err.toExponential(1));
      results.push(r);
    }
  }
  // Honest attention (issue 13): norms + rollout on the model's trace, beside its forward pass.
  const honest = [];
  for (const n of P.honestSizes) {
    if (native) nativeRuns([n], native, ['honest']);
    const cfg = { n, ...P.shape, targetMs: P.targetMs, samples: P.samples };
    const r = await page.evaluate((cfg) => window.__benchCompute.run('honest', cfg), cfg);
    log('honest', n, 'wasm', r.wasm.median_ms.toFixed(3), 'forward', r.forward.median_ms.toFixed(3), 'checksum', r.checksum.toFixed(3));
    honest.push(r);
  }
  await page.evaluate(() => { window.__benchModule._ap_bench_release(); window.__benchModule._ap_set_running(1); });
  await context.close();
  return { tf, results, honest, errors };
}

// The native builds at one size; called right before the page runs that size, so (a) and (b) are
// measured minutes apart at most on this shared, drifting machine. kinds: bench_native's default
// (the two forwards) or e.g. ['honest'].
function nativeRuns(sizes, into = [], kinds = null) {
  for (const { name, bin } of args.native) {
    const argv = ['--samples=' + P.samples, '--sample-ms=' + P.targetMs, `--d-model=${P.shape.d}`, `--heads=${P.shape.heads}`,
      `--layers=${P.shape.layers}`, `--d-ff=${P.shape.dff}`, `--vocab=${P.shape.vocab}`, `--seed=${P.shape.seed}`, ...sizes.map((n) => '--n=' + n),
      ...(kinds ? ['--kinds=' + kinds.join(',')] : [])];
    const json = JSON.parse(execFileSync(bin, argv, { encoding: 'utf8', maxBuffer: 1 << 24 }));
    let entry = into.find((e) => e.name === name);
    if (!entry) into.push(entry = { name, eigen: json.eigen, simd: json.simd, results: [] });
    entry.results.push(...json.results);
    log('native', name, json.simd, json.results.map((r) => `${r.kind}@${r.n}=${r.median_ms.toFixed(3)}`).join(' '));
  }
  return into;
}

// The offline trainer's gradient work for one worker (12 examples of the shipped model on its
// committed held-out sample), each example alone vs the 12 as one group: bench_native --kinds=train.
function trainerRuns() {
  const out = [];
  for (const { name, bin } of args.native) {
    const json = JSON.parse(execFileSync(bin, ['--kinds=train', '--samples=' + P.samples, '--sample-ms=' + P.targetMs * 5,
      `--model=${args.models}/attention-model.bin`, `--text=${args.models}/heldout-sample.txt`], { encoding: 'utf8', maxBuffer: 1 << 24 }));
    out.push({ name, simd: json.simd, results: json.results });
    log('trainer', name, json.results.map((r) => `${r.kind}=${r.median_ms.toFixed(1)}ms`).join(' '));
  }
  return out;
}

// ---- 4. drawing -------------------------------------------------------------------------------------
// A text of exactly n tokens (whatever the tokenizer: words, or word pieces once a vocabulary loads).
async function textOfTokens(page, n) {
  return page.evaluate((n) => {
    const api = window.attentionPlayground;
    const words = 'the cat sat on mat because it was warm and con mèo ngồi trên tấm thảm vì nó ấm áp một hai ba'.split(' ');
    const make = (k) => { const w = []; for (let i = 0; i < k; i++) w.push(words[(i * 7 + (i >> 3)) % words.length]); return w.join(' '); };
    let lo = 1, hi = n;
    const count = (k) => { api.setText(make(k)); return api.tokenInfo().total; };
    while (count(hi) < n) hi *= 2;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (count(mid) >= n) hi = mid; else lo = mid + 1; }
    api.setText(make(lo));
    return { text: make(lo), tokens: api.tokens().length };
  }, n);
}

function frameStats({ own, intervals }) {
  return { total: stats(own.map(([c, g]) => c + g)), cpu: stats(own.map(([c]) => c)), gpu: stats(own.map(([, g]) => g)),
    drain: stats(own.map(([, , w]) => w)), interval: stats(intervals) };
}

async function drawing(browser, url) {
  const { context, page, errors } = await openPage(browser, url);
  await waitModel(page).catch(() => null);
  await addBenchScripts(page, ['draw.js']);
  const canvas = await page.evaluate(() => window.attentionPlayground.stats().canvas);
  const out = { canvas, rows: [] };
  const push = (row) => { out.rows.push(row); log('draw', row.name, row.total ? row.total.median.toFixed(2) + ' ms' : JSON.stringify(row).slice(0, 120)); };
  const ui = async (name, n, state, count = P.frames) => {
    const t = await textOfTokens(page, n);
    await page.evaluate((s) => window.attentionPlayground.setState(s), state);
    const frames = await page.evaluate((c) => window.__benchDraw.playgroundFrames(c), count);
    push({ name, tokens: t.tokens, how: 'playground frame', ...frameStats(frames) });
  };
  // The playground skips frames whose picture did not change; the rows below measure drawn frames.
  await page.evaluate(() => window.__benchModule._ap_bench_always_draw(1));
  const floor = await page.evaluate((c) => window.__benchDraw.emptyGlFrames(c), P.frames);
  push({ name: 'empty frame (clear only), the floor', tokens: '', how: 'floor', ...frameStats(floor) });
  for (const n of [64, 256, 1024]) await ui(`heatmap ${n} (view)`, n, { view: 'heatmap', layer: 0, head: 0 });
  for (const n of [64, 256, 1024]) {
    const gpu = await page.evaluate(({ n, c }) => window.__benchDraw.heatmapFrames(0, n, c), { n, c: P.frames });
    push({ name: `heatmap ${n} (GPU quad, bench frame)`, tokens: n, how: 'bench frame', ...frameStats(gpu) });
    const rect = await page.evaluate(({ n, c }) => window.__benchDraw.heatmapFrames(1, n, c), { n, c: n >= 1024 ? P.slowFrames : P.frames });
    push({ name: `heatmap ${n} (ImGui rect per cell)`, tokens: n, how: 'bench frame', ...frameStats(rect) });
  }
  const hasLinks = await page.evaluate(() => window.attentionPlayground.setView('links'));
  if (hasLinks) {
    for (const n of [64, 256]) {
      await ui(`links ${n}, all heads`, n, { view: 'links', layer: 0, head: -1 });
      // Frames in which the lines change (a pointer moving across the tokens): rasterised anew.
      await page.evaluate(() => window.__benchModule._ap_bench_links_cache(0));
      await ui(`links ${n}, all heads, lines redrawn every frame`, n, { view: 'links', layer: 0, head: -1 });
      await page.evaluate(() => window.__benchModule._ap_bench_links_cache(1));
      const svg = await page.evaluate((r) => window.__benchDraw.svgLinks(r), P.svgReps);
      push({ name: `links ${n}, all heads (SVG, ${svg.lines} <line>)`, tokens: n, how: 'svg', lines: svg.lines,
        total: stats((svg.render || []).map((x) => x.frame)), main: stats((svg.render || []).map((x) => x.main)),
        restyle: stats((svg.restyle || []).map((x) => x.frame)), restyleMain: stats((svg.restyle || []).map((x) => x.main)) });
    }
    await ui('links 1024, all heads', 1024, { view: 'links', layer: 0, head: -1 });
  } else {
    push({ name: 'links', missing: true });
  }
  if (await page.evaluate(() => window.attentionPlayground.setView('heads'))) await ui('heads grid 64', 64, { view: 'heads', layer: 0, head: 0 });
  else push({ name: 'heads grid', missing: true });
  if (await page.evaluate(() => window.attentionPlayground.setView('flow'))) await ui('flow 64', 64, { view: 'flow', layer: 0, head: 0 });
  else push({ name: 'flow', missing: true });
  // What a reader's device does while the picture stays the same (nobody touches it): the frame
  // is built on the CPU, found unchanged and not drawn.
  await page.evaluate(() => window.attentionPlayground.setView('heatmap'));
  await page.evaluate(() => window.__benchModule._ap_bench_always_draw(0));
  const idle = await page.evaluate(async (c) => {
    const before = window.attentionPlayground.stats();
    const f = await window.__benchDraw.playgroundFrames(c);
    const after = window.attentionPlayground.stats();
    return { f, drawn: after.frames_drawn - before.frames_drawn, skipped: after.frames_skipped - before.frames_skipped };
  }, P.frames);
  push({ name: 'heatmap view, picture unchanged (frames skipped)', tokens: '', how: 'idle', drawn: idle.drawn, skipped: idle.skipped, ...frameStats(idle.f) });
  out.errors = errors;
  await context.close();
  return out;
}

// ---- 5. memory --------------------------------------------------------------------------------------
async function memory(browser, url) {
  const { context, page, errors } = await openPage(browser, url);
  await waitModel(page).catch(() => null);
  await addBenchScripts(page, ['draw.js']);
  const heap = () => page.evaluate(() => JSON.parse(window.__benchModule.ccall('ap_bench_heap_json', 'string', [], [])));
  // Every view is drawn once on the same text before reading: each view keeps what it drew last
  // (the links' line list, the heads' habits, ...), so a view left on a round's last long text
  // would count its size in that round (+-300 KB from round to round, 2026-12-01), not a leak.
  const settle = () => page.evaluate(async () => {
    const api = window.attentionPlayground;
    api.setText('The cat sat on the mat because it was warm.');
    for (const v of ['heatmap', 'focus', 'links', 'heads', 'flow']) {
      api.setView(v);
      for (let i = 0; i < 3; i++) await window.__benchDraw.nextFrame();
    }
  });
  await settle();
  const out = { afterLoad: await heap(), rounds: [] };
  // Different texts each call (seeded), a frame every 10 calls so the views' caches take part too.
  const round = (seed, calls) => page.evaluate(async ({ seed, calls }) => {
    const api = window.attentionPlayground;
    const words = 'anh em chúng ta cùng đi học hôm nay trời đẹp the quick brown fox jumps over lazy dog attention is all you need'.split(' ');
    const views = ['heatmap', 'focus', 'links', 'heads', 'flow'];
    let s = seed >>> 0;
    const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
    for (let i = 0; i < calls; i++) {
      const k = 1 + Math.floor(rnd() * 80), w = [];
      for (let j = 0; j < k; j++) w.push(words[Math.floor(rnd() * words.length)]);
      api.setText(w.join(' ') + ' ' + i);
      if (i % 100 === 0) api.setView(views[(i / 100) % views.length]);
      if (i % 10 === 9) await window.__benchDraw.nextFrame();
    }
  }, { seed, calls });
  for (let r = 0; r < 2; r++) {
    await round(1000 + r, P.memCalls);
    await settle();
    out.rounds.push(await heap());
  }
  // The longest text the URL state accepts (12000 bytes); the tokenizer keeps 1024 pieces of it.
  // Every view draws it, with the norm method too (contributions), then the flow view's steps.
  await page.evaluate(async () => {
    const api = window.attentionPlayground;
    let t = '';
    for (let i = 0; t.length < 12000; i++) t += 'word' + i + ' ';
    api.setText(t.slice(0, 12000));
    for (const method of ['raw', 'norm', 'rollout']) {
      api.setState({ method });
      for (const v of ['heatmap', 'focus', 'links', 'heads', 'flow']) {
        api.setView(v);
        for (let i = 0; i < 3; i++) await window.__benchDraw.nextFrame();
      }
    }
    api.setState({ method: 'raw' });
  });
  out.longest = await heap();
  out.longestTokens = await page.evaluate(() => window.attentionPlayground.tokenInfo());
  delete out.longestTokens.tokens;
  out.errors = errors;
  await context.close();
  return out;
}

// ---- 6. training ------------------------------------------------------------------------------------
async function training(browser, url) {
  const { context, page } = await openPage(browser, url);
  await addBenchScripts(page, ['draw.js']);
  const r = await page.evaluate(async (seconds) => {
    const api = window.attentionPlayground;
    if (!api.setView('train')) return { missing: 'no train view yet' };
    if (typeof api.train !== 'function' || typeof api.trainStats !== 'function') {
      return { missing: 'the train view has no API to start it or read its steps', api: Object.keys(api).filter((k) => /train/i.test(k)) };
    }
    const step = () => api.trainStats().step;
    api.train({ action: 'reset', seed: 1 });
    for (let i = 0; i < 5; i++) await window.__benchDraw.nextFrame();
    api.train({ action: 'play' });
    for (let i = 0; i < 5; i++) await window.__benchDraw.nextFrame();
    window.__frameLog = [];
    const s0 = step(), t0 = performance.now();
    await new Promise((res) => setTimeout(res, seconds * 1000));
    const s1 = step(), t1 = performance.now();
    const frames = window.__frameLog;
    window.__frameLog = null;
    const own = api.trainStats();
    api.train({ action: 'pause' });
    return { stepsPerSecond: (s1 - s0) / ((t1 - t0) / 1000), steps: s1 - s0, seconds: (t1 - t0) / 1000,
      longestFrame: Math.max(...frames.map(([c, g]) => c + g)), frame: frames.map(([c, g]) => c + g), frames: frames.length,
      pageStepsPerSecond: own.steps_per_second, pageLongestFrame: own.longest_frame_ms, task: own.task };
  }, Q ? 3 : 10);
  if (r.frame) { r.frameStats = stats(r.frame); delete r.frame; }
  await context.close();
  return r;
}

// ---- main -------------------------------------------------------------------------------------------
const server = await serve(args.site, 0);
const url = `http://127.0.0.1:${server.address().port}/`;
const results = { date: new Date().toISOString(), quick: Q, params: P, machine: {} };
try {
  const cpu = fs.readFileSync('/proc/cpuinfo', 'utf8');
  results.machine = { cores: (cpu.match(/^processor\s*:/gm) || []).length, cpu: (cpu.match(/^model name\s*:\s*(.*)$/m) || [])[1] || 'unknown',
    chromium: execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(), node: process.version,
    load: fs.readFileSync('/proc/loadavg', 'utf8').trim() };
} catch (e) { results.machine.error = String(e); }
const browser = await launch();
try {
  let requested = null;
  // A section that breaks is recorded (and fails the run in the report); the others still run.
  results.errors = [];
  const section = async (name, f) => {
    if (!want(name)) return;
    try { await f(); } catch (e) { log(name, 'FAILED', String(e).slice(0, 500)); results.errors.push({ section: name, error: String(e).slice(0, 2000) }); }
  };
  await section('startup', async () => {
    log('start-up: cold loads', P.loads);
    const s = await startup(browser, url);
    requested = new Set([...s.requested]);
    results.startup = { ...s, requested: [...s.requested] };
  });
  await section('payload', async () => { results.payload = payload(requested); });
  await section('compute', async () => {
    results.native = [];
    results.compute = await computeInPage(browser, url, P.sizes, results.native);
  });
  await section('trainer', async () => { if (args.models) results.trainer = trainerRuns(); });
  await section('draw', async () => { results.draw = await drawing(browser, url); });
  await section('memory', async () => { results.memory = await memory(browser, url); });
  await section('train', async () => { results.train = await training(browser, url); });
  await section('phone', async () => {
    log('slow phone: main page and demo article, loads', P.phoneLoads);
    results.phone = await phoneRuns(browser, url, { loads: P.phoneLoads, dwell: P.phoneDwell, log });
  });
} finally {
  await browser.close();
  server.close();
}
results.machine.loadAfter = fs.readFileSync('/proc/loadavg', 'utf8').trim();
fs.writeFileSync(args.out, JSON.stringify(results, null, 1));
log('wrote', args.out);
