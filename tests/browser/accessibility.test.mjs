// axe-core's default rules over the page in every view, an embed of every view and the article demo with its frames, on a phone and a desktop: zero violations (issue 35).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, launch, openPlayground, frames, PHONE, DESKTOP, ROOT } from './browser.mjs';

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const VIEWS = ['focus', 'flow', 'crowd', 'heatmap', 'links', 'heads', 'train'];
const SIZES = { phone: PHONE, desktop: DESKTOP };

let server, url, browser;
before(async () => { ({ server, url } = await startServer()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

// The pages' CSP (script-src 'self') refuses an inline script, and axe arrives as one: the test's
// context bypasses the CSP (the pages' own scripts are unchanged; static_hosting.test.mjs checks the CSP).
const withAxe = (size) => ({ ...size, bypassCSP: true });

// Puts axe into every frame of the page (axe's iframes option asks the copy inside each frame to audit
// its own document), then audits from the top and returns the violations as readable lines.
async function audit(page) {
  for (const f of page.frames()) {
    if (f.url() === 'about:blank' || f.url() === '') continue;
    await f.addScriptTag({ content: AXE });
  }
  const violations = await page.evaluate(() => window.axe.run(document, { iframes: true }).then((r) => r.violations.map((v) => ({
    id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' >>> ')) }))));
  return violations.map((v) => `${v.id} (${v.impact}) x${v.nodes.length}: ${v.nodes.join(' | ')}`);
}

for (const [name, size] of Object.entries(SIZES)) {
  test(`${name}: the full page in every view has no axe violation`, async () => {
    const { context, page, errors } = await openPlayground(browser, url + 'index.html', withAxe(size));
    const found = [];
    for (const v of VIEWS) {
      assert.equal(await page.evaluate((v) => window.attentionPlayground.setView(v), v), true, v);
      await frames(page, 3);
      for (const line of await audit(page)) found.push(`${v}: ${line}`);
    }
    assert.deepEqual(found, [], found.join('\n'));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`${name}: an embed of every view has no axe violation`, async () => {
    const found = [];
    for (const v of VIEWS) {
      const { context, page, errors } = await openPlayground(browser, url + `index.html?embed=1#v=1&view=${v}&theme=light`, withAxe(size));
      await frames(page, 3);
      for (const line of await audit(page)) found.push(`${v}: ${line}`);
      assert.deepEqual(errors, [], v);
      await context.close();
    }
    assert.deepEqual(found, [], found.join('\n'));
  });

  test(`${name}: the article demo with all its embeds loaded has no axe violation`, async () => {
    const context = await browser.newContext(withAxe(size));
    const page = await context.newPage();
    // release=off: an embed scrolled past keeps its document, so every frame is audited as a reader meets it.
    await page.goto(url + 'article-demo.html?release=off');
    const n = await page.locator('iframe.embed').count();
    assert.ok(n >= 7, `${n} embeds`);
    for (let i = 0; i < n; ++i) {
      await page.locator('iframe.embed').nth(i).evaluate((e) => e.scrollIntoView({ block: 'center' }));
      await page.waitForFunction((i) => {
        const f = document.querySelectorAll('iframe.embed')[i];
        return f.dataset.ready === '1' && f.contentWindow.attentionPlayground;
      }, i, { timeout: 90000, polling: 100 });
    }
    // Every embed is a playground document that axe audits (none is about:blank).
    const live = page.frames().filter((f) => f !== page.mainFrame() && /index\.html\?embed=1/.test(f.url())).length;
    assert.equal(live, n);
    const found = await audit(page);
    assert.deepEqual(found, [], found.join('\n'));
    await context.close();
  });
}
