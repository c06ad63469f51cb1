// Browser tests of article figures (?embed=1, issue 14): on a 390 x 700 phone embed each view's
// picture starts in the top 30% of the frame and covers at least 45% of it, only the figure's
// controls show (the link's `controls=` or the view's defaults), and the one menu brings back the
// rest and a link to the full playground with the same state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPlayground, frames } from './browser.mjs';
import { PNG } from './png.mjs';

let server, url, browser;
before(async () => { ({ server, url } = await startServer()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const FRAME = { w: 390, h: 700 };
const EMBED = { viewport: { width: FRAME.w, height: FRAME.h }, deviceScaleFactor: 3, hasTouch: true, isMobile: true };
// The article's examples, one per view (Vietnamese first: the article's readers type Vietnamese).
const FIGURES = [
  ['focus', 'An: Hôm nay trời mưa to quá. Bình: Vậy mình ở nhà xem phim nhé.', '&focus=4&head=-1'],
  ['flow', 'Con mèo ngồi trên tấm thảm', '&focus=1'],
  ['crowd', null, ''],
  ['heatmap', 'Con mèo ngồi trên tấm thảm vì trời ấm.', '&focus=1'],
  ['links', 'Tôi tìm người bạn Bảo đội mũ đỏ trong đám đông.', '&focus=5&head=-1'],
  ['heads', 'Con mèo ngồi trên tấm thảm vì trời ấm.', ''],
];
const hashOf = (view, text, extra) => `#v=1&view=${view}${text ? '&text=' + encodeURIComponent(text) : ''}${extra}&lang=vi`;
const picture = (page) => page.evaluate(() => window.attentionPlayground.layout().picture);
const visible = (page, id) => page.evaluate((id) => {
  const e = document.getElementById(id);
  return !!e && getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().height > 0;
}, id);

// Share of the picture's pixels (sampled every 6 device pixels) that differ from the page background:
// a picture that is only empty frame would not count.
async function drawnShare(page, p) {
  const shot = PNG.decode(await page.screenshot());
  const k = 3;  // device pixels per CSS pixel
  let drawn = 0, all = 0;
  for (let y = Math.ceil(p.y * k); y < Math.min(shot.height, (p.y + p.h) * k); y += 6)
    for (let x = Math.ceil(p.x * k); x < Math.min(shot.width, (p.x + p.w) * k); x += 6) {
      const [r, g, b] = shot.pixel(x, y);
      all++;
      if (Math.abs(r - 0x17) + Math.abs(g - 0x17) + Math.abs(b - 0x1c) > 24) drawn++;
    }
  return all ? drawn / all : 0;
}

for (const [view, text, extra] of FIGURES) {
  test(`figure ${view}: on a 390 x 700 phone embed the picture starts in the top 30% and covers at least 45%`, async () => {
    const { page, errors, context } = await openPlayground(browser, url + 'index.html?embed=1' + hashOf(view, text, extra), EMBED, { model: true });
    await frames(page, 3);
    const p = await picture(page);
    assert.ok(p, `${view}: layout().picture`);
    // Only the part inside the frame counts.
    const x0 = Math.max(0, p.x), y0 = Math.max(0, p.y), x1 = Math.min(FRAME.w, p.x + p.w), y1 = Math.min(FRAME.h, p.y + p.h);
    const share = (Math.max(0, x1 - x0) * Math.max(0, y1 - y0)) / (FRAME.w * FRAME.h);
    assert.ok(p.y <= 0.3 * FRAME.h, `${view}: picture starts at ${p.y.toFixed(0)} px of ${FRAME.h}`);
    assert.ok(share >= 0.45, `${view}: picture covers ${(share * 100).toFixed(1)}% of the frame (${JSON.stringify(p)})`);
    const ink = await drawnShare(page, { x: x0, y: y0, w: x1 - x0, h: y1 - y0 });
    assert.ok(ink > 0.08, `${view}: ${(ink * 100).toFixed(1)}% of the picture is drawn`);
    // The view's default controls: the text field where its paragraph talks about the text.
    assert.equal(await visible(page, 'text-input'), ['focus', 'heatmap', 'links', 'heads'].includes(view), `${view}: text field`);
    assert.equal(await visible(page, 'share-btn'), false, 'the actions wait in the menu');
    assert.equal(await visible(page, 'figure-menu-btn'), true);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('figure menu: opens the actions, every control and a link to the full playground with the same state; Escape closes it', async () => {
  const hash = hashOf('heatmap', 'Con mèo ngồi trên tấm thảm', '&focus=2&layer=1');
  const { page, errors, context } = await openPlayground(browser, url + 'index.html?embed=1' + hash, EMBED, { model: true });
  await frames(page, 3);
  const bare = await picture(page);
  await page.click('#figure-menu-btn');
  await frames(page, 3);
  assert.equal(await page.getAttribute('#figure-menu-btn', 'aria-expanded'), 'true');
  assert.equal(await visible(page, 'share-btn'), true);
  assert.equal(await visible(page, 'full-link'), true);
  const href = await page.getAttribute('#full-link', 'href');
  assert.match(href, /^index\.html#/);
  assert.ok(!href.includes('embed=1'), href);
  const linked = await page.evaluate((h) => window.apHashState.decode(h.slice(h.indexOf('#'))), href);
  assert.equal(linked.view, 'heatmap');
  assert.equal(linked.text, 'Con mèo ngồi trên tấm thảm');
  assert.equal(linked.layer, 1);
  // With every control back (tabs, layer, head, mask, temperature, method, zoom), the picture moves down.
  const full = await picture(page);
  assert.ok(full.y > bare.y + 60, `menu open: picture at ${full.y.toFixed(0)}, bare ${bare.y.toFixed(0)}`);
  await page.keyboard.press('Escape');
  await frames(page, 3);
  assert.equal(await page.getAttribute('#figure-menu-btn', 'aria-expanded'), 'false');
  assert.equal(await visible(page, 'share-btn'), false);
  const again = await picture(page);
  assert.ok(Math.abs(again.y - bare.y) < 1, `closed again: ${again.y} vs ${bare.y}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('figure controls from the link: an empty list hides the text field, a list shows what it names, an unknown name is said', async () => {
  const hash = hashOf('heatmap', 'Con mèo ngồi trên tấm thảm', '');
  let o = await openPlayground(browser, url + 'index.html?embed=1&controls=' + hash, EMBED);
  await frames(o.page, 3);
  assert.equal(await visible(o.page, 'text-input'), false, 'controls= (none): no text field');
  const none = await picture(o.page);
  await o.context.close();
  o = await openPlayground(browser, url + 'index.html?embed=1&controls=text,mask,temperature,method' + hash, EMBED);
  await frames(o.page, 3);
  assert.equal(await visible(o.page, 'text-input'), true);
  const more = await picture(o.page);
  // The text row, then the mask, temperature and method controls above the picture.
  assert.ok(more.y > none.y + 40, `more controls: picture at ${more.y.toFixed(0)} vs ${none.y.toFixed(0)}`);
  await o.context.close();
  o = await openPlayground(browser, url + 'index.html?embed=1&controls=text,bogus' + hash, EMBED);
  await frames(o.page, 3);
  const msg = await o.page.evaluate(() => document.getElementById('message').textContent);
  assert.match(msg, /bogus/);
  assert.match(msg, /điều khiển/);  // in the reader's language (the link says lang=vi)
  assert.ok(await picture(o.page), 'the figure still shows');
  assert.deepEqual(o.errors, []);
  await o.context.close();
});
