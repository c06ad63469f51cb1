// Browser tests of plain words (issue 34, item 3): the glossary's "?" markers open the table's own
// explanation and a tap elsewhere closes it; no first screen says "d_model"; the example chips load
// their sentence with one tap and fit one short row on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPlayground, PHONE, DESKTOP, frames } from './browser.mjs';

let server, url, browser;
before(async () => { ({ server, url } = await startServer()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const VIEWS = ['focus', 'flow', 'crowd', 'heatmap', 'links', 'heads', 'train'];
// The words issue 34 names; each must have a marker on some view's first screen.
const REQUIRED = ['query', 'key', 'value', 'score', 'softmax', 'token', 'layer', 'head', 'temperature', 'contribution',
  'rollout', 'loss', 'hidden_state', 'd_model', 'q_dot_k', 'seed'];

async function tap(page, opts, x, y) {
  if (opts.hasTouch) await page.touchscreen.tap(x, y); else await page.mouse.click(x, y);
  await frames(page, 3);
}
const layout = (page) => page.evaluate(() => window.attentionPlayground.layout());
// The popup's text as glossary.cpp builds it: each term's name and explanation, one per line.
const popupText = (glossary, ids, lang) => ids.map((id) => {
  const e = glossary.find((g) => g.id === id);
  return `${e[lang].name}\n${e[lang].text}\n`;
}).join('');

test('glossary: every term has a plain explanation in both languages, in strings() too', async () => {
  const { page, errors, context } = await openPlayground(browser, url + '#lang=vi');
  const { glossary, strings } = await page.evaluate(() => ({ glossary: window.attentionPlayground.glossary(),
    strings: window.attentionPlayground.strings() }));
  assert.deepEqual(strings.glossary, glossary);
  for (const id of REQUIRED) assert.ok(glossary.some((g) => g.id === id), `no entry for ${id}`);
  for (const g of glossary) {
    for (const lang of ['vi', 'en']) {
      const sentences = g[lang].text.split(/[.!?](\s|$)/).filter((s) => s && s.trim()).length;
      assert.ok(sentences >= 1 && sentences <= 3, `${g.id} ${lang}: one or two sentences, got ${sentences}`);
      assert.ok(g[lang].text.length >= 60 && g[lang].text.length <= 260, `${g.id} ${lang}: ${g[lang].text.length} chars`);
    }
    assert.notEqual(g.vi.text, g.en.text, g.id);
    // Vietnamese explanations are Vietnamese (diacritics), and they say "mảnh"/"từ", not "token".
    assert.match(g.vi.text, /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i, g.id);
    assert.doesNotMatch(g.vi.text, /token/i, g.id);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a tap on a "?" opens the table\'s explanation, a tap elsewhere closes it (phone and desktop, vi and en)', async () => {
  for (const opts of [PHONE, DESKTOP]) {
    for (const lang of ['vi', 'en']) {
      const { page, errors, context } = await openPlayground(browser, url + `#view=heatmap&lang=${lang}`, opts);
      const glossary = await page.evaluate(() => window.attentionPlayground.glossary());
      let l = await layout(page);
      assert.equal(l.termPopup, null, 'closed at first');
      // The shared control's marker (layer) and the view's own (the help line's query/key). A
      // phone's first screen keeps the picture and its menus: the help line waits in the one menu.
      for (const want of opts.hasTouch ? ['layer'] : ['layer', 'query']) {
        const m = l.terms.find((t) => t.term === want);
        assert.ok(m, `a ${want} marker on the heatmap: ${l.terms.map((t) => t.term)}`);
        assert.ok(m.w >= 14 && m.h >= 14, `${want} marker big enough to tap: ${m.w}x${m.h}`);
        await tap(page, opts, m.x + m.w / 2, m.y + m.h / 2);
        l = await layout(page);
        assert.ok(l.termPopup, `${want}: popup open after the tap (${opts.hasTouch ? 'phone' : 'desktop'} ${lang})`);
        assert.deepEqual(l.termPopup.terms, m.terms);
        assert.equal(l.termPopup.text, popupText(glossary, m.terms, lang));
        // The popup stays on the screen and the words were really drawn.
        const vw = await page.evaluate(() => innerWidth);
        assert.ok(l.termPopup.x >= 0 && l.termPopup.x + l.termPopup.w <= vw + 1, `popup inside the screen: ${JSON.stringify(l.termPopup)}`);
        // The popup is on the screen, next to its marker (a phone's canvas runs below the screen).
        const c = await page.locator('#canvas').boundingBox();
        const vh = await page.evaluate(() => innerHeight);
        const p = l.termPopup;
        assert.ok(p.y >= 0 && p.y + p.h <= vh + 1, `popup within the screen's height: ${p.y}..${p.y + p.h} of ${vh}`);
        assert.ok(Math.abs(p.y - (m.y + m.h)) < 30 || Math.abs(p.y + p.h - m.y) < 30, 'popup beside its marker');
        // A tap elsewhere (the canvas's empty right edge, just over or under the popup) closes it.
        const inside = (r, x, y) => x >= r.x - 2 && x <= r.x + r.w + 2 && y >= r.y - 2 && y <= r.y + r.h + 2;
        const spot = [[c.x + c.width - 4, p.y - 12], [c.x + c.width - 4, p.y + p.h + 12], [c.x + 4, p.y + p.h + 12]]
          .find(([x, y]) => y > c.y && y < Math.min(c.y + c.height, vh) && !inside(p, x, y) && !l.terms.some((t) => inside(t, x, y)));
        assert.ok(spot, 'a free spot to tap');
        await tap(page, opts, spot[0], spot[1]);
        l = await layout(page);
        assert.equal(l.termPopup, null, `${want}: closed by a tap elsewhere`);
      }
      assert.deepEqual(errors, []);
      await context.close();
    }
  }
});

test('no first screen says "d_model"; the model line is plain words; every named term has a marker somewhere', async () => {
  for (const opts of [PHONE, DESKTOP]) {
    const { page, errors, context } = await openPlayground(browser, url + '#lang=vi', opts, { model: true });
    const m = await page.evaluate(() => window.attentionPlayground.model());
    assert.equal(m.trained, true);
    const seen = new Set();
    for (const view of VIEWS) {
      await page.evaluate((v) => window.attentionPlayground.setView(v), view);
      await frames(page, 3);
      const r = await page.evaluate(() => ({ used: window.attentionPlayground.stringsUsed(),
        summary: document.getElementById('summary').textContent, terms: window.attentionPlayground.layout().terms }));
      // (A phone's first screen is mostly its picture: the focus view uses only a few strings there.)
      assert.ok(r.used.vi.length >= 3, `${view}: the strings the screen used were recorded (${r.used.vi.length})`);
      for (const [what, text] of [...r.used.vi.map((v) => ['string', v]), ['summary', r.summary]]) {
        assert.doesNotMatch(text, /d_model/, `${view} ${what}: ${text}`);
        assert.doesNotMatch(text, /\btoken/i, `${view} ${what} (Vietnamese says mảnh/từ): ${text}`);
      }
      // (The crowd's and the train view's numbers are their own scene's and model's, not the text model's.)
      if (view !== 'train' && view !== 'crowd') {
        // The model's shape in plain words, the numbers filled in as the canvas does.
        const line = r.used.vi.find((v) => v.startsWith('Mô hình đã học xong'));
        assert.ok(line, `${view}: the plain model line is on screen`);
        assert.equal(line.replace('%d', m.layers).replace('%d', m.heads).replace('%d', m.d_model),
          `Mô hình đã học xong: ${m.layers} tầng, mỗi tầng ${m.heads} đầu chú ý; mỗi mảnh được ghi bằng ${m.d_model} con số`);
      }
      assert.ok(r.terms.length >= 1, `${view}: at least one "?" marker`);
      for (const t of r.terms) for (const id of t.terms) seen.add(id);
    }
    // A phone's first screens keep the picture and the controls that change it; the temperature
    // and the weight / contribution / rollout switches wait in its one menu, with their markers.
    const onPhoneMenu = ['temperature', 'contribution', 'rollout'];
    for (const id of REQUIRED.filter((id) => !opts.hasTouch || !onPhoneMenu.includes(id)))
      assert.ok(seen.has(id), `a marker explains ${id} on some first screen: ${[...seen]}`);
    // The flow's raw numbers have a caption saying what they are, with its marker.
    await page.evaluate(() => window.attentionPlayground.setView('flow'));
    await frames(page, 3);
    const flow = await page.evaluate(() => ({ used: window.attentionPlayground.stringsUsed(),
      terms: window.attentionPlayground.layout().terms.map((t) => t.terms), step: window.attentionPlayground.getState().step }));
    assert.equal(flow.step, 0);
    assert.ok(flow.used.vi.includes('x: %d số mô tả "%s" ở tầng này'), 'the hidden state\'s caption');
    assert.ok(flow.terms.some((t) => t.includes('hidden_state')));
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('example chips: one short row on a phone, a tap (or Enter) loads the sentence, the page\'s language', async () => {
  const { page, errors, context } = await openPlayground(browser, url + '#view=heatmap&lang=vi', PHONE);
  const row = await page.evaluate(() => {
    const box = document.getElementById('examples');
    const chips = [...box.querySelectorAll('button')];
    return { h: box.getBoundingClientRect().height, tops: chips.map((c) => c.getBoundingClientRect().top),
      texts: chips.map((c) => c.textContent), types: chips.map((c) => c.type), label: box.getAttribute('aria-label'),
      role: box.getAttribute('role'), scrolls: box.scrollWidth > box.clientWidth };
  });
  assert.ok(row.texts.length >= 4, row.texts.join(' | '));
  assert.ok(row.h <= 44, `the chips' row is ${row.h} px tall`);
  assert.equal(new Set(row.tops.map(Math.round)).size, 1, 'one row');
  assert.ok(row.types.every((t) => t === 'button'));
  assert.equal(row.role, 'group');
  assert.match(row.label, /ví dụ/);
  assert.ok(row.texts.includes('Con mèo đuổi theo con chuột.'));
  assert.ok(row.texts.includes('The animal didn\'t cross the street because it was too tired.'));
  assert.ok(row.scrolls, 'more chips than a phone shows: the row scrolls sideways');

  // A tap on a chip (scrolled into view first, as a finger would) changes the text and the tokens.
  const before = await page.evaluate(() => window.attentionPlayground.tokens().map((t) => t.text));
  const chip = page.locator('#examples button', { hasText: 'Con mèo đuổi theo con chuột.' });
  await chip.scrollIntoViewIfNeeded();
  const b = await chip.boundingBox();
  await page.touchscreen.tap(b.x + b.width / 2, b.y + b.height / 2);
  await frames(page, 3);
  const after1 = await page.evaluate(() => ({ text: window.attentionPlayground.getText(), tokens: window.attentionPlayground.tokens(),
    state: window.attentionPlayground.getState().text }));
  assert.equal(after1.text, 'Con mèo đuổi theo con chuột.');
  assert.equal(after1.state, after1.text);
  assert.notDeepEqual(after1.tokens.map((t) => t.text), before);
  assert.equal(after1.tokens.at(-1).end, Buffer.byteLength(after1.text), 'the tokens cover the new sentence');
  assert.ok(after1.tokens.some((t) => /mèo/i.test(t.text)), after1.tokens.map((t) => t.text).join('|'));

  // Keyboard: Tab reaches a chip, Enter loads it.
  await page.focus('#examples button:nth-child(2)');
  await page.keyboard.press('Enter');
  await frames(page, 3);
  assert.equal(await page.evaluate(() => window.attentionPlayground.getText()), row.texts[1]);

  // The other language: the chips follow the page (a phone's full page keeps the button in its one menu).
  await page.click('#figure-menu-btn');
  await page.click('#lang-toggle');
  await frames(page, 3);
  const en = await page.evaluate(() => ({ texts: [...document.querySelectorAll('#examples button')].map((c) => c.textContent),
    label: document.getElementById('examples').getAttribute('aria-label') }));
  assert.ok(en.texts.includes('The cat chased the mouse.'), en.texts.join(' | '));
  assert.match(en.label, /Example/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('example chips in a figure: hidden while the menu is closed, shown with the text field in the open menu', async () => {
  const EMBED = { ...PHONE, viewport: { width: 390, height: 700 } };
  const shown = (page, id) => page.evaluate((id) => getComputedStyle(document.getElementById(id)).display !== 'none', id);
  for (const controls of ['text', 'layer']) {
    const { page, errors, context } = await openPlayground(browser, url + `index.html?embed=1&controls=${controls}#view=heatmap&lang=vi`, EMBED);
    assert.equal(await shown(page, 'text-input'), controls === 'text', `${controls}: the text field`);
    assert.equal(await shown(page, 'examples'), false, `${controls}: the picture first, no chips while the menu is closed`);
    await page.click('#figure-menu-btn');
    await frames(page, 3);
    const text = await shown(page, 'text-input');
    assert.equal(await shown(page, 'examples'), text, `${controls}: chips in the open menu exactly when it shows the text field`);
    assert.equal(text, true, 'the open menu shows the text field');
    assert.deepEqual(errors, []);
    await context.close();
  }
});
