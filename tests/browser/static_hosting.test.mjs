// Browser tests of static hosting: the precompressed files, how scripts/serve.mjs sends them, and the pages under a host's strict CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve } from '../../scripts/serve.mjs';
import { startServer, launch, DESKTOP, PHONE, frames, PRODUCT_DIST } from './browser.mjs';

const DIST = PRODUCT_DIST();  // what readers get (no test hooks)
// The policy a strict host article may set (issue 14): nothing from elsewhere, no inline
// script or style, no data: or blob: anything; only WebAssembly compilation is allowed.
const STRICT = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

let server, url, browser;
before(async () => { ({ server, url } = await startServer(0, DIST)); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

// The raw response (no decoding), with the given Accept-Encoding (none when undefined).
function get(base, rel, acceptEncoding) {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding };
    http.get(new URL(rel, base), { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

function distFile(re) {
  const name = fs.readdirSync(DIST).find((f) => re.test(f));
  assert.ok(name, `no file matching ${re} in ${DIST}`);
  return name;
}

// A hashed .wasm and .js, an entry page, and the model file model.json names.
function sampleFiles() {
  const model = JSON.parse(fs.readFileSync(path.join(DIST, 'model.json'), 'utf8')).file;
  const files = [distFile(/^playground\.[0-9a-f]{12}\.wasm$/), distFile(/^playground\.[0-9a-f]{12}\.js$/), 'index.html'];
  if (model) files.push(model);
  return files;
}

const decode = { br: (b) => zlib.brotliDecompressSync(b), gzip: (b) => zlib.gunzipSync(b), identity: (b) => b };

// Issue 12's budget: what a reader downloads for the trained model, the brotli copy, is at most 1.5 MB,
// and it is the committed model file, byte for byte.
test('the shipped model file is at most 1.5 MB after brotli and is the committed one', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(DIST, 'model.json'), 'utf8'));
  assert.match(manifest.file, /^attention-model\.[0-9a-f]+\.bin$/);
  const br = fs.readFileSync(path.join(DIST, manifest.file + '.br'));
  assert.ok(br.length <= 1500000, `${manifest.file}.br is ${br.length} bytes`);
  const committed = fs.readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), '../../models/attention-model.bin'));
  assert.ok(zlib.brotliDecompressSync(br).equals(committed), 'the served model is models/attention-model.bin');
});

test('the build wrote a brotli and a gzip copy of every text, WebAssembly, data and model file', () => {
  const eligible = fs.readdirSync(DIST).filter((f) => /\.(html|js|mjs|css|json|svg|txt|wasm|data|bin)$/.test(f));
  assert.ok(eligible.length >= 10, eligible.join(' '));
  for (const f of eligible) {
    const plain = fs.readFileSync(path.join(DIST, f));
    for (const [suffix, coding] of [['.br', 'br'], ['.gz', 'gzip']]) {
      const packed = path.join(DIST, f + suffix);
      if (fs.existsSync(packed)) {
        const body = fs.readFileSync(packed);
        assert.ok(body.length < plain.length, `${f}${suffix} is not smaller`);
        assert.ok(decode[coding](body).equals(plain), `${f}${suffix} does not decode to ${f}`);
        if (coding === 'gzip') {
          // Deterministic: no time stamp, no file name in the header.
          assert.equal(body.readUInt32LE(4), 0, `${f}.gz has a time stamp`);
          assert.equal(body[3] & 0x08, 0, `${f}.gz has a file name`);
        }
      } else {
        // Left out only when compressing would not make it smaller.
        const again = coding === 'br' ? zlib.brotliCompressSync(plain) : zlib.gzipSync(plain, { level: 9 });
        assert.ok(again.length >= plain.length, `${f}${suffix} is missing`);
      }
    }
  }
  // The files a first visit fetches are all compressible: their copies must be there.
  for (const f of sampleFiles()) for (const s of ['.br', '.gz']) assert.ok(fs.existsSync(path.join(DIST, f + s)), f + s);
});

test('the server sends the precompressed copy the client asked for, and the plain file otherwise', async () => {
  for (const f of sampleFiles()) {
    const plain = fs.readFileSync(path.join(DIST, f));
    const ref = await get(url, f, 'identity');
    assert.equal(ref.status, 200, f);
    const cases = [['br', 'br'], ['gzip', 'gzip'], ['identity', 'identity'], [undefined, 'identity'],
      ['gzip, deflate, br', 'br'], ['br;q=0, gzip', 'gzip'], ['br;q=0, gzip;q=0', 'identity'], ['deflate', 'identity'],
      ['*', 'identity'], ['BR;q=0.5', 'br']];
    for (const [accept, want] of cases) {
      const r = await get(url, f, accept);
      const what = `${f} with Accept-Encoding ${accept}`;
      assert.equal(r.status, 200, what);
      assert.equal(r.headers['content-encoding'], want === 'identity' ? undefined : want, what);
      assert.equal(r.headers.vary, 'Accept-Encoding', what);
      assert.equal(r.headers['content-type'], ref.headers['content-type'], what);
      assert.equal(r.headers['cache-control'], ref.headers['cache-control'], what);
      assert.equal(Number(r.headers['content-length']), r.body.length, what);
      if (want !== 'identity') assert.ok(r.body.length < plain.length, `${what}: not smaller`);
      assert.ok(decode[want](r.body).equals(plain), `${what}: decodes to other bytes`);
    }
    // Cache rule unchanged: hashed names for good, entry points revalidated.
    assert.equal(ref.headers['cache-control'], f === 'index.html' ? 'no-cache' : 'public, max-age=31536000, immutable', f);
  }
  const types = { html: 'text/html', js: 'text/javascript', wasm: 'application/wasm', bin: 'application/octet-stream' };
  for (const f of sampleFiles()) {
    const r = await get(url, f, 'br');
    assert.ok(r.headers['content-type'].startsWith(types[f.split('.').pop()]), `${f}: ${r.headers['content-type']}`);
  }
});

test('a request for X.br itself gets the plain bytes of X.br; errors and the CSP header as before', async () => {
  const wasm = distFile(/^playground\.[0-9a-f]{12}\.wasm$/);
  const r = await get(url, wasm + '.br', 'br, gzip');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-encoding'], undefined);
  assert.ok(r.body.equals(fs.readFileSync(path.join(DIST, wasm + '.br'))));
  assert.equal((await get(url, 'no-such-file.js', 'br')).status, 404);
  assert.equal((await get(url, '..%2fpackage.json', 'br')).status, 403);
  assert.equal((await get(url, '..%2fpackage.json')).status, 403);
  const page = await get(url, '', 'br');
  assert.equal(page.headers['content-encoding'], 'br');
  assert.ok(decode.br(page.body).equals(fs.readFileSync(path.join(DIST, 'index.html'))), '/ is index.html');
  assert.match(page.headers['content-security-policy'], /default-src 'self'; script-src 'self' 'wasm-unsafe-eval'/);
  // The strict option replaces the header.
  const strict = await serve(DIST, 0, '127.0.0.1', { csp: STRICT });
  try {
    const s = await get(`http://127.0.0.1:${strict.address().port}/`, 'index.html', 'gzip');
    assert.equal(s.headers['content-security-policy'], STRICT);
    assert.equal(s.headers['content-encoding'], 'gzip');
  } finally { strict.close(); }
});

test('Chromium loads the page from the compressed files', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  const seen = {};
  page.on('response', (r) => { seen[new URL(r.url()).pathname.slice(1)] = r.headers()['content-encoding'] || 'identity'; });
  await page.goto(url + 'index.html');
  await page.evaluate(() => window.attentionPlayground.ready.then(() => window.attentionPlayground.modelReady).then(() => true));
  await frames(page);
  assert.equal(await page.evaluate(() => window.attentionPlayground.modelStatus().state), 'trained');
  // Chromium asks plain-HTTP 127.0.0.1 for gzip or brotli; whichever, every file must come compressed.
  for (const f of sampleFiles()) assert.match(seen[f] || 'not fetched', /^(br|gzip)$/, `${f}: ${seen[f]}`);
  await context.close();
});

// Opens a page under the strict policy and records every CSP violation in any of its frames:
// the securitypolicyviolation events (listened for before any page script runs) and the console
// lines Chromium writes for them.
async function openStrict(strictUrl, rel, contextOptions) {
  const context = await browser.newContext(contextOptions);
  const violations = [];
  await context.exposeBinding('__reportCspViolation', ({ frame }, v) => violations.push({ frame: frame.url(), ...v }));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.__reportCspViolation({
      directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, sample: e.sample }), true);
  });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) violations.push({ console: m.text() }); else if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(strictUrl + rel);
  return { context, page, violations, errors };
}

const waitReal = (target) => target.evaluate(() => window.attentionPlayground.ready.then(() => window.attentionPlayground.modelReady)
  .then(() => window.attentionPlayground.modelStatus().state));

test('under the strict policy the playground, its embed and the demo page raise no violation', async () => {
  const strict = await serve(DIST, 0, '127.0.0.1', { csp: STRICT });
  const strictUrl = `http://127.0.0.1:${strict.address().port}/`;
  try {
    for (const [rel, options] of [['index.html', DESKTOP], ['index.html?embed=1#v=1&view=heatmap', PHONE]]) {
      const { context, page, violations, errors } = await openStrict(strictUrl, rel, options);
      assert.equal(await waitReal(page), 'trained', rel);
      // Go through every view, so that each one's drawing and the favicon have had their chance.
      for (const view of ['focus', 'flow', 'crowd', 'heatmap', 'links', 'heads', 'train']) {
        await page.evaluate((v) => window.attentionPlayground.setView(v), view);
        await frames(page, 3);
      }
      await page.waitForTimeout(300);
      assert.deepEqual(violations, [], rel);
      assert.deepEqual(errors, [], rel);
      await context.close();
    }

    const { context, page, violations, errors } = await openStrict(strictUrl, 'article-demo.html', DESKTOP);
    const embeds = page.locator('iframe.embed');
    const n = await embeds.count();
    assert.ok(n >= 5);
    for (let i = 0; i < n; ++i) {
      await embeds.nth(i).evaluate((e) => e.scrollIntoView({ block: 'center' }));
      await page.waitForFunction((i) => document.querySelectorAll('iframe.embed')[i].dataset.ready === '1', i, { timeout: 60000 });
      const frame = await (await embeds.nth(i).elementHandle()).contentFrame();
      assert.equal(await waitReal(frame), 'trained', `embed ${i}`);
    }
    await frames(page, 3);
    await page.waitForTimeout(300);
    // The host's own listener saw the page; each embed's listener saw its frame.
    assert.ok(page.frames().length >= n + 1);
    assert.deepEqual(violations, [], 'article-demo.html');
    assert.deepEqual(errors, [], 'article-demo.html');
    await context.close();
  } finally { strict.close(); }
});

test('the violation listener works: breaking the policy in the host page or in an embed is caught', async () => {
  // The check above must be able to fail: a data: image in the demo page, an inline style in its first embed.
  const strict = await serve(DIST, 0, '127.0.0.1', { csp: STRICT });
  try {
    const { context, page, violations } = await openStrict(`http://127.0.0.1:${strict.address().port}/`, 'article-demo.html', DESKTOP);
    const embed = page.locator('iframe.embed').first();
    await embed.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await page.waitForFunction(() => document.querySelector('iframe.embed').dataset.ready === '1', null, { timeout: 60000 });
    assert.deepEqual(violations, []);
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
      document.body.append(img);
    });
    await (await embed.elementHandle()).contentFrame().then((f) => f.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<p style="color:red">x</p>');
    }));
    await page.waitForTimeout(300);
    const events = violations.filter((v) => v.directive);
    assert.ok(events.some((v) => v.directive === 'img-src' && /article-demo\.html$/.test(v.frame)), JSON.stringify(violations));
    assert.ok(events.some((v) => v.directive.startsWith('style-src') && /index\.html\?embed=1/.test(v.frame)), JSON.stringify(violations));
    assert.ok(violations.some((v) => v.console), 'Chromium logs the violation to the console');
    await context.close();
  } finally { strict.close(); }
});
