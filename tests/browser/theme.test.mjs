// Browser tests of the light and dark themes (issue 34, item 4): canvas pixels in both themes at
// phone and desktop size (background, text contrast measured from pixels, a weight-0 cell against
// the background), the page's CSS background equal to the canvas's, theme= through the URL and
// getState/setState, auto following prefers-color-scheme live, and the page themed before the
// WebAssembly arrives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPlayground, frames, PHONE, DESKTOP } from './browser.mjs';
import { PNG } from './png.mjs';

let server, url, browser;
before(async () => { ({ server, url } = await startServer()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

// The theme table's colours (src/core/theme.cpp), as the canvas must show them.
const BACKGROUND = { light: [251, 250, 247], dark: [23, 23, 28] };
const TEXT = 'The cat sat on the mat because it was warm.';  // one piece per word: cells = words
const hashFor = (theme) => `#v=1&view=heatmap&text=${encodeURIComponent(TEXT)}&layer=0&head=0&focus=1&lang=vi&theme=${theme}`;

// WCAG 2 contrast of two sRGB colours.
const channel = (v) => { const c = v / 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
const near = (a, b, tol) => a.every((v, i) => Math.abs(v - b[i]) <= tol);
const rgbOf = (css) => css.match(/\d+/g).slice(0, 3).map(Number);

async function shot(page) { return PNG.decode(await page.screenshot()); }
const canvasBox = (page) => page.evaluate(() => { const r = document.getElementById('canvas').getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; });
const bodyBackground = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

// The canvas's background: the most common colour of the window's left padding (8 CSS px that no
// view draws into), sampled down the whole canvas.
function canvasBackground(img, box, k) {
  const counts = new Map();
  const x = Math.round((box.x + 3) * k);
  for (let y = Math.round(box.y * k) + 2; y < Math.min(img.height, (box.y + box.h) * k - 2); y += 3) {
    const key = img.pixel(x, y).slice(0, 3).join(',');
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return best[0].split(',').map(Number);
}

// The heatmap's row labels (left of the cells): the pixel of the most contrast against the
// background is the glyphs' full colour (stems are wider than a pixel at 16 CSS px).
function labelInk(img, pic, k, bg) {
  let best = bg, bestC = 1;
  const x0 = Math.max(0, Math.round((pic.x - 70) * k)), x1 = Math.round((pic.x - 3) * k);
  for (let y = Math.round(pic.y * k); y < Math.round((pic.y + pic.h) * k); y++)
    for (let x = x0; x < x1; x++) {
      const p = img.pixel(x, y).slice(0, 3);
      const c = contrast(p, bg);
      if (c > bestC) { bestC = c; best = p; }
    }
  return { ink: best, ratio: bestC };
}

for (const [size, opts] of [['phone 390x844', PHONE], ['desktop 1280x800', DESKTOP]]) {
  for (const theme of ['light', 'dark']) {
    test(`${size}, theme=${theme}: background, text contrast and a weight-0 cell measured from the canvas's pixels`, async () => {
      const k = opts.deviceScaleFactor;
      // The system prefers the other scheme: the link's theme must win.
      const { page, errors, context } = await openPlayground(browser, url + 'index.html' + hashFor(theme),
        { ...opts, colorScheme: theme === 'light' ? 'dark' : 'light' }, { model: true });
      await frames(page, 3);
      const api = await page.evaluate(() => window.attentionPlayground.theme());
      assert.equal(api.theme, theme);
      assert.equal(api.choice, theme);
      const img = await shot(page);
      const box = await canvasBox(page);
      const bg = canvasBackground(img, box, k);
      assert.ok(near(bg, BACKGROUND[theme], 2), `canvas background ${bg} vs the table's ${BACKGROUND[theme]} (±2)`);
      assert.deepEqual(api.background, BACKGROUND[theme]);
      // The page around the canvas has the same background (theme.css, from the same table).
      const pageBg = rgbOf(await bodyBackground(page));
      assert.ok(near(pageBg, bg, 2), `page background ${pageBg} vs canvas ${bg}`);

      // Text: the row labels' ink against the background, from pixels.
      const pic = await page.evaluate(() => window.attentionPlayground.layout().picture);
      const { ink, ratio } = labelInk(img, pic, k, bg);
      console.log(`# ${size} ${theme}: background ${bg}, label ink ${ink}, contrast ${ratio.toFixed(2)} (table: text ${api.text}, ${contrast(api.text, bg).toFixed(2)}; dim ${api.text_dim}, ${contrast(api.text_dim, bg).toFixed(2)})`);
      assert.ok(ratio >= 4.5, `label contrast ${ratio.toFixed(2)} < 4.5`);
      assert.ok(contrast(api.text_dim, api.background) >= 4.5, 'the table\'s secondary text reaches 4.5:1');

      // The weakest cell of the matrix: its colour is the colour map's, and it stands out from the
      // background (sum of channel differences over 60 of 765).
      const rows = await page.evaluate(() => window.attentionPlayground.attention(0, 0));
      const n = rows.length;
      let min = { w: 2, r: 0, c: 0 };
      rows.forEach((row, r) => row.forEach((w, c) => { if (w < min.w) min = { w, r, c }; }));
      const expected = await page.evaluate((w) => window.attentionPlayground.colormap(w), min.w);
      // (A phone's cells may be taller than wide: its full page is laid out like a figure.)
      const cell = pic.w / n, cellH = pic.h / n;
      const px = img.pixel(Math.round((pic.x + (min.c + 0.5) * cell) * k), Math.round((pic.y + (min.r + 0.5) * cellH) * k)).slice(0, 3);
      assert.ok(near(px, expected, 3), `cell (${min.r}, ${min.c}) weight ${min.w.toFixed(4)}: pixel ${px} vs colour map ${expected}`);
      const apart = px.reduce((s, v, i) => s + Math.abs(v - bg[i]), 0);
      console.log(`# ${size} ${theme}: weight ${min.w.toFixed(4)} cell ${px} vs background ${bg}: ${apart} apart`);
      assert.ok(apart > 60, `the weakest cell ${px} is only ${apart} from the background ${bg}`);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}

test('theme= round-trips through the URL hash and getState/setState; the page follows', async () => {
  const { page, errors, context } = await openPlayground(browser, url + 'index.html' + hashFor('light'), DESKTOP);
  const read = () => page.evaluate(() => ({
    state: window.attentionPlayground.getState().theme, api: window.attentionPlayground.theme().theme,
    hash: location.hash, attr: document.documentElement.dataset.theme, bg: getComputedStyle(document.body).backgroundColor,
  }));
  let r = await read();
  assert.equal(r.state, 'light');
  assert.match(r.hash, /&theme=light(&|$)/);
  assert.deepEqual(rgbOf(r.bg), BACKGROUND.light);

  assert.deepEqual(await page.evaluate(() => window.attentionPlayground.setState({ theme: 'dark' })), { notice: '' });
  await frames(page, 2);
  r = await read();
  assert.equal(r.state, 'dark');
  assert.equal(r.api, 'dark');
  assert.equal(r.attr, 'dark');
  assert.match(r.hash, /&theme=dark(&|$)/);
  assert.deepEqual(rgbOf(r.bg), BACKGROUND.dark);
  const img = await shot(page);
  assert.ok(near(canvasBackground(img, await canvasBox(page), 1), BACKGROUND.dark, 2));

  // auto is the default: not written in the link; the context prefers dark (openPlayground's default).
  await page.evaluate(() => window.attentionPlayground.setState({ theme: 'auto' }));
  await frames(page, 2);
  r = await read();
  assert.equal(r.state, 'auto');
  assert.doesNotMatch(r.hash, /theme=/);
  assert.equal(r.api, 'dark');

  // A bad value changes nothing and is reported.
  const bad = await page.evaluate(() => window.attentionPlayground.setState({ theme: 'sepia' }));
  assert.notEqual(bad.notice, '');
  assert.equal((await read()).state, 'auto');
  assert.deepEqual(errors, []);
  await context.close();
});

test('auto follows prefers-color-scheme, and changes live when the system changes', async () => {
  const { page, errors, context } = await openPlayground(browser, url + 'index.html#v=1&view=heatmap&lang=vi', { ...PHONE, colorScheme: 'light' });
  await frames(page, 2);
  const state = () => page.evaluate(() => ({ theme: window.attentionPlayground.theme(), bg: getComputedStyle(document.body).backgroundColor }));
  let s = await state();
  assert.equal(s.theme.choice, 'auto');
  assert.equal(s.theme.theme, 'light');
  let img = await shot(page);
  assert.ok(near(canvasBackground(img, await canvasBox(page), 3), BACKGROUND.light, 2));
  assert.deepEqual(rgbOf(s.bg), BACKGROUND.light);

  await page.emulateMedia({ colorScheme: 'dark' });
  await frames(page, 3);
  s = await state();
  assert.equal(s.theme.theme, 'dark');
  img = await shot(page);
  assert.ok(near(canvasBackground(img, await canvasBox(page), 3), BACKGROUND.dark, 2));
  assert.deepEqual(rgbOf(s.bg), BACKGROUND.dark);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the page has its theme before the WebAssembly arrives (no dark flash in a light article)', async () => {
  const context = await browser.newContext({ ...PHONE, colorScheme: 'dark' });
  const page = await context.newPage();
  // The module never arrives: what the reader sees meanwhile is the page's own CSS.
  await page.route(/playground\.[0-9a-f]+\.wasm$|playground\.wasm$/, () => {});
  await page.goto(url + 'index.html?embed=1#v=1&view=heatmap&theme=light');
  const seen = await page.evaluate(() => ({
    attr: document.documentElement.dataset.theme,
    body: getComputedStyle(document.body).backgroundColor,
    canvas: getComputedStyle(document.getElementById('canvas')).backgroundColor,
    ready: !!(window.attentionPlayground && window.attentionPlayground.version && window.Module),
  }));
  assert.equal(seen.attr, 'light');
  assert.deepEqual(rgbOf(seen.body), BACKGROUND.light);
  assert.deepEqual(rgbOf(seen.canvas), BACKGROUND.light);
  await context.close();
});

test('the Embed button writes theme=light (a news page) unless the reader chose a theme', async () => {
  const { page, errors, context } = await openPlayground(browser, url + 'index.html#v=1&view=links&lang=vi',
    { ...DESKTOP, permissions: ['clipboard-read', 'clipboard-write'] });
  const embedCode = async () => {
    await page.evaluate(() => { document.getElementById('share-output').hidden = true; });
    await page.click('#embed-btn');
    await page.waitForFunction(() => !document.getElementById('share-output').hidden);
    return page.evaluate(() => navigator.clipboard.readText());
  };
  let code = await embedCode();
  assert.match(code, /\?embed=1#v=1&view=links[^"]*&theme=light"/);
  await page.evaluate(() => window.attentionPlayground.setState({ theme: 'dark' }));
  await frames(page);
  code = await embedCode();
  assert.match(code, /&theme=dark"/);
  assert.doesNotMatch(code, /theme=light/);
  // The snippet opens as a figure in that theme.
  const src = code.match(/src="([^"]+)"/)[1];
  const again = await openPlayground(browser, src, { ...PHONE, colorScheme: 'light' });
  assert.equal(await again.page.evaluate(() => window.attentionPlayground.theme().theme), 'dark');
  await again.context.close();
  assert.deepEqual(errors, []);
  await context.close();
});
