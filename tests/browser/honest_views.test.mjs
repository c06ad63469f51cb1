// Browser tests of the words / pieces switch in the links and heads views and of the method switch
// in links: what is drawn follows the numbers attention() gives for that method and unit, and a
// link keeps the unit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from './png.mjs';
import { startServer, launch, openPlayground, PHONE, DESKTOP, frames } from './browser.mjs';

let server, url, browser;
before(async () => { ({ server, url } = await startServer()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

// "bakery" and "championship" are several pieces of the shipped vocabulary, so words and pieces differ.
const TEXT = 'The bakery championship starts tomorrow.';
const near = (got, want, tol) => got.every((v, k) => Math.abs(v - want[k]) <= tol);

// The lines the links view should draw from matrix W with its filter: per query, the keys with a
// positive weight at or above the floor, strongest first, at most topKUsed of them.
function expectedLines(W, head, filter) {
  const out = [];
  W.forEach((row, q) => {
    const keys = row.map((w, k) => [w, k]).filter(([w]) => w > 0 && w >= filter.minWeight).sort((a, b) => b[0] - a[0]);
    for (const [w, k] of keys.slice(0, filter.topKUsed)) out.push({ head, query: q, key: k, weight: w });
  });
  return out;
}
const byPair = (a, b) => a.head - b.head || a.query - b.query || a.key - b.key;
function sameLines(got, want, what) {
  const g = got.map(({ head, query, key, weight }) => ({ head, query, key, weight })).sort(byPair);
  const w = [...want].sort(byPair);
  assert.equal(g.length, w.length, `${what}: ${g.length} lines vs ${w.length}`);
  g.forEach((l, i) => {
    assert.deepEqual([l.head, l.query, l.key], [w[i].head, w[i].query, w[i].key], `${what}: line ${i}`);
    assert.ok(Math.abs(l.weight - w[i].weight) < 1e-6, `${what}: weight ${l.weight} vs ${w[i].weight}`);
  });
}

async function linksState(page, opts) {
  return page.evaluate(async (o) => {
    const ap = window.attentionPlayground;
    ap.setState(o.state);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const st = ap.getState();
    return {
      info: ap.linksInfo(), layout: ap.layout().links, words: ap.words().map((w) => w.text), tokens: ap.tokens().map((t) => t.text),
      W: ap.attention(st.layer, o.head, { method: o.method, unit: o.unit }), state: st,
    };
  }, opts);
}

test('links: the words / pieces switch changes the rows and the lines to the word-level numbers', async () => {
  // Enough split words (ba|ke|ry, cr|o|iss|ant, st|all) that the pieces' rows are thinner than the
  // tallest row the view draws (1.6 lines), so the words' fewer rows must be taller.
  const text = `${TEXT} The croissant stall at the marathon opens at noon.`;
  for (const opts of [DESKTOP, PHONE]) {
    const { page, context, errors } = await openPlayground(browser, url + `#view=links&lang=en&layer=1&head=2&text=${encodeURIComponent(text)}`, opts, { model: true });
    const piece = await linksState(page, { state: { unit: 'piece' }, head: 2, method: 'raw', unit: 'piece' });
    assert.ok(piece.tokens.length > piece.words.length, `several pieces: ${piece.tokens.join('|')}`);
    assert.equal(piece.info.unit, 'piece');
    assert.deepEqual(piece.info.labels, piece.tokens);
    assert.equal(piece.layout.n, piece.tokens.length);
    sameLines(piece.info.lines, expectedLines(piece.W, 2, piece.info.filter), 'pieces');

    const word = await linksState(page, { state: { unit: 'word' }, head: 2, method: 'raw', unit: 'word' });
    assert.equal(word.info.unit, 'word');
    assert.deepEqual(word.info.labels, word.words);
    assert.equal(word.layout.n, word.words.length);
    sameLines(word.info.lines, expectedLines(word.W, 2, word.info.filter), 'words');
    // Fewer rows share the same height: each row is taller.
    assert.ok(word.layout.rowStep > piece.layout.rowStep, `${word.layout.rowStep} vs ${piece.layout.rowStep}`);
    assert.notDeepEqual(word.info.lines.map((l) => [l.query, l.key]), piece.info.lines.map((l) => [l.query, l.key]));
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('links: the method switch draws contribution shares per head, and rollout as one set of lines', async () => {
  const { page, context, errors } = await openPlayground(browser, url + `#view=links&lang=en&layer=2&head=-1&text=${encodeURIComponent(TEXT)}`, DESKTOP, { model: true });
  const heads = await page.evaluate(() => window.attentionPlayground.model().heads);
  const norm = await page.evaluate(async () => {
    const ap = window.attentionPlayground;
    ap.setState({ method: 'norm', unit: 'word' });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const per = [];
    for (let h = 0; h < ap.model().heads; ++h) per.push(ap.attention(2, h, { method: 'norm', unit: 'word' }));
    return { info: ap.linksInfo(), per };
  });
  assert.equal(norm.info.method, 'norm');
  let want = [];
  for (let h = 0; h < heads; ++h) want = want.concat(expectedLines(norm.per[h], h, norm.info.filter));
  sameLines(norm.info.lines, want, 'contribution shares');

  const roll = await linksState(page, { state: { method: 'rollout' }, head: 0, method: 'rollout', unit: 'word' });
  assert.equal(roll.info.method, 'rollout');
  assert.ok(roll.info.lines.every((l) => l.head === -1), 'rollout lines belong to no head');
  sameLines(roll.info.lines, expectedLines(roll.W, -1, roll.info.filter), 'rollout');
  // Muting a head changes the weights' lines but not the rollout, which mixes every head.
  const muted = await page.evaluate(async () => {
    const ap = window.attentionPlayground;
    ap.setHeadMuted(2, 0, true);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return ap.linksInfo();
  });
  assert.equal(muted.count, roll.info.count);
  assert.deepEqual(errors, []);
  await context.close();
});

test('heads: the words / pieces switch redraws every tile with the word-level weights', async () => {
  for (const opts of [DESKTOP, PHONE]) {
    const { page, context, errors } = await openPlayground(browser, url + `#view=heads&lang=en&text=${encodeURIComponent(TEXT)}`, opts, { model: true });
    for (const unit of ['word', 'piece']) {
      const r = await page.evaluate(async (unit) => {
        const ap = window.attentionPlayground;
        ap.setState({ unit });
        await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
        const m = ap.model(), maps = [];
        for (let l = 0; l < m.layers; ++l) for (let h = 0; h < m.heads; ++h)
          maps.push({ l, h, colours: ap.attention(l, h, { unit }).map((row) => row.map((w) => ap.colormap(w))) });
        return { maps, heads: ap.layout().heads, dpr: window.devicePixelRatio, words: ap.words().length, tokens: ap.tokens().length };
      }, unit);
      assert.equal(r.heads.unit, unit);
      assert.equal(r.heads.n, unit === 'word' ? r.words : r.tokens);
      const box = await page.locator('#canvas').boundingBox();
      const png = PNG.decode(await page.screenshot({ clip: box, fullPage: true }));
      const n = r.heads.n;
      for (const { l, h, colours } of r.maps) {
        assert.equal(colours.length, n);
        const t = r.heads.tiles.find((x) => x.layer === l && x.head === h), cell = (t.x1 - t.x0) / n;
        for (let row = 0; row < n; ++row) for (let col = 0; col < n; ++col) {
          const px = png.pixel(Math.round((t.x0 + (col + 0.5) * cell) * r.dpr), Math.round((t.y0 + (row + 0.5) * cell) * r.dpr));
          assert.ok(near(px, colours[row][col], 3), `${unit} layer ${l} head ${h} cell ${row},${col}: ${px} vs ${colours[row][col]}`);
        }
      }
    }
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('links and heads keep the unit through a link', async () => {
  for (const view of ['links', 'heads']) {
    const first = await openPlayground(browser, url + `#view=${view}&lang=en&text=${encodeURIComponent(TEXT)}`, DESKTOP, { model: true });
    const hash = await first.page.evaluate(async () => {
      window.attentionPlayground.setState({ unit: 'piece', method: 'norm' });
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return location.hash;
    });
    assert.match(hash, /unit=piece/);
    await first.context.close();
    const again = await openPlayground(browser, url + hash, DESKTOP, { model: true });
    await frames(again.page, 2);
    const r = await again.page.evaluate(() => ({ st: window.attentionPlayground.getState(), info: window.attentionPlayground.linksInfo(),
      heads: window.attentionPlayground.layout().heads, tokens: window.attentionPlayground.tokens().length }));
    assert.equal(r.st.view, view);
    assert.equal(r.st.unit, 'piece');
    assert.equal(r.st.method, 'norm');
    if (view === 'links') assert.deepEqual([r.info.unit, r.info.method, r.info.labels.length], ['piece', 'norm', r.tokens]);
    else assert.deepEqual([r.heads.unit, r.heads.n], ['piece', r.tokens]);
    assert.deepEqual(again.errors, []);
    await again.context.close();
  }
});
