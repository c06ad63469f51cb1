// What readers get carries no bench or test entry points; the hooks build the tests use is the same page plus them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, launch, openPlayground, PRODUCT_DIST, testDist } from './browser.mjs';

// The release build minifies the wasm's export names; the JS glue names every entry point it
// hands to Module (Module._ap_...), so that is where a hook would show.
function glueNames(dir) {
  const name = fs.readdirSync(dir).find((f) => /^playground\.[0-9a-f]{12}\.js$/.test(f));
  assert.ok(name, `no hashed playground.js in ${dir}`);
  return new Set(fs.readFileSync(path.join(dir, name), 'utf8').match(/\b_ap_[a-z0-9_]+/g) || []);
}

test('the product module has no ap_bench_* or ap_debug_* entry point; the hooks module has them', () => {
  assert.notEqual(PRODUCT_DIST(), testDist(), 'the build wrote no hooks folder beside dist/');
  const product = glueNames(PRODUCT_DIST()), hooks = glueNames(testDist());
  assert.deepEqual([...product].filter((n) => /^_ap_(bench|debug)_/.test(n)), []);
  for (const want of ['_ap_bench_frame_mode', '_ap_bench_model_setup', '_ap_debug_plant_previous_token_head'])
    assert.ok(hooks.has(want), `${want} missing from the hooks build`);
  // Everything the product has the hooks build has too: it is the same page plus hooks.
  for (const n of product) assert.ok(hooks.has(n), `${n} only in the product`);
  assert.ok(product.has('_ap_attention_json') && product.has('_ap_set_text'), 'the API entry points are found');
});

let server, url, browser;
before(async () => { ({ server, url } = await startServer(0, PRODUCT_DIST())); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

test('the product page: a working API without the test-only members', async () => {
  const { page, errors, context } = await openPlayground(browser, url);
  const r = await page.evaluate(() => ({ plant: typeof window.attentionPlayground.debugPlantPreviousTokenHead,
    restore: typeof window.attentionPlayground.debugRestoreModel, n: window.attentionPlayground.tokens().length }));
  assert.equal(r.plant, 'undefined');
  assert.equal(r.restore, 'undefined');
  assert.ok(r.n > 0);
  assert.deepEqual(errors, []);
  await context.close();
});
