// Browser tests of the demo article with many embeds (issue 14): embeds load as the reader approaches
// them and become real (the trained model), a far-away embed is unloaded and comes back by itself with
// the same state, and the article switches to English with its embeds. Timings live in the bench.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, PHONE, DESKTOP } from './browser.mjs';

let server, url, browser;
before(async () => { ({ server, url } = await startServer()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

async function openDemo(options, query = '') {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url + 'article-demo.html' + query);
  return { context, page, errors };
}

const embed = (page, i) => page.locator('iframe.embed').nth(i);
// The embed's own document, once it is the playground (not about:blank, not the empty frame).
async function playgroundFrame(page, i, timeout = 90000) {
  await page.waitForFunction((i) => {
    const f = document.querySelectorAll('iframe.embed')[i];
    return f.dataset.ready === '1' && f.contentWindow.attentionPlayground;
  }, i, { timeout, polling: 100 });
  return (await embed(page, i).elementHandle()).contentFrame();
}
// The trained model's status inside embed i, once it settled.
const modelState = (frame) => frame.evaluate(() => window.attentionPlayground.modelReady.then((s) => ({
  state: s.state, trained: window.attentionPlayground.model().trained, view: window.attentionPlayground.getState().view })));
const center = (page, i) => embed(page, i).evaluate((e) => e.scrollIntoView({ block: 'center' }));

test('phone: the article scrolled end to end, every embed loads as it comes near and shows the trained model', async () => {
  const { context, page, errors } = await openDemo(PHONE, '?release=off');
  const n = await page.locator('iframe.embed').count();
  assert.ok(n >= 7, `${n} embeds`);
  // Before the reader scrolls, the last embeds (many screens down) have no document yet.
  await page.waitForFunction(() => document.querySelector('iframe.embed').dataset.state !== 'idle');
  const states = await page.evaluate(() => Array.from(document.querySelectorAll('iframe.embed')).map((f) => [f.dataset.state, f.getAttribute('src')]));
  assert.equal(states[n - 1][0], 'idle', JSON.stringify(states));
  assert.equal(states[n - 1][1], null, 'a far embed has no src yet');
  for (let i = 0; i < n; ++i) {
    await center(page, i);
    const frame = await playgroundFrame(page, i);
    const want = /view=([a-z]+)/.exec(await embed(page, i).getAttribute('data-src'))[1];
    const st = await modelState(frame);
    assert.deepEqual(st, { state: 'trained', trained: true, view: want }, `embed ${i}`);
  }
  // Nothing was released (release=off) and every embed is a live playground.
  const live = await page.evaluate(() => Array.from(document.querySelectorAll('iframe.embed')).filter((f) => f.contentWindow.attentionPlayground).length);
  assert.equal(live, n);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a far-away embed is unloaded and comes back by itself with the same state', async () => {
  const { context, page, errors } = await openDemo(PHONE, '?release=0.5');
  await center(page, 0);
  const frame = await playgroundFrame(page, 0);
  assert.equal((await modelState(frame)).state, 'trained');
  // The reader changes the figure: another token, head and temperature.
  await frame.evaluate(() => window.attentionPlayground.setState({ focus: 2, head: 1, temperature: 0.5 }));
  await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const before = await frame.evaluate(() => window.attentionPlayground.getState());
  assert.equal(before.focus, 2);
  assert.equal(before.head, 1);
  // To the end of the article: the first embed is many screens away and gets unloaded.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForFunction(() => document.querySelector('iframe.embed').dataset.state === 'released', null, { timeout: 20000 });
  const gone = await page.evaluate(() => {
    const f = document.querySelector('iframe.embed');
    return { src: f.getAttribute('src'), href: f.contentWindow.location.href, api: !!f.contentWindow.attentionPlayground, ready: f.dataset.ready || null };
  });
  assert.deepEqual(gone, { src: 'about:blank', href: 'about:blank', api: false, ready: null });
  // Back to the top: it loads again by itself, with the state the reader left.
  await page.evaluate(() => window.scrollTo(0, 0));
  const again = await playgroundFrame(page, 0);
  assert.equal((await modelState(again)).state, 'trained');
  const after = await again.evaluate(() => window.attentionPlayground.getState());
  assert.deepEqual(after, before);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the English switch turns the article and its embeds to English, and back', async () => {
  const { context, page, errors } = await openDemo(DESKTOP, '?release=off');
  const viTitle = await page.locator('h1').textContent();
  await center(page, 0);
  const frame = await playgroundFrame(page, 0);
  assert.equal(await frame.evaluate(() => window.attentionPlayground.getState().lang), 'vi');
  await page.click('#lang-switch');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.match(await page.locator('h1').textContent(), /where does a model look/);
  assert.equal(await page.locator('#lang-switch').textContent(), 'Tiếng Việt');
  assert.match(await embed(page, 3).getAttribute('title'), /heatmap/);
  assert.match(page.url(), /lang=en/);
  await frame.waitForFunction(() => window.attentionPlayground.getState().lang === 'en', null, { timeout: 10000 });
  // An embed loaded after the switch opens in English.
  await center(page, 3);
  const later = await playgroundFrame(page, 3);
  assert.equal(await later.evaluate(() => window.attentionPlayground.getState().lang), 'en');
  await page.click('#lang-switch');
  assert.equal(await page.locator('h1').textContent(), viTitle);
  await frame.waitForFunction(() => window.attentionPlayground.getState().lang === 'vi', null, { timeout: 10000 });
  assert.deepEqual(errors, []);
  await context.close();
});
