// The heatmap's column labels, turned upright, are drawn whole: the last column's label is as long
// as the same word's label in the first column (it was cut, 'thảm' to 'thả', when glyphs past the
// clip's right edge were dropped before the text was turned).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPlayground, frames, DESKTOP, PHONE } from './browser.mjs';
import { PNG } from './png.mjs';

let server, url, browser;
before(async () => { ({ server, url } = await startServer()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

// The length of a column label's ink (device pixels) in its strip above the grid: from the first
// row with a pixel unlike the background (within 24 CSS px of the grid's top edge) to the last one
// before a gap of 4 CSS px of empty rows.
function labelInk(png, cx, top, half, bg, dpr) {
  const inked = (y) => {
    for (let x = cx - half; x <= cx + half; ++x) {
      const p = png.pixel(x, y);
      if (Math.abs(p[0] - bg[0]) + Math.abs(p[1] - bg[1]) + Math.abs(p[2] - bg[2]) > 90) return true;
    }
    return false;
  };
  let start = top - 1;
  while (start > top - 24 * dpr && !inked(start)) --start;
  if (!inked(start)) return 0;
  let end = start, gap = 0;
  for (let y = start - 1; y >= 0 && gap < 4 * dpr; --y) {
    if (inked(y)) { end = y; gap = 0; } else ++gap;
  }
  return start - end + 1;
}

test('the last column label of the heatmap is as long as the same word in the first column', async () => {
  for (const opts of [DESKTOP, PHONE]) {
    const { page, context, errors } = await openPlayground(browser, url + '#view=heatmap&lang=vi&text=th%E1%BA%A3m+l%C3%A0+th%E1%BA%A3m', opts);
    await frames(page, 3);
    const { toks, layout, dpr } = await page.evaluate(() => {
      const ap = window.attentionPlayground;
      return { toks: ap.tokens().map((t) => t.text), layout: ap.layout(), dpr: window.devicePixelRatio };
    });
    assert.deepEqual(toks, ['thảm', 'là', 'thảm']);
    const h = layout.heatmap;
    assert.ok(h, 'heatmap drawn');
    const canvasBox = await page.locator('#canvas').boundingBox();
    const png = PNG.decode(await page.screenshot({ clip: canvasBox }));
    const cell = (h.x1 - h.x0) / h.span * dpr, top = Math.floor(h.y0 * dpr);
    const centre = (c) => Math.round(h.x0 * dpr + (c + 0.5) * cell);
    const half = Math.round(Math.min(cell * 0.4, 14 * dpr));
    const bg = png.pixel(Math.round(h.x0 * dpr + 2), top - 2);  // left of the first label
    const first = labelInk(png, centre(0), top, half, bg, dpr), last = labelInk(png, centre(2), top, half, bg, dpr);
    const middle = labelInk(png, centre(1), top, half, bg, dpr);
    // A word of four letters is taller than a few pixels; 'là' is shorter than 'thảm'.
    assert.ok(first > 12 * dpr, `first label is ${first} px long`);
    assert.ok(middle < first - 3 * dpr, `'là' ${middle} px vs 'thảm' ${first} px`);
    assert.ok(Math.abs(last - first) <= 1 + dpr, `last label ${last} px, first ${first} px (dpr ${dpr})`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});
