// Browser tests of the links and heads views and of heads in colours in focus: reachable by
// setView and URL, pixels at known places, and a planted previous-token head that the lines, the
// tiles, the bars and the measured label must all show.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from './png.mjs';
import { startServer, launch, openPlayground, PHONE, DESKTOP, frames } from './browser.mjs';

let server, url, browser;
before(async () => { ({ server, url } = await startServer()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

async function shot(page) {
  const box = await page.locator('#canvas').boundingBox();
  // fullPage: on a phone the canvas may reach below the viewport (e.g. under a notice).
  return { png: PNG.decode(await page.screenshot({ clip: box, fullPage: true })), box };
}

const near = (got, want, tol) => got.every((v, k) => Math.abs(v - want[k]) <= tol);
const BACKGROUND = [23, 23, 28];  // the canvas clear colour (0.09, 0.09, 0.11)

// A text whose tokens are plain words, so the planted head's lines are easy to predict.
const WORDS = 'one two three four five six';

async function openPlanted(opts, hash) {
  const o = await openPlayground(browser, url + hash, opts);
  // The trained model loads after the first frame; plant into the final model, not before it.
  const ok = await o.page.evaluate(async () => {
    const ap = window.attentionPlayground;
    if (ap.modelReady) await ap.modelReady;
    return ap.debugPlantPreviousTokenHead(0, 2);
  });
  assert.equal(ok, true);
  await frames(o.page, 3);
  return o;
}

test('links and heads are reachable by setView and by the URL', async () => {
  for (const view of ['links', 'heads']) {
    const byUrl = await openPlayground(browser, url + `#view=${view}&lang=en`);
    const r = await byUrl.page.evaluate(() => ({ st: window.attentionPlayground.getState(), layout: window.attentionPlayground.layout() }));
    assert.equal(r.st.view, view);
    assert.ok(r.layout[view], `${view} drew its parts`);
    assert.deepEqual(byUrl.errors, []);
    await byUrl.context.close();
  }
  const { page, context, errors } = await openPlayground(browser, url + '#view=heatmap');
  for (const view of ['links', 'heads']) {
    assert.equal(await page.evaluate((v) => window.attentionPlayground.setView(v), view), true);
    await frames(page);
    const r = await page.evaluate(() => ({ st: window.attentionPlayground.getState(), layout: window.attentionPlayground.layout() }));
    assert.equal(r.st.view, view);
    assert.ok(r.layout[view]);
    assert.match(page.url(), new RegExp(`view=${view}`));
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('links: a head that attends to the previous token draws exactly those lines, in its colour', async () => {
  for (const opts of [DESKTOP, PHONE]) {
    const { page, context, errors } = await openPlanted(opts, `#view=links&lang=en&layer=0&head=2&text=${encodeURIComponent(WORDS)}`);
    const r = await page.evaluate(() => {
      const ap = window.attentionPlayground;
      return { info: ap.linksInfo(), layout: ap.layout().links, behaviour: ap.headBehaviour()[0][2], colour: ap.headColour(2),
        dpr: window.devicePixelRatio };
    });
    const n = 6;
    const pairs = r.info.lines.map((l) => [l.head, l.query, l.key]).sort((a, b) => a[1] - b[1]);
    const want = [[2, 0, 0]];  // the first token has nothing before it and looks at itself
    for (let q = 1; q < n; ++q) want.push([2, q, q - 1]);
    assert.deepEqual(pairs, want);
    for (const l of r.info.lines) assert.ok(l.weight > 0.99, `weight ${l.weight}`);
    assert.equal(r.info.gpuInstances, r.info.count, 'one GPU instance per line');
    assert.equal(r.behaviour.habit, 'previous');
    assert.match(r.behaviour.label, /previous word/);
    assert.ok(r.behaviour.previous > 0.99);

    // Each line's midpoint has the head's colour; halfway between two lines is background.
    const { png } = await shot(page);
    const L = r.layout, midX = (L.leftX + L.rightX) / 2;
    for (let q = 1; q < n; ++q) {
      const px = png.pixel(Math.round(midX * r.dpr), Math.round((L.firstRowY + (q - 0.5) * L.rowStep) * r.dpr));
      assert.ok(near(px, r.colour, 8), `line ${q}->${q - 1} midpoint ${px} vs ${r.colour}`);
      const gapPx = png.pixel(Math.round(midX * r.dpr), Math.round((L.firstRowY + q * L.rowStep) * r.dpr));
      assert.ok(near(gapPx, BACKGROUND, 8), `between lines ${gapPx}`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('links: a tap on a token isolates its lines and locks until tapped again', async () => {
  for (const opts of [DESKTOP, PHONE]) {
    const { page, context } = await openPlanted(opts, `#view=links&lang=en&layer=0&head=2&text=${encodeURIComponent(WORDS)}`);
    const L = await page.evaluate(() => window.attentionPlayground.layout().links);
    const box = await page.locator('#canvas').boundingBox();
    const tapQuery = async (q) => {
      const x = box.x + L.leftX - L.labelWidth / 2, y = box.y + L.firstRowY + q * L.rowStep;
      if (opts.hasTouch) await page.touchscreen.tap(x, y);
      else await page.mouse.click(x, y);
      await frames(page, 3);
    };
    await tapQuery(3);
    let info = await page.evaluate(() => window.attentionPlayground.linksInfo());
    assert.deepEqual(info.locked, { side: 'query', index: 3 });
    const lit = info.lines.filter((l) => l.highlighted);
    assert.deepEqual(lit.map((l) => [l.query, l.key]), [[3, 2]]);
    assert.equal(info.count, 6, 'the other lines stay, faded');
    assert.equal(await page.evaluate(() => window.attentionPlayground.getState().focus), 3, 'the tapped query is the focus');
    // The faded line 2->1 is much darker than the isolated line 3->2.
    const { png } = await shot(page);
    const dpr = opts.deviceScaleFactor || 1, midX = (L.leftX + L.rightX) / 2;
    const lit32 = png.pixel(Math.round(midX * dpr), Math.round((L.firstRowY + 2.5 * L.rowStep) * dpr));
    const faded21 = png.pixel(Math.round(midX * dpr), Math.round((L.firstRowY + 1.5 * L.rowStep) * dpr));
    assert.ok(lit32[1] > 140 && faded21[1] < 60, `isolated ${lit32} vs faded ${faded21}`);
    // A mouse moving away keeps the lock; a second tap releases it.
    if (!opts.hasTouch) { await page.mouse.move(box.x + 5, box.y + 5); await frames(page, 2); }
    info = await page.evaluate(() => window.attentionPlayground.linksInfo());
    assert.equal(info.locked.index, 3);
    await tapQuery(3);
    info = await page.evaluate(() => window.attentionPlayground.linksInfo());
    assert.equal(info.locked.side, 'none');
    if (opts.hasTouch) assert.equal(info.highlighted, info.count, 'after the release every line is lit again');
    await context.close();
  }
});

test('links: 1024 tokens with every head stay filtered, one instanced upload', async () => {
  const { page, context, errors } = await openPlayground(browser, url + '#view=links&head=-1&lang=en');
  const r = await page.evaluate(async () => {
    const ap = window.attentionPlayground;
    const next = () => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    const words = [];
    for (let i = 0; i < 1100; ++i) words.push('w' + (i % 53));
    ap.setText(words.join(' '));
    await next();
    const heads = ap.model().heads;
    const byDefault = ap.linksInfo(0);
    ap.setLinksFilter({ topK: 1, minWeight: 0 });
    await next();
    const top1 = ap.linksInfo();
    ap.setLinksFilter({ topK: 0, minWeight: 0.3 });
    await next();
    const floor = ap.linksInfo();
    ap.setLinksFilter({ topK: 0, minWeight: 0 });
    await next();
    const everything = ap.linksInfo(0);
    // Zooming and scrolling long text moves the rows but sends nothing new to the GPU.
    const fit = ap.layout().links;
    const uploadsBefore = ap.linksInfo(0).uploads;
    await next();
    const idle = ap.linksInfo(0).uploads;
    ap.setLinksView(4, 100);
    await next();
    const zoomed = ap.layout().links;
    const uploadsAfterZoom = ap.linksInfo(0).uploads;
    ap.setHeadMuted(0, 1, true);
    await next();
    const muted = ap.linksInfo();
    return { heads, byDefault, top1, floor, everything, muted, n: ap.tokens().length, fit, zoomed, uploadsBefore, idle, uploadsAfterZoom };
  });
  assert.equal(r.n, 1024);
  assert.ok(r.byDefault.count <= 1024 * r.heads * 3 && r.byDefault.count > 0, `default filter: ${r.byDefault.count}`);
  assert.equal(r.top1.count, 1024 * r.heads);
  assert.equal(r.top1.gpuInstances, r.top1.count);
  const perQuery = new Array(1024).fill(0);
  for (const l of r.top1.lines) perQuery[l.query]++;
  for (let q = 0; q < 1024; ++q) assert.equal(perQuery[q], r.heads, `query ${q}`);
  assert.ok(r.floor.lines.every((l) => l.weight >= 0.3));
  // "Every key" on long text stops at the line budget instead of drawing 4,194,304 lines.
  assert.ok(r.everything.count <= 16384 && r.everything.filter.topKUsed < 1024, `${r.everything.count} lines`);
  assert.ok(r.muted.lines.every((l) => l.head !== 1), 'a muted head draws no lines');
  assert.equal(r.idle, r.uploadsBefore, 'no upload while nothing changes');
  assert.equal(r.uploadsAfterZoom, r.uploadsBefore, 'no upload for zoom or scroll');
  // 1024 rows would be a solid block: the view starts zoomed to a quarter of a line a row.
  assert.ok(r.fit.zoom > 1, `start zoom ${r.fit.zoom}`);
  const fitStep = r.fit.rowStep / r.fit.zoom;
  assert.ok(Math.abs(r.zoomed.rowStep - 4 * fitStep) < 1e-3 * fitStep, `${r.zoomed.rowStep} vs ${fitStep}`);
  assert.equal(r.zoomed.scroll, 100);
  assert.ok(Math.abs(r.zoomed.firstRowY - (r.zoomed.rowsY0 + r.zoomed.rowStep * (0.5 - 100))) < 1e-3);
  assert.deepEqual(errors, []);
  await context.close();
});

test('heads: every tile shows its head through the colour map; mute dims; tap opens the heatmap', async () => {
  for (const opts of [DESKTOP, PHONE]) {
    const { page, context, errors } = await openPlayground(browser, url + '#view=heads&lang=en&text=one+two+three+four+five', opts);
    await frames(page, 2);
    const r = await page.evaluate(() => {
      const ap = window.attentionPlayground, m = ap.model();
      const maps = [];
      for (let l = 0; l < m.layers; ++l) for (let h = 0; h < m.heads; ++h) maps.push({ l, h, colours: ap.attention(l, h).map((row) => row.map((w) => ap.colormap(w))) });
      return { maps, tiles: ap.layout().heads.tiles, dpr: window.devicePixelRatio, m };
    });
    assert.equal(r.tiles.length, r.m.layers * (r.m.heads + 1), 'a tile per head plus a blend per layer');
    const { png } = await shot(page);
    const distinct = new Set();
    for (const { l, h, colours } of r.maps) {
      const t = r.tiles.find((x) => x.layer === l && x.head === h);
      const cell = (t.x1 - t.x0) / 5;
      for (let row = 0; row < 5; ++row) for (let col = 0; col < 5; ++col) {
        const px = png.pixel(Math.round((t.x0 + (col + 0.5) * cell) * r.dpr), Math.round((t.y0 + (row + 0.5) * cell) * r.dpr));
        assert.ok(near(px, colours[row][col], 3), `layer ${l} head ${h} cell ${row},${col}: ${px} vs ${colours[row][col]}`);
        distinct.add(colours[row][col].join());
      }
    }
    assert.ok(distinct.size > 10, 'the tiles are not uniform');

    // Muting head 1 of layer 1 fades its tile towards the background.
    await page.evaluate(() => window.attentionPlayground.setHeadMuted(0, 1, true));
    await frames(page, 2);
    const muted = (await shot(page)).png;
    const t = r.tiles.find((x) => x.layer === 0 && x.head === 1), cell = (t.x1 - t.x0) / 5;
    const want = r.maps.find((x) => x.l === 0 && x.h === 1).colours[2][2].map((c, k) => c * 0.3 + BACKGROUND[k] * 0.7);
    const px = muted.pixel(Math.round((t.x0 + 2.5 * cell) * r.dpr), Math.round((t.y0 + 2.5 * cell) * r.dpr));
    assert.ok(near(px, want, 4), `muted tile ${px} vs ${want}`);

    // A tap on a tile opens that head in the heatmap.
    const box = await page.locator('#canvas').boundingBox();
    const t12 = r.tiles.find((x) => x.layer === 1 && x.head === 2);
    const x = box.x + (t12.x0 + t12.x1) / 2, y = box.y + (t12.y0 + t12.y1) / 2;
    if (opts.hasTouch) await page.touchscreen.tap(x, y); else await page.mouse.click(x, y);
    await frames(page, 2);
    const st = await page.evaluate(() => window.attentionPlayground.getState());
    assert.deepEqual([st.view, st.layer, st.head], ['heatmap', 1, 2]);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('heads: the planted head is measured and labelled as looking at the previous word; solo shows it in the blend', async () => {
  const { page, context } = await openPlanted(DESKTOP, `#view=heads&lang=en&text=${encodeURIComponent(WORDS)}`);
  const r = await page.evaluate(async () => {
    const ap = window.attentionPlayground;
    const before = ap.headBehaviour();
    ap.setHeadSolo(0, 2);
    await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    return { before, tiles: ap.layout().heads.tiles, colour: ap.headColour(2), summary: document.getElementById('summary').textContent,
      mix: ap.layout().headMix };
  });
  assert.equal(r.before[0][2].habit, 'previous');
  assert.match(r.summary, /Head 3: mostly looks at the previous word/);
  for (const [h, b] of r.before[0].entries()) if (h !== 2) assert.ok(b.previous < 0.9, `head ${h} is not a copy`);
  assert.deepEqual(r.mix.solo, [2, ...Array(r.mix.solo.length - 1).fill(-1)]);
  // The blend of layer 1 with head 3 soloed: the previous-token cells are head 3's colour, the
  // diagonal (itself) is background.
  const { png } = await shot(page);
  const t = r.tiles.find((x) => x.layer === 0 && x.head === -1), cell = (t.x1 - t.x0) / 6;
  for (let q = 1; q < 6; ++q) {
    const px = png.pixel(Math.round(t.x0 + (q - 1 + 0.5) * cell), Math.round(t.y0 + (q + 0.5) * cell));
    assert.ok(near(px, r.colour, 6), `blend cell ${q},${q - 1}: ${px}`);
    const self = png.pixel(Math.round(t.x0 + (q + 0.5) * cell), Math.round(t.y0 + (q + 0.5) * cell));
    assert.ok(near(self, BACKGROUND, 6), `blend cell ${q},${q}: ${self}`);
  }
  await context.close();
});

test('focus with all heads: every head in its colour over a conversation, bar thickness = weight', async () => {
  const text = 'Lan: Did you feed the cat? Minh: Yes, I fed her this morning.';
  for (const opts of [DESKTOP, PHONE]) {
    const { page, context, errors } = await openPlanted(opts, `#view=focus&head=-1&layer=0&lang=en&focus=3&text=${encodeURIComponent(text)}`);
    const r = await page.evaluate(() => {
      const ap = window.attentionPlayground;
      return { f: ap.layout().focusHeads, colour: ap.headColour(2), toks: ap.tokens().map((t) => t.text), dpr: window.devicePixelRatio,
        w: ap.attention(0, 2)[3], summary: document.getElementById('summary').textContent };
    });
    assert.deepEqual(r.toks.slice(2, 5), ['Did', 'you', 'feed']);
    assert.deepEqual(r.f.heads, [0, 1, 2, 3]);
    assert.match(r.summary, /Head 3 → "Did" 100%/);
    const { png } = await shot(page);
    const slotCentre = (tok, k) => [Math.round(((r.f.tokens[tok].x0 + r.f.tokens[tok].x1) / 2) * r.dpr),
      Math.round((r.f.tokens[tok].barsY0 + (k + 0.5) * r.f.slot) * r.dpr)];
    // Head 3 puts its whole weight on "Did" (just before "you"): a full-thickness bar in its colour.
    assert.ok(near(png.pixel(...slotCentre(2, 2)), r.colour, 6), `bar under "Did": ${png.pixel(...slotCentre(2, 2))}`);
    // ...and nothing under "feed" (after "you") but the slot's faint track.
    const empty = png.pixel(...slotCentre(4, 2));
    assert.ok(empty[1] < 60, `no bar under "feed": ${empty}`);
    // The bar's thickness is the weight times the slot: measure the coloured run across the slot.
    const [cx, cy] = slotCentre(2, 2);
    let run = 0;
    for (let dy = -Math.ceil(r.f.slot * r.dpr); dy <= Math.ceil(r.f.slot * r.dpr); ++dy) if (near(png.pixel(cx, cy + dy), r.colour, 30)) ++run;
    assert.ok(Math.abs(run - r.w[2] * r.f.slot * r.dpr) <= 2, `bar ${run}px for slot ${r.f.slot * r.dpr}px`);
    // Muting head 3 removes its bars.
    await page.evaluate(() => window.attentionPlayground.setHeadMuted(0, 2, true));
    await frames(page, 2);
    assert.deepEqual(await page.evaluate(() => window.attentionPlayground.layout().focusHeads.heads), [0, 1, 3]);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('focus with one head keeps the single-head bars', async () => {
  const { page, context } = await openPlayground(browser, url + '#view=focus&head=1&lang=en');
  const r = await page.evaluate(() => window.attentionPlayground.layout());
  assert.equal(r.focusHeads, null);
  await context.close();
});
