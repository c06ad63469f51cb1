// Shared helpers for the browser tests: serve dist/, launch Debian's Chromium headless, open pages.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

export function testDist() {
  const dist = process.env.PLAYGROUND_DIST || path.join(ROOT, 'dist');
  return fs.existsSync(dist + '-hooks') ? dist + '-hooks' : dist;
}
// What readers get: the product build without hooks.
export const PRODUCT_DIST = () => process.env.PLAYGROUND_DIST || path.join(ROOT, 'dist');

export async function startServer(port = 0, dir = testDist()) {
  // The tests use the hooks build (dist-hooks/: the product plus test entry points, written beside
  // dist/ by scripts/build-web.sh). PLAYGROUND_DIST serves another build (e.g. one engineer's
  // private one), its -hooks twin when there is one.
  const server = await serve(dir, port);
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

export async function launch(extraArgs = []) {
  // playwright gives every launch a fresh temporary profile (it refuses --user-data-dir here).
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', ...extraArgs],
  });
  return browser;
}

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true };
export const DESKTOP = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };

// Opens the playground and waits for `ready`; collects console errors for the caller to check.
// By default the page runs on the untrained stand-in (model.json answers "no model"), so tests
// that count word tokens do not depend on the shipped vocabulary or on when the model arrives;
// pass { model: true } to load the shipped model first.
export async function openPlayground(browser, url, contextOptions = DESKTOP, { model = false } = {}) {
  // A reader whose system prefers dark colours unless the test says otherwise: the full page's theme
  // is auto, and the tests written before the light theme sample the dark background
  // (tests/browser/theme.test.mjs covers light, dark and auto).
  const context = await browser.newContext({ colorScheme: 'dark', ...contextOptions });
  const page = await context.newPage();
  if (!model) await page.route('**/model.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: '{"file": null}' }));
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.evaluate(() => window.attentionPlayground.ready.then(() => window.attentionPlayground.modelReady).then(() => true));
  // Two animation frames so the canvas shows the current state.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return { context, page, errors };
}

// Waits `n` animation frames, then until the playground has handled every input event sent so far
// (ImGui takes one press or release per frame, so a burst of keys or a click needs several frames).
// On a page without the playground's API (the demo host page) it only waits the frames.
export function frames(page, n = 2) {
  return page.evaluate(async (n) => {
    for (let k = 0; k < n; k++) await new Promise((r) => requestAnimationFrame(r));
    const api = window.attentionPlayground;
    if (api && api.settle) await api.settle();
  }, n);
}
