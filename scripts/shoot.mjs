// Screenshots of the playground at phone and desktop size, for a human to look at (not a test).
import { startServer, launch, openPlayground, PHONE, DESKTOP } from '../tests/browser/browser.mjs';

const outDir = process.argv[2] || '/tmp/shots';
const hash = process.argv[3] || '';
const { server, url } = await startServer();
const browser = await launch();
for (const [name, opts] of [['phone', PHONE], ['desktop', DESKTOP]]) {
  const { page, errors, context } = await openPlayground(browser, url + hash, opts);
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${outDir}/${name}.png`, fullPage: true });
  console.log(name, 'errors:', JSON.stringify(errors), 'stats:', JSON.stringify(await page.evaluate(() => window.attentionPlayground.stats())));
  await context.close();
}
await browser.close();
server.close();
