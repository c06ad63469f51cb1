// Browser tests for the article: the demo host page, postMessage, phones, share links, languages, keys, export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from './png.mjs';
import { startServer, launch, openPlayground, PHONE, DESKTOP, frames } from './browser.mjs';

let server, url, browser;
before(async () => { ({ server, url } = await startServer()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

async function openDemo(options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url + 'article-demo.html');
  return { context, page, errors };
}

// Loads every lazy iframe by scrolling it into view, then waits until each announced `ready`.
async function waitForEmbeds(page) {
  const n = await page.locator('iframe.embed').count();
  for (let i = 0; i < n; ++i) {
    const f = page.locator('iframe.embed').nth(i);
    await f.scrollIntoViewIfNeeded();
    await page.waitForFunction((i) => document.querySelectorAll('iframe.embed')[i].dataset.ready === '1', i, { timeout: 60000 });
  }
  return n;
}

test('the demo host page: each section opens its own view, drawn', async () => {
  const { page, errors, context } = await openDemo(DESKTOP);
  const n = await waitForEmbeds(page);
  assert.ok(n >= 5);
  for (let i = 0; i < n; ++i) {
    const el = page.locator('iframe.embed').nth(i);
    const src = await el.getAttribute('src');
    const want = /view=([a-z]+)/.exec(src)[1];
    const frame = await (await el.elementHandle()).contentFrame();
    assert.ok(frame, `frame for ${src}`);
    const got = await frame.evaluate(() => window.attentionPlayground.getState().view);
    assert.equal(got, want, `section ${i} shows ${want}`);
    assert.equal(await frame.evaluate(() => document.documentElement.classList.contains('embed')), true);
    if (want === 'heatmap') {
      await el.scrollIntoViewIfNeeded();
      await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const { W, layout, colours, canvasTop, canvasLeft } = await frame.evaluate(() => {
        const ap = window.attentionPlayground, st = ap.getState();
        const W = ap.attention(st.layer, st.head);
        const r = document.getElementById('canvas').getBoundingClientRect();
        return { W, layout: ap.layout(), colours: W.map((row) => row.map((w) => ap.colormap(w))), canvasTop: r.top, canvasLeft: r.left };
      });
      const box = await el.boundingBox();
      const png = PNG.decode(await page.screenshot({ clip: box }));
      const h = layout.heatmap, cell = (h.x1 - h.x0) / h.span;
      for (const [r, c] of [[0, 0], [1, 2], [W.length - 1, W.length - 1]]) {
        const x = Math.round(canvasLeft + h.x0 + (c + 0.5) * cell), y = Math.round(canvasTop + h.y0 + (r + 0.5) * cell);
        const px = png.pixel(x, y);
        for (let k = 0; k < 3; ++k) assert.ok(Math.abs(px[k] - colours[r][c][k]) <= 3, `section ${i} cell ${r},${c}: ${px} vs ${colours[r][c]}`);
      }
    }
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('the host changes an embed through postMessage; malformed messages are ignored', async () => {
  const { page, errors, context } = await openDemo(DESKTOP);
  await page.locator('iframe.embed').first().scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('iframe.embed').dataset.ready === '1', null, { timeout: 60000 });
  const frame = await (await page.locator('iframe.embed').first().elementHandle()).contentFrame();
  const before = await frame.evaluate(() => window.attentionPlayground.getState());
  await page.evaluate(() => {
    const w = document.querySelector('iframe.embed').contentWindow;
    for (const bad of ['setState', null, 42, { type: 'eval', code: 'document.body.remove()' }, { type: 'setState', state: 'x' },
      { type: 'setState', state: { layer: '1; alert(1)', view: '<img>' } }, { type: 'setView', view: 'nonsense' },
      { type: 'setText', text: 'x'.repeat(13000) }]) w.postMessage(bad, '*');
  });
  await frames(frame, 3);
  assert.deepEqual(await frame.evaluate(() => window.attentionPlayground.getState()), before);
  const reply = await page.evaluate(() => new Promise((resolve) => {
    const w = document.querySelector('iframe.embed').contentWindow;
    window.addEventListener('message', (e) => { if (e.data && e.data.type === 'reply' && e.data.id === 'q1') resolve(e.data); });
    w.postMessage({ type: 'setState', state: { view: 'heatmap', focus: 2, temperature: 0.5 } }, '*');
    w.postMessage({ type: 'getState', id: 'q1' }, '*');
  }));
  assert.equal(reply.ok, true);
  assert.equal(reply.result.view, 'heatmap');
  assert.equal(reply.result.focus, 2);
  assert.equal(reply.result.temperature, 0.5);
  assert.deepEqual(errors, []);
  await context.close();
});

test('phone: a tap on a heatmap cell selects that row token', async () => {
  const { page, context } = await openPlayground(browser, url + '#view=heatmap&text=one+two+three+four+five&focus=0', PHONE);
  const { layout, box } = await page.evaluate(() => ({ layout: window.attentionPlayground.layout(), box: document.getElementById('canvas').getBoundingClientRect().toJSON() }));
  // (The phone's full page is laid out like a figure: its cells may be taller than wide.)
  const h = layout.heatmap, cell = (h.x1 - h.x0) / h.span, cellH = (h.y1 - h.y0) / h.span;
  await page.touchscreen.tap(box.x + h.x0 + 1.5 * cell, box.y + h.y0 + 3.5 * cellH);
  await frames(page, 3);
  assert.equal(await page.evaluate(() => window.attentionPlayground.getState().focus), 3);
  await context.close();
});

test('a swipe or a wheel over an embed scrolls the host article', async () => {
  for (const [options, how] of [[PHONE, 'swipe'], [DESKTOP, 'wheel']]) {
    const { page, context } = await openDemo(options);
    const el = page.locator('iframe.embed').nth(2);
    await el.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelectorAll('iframe.embed')[2].dataset.ready === '1', null, { timeout: 60000 });
    const box = await el.boundingBox();
    const y0 = await page.evaluate(() => window.scrollY);
    const x = Math.round(box.x + box.width / 2), y = Math.round(Math.min(box.y + box.height * 0.7, options.viewport.height - 40));
    if (how === 'swipe') {
      // A real one-finger swipe through the browser's input pipeline (touchStart, moves, touchEnd).
      const cdp = await context.newCDPSession(page);
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
      for (let i = 1; i <= 12; ++i) {
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y - 400 * i / 12 }] });
        await page.waitForTimeout(16);
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    } else {
      await page.mouse.move(x, y);
      await page.mouse.wheel(0, 400);
    }
    // Scrolling is asynchronous (compositor); give it up to 3 s on this slow software-GL machine.
    await page.waitForFunction((y0) => window.scrollY - y0 > 150, y0, { timeout: 3000 }).catch(() => {});
    const y1 = await page.evaluate(() => window.scrollY);
    assert.ok(y1 - y0 > 150, `${how}: the article scrolled from ${y0} to ${y1}`);
    await context.close();
  }
});

test('the share link reproduces the view in a new page', async () => {
  const context = await browser.newContext({ ...DESKTOP, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await page.goto(url);
  await page.evaluate(() => window.attentionPlayground.ready);
  await page.evaluate(() => window.attentionPlayground.setState({ view: 'focus', text: 'Tôi yêu tiếng Việt', focus: 2, head: 1, temperature: 2 }));
  await frames(page);
  await page.click('#share-btn');
  await page.waitForFunction(() => !document.getElementById('share-output').hidden);
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(link.startsWith(url), link);
  const state = await page.evaluate(() => window.attentionPlayground.getState());
  const again = await openPlayground(browser, link);
  assert.deepEqual(await again.page.evaluate(() => window.attentionPlayground.getState()), state);
  await again.context.close();
  await context.close();
});

test('language switch: every string table is complete, and the page and canvas follow', async () => {
  const { page, context } = await openPlayground(browser, url + '#lang=vi');
  const s = await page.evaluate(() => window.attentionPlayground.strings());
  assert.equal(s.canvas.vi.length, s.canvas.en.length);
  // Strings that may honestly be the same in both languages (symbols, formats).
  const same = s.canvas.vi.filter((v, i) => v === s.canvas.en[i]);
  // Symbols and maths names (Q, K, V, W_O, x . y) read the same in both languages; words do not.
  for (const v of same) assert.ok(!/[a-z]{3,}/.test(v.replace(/d_k|d_model|softmax/g, '')), `untranslated canvas string: ${v}`);
  for (const k of Object.keys(s.page.vi)) assert.notEqual(s.page.vi[k], s.page.en[k], `page string ${k}`);
  assert.ok(s.canvas.vi.some((v) => /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i.test(v)));
  await page.click('#lang-toggle');
  await frames(page, 3);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await page.evaluate(() => window.attentionPlayground.getState().lang), 'en');
  assert.equal(await page.locator('#share-btn').textContent(), 'Share');
  assert.match(await page.locator('#summary').textContent(), /attends most to/);
  await page.click('#lang-toggle');
  await frames(page, 3);
  assert.equal(await page.locator('#share-btn').textContent(), 'Chia sẻ');
  assert.match(await page.locator('#summary').textContent(), /chú ý nhiều nhất/);
  await context.close();
});

test('keyboard alone: Tab reaches the canvas, arrows move the token, Tab leaves (no trap)', async () => {
  const { page, context } = await openPlayground(browser, url + '#view=heatmap&text=a+b+c+d&focus=0&head=0');
  await page.focus('#text-input');
  let guard = 0;
  while ((await page.evaluate(() => document.activeElement && document.activeElement.id)) !== 'canvas' && guard++ < 10) await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'canvas');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('m');
  await frames(page, 3);
  const st = await page.evaluate(() => window.attentionPlayground.getState());
  assert.equal(st.focus, 2);
  assert.equal(st.head, 1);
  assert.equal(st.mask, 'causal');
  await page.keyboard.press('Tab');
  assert.notEqual(await page.evaluate(() => document.activeElement && document.activeElement.id), 'canvas');
  // Backspace in the text field edits the text (GLFW must not swallow it).
  await page.focus('#text-input');
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await frames(page);
  assert.equal(await page.evaluate(() => window.attentionPlayground.getText()), 'a b c ');
  await context.close();
});

test('export: PNG at 2x and SVG drawn from the same numbers', async () => {
  const { page, context } = await openPlayground(browser, url + '#view=heatmap&text=cat+%3Cb%3Emat%3C%2Fb%3E&head=0');
  const r = await page.evaluate(async () => {
    const blob = await window.attentionPlayground.exportPng(2);
    const bytes = Array.from(new Uint8Array(await blob.arrayBuffer()).slice(0, 32));
    const css = document.getElementById('canvas').getBoundingClientRect();
    return { bytes, cssW: css.width, svg: window.attentionPlayground.exportSvg(), w: window.attentionPlayground.attention(0, 0) };
  });
  const b = Buffer.from(r.bytes);
  assert.equal(b.readUInt32BE(0), 0x89504e47);
  assert.ok(Math.abs(b.readUInt32BE(16) - 2 * r.cssW) <= 2, `PNG width ${b.readUInt32BE(16)} for CSS width ${r.cssW}`);
  assert.match(r.svg, /^<svg/);
  assert.ok(r.svg.includes('>&lt;</text>'), 'the "<" token is written escaped');
  assert.ok(!/<b[ >]/.test(r.svg), 'no markup from the text');
  assert.ok(r.svg.includes(`<title>${r.w[0][1].toFixed(4)}</title>`));
  await context.close();
});
