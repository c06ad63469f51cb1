// Browser tests of the model file: a good file replaces the untrained weights; every bad one is
// refused with a message that names the problem, and the playground keeps working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { startServer, launch, ROOT, DESKTOP } from './browser.mjs';

let server, url, browser;
before(async () => { ({ server, url } = await startServer()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const TINY = fs.readFileSync(path.join(ROOT, 'tests/fuzz/corpus/model_file/tiny-int8.attnmodel'));

// Opens the page with the model request answered by `serve` (bytes, or an HTTP status).
async function openWithModel(serve, hash = '#lang=en') {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/model.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"file": "attention-model.test.bin"}' }));
  await page.route('**/attention-model.test.bin', (route) => (typeof serve === 'number'
    ? route.fulfill({ status: serve, body: 'not here' })
    : route.fulfill({ status: 200, contentType: 'application/octet-stream', body: serve })));
  await page.goto(url + hash);
  const status = await page.evaluate(() => window.attentionPlayground.modelReady);
  return { context, page, status, errors };
}

test('a valid model file replaces the untrained weights, and the model guesses a hidden token', async () => {
  const { context, page, status, errors } = await openWithModel(TINY);
  assert.equal(status.ok, true, JSON.stringify(status));
  const r = await page.evaluate(() => {
    const ap = window.attentionPlayground;
    ap.setText('the cat sat');
    return { model: ap.model(), tokens: ap.tokens(), guess: ap.guess(1), rows: ap.attention(0, 0).map((r) => r.reduce((a, b) => a + b, 0)) };
  });
  assert.equal(r.model.trained, true);
  assert.ok(r.tokens.length >= 3);
  for (const t of r.tokens) { assert.ok(t.id >= 0 && t.id < r.model.vocab_size); assert.ok(!t.text.includes('##')); }
  // Five guesses, or every non-special piece when the (test) vocabulary is smaller than that.
  const k = Math.min(5, r.model.vocab_size - 5);
  assert.ok(k >= 2);
  assert.equal(r.guess.guesses.length, k);
  for (let i = 1; i < k; ++i) assert.ok(r.guess.guesses[i - 1].prob >= r.guess.guesses[i].prob);
  for (const s of r.rows) assert.ok(Math.abs(s - 1) < 1e-5);
  assert.equal(await page.locator('#message').isHidden(), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('missing, truncated, corrupted and foreign model files are refused with a clear message', async () => {
  const flipped = Buffer.from(TINY); flipped[flipped.length - 5] ^= 0x40;
  const foreign = Buffer.from(TINY); foreign.write('NOTAMODL', 0, 'ascii');
  const cases = [[404, 'missing', /not found/], [TINY.subarray(0, TINY.length - 100), 'truncated', /damaged.*trunc/i],
    [flipped, 'bad_checksum', /damaged.*checksum/i], [foreign, 'bad_magic', /damaged.*(magic|not a model)/i]];
  for (const [serve, error, words] of cases) {
    const { context, page, status, errors } = await openWithModel(serve);
    assert.equal(status.ok, false);
    assert.equal(status.error, error);
    const msg = await page.locator('#message').textContent();
    assert.match(msg, words, msg);
    // Nothing was lost: the untrained model still answers, and views that need no model work.
    const r = await page.evaluate(() => {
      const ap = window.attentionPlayground;
      ap.setText('one two three');
      ap.setView('crowd');
      return { trained: ap.model().trained, n: ap.attention(0, 0).length, view: ap.getState().view };
    });
    assert.equal(r.trained, false);
    assert.equal(r.n, 3);
    assert.equal(r.view, 'crowd');
    assert.deepEqual(errors, []);
    await context.close();
  }
});

// The shipped coding: a token embedding whose frequent rows keep 8 bits (Int4Int8Rows, coding 3).
const ROWS = fs.readFileSync(path.join(ROOT, 'tests/fuzz/corpus/model_file/tiny-int8-rows.attnmodel'));

// Where the embedding's first row starts (its kind byte): after the name, coding, shape and 16 levels.
function embeddingRows(b) {
  const at = b.indexOf(Buffer.from('\x07tok_emb', 'latin1')) + 8;
  assert.equal(b[at], 3, 'tok_emb is coded Int4Int8Rows');
  return at + 1 + 8 + 16 * 4;
}

test('an embedding with 8-bit rows loads; a row of unknown kind is refused in Vietnamese and nothing is lost', async () => {
  const good = await openWithModel(ROWS, '#lang=vi');
  assert.equal(good.status.ok, true, JSON.stringify(good.status));
  const g = await good.page.evaluate(() => {
    const ap = window.attentionPlayground;
    ap.setText('mèo cat ở');
    return { trained: ap.model().trained, n: ap.tokens().length, rows: ap.attention(0, 0).map((r) => r.reduce((a, b) => a + b, 0)) };
  });
  assert.equal(g.trained, true);
  assert.equal(g.n, 3);
  for (const s of g.rows) assert.ok(Math.abs(s - 1) < 1e-5);
  assert.deepEqual(good.errors, []);
  await good.context.close();

  // Row 0 is an 8-bit row (kind 1: scale + 4 bytes), so row 1's kind byte is 9 bytes on.
  const bad = Buffer.from(ROWS);
  const row0 = embeddingRows(bad);
  assert.equal(bad[row0], 1);
  assert.equal(bad[row0 + 9], 2);
  bad[row0 + 9] = 7;
  bad.writeUInt32LE(zlib.crc32(bad.subarray(0, bad.length - 4)), bad.length - 4);  // the damage, not the checksum
  const { context, page, status, errors } = await openWithModel(bad, '#lang=vi');
  assert.equal(status.ok, false);
  assert.equal(status.error, 'bad_tensor');
  const msg = await page.locator('#message').textContent();
  assert.match(msg, /Tệp mô hình bị hỏng/, msg);
  assert.match(msg, /tok_emb row 1 has unknown kind 7/, msg);
  const r = await page.evaluate(() => {
    const ap = window.attentionPlayground;
    ap.setText('one two three');
    return { trained: ap.model().trained, n: ap.attention(0, 0).length };
  });
  assert.equal(r.trained, false);
  assert.equal(r.n, 3);
  assert.deepEqual(errors, []);
  await context.close();
});
