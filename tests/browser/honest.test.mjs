// Browser tests of honest attention: words, contributions and rollout through the API equal the
// same numbers recomputed here from attention() and words(); the switch changes the drawn heatmap;
// the method and unit survive a link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from './png.mjs';
import { startServer, launch, openPlayground, PHONE, DESKTOP, frames, ROOT } from './browser.mjs';

let server, url, browser;
before(async () => { ({ server, url } = await startServer()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const TOL = 1e-5;
function close(a, b, what) {
  assert.equal(a.length, b.length, `${what}: ${a.length} rows vs ${b.length}`);
  for (let i = 0; i < a.length; ++i) for (let j = 0; j < a[i].length; ++j)
    assert.ok(Math.abs(a[i][j] - b[i][j]) <= TOL * Math.max(1, Math.abs(b[i][j])), `${what} [${i}][${j}]: ${a[i][j]} vs ${b[i][j]}`);
}
const matmul = (A, B) => A.map((row) => B[0].map((_, j) => row.reduce((s, a, k) => s + a * B[k][j], 0)));

test('word unit: rows are the mean of the pieces\' rows, columns the sum; words() gives byte spans', async () => {
  const { page, context, errors } = await openPlayground(browser, url + '#lang=en', DESKTOP, { model: true });
  const r = await page.evaluate(() => {
    const ap = window.attentionPlayground;
    // "bakery" and "championship" are not whole pieces of the shipped vocabulary.
    ap.setText('The bakery championship starts tomorrow.');
    const out = { words: ap.words(), tokens: ap.tokens(), text: ap.getText(), per: [] };
    for (let l = 0; l < ap.model().layers; ++l) for (let h = -1; h < ap.model().heads; ++h)
      out.per.push({ l, h, raw: ap.attention(l, h), word: ap.attention(l, h, { unit: 'word' }), piece: ap.attention(l, h, { unit: 'piece' }) });
    return out;
  });
  const enc = new TextEncoder(), bytes = enc.encode(r.text);
  assert.ok(r.tokens.length > r.words.length, `some word has several pieces: ${r.tokens.map((t) => t.text).join('|')}`);
  assert.deepEqual(r.words.map((w) => w.text), ['The', 'bakery', 'championship', 'starts', 'tomorrow', '.']);
  for (const w of r.words) {
    assert.equal(new TextDecoder().decode(bytes.slice(w.begin, w.end)), w.text);
    assert.equal(r.tokens[w.pieces[0]].begin, w.begin);
    assert.equal(r.tokens[w.pieces[w.pieces.length - 1]].end, w.end);
  }
  for (const { l, h, raw, word, piece } of r.per) {
    close(piece, raw, `piece unit ${l}/${h}`);
    const want = r.words.map((qw) => r.words.map((kw) => {
      let s = 0;
      for (const q of qw.pieces) for (const k of kw.pieces) s += raw[q][k];
      return s / qw.pieces.length;
    }));
    close(word, want, `word unit ${l}/${h}`);
    for (const row of word) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('rollout equals the product of (0.5 mean of heads + 0.5 I) over the layers; norms are weight x value norm', async () => {
  const { page, context } = await openPlayground(browser, url + '#lang=en', DESKTOP, { model: true });
  const r = await page.evaluate(() => {
    const ap = window.attentionPlayground;
    ap.setText('The animal didn\'t cross the street because it was too tired.');
    const m = ap.model(), out = { layers: m.layers, heads: m.heads, mean: [], roll: [], norms: [], normShown: [] };
    for (let l = 0; l < m.layers; ++l) {
      out.mean.push(ap.attention(l, -1));
      out.roll.push(ap.attention(l, 2, { method: 'rollout' }));  // rollout ignores the head
      for (let h = -1; h < m.heads; ++h) {
        out.norms.push({ l, h, raw: ap.attention(l, h), n: ap.attentionNorms(l, h) });
        out.normShown.push(ap.attention(l, h, { method: 'norm' }));
      }
    }
    out.bad = [ap.attention(99, 0, { method: 'norm' }), ap.attention(0, 0, { method: 'magic' }), ap.attentionNorms(0, 9)];
    return out;
  });
  const n = r.mean[0].length;
  let R = null;
  for (let l = 0; l < r.layers; ++l) {
    const A = r.mean[l].map((row, i) => row.map((v, j) => 0.5 * v + (i === j ? 0.5 : 0)));
    R = l === 0 ? A : matmul(A, R);
    close(r.roll[l], R, `rollout layer ${l}`);
    for (const row of r.roll[l]) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  }
  r.norms.forEach(({ h, raw, n: nn }, k) => {
    if (h >= 0) close(nn.contributions, raw.map((row) => row.map((a, j) => a * nn.value_norms[j])), `c = a x |f(x_j)| (head ${h})`);
    const scaled = nn.contributions.map((row) => { const s = row.reduce((a, b) => a + b, 0); return row.map((c) => (s > 0 ? c / s : 0)); });
    close(r.normShown[k], scaled, `shown contribution = rows of c scaled to 1 (head ${h})`);
    assert.equal(nn.value_norms.length, n);
    for (const v of nn.value_norms) assert.ok(v > 0);
  });
  assert.deepEqual(r.bad, [null, null, null]);
  await context.close();
});

test('hidden tokens get 0 in every method and unit', async () => {
  const { page, context } = await openPlayground(browser, url + '#lang=en', DESKTOP, { model: true });
  const cols = await page.evaluate(() => {
    const ap = window.attentionPlayground;
    ap.setText('The bakery championship starts tomorrow.');
    const bakery = ap.words()[1].pieces;
    ap.setState({ hidden: bakery });
    const out = [];
    for (const method of ['raw', 'norm', 'rollout']) for (const unit of ['piece', 'word']) {
      const W = ap.attention(2, -1, { method, unit });
      const cs = unit === 'word' ? [1] : bakery;
      out.push({ method, unit, values: W.flatMap((row) => cs.map((c) => row[c])) });
    }
    return out;
  });
  for (const c of cols) for (const v of c.values) assert.equal(v, 0, `${c.method}/${c.unit}`);
  await context.close();
});

test('the method switch changes the drawn heatmap: pixels follow the shown numbers', async () => {
  for (const [opts, name] of [[DESKTOP, 'desktop'], [PHONE, 'phone']]) {
    const { page, context } = await openPlayground(browser, url + '#view=heatmap&layer=2&head=-1&lang=vi&text=Con+m%C3%A8o+ng%E1%BB%93i+tr%C3%AAn+t%E1%BA%A5m+th%E1%BA%A3m', opts, { model: true });
    const drawn = {};
    for (const method of ['raw', 'norm', 'rollout']) {
      await page.evaluate((m) => window.attentionPlayground.setState({ method: m }), method);
      await frames(page, 3);
      const { W, layout, colours, dpr, state } = await page.evaluate((m) => {
        const ap = window.attentionPlayground;
        const W = ap.attention(2, -1, { method: m, unit: 'auto' });
        return { W, layout: ap.layout(), colours: W.map((row) => row.map((w) => ap.colormap(w))), dpr: window.devicePixelRatio, state: ap.getState() };
      }, method);
      assert.equal(state.method, method);
      const box = await page.locator('#canvas').boundingBox();
      const shot = await page.screenshot({ clip: box });
      if (method === 'norm') {
        fs.mkdirSync(path.join(ROOT, 'tests/browser/out'), { recursive: true });
        fs.writeFileSync(path.join(ROOT, `tests/browser/out/contribution-${name}.png`), shot);
      }
      const png = PNG.decode(shot);
      // (On a phone the cells may be taller than wide: the full page is laid out like a figure.)
      const h = layout.heatmap, n = W.length, cell = (h.x1 - h.x0) / h.span, cellH = (h.y1 - h.y0) / h.span;
      drawn[method] = [];
      for (let i = 0; i < n; ++i) for (let j = 0; j < n; ++j) {
        const x = Math.round((h.x0 + (j + 0.5) * cell) * dpr), y = Math.round((h.y0 + (i + 0.5) * cellH) * dpr);
        const px = png.pixel(x, y), want = colours[i][j];
        for (let k = 0; k < 3; ++k) assert.ok(Math.abs(px[k] - want[k]) <= 3, `${name} ${method} cell ${i},${j}: ${px} vs ${want}`);
        drawn[method].push(px.slice(0, 3).join(','));
      }
    }
    // The three pictures differ somewhere (the methods are not the same numbers).
    assert.notDeepEqual(drawn.raw, drawn.norm);
    assert.notDeepEqual(drawn.raw, drawn.rollout);
    await context.close();
  }
});

test('method and unit go into the link and come back from it', async () => {
  const { page, context } = await openPlayground(browser, url + '#view=heatmap&lang=en');
  const hash = await page.evaluate(async () => {
    window.attentionPlayground.setState({ method: 'rollout', unit: 'word' });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return location.hash;
  });
  assert.match(hash, /method=rollout/);
  assert.match(hash, /unit=word/);
  await context.close();
  const again = await openPlayground(browser, url + hash);
  const st = await again.page.evaluate(() => window.attentionPlayground.getState());
  assert.equal(st.method, 'rollout');
  assert.equal(st.unit, 'word');
  const bad = await again.page.evaluate(() => window.attentionPlayground.setState({ method: 'truth' }));
  assert.equal(bad.notice !== '', true);
  assert.equal((await again.page.evaluate(() => window.attentionPlayground.getState())).method, 'rollout');
  await again.context.close();
});
