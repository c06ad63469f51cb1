// Browser tests of bad input: hostile API calls, huge and strange text, memory over many edits,
// no WebGL2, and a lost WebGL context. Each must end in a readable state, never a blank page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from './png.mjs';
import { startServer, launch, openPlayground, DESKTOP, frames } from './browser.mjs';

let server, url, browser;
before(async () => { ({ server, url } = await startServer()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

test('strange text: every kind is tokenized, shown as text, and the attention stays valid', async () => {
  const { page, errors, context } = await openPlayground(browser, url + '#lang=en');
  const cases = {
    empty: '', spaces: ' \t\n ', one: 'a', punctuation: '?!.,;:', emoji: 'I 👍🏽 👨‍👩‍👧 🇻🇳 ok',
    nfd: 'Con me\u0300o ngo\u0302\u0300i', rtl: 'שלום עולם مرحبا', control: 'a\u0001b\u0007c\u200Bd',
    html: '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">', long: 'từ '.repeat(33334),
  };
  for (const [name, text] of Object.entries(cases)) {
    const r = await page.evaluate((text) => {
      const ap = window.attentionPlayground;
      ap.setText(text);
      const info = ap.tokenInfo();
      const w = info.tokens.length ? ap.attention(0, 0) : [];
      return { info, sums: w.map((row) => row.reduce((a, b) => a + b, 0)), finite: w.every((row) => row.every(Number.isFinite)) };
    }, text);
    assert.ok(r.finite, name);
    for (const s of r.sums) assert.ok(Math.abs(s - 1) < 1e-5, `${name}: row sum ${s}`);
    if (name === 'empty' || name === 'spaces') assert.equal(r.info.tokens.length, 0);
    if (name === 'long') { assert.equal(r.info.truncated, true); assert.ok(r.info.total > 1024); assert.equal(r.info.tokens.length, 1024); }
    if (name === 'nfd') assert.deepEqual(r.info.tokens.map((t) => t.text).slice(0, 2), ['Con', 'mèo']);
    if (name === 'html') assert.ok(r.info.tokens.some((t) => t.text === 'script'));
    await frames(page);
  }
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.evaluate(() => document.querySelectorAll('img:not(#static-picture)').length), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('hostile API calls never throw past the API and never break the state', async () => {
  const { page, errors, context } = await openPlayground(browser, url);
  const r = await page.evaluate(() => {
    const ap = window.attentionPlayground;
    const out = [];
    const attempt = (name, f) => { try { out.push([name, JSON.stringify(f())]); } catch (e) { out.push([name, 'threw ' + e.message]); } };
    attempt('text non-string', () => ap.setText({ toString() { return 'x y'; } }));
    attempt('text number', () => ap.setText(12345));
    attempt('text null', () => ap.setText(null));
    attempt('lone surrogate', () => ap.setText('a \uD800 b'));
    attempt('huge array', () => ap.setState({ hidden: new Array(100000).fill(1) }));
    attempt('layer 99', () => ap.attention(99, 0));
    attempt('head -1', () => ap.attention(0, -1).length);
    attempt('head -7', () => ap.attention(0, -7));
    for (const t of [0, NaN, Infinity, -Infinity, 1e9, -1]) attempt('temp ' + t, () => ap.setState({ temperature: t }));
    attempt('unknown view', () => ap.setView('nonsense'));
    attempt('view object', () => ap.setView({}));
    attempt('state garbage', () => ap.setState('view=links'));
    attempt('state null', () => ap.setState(null));
    attempt('trace bad', () => ap.trace(-3, 100));
    for (let i = 0; i < 1000; ++i) ap.setText('lặp lại ' + i);
    return { out, state: ap.getState(), tokens: ap.tokens().length };
  });
  for (const [name, res] of r.out) assert.ok(!String(res).startsWith('threw'), `${name}: ${res}`);
  const res = Object.fromEntries(r.out);
  assert.equal(res['layer 99'], 'null');
  assert.equal(res['head -7'], 'null');
  assert.equal(res['unknown view'], 'false');
  assert.ok(r.state.temperature >= 0.01 && r.state.temperature <= 100);
  assert.equal(r.state.text, 'lặp lại 999');
  assert.equal(r.tokens, 3);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the wasm heap stays bounded over 10,000 edits', async () => {
  const { page, context } = await openPlayground(browser, url);
  const heap = await page.evaluate(async () => {
    const ap = window.attentionPlayground;
    const sizes = [];
    for (let round = 0; round < 5; ++round) {
      // 2,000 edits a round; every 10th is read back, which runs the whole model on it.
      for (let i = 0; i < 2000; ++i) {
        ap.setText(`câu số ${round * 2000 + i} có ${i % 37} từ ` + 'x '.repeat(i % 50));
        if (i % 10 === 0) ap.tokens();
      }
      await new Promise((r) => requestAnimationFrame(r));
      sizes.push(ap.stats().wasm_heap_bytes);
    }
    return sizes;
  });
  // The heap may grow once to its working size, then must stay flat.
  assert.equal(heap[4], heap[1], `heap over rounds: ${heap}`);
  assert.ok(heap[4] <= 256 * 1024 * 1024);
  await context.close();
});

test('without WebGL2: a readable message and a still picture of the example, and the API works', async () => {
  const b = await launch(['--disable-webgl', '--disable-3d-apis']);
  try {
    const { page, errors, context } = await openPlayground(b, url + '#lang=en&text=the+cat+sat', DESKTOP);
    const r = await page.evaluate(() => ({ msg: document.getElementById('message').textContent, canvasHidden: document.getElementById('canvas').hidden,
      said: Array.from(document.querySelectorAll('#message p')).filter((p) => /WebGL2/.test(p.textContent)).length,
      canvasBox: document.getElementById('canvas').getBoundingClientRect().height,
      img: (() => { const i = document.querySelector('#static-picture > svg'); return i ? { w: i.getBoundingClientRect().width, top: i.getBoundingClientRect().top, rects: i.querySelectorAll('rect').length } : null; })(),
      webgl: window.attentionPlayground.stats().webgl2, n: window.attentionPlayground.attention(0, 0).length }));
    assert.match(r.msg, /WebGL2/);
    assert.equal(r.said, 1, 'the WebGL2 message is said once');
    assert.equal(r.canvasHidden, true);
    // The hidden canvas takes no room: the still picture starts on the first screen (800 px).
    assert.equal(r.canvasBox, 0);
    assert.ok(r.img && r.img.top < 400, `still picture starts at ${r.img && r.img.top} px`);
    // The picture is inline SVG elements (no blob: or data: image a strict policy would block).
    assert.ok(r.img && r.img.w > 100 && r.img.rects >= 9, JSON.stringify(r.img));
    assert.equal(r.webgl, false);
    assert.equal(r.n, 3);
    assert.deepEqual(errors.filter((e) => !/WebGL|webgl/.test(e)), []);
    await context.close();
  } finally { await b.close(); }
});

test('a lost WebGL context comes back by itself and the heatmap is drawn again', async () => {
  const { page, errors, context } = await openPlayground(browser, url + '#view=heatmap&text=one+two+three+four&head=0');
  const sample = async () => {
    await frames(page, 3);
    const { layout, colours, box } = await page.evaluate(() => {
      const ap = window.attentionPlayground, W = ap.attention(0, 0);
      return { layout: ap.layout(), colours: W.map((r) => r.map((w) => ap.colormap(w))), box: document.getElementById('canvas').getBoundingClientRect().toJSON() };
    });
    const h = layout.heatmap, cell = (h.x1 - h.x0) / h.span;
    const png = PNG.decode(await page.screenshot({ clip: { x: box.x, y: box.y, width: box.width, height: box.height } }));
    let good = 0;
    for (let r = 0; r < 4; ++r) for (let c = 0; c < 4; ++c) {
      const px = png.pixel(Math.round(h.x0 + (c + 0.5) * cell), Math.round(h.y0 + (r + 0.5) * cell));
      if (px.every((v, k) => Math.abs(v - colours[r][c][k]) <= 3)) ++good;
    }
    return good;
  };
  assert.equal(await sample(), 16);
  await page.evaluate(() => { window.__ext = document.getElementById('canvas').getContext('webgl2').getExtension('WEBGL_lose_context'); window.__ext.loseContext(); });
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.attentionPlayground.attention(0, 0).length), 4, 'the API works while the context is lost');
  await page.evaluate(() => window.__ext.restoreContext());
  await page.waitForTimeout(500);
  assert.equal(await sample(), 16);
  assert.deepEqual(errors, []);
  await context.close();
});
