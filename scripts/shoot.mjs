// Screenshots of the playground at phone and desktop size, for a human to look at (not a test).
import { startServer, launch, openPlayground, PHONE, DESKTOP } from '../tests/browser/browser.mjs';

const outDir = process.argv[2] || '/tmp/shots';
const hash = process.argv[3] || '';
const pagePath = process.argv[4] || '';  // e.g. article-demo.html (a page without the API)
const { server, url } = await startServer();
const browser = await launch();
for (const [name, opts] of [['phone', PHONE], ['desktop', DESKTOP]]) {
  let page, errors = [], context;
  if (pagePath) {
    context = await browser.newContext(opts);
    page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(url + pagePath + hash);
    await page.waitForTimeout(8000);
  } else {
    ({ page, errors, context } = await openPlayground(browser, url + hash, opts, { model: true }));
    await page.waitForTimeout(300);
  }
  await page.screenshot({ path: `${outDir}/${name}.png`, fullPage: true });
  console.log(name, 'errors:', JSON.stringify(errors), 'stats:', pagePath ? '' : JSON.stringify(await page.evaluate(() => window.attentionPlayground.stats())));
  await context.close();
}
await browser.close();
server.close();
