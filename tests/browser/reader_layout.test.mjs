// The reader's layout: the picture first on a phone and a desktop, a thumb's swipe always scrolls, a tap outside closes a tooltip.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPlayground, frames, PHONE, DESKTOP } from './browser.mjs';

let server, url, browser;
before(async () => {
  ({ server, url } = await startServer());
  browser = await launch();
});
after(async () => {
  await browser.close();
  server.close();
});

const VIEWS = ['focus', 'flow', 'crowd', 'heatmap', 'links', 'heads', 'train'];
// The picture's place on the page (CSS px; layout() gives it so) and the canvas's height and content.
async function pictureOnPage(page) {
  return page.evaluate(() => {
    const l = window.attentionPlayground.layout();
    const c = document.getElementById('canvas').getBoundingClientRect();
    const p = l.picture;
    return p && { x: p.x, y: p.y, w: p.w, h: p.h, screenW: innerWidth, screenH: innerHeight,
      canvasH: c.height, content: l.content_h, scrollH: document.documentElement.scrollHeight };
  });
}
// How much of the first screen (at scroll 0) the picture covers, 0..1.
function firstScreenCover(p) {
  const top = Math.max(0, p.y), bottom = Math.min(p.screenH, p.y + p.h);
  const left = Math.max(0, p.x), right = Math.min(p.screenW, p.x + p.w);
  return (Math.max(0, bottom - top) * Math.max(0, right - left)) / (p.screenW * p.screenH);
}

test('phone 390x844: in every view the picture starts in the top 30% of the first screen and covers at least 40% of it; nothing is cut off', async () => {
  const { page, context, errors } = await openPlayground(browser, url + '#v=1&lang=vi', PHONE, { model: true });
  for (const view of VIEWS) {
    await page.evaluate((v) => window.attentionPlayground.setView(v), view);
    await frames(page, 4);
    const p = await pictureOnPage(page);
    assert.ok(p, `${view}: a picture is drawn`);
    assert.ok(p.y >= 0 && p.y <= 0.30 * p.screenH, `${view}: picture top ${p.y.toFixed(0)} px of ${p.screenH}`);
    const cover = firstScreenCover(p);
    assert.ok(cover >= 0.40, `${view}: picture covers ${(100 * cover).toFixed(1)}% of the first screen`);
    // The canvas is as tall as what it drew (within a pixel): the rest is below, reached by scrolling.
    assert.ok(p.canvasH + 1 >= p.content, `${view}: canvas ${p.canvasH} px holds its content ${p.content} px`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('desktop 1280x800 and 1920x1080: the heatmap of a short sentence takes at least 55% of the screen height', async () => {
  for (const [w, h] of [[1280, 800], [1920, 1080]]) {
    const { page, context } = await openPlayground(browser, url + '#v=1&view=heatmap&lang=vi', { ...DESKTOP, viewport: { width: w, height: h } }, { model: true });
    await frames(page, 4);
    const p = await pictureOnPage(page);
    const hm = await page.evaluate(() => window.attentionPlayground.layout().heatmap);
    const side = Math.min(hm.x1 - hm.x0, hm.y1 - hm.y0);
    assert.ok(side >= 0.55 * h, `${w}x${h}: heatmap side ${side.toFixed(0)} px, want >= ${(0.55 * h).toFixed(0)}`);
    // ...and all of it is on the first screen.
    assert.ok(p.y + p.h <= h, `${w}x${h}: heatmap bottom ${(p.y + p.h).toFixed(0)} within the screen`);
    await context.close();
  }
});

// A one-finger upward swipe over the middle of the canvas, as touch events (CDP), then how far the page moved.
async function swipeUp(page, context, distance) {
  const cdp = await context.newCDPSession(page);
  const x = 195, y0 = 700;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: y0 }] });
  for (let i = 1; i <= 15; ++i) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y0 - (distance * i) / 15 }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await page.waitForTimeout(300);
  return page.evaluate(() => window.scrollY);
}

test('phone: a one-finger swipe over the playground scrolls to what lies below the first screen, in every view', async () => {
  // A short sentence (the crowd and the heatmap fit the first screen) and a longer one (lists run below it).
  for (const text of ['The cat sat on the mat.', 'The animal did not cross the street because it was too tired. Con mèo đuổi theo con chuột. The cat sat on the mat.']) {
  const { page, context } = await openPlayground(browser, url + '#v=1&lang=vi&text=' + encodeURIComponent(text), PHONE, { model: true });
  const scrolled = [];
  for (const view of VIEWS) {
    await page.evaluate((v) => { window.scrollTo(0, 0); window.attentionPlayground.setView(v); }, view);
    await frames(page, 4);
    const p = await pictureOnPage(page);
    const below = p.scrollH - p.screenH;  // how much of the page lies below the first screen
    const moved = await swipeUp(page, context, 450);
    // Never nothing: there is always something below the first screen (at least the page's note
    // on what this is), and the swipe brings it up.
    assert.ok(below > 40, `${view}: ${below} px below the first screen`);
    assert.ok(moved >= Math.min(below, 300) * 0.6, `${view}: ${below} px below the first screen, the swipe moved ${moved} px`);
    assert.ok(p.canvasH + 1 >= p.content, `${view}: canvas ${p.canvasH} px holds its content ${p.content} px`);
    scrolled.push(view);
  }
  assert.equal(scrolled.length, VIEWS.length, `the page scrolled in ${scrolled.join(', ')}`);
  await context.close();
  }
});

test('phone: a tapped value keeps its tooltip until a tap outside the canvas closes it', async () => {
  const { page, context } = await openPlayground(browser, url + '#v=1&view=focus&lang=vi&focus=2', PHONE, { model: true });
  await frames(page, 4);
  // Tap a word chip of the picture: its exact weight shows as a tooltip (ImGui hovers where the finger was).
  const p = await pictureOnPage(page);
  const tooltip = () => page.evaluate(() => window.attentionPlayground.layout().tooltip);
  assert.equal(await tooltip(), false, 'no tooltip before the tap');
  // The first chip of the sentence, a little inside its top-left corner.
  await page.touchscreen.tap(p.x + 12, p.y + 12);
  await frames(page, 4);
  assert.equal(await tooltip(), true, 'the tap opened the chip\'s tooltip');
  // Tap outside the canvas (the page's top row, left of the menu button): the tooltip closes.
  await page.touchscreen.tap(200, 3);
  await frames(page, 4);
  assert.equal(await tooltip(), false, 'a tap outside the canvas closes it');
  await context.close();
});

test('phone: the rest is one tap away: the "⋯" menu shows the page\'s actions and every canvas control, a second tap hides them', async () => {
  const { page, context } = await openPlayground(browser, url + '#v=1&view=heatmap&lang=vi', PHONE, { model: true });
  await frames(page, 4);
  const terms = () => page.evaluate(() => window.attentionPlayground.layout().terms.flatMap((t) => t.terms));
  const visible = (sel) => page.locator(sel).isVisible();
  // Closed: the picture's own controls only (layer and head), no temperature, no share button.
  assert.ok(!(await terms()).includes('temperature'), 'no temperature control on the first screen');
  assert.equal(await visible('#share-btn'), false);
  const before = (await pictureOnPage(page)).y;
  await page.touchscreen.tap(...await centre(page, '#figure-menu-btn'));
  await frames(page, 4);
  assert.ok((await terms()).includes('temperature'), 'the menu shows the temperature (with its explanation)');
  assert.ok((await terms()).includes('contribution'), 'and the weight / contribution / rollout switch');
  assert.equal(await visible('#share-btn'), true);
  assert.equal(await visible('#lang-toggle'), true);
  await page.touchscreen.tap(...await centre(page, '#figure-menu-btn'));
  await frames(page, 4);
  assert.ok(!(await terms()).includes('temperature'), 'closed again');
  assert.equal(Math.round((await pictureOnPage(page)).y), Math.round(before), 'the picture is back where it was');
  await context.close();
});

async function centre(page, sel) {
  const b = await page.locator(sel).boundingBox();
  return [b.x + b.width / 2, b.y + b.height / 2];
}
