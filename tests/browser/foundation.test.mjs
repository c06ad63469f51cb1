// Browser tests of the foundation: loading, the API, attention rows, heatmap pixels, the URL hash.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from './png.mjs';
import { startServer, launch, openPlayground, PHONE, DESKTOP, frames } from './browser.mjs';

let server, url, browser;
before(async () => { ({ server, url } = await startServer()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

test('the page loads with no console errors and ready resolves with the API', async () => {
  const { page, errors, context } = await openPlayground(browser, url);
  const info = await page.evaluate(() => ({ v: window.attentionPlayground.version, m: window.attentionPlayground.model() }));
  assert.match(info.v, /^\d+\.\d+\.\d+$/);
  assert.ok(info.m.layers >= 1 && info.m.heads >= 1);
  assert.equal(info.m.d_head * info.m.heads, info.m.d_model);
  assert.deepEqual(errors, []);
  await context.close();
});

test('setText changes tokens(), and every row of attention() sums to 1', async () => {
  const { page, context } = await openPlayground(browser, url);
  const r = await page.evaluate(() => {
    const ap = window.attentionPlayground;
    ap.setText('Con mèo ngồi trên tấm thảm, rồi nó ngủ.');
    const toks = ap.tokens().map((t) => t.text);
    const m = ap.model();
    const sums = [];
    for (let l = 0; l < m.layers; ++l) for (let h = -1; h < m.heads; ++h) for (const row of ap.attention(l, h)) sums.push(row.reduce((a, b) => a + b, 0));
    return { toks, sums, text: ap.getText() };
  });
  assert.deepEqual(r.toks, ['Con', 'mèo', 'ngồi', 'trên', 'tấm', 'thảm', ',', 'rồi', 'nó', 'ngủ', '.']);
  assert.equal(r.text, 'Con mèo ngồi trên tấm thảm, rồi nó ngủ.');
  assert.ok(r.sums.length > 0);
  for (const s of r.sums) assert.ok(Math.abs(s - 1) < 1e-5, `row sum ${s}`);
  await context.close();
});

test('heatmap pixels match the colour map of the cells whose values are known', async () => {
  for (const opts of [DESKTOP, PHONE]) {
    const { page, context } = await openPlayground(browser, url + '#view=heatmap&layer=0&head=1&text=one+two+three+four+five', opts);
    await frames(page, 3);
    const { W, layout, colours, dpr } = await page.evaluate(() => {
      const ap = window.attentionPlayground;
      const W = ap.attention(0, 1);
      const colours = W.map((row) => row.map((w) => ap.colormap(w)));
      return { W, layout: ap.layout(), colours, dpr: window.devicePixelRatio };
    });
    assert.equal(layout.view, 'heatmap');
    assert.ok(layout.heatmap, 'heatmap drawn');
    const canvasBox = await page.locator('#canvas').boundingBox();
    // fullPage: the clip may run below the first screen (a phone's canvas does); the colours are the point here.
    const png = PNG.decode(await page.screenshot({ clip: canvasBox, fullPage: true }));
    // A phone's full page is laid out like a figure: its cells may be taller than wide.
    const h = layout.heatmap, n = W.length, cell = (h.x1 - h.x0) / h.span, cellH = (h.y1 - h.y0) / h.span;
    let checked = 0;
    const distinct = new Set();
    for (let r = 0; r < n; ++r) for (let c = 0; c < n; ++c) {
      const x = Math.round((h.x0 + (c + 0.5) * cell) * dpr), y = Math.round((h.y0 + (r + 0.5) * cellH) * dpr);
      const px = png.pixel(x, y), want = colours[r][c];
      for (let k = 0; k < 3; ++k) assert.ok(Math.abs(px[k] - want[k]) <= 3, `cell ${r},${c} channel ${k}: got ${px} want ${want} (w=${W[r][c]})`);
      distinct.add(want.join(','));
      ++checked;
    }
    assert.equal(n, 5);
    assert.equal(checked, 25);
    assert.ok(distinct.size >= 4, 'a uniform heatmap would not prove anything');
    await context.close();
  }
});

test('a reload with the URL hash restores the same state', async () => {
  const { page, context } = await openPlayground(browser, url);
  await page.evaluate(() => window.attentionPlayground.setState({ view: 'focus', text: 'a b c d e f', layer: 1, head: 2, focus: 3, link: 5, mask: 'causal', temperature: 0.5, hidden: [1, 4], lang: 'en' }));
  await frames(page);
  const before = await page.evaluate(() => window.attentionPlayground.getState());
  const link = page.url();
  assert.match(link, /#v=1&view=focus/);
  const again = await openPlayground(browser, link);
  const after = await again.page.evaluate(() => window.attentionPlayground.getState());
  assert.deepEqual(after, before);
  assert.deepEqual(after, { version: 1, view: 'focus', text: 'a b c d e f', layer: 1, head: 2, focus: 3, link: 5, mask: 'causal', temperature: 0.5, hidden: [1, 4], step: 0, lang: 'en', crowd: null, method: 'raw', unit: 'auto', theme: 'auto', train: null });
  const w = await again.page.evaluate(() => window.attentionPlayground.attention(1, 2));
  for (const row of w) { assert.equal(row[1], 0); assert.equal(row[4], 0); }
  for (let i = 0; i < w.length; ++i) for (let j = i + 1; j < w.length; ++j) assert.equal(w[i][j], 0);
  await again.context.close();
  await context.close();
});

test('a garbage or hostile hash loads the defaults and shows a notice', async () => {
  for (const hash of ['#%%%garbage%%%', '#<script>alert(1)</script>', '#view=<img src=x onerror=alert(1)>&layer=1e9']) {
    const { page, errors, context } = await openPlayground(browser, url + hash);
    const r = await page.evaluate(() => ({ state: window.attentionPlayground.getState(), msg: document.getElementById('message').textContent,
      imgs: document.querySelectorAll('img').length, scripts: Array.from(document.scripts).map((x) => x.getAttribute('src')) }));
    assert.equal(r.state.view, 'heatmap');
    assert.equal(r.state.layer, 0);
    assert.match(r.msg, /link|liên kết/i, `notice shown for ${hash}`);
    assert.equal(r.imgs, 0);
    // Only the page's own script files (content-hashed names): nothing from the hash became a script.
    assert.deepEqual(r.scripts.map((x) => x.replace(/\.[0-9a-f]{12}\.js$/, '.js')), ['theme-boot.js', 'playground.js', 'hash-state.js', 'page-input.js',
      'page-loading.js', 'page-api.js', 'page-figure.js', 'page-layout.js', 'examples.js', 'page.js', 'embed.js', 'share.js']);
    assert.ok(r.scripts.every((x) => /\.[0-9a-f]{12}\.js$/.test(x)), r.scripts.join());
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('empty text shows a friendly prompt, long text is truncated with a notice', async () => {
  const { page, context } = await openPlayground(browser, url + '#lang=en');
  await page.evaluate(() => window.attentionPlayground.setText('   '));
  await frames(page);
  assert.equal(await page.evaluate(() => window.attentionPlayground.tokens().length), 0);
  assert.match(await page.locator('#summary').textContent(), /Type a sentence/);
  const info = await page.evaluate(() => { window.attentionPlayground.setText('word '.repeat(1200)); return window.attentionPlayground.tokenInfo(); });
  assert.equal(info.truncated, true);
  assert.equal(info.total, 1200);
  assert.equal(info.tokens.length, 1024);
  await context.close();
});

test('phone: the canvas backing store is at device scale (crisp text)', async () => {
  const { page, context } = await openPlayground(browser, url, PHONE);
  const s = await page.evaluate(() => window.attentionPlayground.stats());
  const box = await page.locator('#canvas').boundingBox();
  assert.equal(s.dpr, 3);
  assert.ok(Math.abs(s.canvas[0] - box.width * 3) <= 1, `${s.canvas[0]} vs ${box.width * 3}`);
  await context.close();
});

test('off-screen the frame loop pauses (an export still works), back on screen it runs again', async () => {
  const { page, errors, context } = await openPlayground(browser, url);
  const frameCount = () => page.evaluate(() => { const s = window.attentionPlayground.stats(); return s.frames_drawn + s.frames_skipped; });
  await page.evaluate(() => {
    const spacer = document.createElement('div');
    spacer.style.height = '4000px';
    document.body.appendChild(spacer);
    window.scrollTo(0, document.body.scrollHeight);
  });
  await page.waitForTimeout(400);  // the observer reports; the loop stops
  const a = await frameCount();
  await page.waitForTimeout(600);
  const b = await frameCount();
  assert.ok(b - a <= 1, `off-screen: ${b - a} frames in 600 ms`);
  // Work that needs a frame wakes the loop for as long as it takes.
  const pngBytes = await page.evaluate(async () => (await window.attentionPlayground.exportPng(1)).size);
  assert.ok(pngBytes > 1000, `PNG of ${pngBytes} bytes`);
  await page.waitForTimeout(300);
  const c = await frameCount();
  await page.waitForTimeout(600);
  assert.ok((await frameCount()) - c <= 1, 'paused again after the export');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(400);
  const d = await frameCount();
  await page.waitForTimeout(600);
  const e = await frameCount();
  assert.ok(e - d >= 10, `on screen: ${e - d} frames in 600 ms`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('phone: two fingers pinch-zoom the heatmap around them, and choose no row', async () => {
  const { page, errors, context } = await openPlayground(browser, url + '#view=heatmap&lang=en&focus=0', PHONE);
  await page.evaluate(() => window.attentionPlayground.setText(
    'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty'));
  await frames(page, 3);
  const before = await page.evaluate(() => window.attentionPlayground.layout().heatmap);
  const box = await page.locator('#canvas').boundingBox();
  const cx = box.x + (before.x0 + before.x1) / 2, cy = box.y + (before.y0 + before.y1) / 2;
  const cdp = await context.newCDPSession(page);
  const fingers = (d) => [{ x: cx - d, y: cy, id: 1 }, { x: cx + d, y: cy, id: 2 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(20) });
  for (let i = 1; i <= 8; ++i) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(20 + 10 * i) });
    await page.waitForTimeout(16);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await frames(page, 3);
  const after = await page.evaluate(() => window.attentionPlayground.layout().heatmap);
  const st = await page.evaluate(() => window.attentionPlayground.getState());
  // The fingers moved five times further apart: the heatmap shows far fewer cells (zoomed in)...
  assert.ok(after.span < before.span * 0.6, `visible cells ${before.span} -> ${after.span}`);
  // ...around the point between them (the centre cell stays in the middle, within two cells)...
  const centreBefore = before.origin_col + before.span / 2, centreAfter = after.origin_col + after.span / 2;
  assert.ok(Math.abs(centreAfter - centreBefore) <= 2, `centre ${centreBefore} -> ${centreAfter}`);
  // ...and neither finger counted as a tap that chooses a row.
  assert.equal(st.focus, 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('desktop: Ctrl+wheel over the heatmap zooms it; a plain wheel leaves it to the page', async () => {
  const { page, errors, context } = await openPlayground(browser, url + '#view=heatmap&lang=en');
  await page.evaluate(() => window.attentionPlayground.setText(
    'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty'));
  await frames(page, 3);
  const before = await page.evaluate(() => window.attentionPlayground.layout().heatmap);
  const box = await page.locator('#canvas').boundingBox();
  await page.mouse.move(box.x + (before.x0 + before.x1) / 2, box.y + (before.y0 + before.y1) / 2);
  await page.mouse.wheel(0, -300);  // no Ctrl: the article's business
  await frames(page, 3);
  const plain = await page.evaluate(() => window.attentionPlayground.layout().heatmap);
  assert.equal(plain.span, before.span);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -300);  // three notches in: 1.2^3 = 1.73 times
  await page.keyboard.up('Control');
  await frames(page, 3);
  const zoomed = await page.evaluate(() => window.attentionPlayground.layout().heatmap);
  assert.ok(Math.abs(zoomed.span - before.span / 1.728) < 1.5, `visible cells ${before.span} -> ${zoomed.span}`);
  assert.deepEqual(errors, []);
  await context.close();
});
