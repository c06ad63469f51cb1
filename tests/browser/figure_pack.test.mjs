// Browser tests of figure packs (issue 14): an article figure shows the trained model's numbers,
// precomputed by the build for its link, before the 1.4 MB model file is in; they are exactly the
// numbers the model then computes, pixel for pixel; a bad pack changes nothing; every figure of
// the demo article has one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, launch, frames, testDist } from './browser.mjs';
import { PNG } from './png.mjs';

let server, url, browser;
before(async () => { ({ server, url } = await startServer()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const PHONE = { viewport: { width: 390, height: 700 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true };
const demo = fs.readFileSync(path.join(testDist(), 'article-demo.html'), 'utf8');
const LINKS = [...demo.matchAll(/data-src="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));

// Opens a link with the model file held back until release() is called (a slow link, in effect).
async function openHeld(link, { pack } = {}) {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  let release;
  const released = new Promise((r) => { release = r; });
  await page.route('**/attention-model*.bin', async (route) => { await released; await route.continue(); });
  if (pack) await page.route('**/figure-*.bin', pack);
  await page.goto(url + link);
  await page.evaluate(() => window.attentionPlayground.ready.then(() => true));
  return { context, page, errors, release };
}
const stats = (page) => page.evaluate(() => window.attentionPlayground.stats());
const waitPicture = (page, kind) => page.waitForFunction((kind) => window.attentionPlayground.stats().picture === kind, kind, { timeout: 60000 });

// Everything the figure's numbers are: every head's weights and the honest views, pieces and words.
function numbers(page) {
  return page.evaluate(() => {
    const api = window.attentionPlayground, m = api.model(), out = { tokens: api.tokens().map((t) => t.text + '/' + t.id).join(' ') };
    for (let l = 0; l < m.layers; l++)
      for (let h = -1; h < m.heads; h++)
        for (const method of ['raw', 'norm', 'rollout'])
          for (const unit of ['piece', 'word']) out[`${l}.${h}.${method}.${unit}`] = JSON.stringify(api.attention(l, h, { method, unit }));
    out.habits = JSON.stringify(api.headBehaviour());
    return out;
  });
}

test('an article figure shows the trained model\'s precomputed numbers before the model file, identical to the model\'s own', async () => {
  const link = LINKS[0];  // the first figure: a Vietnamese conversation in the focus view
  const { context, page, errors, release } = await openHeld(link);
  await waitPicture(page, 'precomputed');
  await frames(page, 3);
  const model = await page.evaluate(() => window.attentionPlayground.model());
  assert.equal(model.trained, false, 'the model file is still held back');
  assert.equal(model.precomputed, true);
  const pieces = await page.evaluate(() => window.attentionPlayground.tokens().map((t) => t.text));
  assert.ok(pieces.includes('trời') && pieces.includes('mưa'), `syllable pieces, not letters: ${pieces.join('|')}`);
  const before = await numbers(page);
  const shotBefore = PNG.decode(await page.screenshot());
  const p = await page.evaluate(() => window.attentionPlayground.layout().picture);

  release();
  await page.evaluate(() => window.attentionPlayground.modelReady.then(() => true));
  await waitPicture(page, 'trained');
  await frames(page, 3);
  const after = await numbers(page);
  assert.equal((await page.evaluate(() => window.attentionPlayground.model())).trained, true);
  for (const k of Object.keys(before)) assert.equal(after[k], before[k], `${k} differs between the pack and the model`);
  // The picture itself: every sampled pixel of it is the same before and after the model arrived.
  const shotAfter = PNG.decode(await page.screenshot());
  let sampled = 0, differ = 0;
  for (let y = Math.ceil(p.y * 3); y < Math.min(shotAfter.height, (p.y + p.h) * 3); y += 5)
    for (let x = Math.ceil(p.x * 3); x < Math.min(shotAfter.width, (p.x + p.w) * 3); x += 5) {
      sampled++;
      if (shotBefore.pixel(x, y).join() !== shotAfter.pixel(x, y).join()) differ++;
    }
  assert.ok(sampled > 5000, `${sampled} pixels sampled`);
  assert.equal(differ, 0, `${differ} of ${sampled} picture pixels changed when the model replaced the pack`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('every figure of the demo article has a pack, and it is used until the model arrives', async () => {
  assert.equal(LINKS.length, 7);
  const manifest = JSON.parse(fs.readFileSync(path.join(testDist(), 'model.json'), 'utf8'));
  for (const link of LINKS) {
    const { context, page, errors, release } = await openHeld(link);
    const key = await page.evaluate((h) => window.apPage.figurePackKey(h), link.split('#')[1]);
    assert.ok(manifest.figures && manifest.figures[key], `${link}: no pack ${key} in model.json`);
    await waitPicture(page, 'precomputed');
    const s = await stats(page);
    assert.ok(s.frames_drawn > 0);
    release();
    await waitPicture(page, 'trained');
    assert.deepEqual(errors, [], link);
    await context.close();
  }
});

test('a broken pack is refused and changes nothing: the stand-in until the model, then the model', async () => {
  const { context, page, errors, release } = await openHeld(LINKS[3], {
    pack: (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.from('ATTNFIG1 not really a pack') }),
  });
  await frames(page, 3);
  const s = await stats(page);
  assert.equal(s.picture, 'untrained');
  assert.equal((await page.evaluate(() => window.attentionPlayground.model())).precomputed, false);
  release();
  await waitPicture(page, 'trained');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a reader who edits the text before the model arrives sees the untrained label, not the pack', async () => {
  const { context, page, errors, release } = await openHeld('index.html' + LINKS[0].slice(LINKS[0].indexOf('#')));
  await waitPicture(page, 'precomputed');
  await page.evaluate(() => window.attentionPlayground.setText('Một câu khác hẳn.'));
  await frames(page, 3);
  assert.equal((await stats(page)).picture, 'untrained');
  assert.equal((await page.evaluate(() => window.attentionPlayground.model())).precomputed, false);
  // Back to the figure's own sentence: its precomputed numbers again.
  await page.evaluate((t) => window.attentionPlayground.setText(t), decodeURIComponent(LINKS[0].match(/text=([^&]*)/)[1]));
  await waitPicture(page, 'precomputed');
  release();
  await waitPicture(page, 'trained');
  assert.deepEqual(errors, []);
  await context.close();
});
