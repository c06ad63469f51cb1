// Browser tests of the flow and crowd views: reachable, drawn where the layout says, the same numbers as trace().
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from './png.mjs';
import { startServer, launch, openPlayground, PHONE, DESKTOP, frames } from './browser.mjs';

let server, url, browser;
before(async () => { ({ server, url } = await startServer()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

async function canvasShot(page) {
  const box = await page.locator('#canvas').boundingBox();
  return { box, png: PNG.decode(await page.screenshot({ clip: box, fullPage: true })) };
}

function assertColour(px, want, what) {
  for (let k = 0; k < 3; ++k) assert.ok(Math.abs(px[k] - want[k]) <= 3, `${what}: got ${px} want ${want}`);
}

// Relative closeness for the numbers the flow shows against trace(): 1e-6 relative (nulls are masked).
function assertClose(got, want, what) {
  if (want === null || got === null) { assert.equal(got, want, what); return; }
  assert.ok(Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want)), `${what}: ${got} vs ${want}`);
}

const TEXT = 'the cat sat on the mat because it was warm';

test('flow and crowd are reachable by setView and by the URL', async () => {
  const { page, errors, context } = await openPlayground(browser, url + '#lang=en');
  for (const view of ['flow', 'crowd']) {
    assert.equal(await page.evaluate((v) => window.attentionPlayground.setView(v), view), true);
    await frames(page);
    const r = await page.evaluate(() => ({ s: window.attentionPlayground.getState(), l: window.attentionPlayground.layout() }));
    assert.equal(r.s.view, view);
    assert.ok(r.l[view], `${view} drew itself`);
    assert.match(page.url(), new RegExp(`view=${view}`));
  }
  await context.close();
  for (const view of ['flow', 'crowd']) {
    const again = await openPlayground(browser, url + `#view=${view}&lang=vi`);
    const r = await again.page.evaluate(() => ({ s: window.attentionPlayground.getState(), l: window.attentionPlayground.layout() }));
    assert.equal(r.s.view, view);
    assert.ok(r.l[view], `${view} drawn when opened from a link`);
    assert.deepEqual(again.errors.filter((e) => !/404/.test(e)), []);
    await again.context.close();
  }
  assert.deepEqual(errors.filter((e) => !/404/.test(e)), []);
});

test('flow: every step shows exactly the numbers of trace() for the chosen token', async () => {
  const { page, context } = await openPlayground(browser, url + '#view=flow&layer=1&head=2&focus=3&mask=causal&hide=1&text=' + encodeURIComponent(TEXT));
  const r = await page.evaluate(() => {
    const ap = window.attentionPlayground;
    const steps = [];
    for (let s = 0; s < 8; ++s) { ap.setState({ step: s }); steps.push(ap.flowStep()); }
    return { steps, trace: ap.trace(1, 2), state: ap.getState() };
  });
  const names = r.steps.map((s) => s.shown.map((x) => x.name).join('+'));
  assert.deepEqual(names, ['input', 'q+k+v', 'scores', 'scaled', 'masked', 'weights', 'context', 'output']);
  let compared = 0;
  for (const s of r.steps) {
    assert.equal(s.layer, 1);
    assert.equal(s.head, 2);
    assert.equal(s.focus, 3);
    assert.equal(s.head_defaulted, false);
    for (const shown of s.shown) {
      const want = r.trace[shown.name][3];
      assert.equal(shown.values.length, want.length, `${shown.name} length`);
      shown.values.forEach((v, i) => assertClose(v, want[i], `step ${s.step} ${shown.name}[${i}]`));
      compared += want.length;
    }
  }
  assert.ok(compared > 200, `compared ${compared} numbers`);
  // The causal mask and the hidden token show up as masked (null) entries and zero weights.
  const masked = r.steps[4].shown[0].values, weights = r.steps[5].shown[0].values;
  assert.equal(masked[1], null);
  assert.equal(masked[5], null);
  assert.equal(weights[1], 0);
  assert.ok(Math.abs(weights.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  // A step past the end is clamped to the last one.
  const last = await page.evaluate(() => { window.attentionPlayground.setState({ step: 40 }); return window.attentionPlayground.flowStep(); });
  assert.equal(last.step, 7);
  await context.close();
});

test('flow: all heads selected shows head 0 and says so', async () => {
  const { page, context } = await openPlayground(browser, url + '#view=flow&head=-1&step=2&lang=en');
  const r = await page.evaluate(() => ({ f: window.attentionPlayground.flowStep(), t: window.attentionPlayground.trace(0, 0) }));
  assert.equal(r.f.head, 0);
  assert.equal(r.f.head_defaulted, true);
  r.f.shown[0].values.forEach((v, i) => assertClose(v, r.t.scores[r.f.focus][i], `scores[${i}]`));
  await context.close();
});

test('flow: a score breaks down term by term into q[m] x k[m], largest first, summing to the score', async () => {
  const { page, context } = await openPlayground(browser, url + '#view=flow&step=2&focus=2&text=' + encodeURIComponent(TEXT));
  const r = await page.evaluate(() => {
    const ap = window.attentionPlayground;
    const n = ap.tokens().length;
    const details = [];
    for (let j = 0; j < n; ++j) details.push(ap.flowStep(j).detail);
    return { details, t: ap.trace(0, 0), none: ap.flowStep(99).detail };
  });
  assert.equal(r.none, null);
  for (const d of r.details) {
    assert.equal(d.terms.length, r.t.q[0].length);
    let sum = 0;
    d.terms.forEach((term, i) => {
      assertClose(term.q, r.t.q[2][term.m], 'q');
      assertClose(term.k, r.t.k[d.key][term.m], 'k');
      assert.ok(Math.abs(term.product - term.q * term.k) <= 1e-5 * Math.max(1, Math.abs(term.product)));
      if (i) assert.ok(Math.abs(term.product) <= Math.abs(d.terms[i - 1].product), 'largest first');
      sum += term.product;
    });
    assertClose(d.score, r.t.scores[2][d.key], 'score');
    assert.ok(Math.abs(sum - d.score) <= 1e-4 * Math.max(1, Math.abs(d.score)), `terms sum ${sum} vs ${d.score}`);
    assertClose(d.weight, r.t.weights[2][d.key], 'weight');
  }
  await context.close();
});

test('flow: the matrices are drawn where layout() says, in the colours of their values', async () => {
  for (const opts of [DESKTOP, PHONE]) {
    for (const step of [1, 5]) {
      const { page, context } = await openPlayground(browser, url + `#view=flow&step=${step}&focus=1&lang=en&text=` + encodeURIComponent(TEXT), opts);
      await frames(page, 3);
      const r = await page.evaluate(() => {
        const ap = window.attentionPlayground;
        const layout = ap.layout().flow;
        const trace = ap.trace(0, 0);
        // The colour each sampled cell should have: the signed map (value / scale) or the weights map.
        const want = layout.matrices.map((m) => trace[m.name].map((row) => row.map((v) =>
          v === null ? null : m.weights_map ? ap.colormap(v) : ap.divergingColour(v / m.scale))));
        return { layout, want, focus: ap.flowStep().focus, dpr: window.devicePixelRatio };
      });
      const { png } = await canvasShot(page);
      const expected = step === 1 ? ['q', 'k', 'v'] : ['masked', 'weights'];
      assert.deepEqual(r.layout.matrices.map((m) => m.name), expected);
      let checked = 0;
      const distinct = new Set();
      r.layout.matrices.forEach((m, mi) => {
        const cw = (m.rect.x1 - m.rect.x0) / m.cols, rh = (m.rect.y1 - m.rect.y0) / m.rows;
        for (const row of [r.focus, 4, m.rows - 1]) for (let c = 0; c < m.cols; c += Math.max(1, Math.floor(m.cols / 6))) {
          const want = r.want[mi][row][c];
          if (want === null) continue;
          const x = Math.round((m.rect.x0 + (c + 0.5) * cw) * r.dpr), y = Math.round((m.rect.y0 + (row + 0.5) * rh) * r.dpr);
          assertColour(png.pixel(x, y), want, `${opts === PHONE ? 'phone' : 'desktop'} step ${step} ${m.name}[${row}][${c}]`);
          distinct.add(want.join(','));
          ++checked;
        }
      });
      assert.ok(checked >= 20, `checked ${checked} cells`);
      assert.ok(distinct.size >= 6, 'a flat matrix would prove nothing');
      // The chosen token's row is outlined in white just above its first cell.
      const m = r.layout.matrices[0], rh = (m.rect.y1 - m.rect.y0) / m.rows;
      const line = Math.max(1.5, 2 * r.dpr);  // the outline's thickness in device pixels, as the view draws it
      const edge = png.pixel(Math.round((m.rect.x0 + 2) * r.dpr), Math.round((m.rect.y0 + r.focus * rh) * r.dpr - line));
      assert.ok(edge.every((ch) => ch > 200), `white outline at the chosen row: ${edge}`);
      await context.close();
    }
  }
});

test('flow: tapping a score locks its breakdown until tapped again (mouse and touch)', async () => {
  for (const opts of [DESKTOP, PHONE]) {
    const { page, context } = await openPlayground(browser, url + '#view=flow&step=2&focus=1&text=' + encodeURIComponent(TEXT), opts);
    await frames(page, 2);
    const tap = async (j) => {
      const m = (await page.evaluate(() => window.attentionPlayground.layout().flow)).matrices.find((x) => x.name === 'scores');
      const box = await page.locator('#canvas').boundingBox();
      const x = box.x + m.rect.x0 + (j + 0.5) * (m.rect.x1 - m.rect.x0) / m.cols;
      const y = box.y + m.rect.y0 + 1.5 * (m.rect.y1 - m.rect.y0) / m.rows;
      if (opts.hasTouch) await page.touchscreen.tap(x, y); else await page.mouse.click(x, y);
      await frames(page, 3);
      return page.evaluate(() => window.attentionPlayground.flowStep().locked);
    };
    assert.deepEqual(await tap(4), { row: 1, key: 4 });
    assert.deepEqual(await tap(4), null);
    await context.close();
  }
});

test('flow: autoplay walks to the end and stops; it never starts under reduced motion', async () => {
  const { page, context } = await openPlayground(browser, url + '#view=flow&step=6');
  const r = await page.evaluate(async () => {
    const ap = window.attentionPlayground;
    const started = ap.flowAutoplay(true);
    await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    return { started, after: ap.flowStep() };
  });
  assert.equal(r.started, true);
  assert.equal(r.after.step, 7);
  assert.equal(r.after.autoplay.playing, false, 'stops at the last step');
  await context.close();
  const calm = await openPlayground(browser, url + '#view=flow&step=2', { ...DESKTOP, reducedMotion: 'reduce' });
  const c = await calm.page.evaluate(async () => {
    const ap = window.attentionPlayground;
    const started = ap.flowAutoplay(true);
    await new Promise((res) => setTimeout(res, 300));
    return { started, f: ap.flowStep() };
  });
  assert.equal(c.started, false);
  assert.equal(c.f.autoplay.available, false);
  assert.equal(c.f.step, 2);
  await calm.context.close();
});

test('crowd: a red hat wins, two red hats share, temperature sharpens or softens', async () => {
  const { page, context } = await openPlayground(browser, url + '#view=crowd&lang=en');
  const r = await page.evaluate(() => {
    const ap = window.attentionPlayground;
    const one = ap.crowd();
    ap.setCrowd({ scene: 1 });
    const two = ap.crowd();
    const byTemp = {};
    ap.setCrowd({ scene: 0 });
    for (const t of [0.3, 1, 3]) { ap.setState({ temperature: t }); byTemp[t] = ap.crowd(); }
    const bad = ap.setCrowd({ hat: 'pink' });
    return { one, two, byTemp, bad, after: ap.crowd().query };
  });
  const { one, two, byTemp } = r;
  assert.equal(one.query.hat, 'red');
  assert.equal(one.people[one.winner].hat, 'red');
  assert.equal(one.winner_name, 'Bảo');
  assert.ok(one.weights[one.winner] > 0.6, `winner weight ${one.weights[one.winner]}`);
  assert.match(one.people[0].fact, /tickets/);
  // The scores are q . k of the query and each person's key (the same head_attention_forward).
  one.people.forEach((p, i) => assertClose(one.scores[i], p.key.reduce((a, k, f) => a + k * one.q[f], 0), `score ${i}`));
  // Two red hats: the weight splits between them (equal to 1e-6), and they take most of it.
  const reds = two.people.map((p, i) => (p.hat === 'red' ? i : -1)).filter((i) => i >= 0);
  assert.equal(reds.length, 2);
  assert.ok(Math.abs(two.weights[reds[0]] - two.weights[reds[1]]) < 1e-6);
  assert.ok(two.weights[reds[0]] > 0.4 && two.weights[reds[1]] > 0.4);
  assert.deepEqual(two.blend.slice(0, 2).map((b) => b.name).sort(), ['Bảo', 'Lan']);
  // Temperature: lower means a larger winning weight; every time the weights sum to 1.
  const top = (c) => Math.max(...c.weights);
  assert.ok(top(byTemp[0.3]) > top(byTemp[1]) && top(byTemp[1]) > top(byTemp[3]));
  assert.ok(top(byTemp[0.3]) > 0.99);
  for (const c of Object.values(byTemp)) assert.ok(Math.abs(c.weights.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  for (const c of Object.values(byTemp)) c.context.forEach((v, i) => assertClose(v, c.weights[i], 'context = weights x identity V'));
  assert.equal(r.bad, false);
  assert.equal(r.after.hat, 'red');
  await context.close();
});

test('crowd: the query lives in the link, and a tie is broken by asking for glasses', async () => {
  const { page, context } = await openPlayground(browser, url + '#view=crowd&crowd=1.red.any.yes&lang=vi');
  const c = await page.evaluate(() => window.attentionPlayground.crowd());
  assert.deepEqual({ ...c.query, encoded: undefined }, { scene: 1, hat: 'red', shirt: 'any', glasses: 'yes', encoded: undefined });
  assert.equal(c.winner_name, 'Lan');
  assert.match(c.people[1].fact, /phở/);
  await page.evaluate(() => window.attentionPlayground.setCrowd({ hat: 'blue', glasses: 'no' }));
  await frames(page);
  assert.match(page.url(), /crowd=1\.blue\.any\.no/);
  await context.close();
});

test('crowd: the scene is drawn where layout() says: hats in their colours, bars as long as the weights', async () => {
  for (const opts of [DESKTOP, PHONE]) {
    const { page, context } = await openPlayground(browser, url + '#view=crowd&lang=en', opts);
    await frames(page, 3);
    const r = await page.evaluate(() => {
      const ap = window.attentionPlayground;
      const c = ap.crowd();
      return { c, layout: ap.layout().crowd, fill: c.weights.map((w) => ap.colormap(w)), dpr: window.devicePixelRatio };
    });
    const { png } = await canvasShot(page);
    const px = (x, y) => png.pixel(Math.round(x * r.dpr), Math.round(y * r.dpr));
    const HAT = { red: [213, 94, 0], blue: [0, 114, 178], yellow: [240, 228, 66] };
    assert.equal(r.layout.people.length, r.c.people.length);
    r.c.people.forEach((p, i) => {
      const d = r.layout.people[i];
      if (p.hat === 'any') assert.equal(d.hat, null);
      else assertColour(px(d.hat[0], d.hat[1]), HAT[p.hat], `${p.name}'s ${p.hat} hat`);
      const w = r.c.weights[i], y = (d.bar.y0 + d.bar.y1) / 2;
      // Inside the filled part: the weight's colour; past it: the empty track.
      if (w > 0.1) assertColour(px(d.bar.x0 + (d.bar.x1 - d.bar.x0) * w * 0.5, y), r.fill[i], `${p.name}'s bar`);
      if (w < 0.9) assertColour(px(d.bar.x0 + (d.bar.x1 - d.bar.x0) * (w + 1) / 2, y), [70, 70, 82], `${p.name}'s empty track`);
    });
    await context.close();
  }
});

test('crowd: tapping a person keeps their details open until tapped again', async () => {
  for (const opts of [DESKTOP, PHONE]) {
    const { page, context } = await openPlayground(browser, url + '#view=crowd&lang=en', opts);
    const tap = async () => {
      const d = (await page.evaluate(() => window.attentionPlayground.layout().crowd)).people[1].figure;
      const box = await page.locator('#canvas').boundingBox();
      const x = box.x + (d.x0 + d.x1) / 2, y = box.y + (d.y0 + d.y1) / 2;
      if (opts.hasTouch) await page.touchscreen.tap(x, y); else await page.mouse.click(x, y);
      await frames(page, 3);
      return page.locator('#summary').textContent();
    };
    const status = await tap();
    assert.match(status, /Bảo/);
    const locked = await page.evaluate(() => window.attentionPlayground.layout().crowd.locked);
    assert.equal(locked, 1);
    await tap();
    assert.equal(await page.evaluate(() => window.attentionPlayground.layout().crowd.locked), -1);
    await context.close();
  }
});
