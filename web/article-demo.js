// The demo host page: loads each embedded playground as the reader approaches it, unloads it when it
// has stayed far off-screen, brings it back with the same state, sizes it to the height it asks for,
// and switches the article (and every embed) between Vietnamese and English.
//
// An embed's life: idle (no document yet) -> loading (src set, until its first frame: 'ready') ->
// ready -> released (far off-screen for a while: src = about:blank, which frees its WebAssembly
// memory and WebGL context) -> loading again with the state it last reported (its link hash) when
// the reader comes near. One embed starts at a time, the nearest first, so the one in view does
// not share the phone's CPU with others; an embed in view already pauses its own frame loop when
// it leaves the screen (web/page.js).
// The page's address may tune this: ?release=SECONDS (how long an embed must stay far before it is
// unloaded; 'off' never) and ?lang=en|vi.
'use strict';
(function () {
  const params = new URLSearchParams(location.search);
  const NEAR = '150%';   // load when within 1.5 screens above or below the viewport
  const FAR = '300%';    // far = more than 3 screens away
  const rel = params.get('release');
  const RELEASE_MS = rel === 'off' ? Infinity : rel !== null && rel !== '' && Number(rel) >= 0 ? Number(rel) * 1000 : 60000;
  const START_TIMEOUT_MS = 30000;  // an embed that never says 'ready' does not hold up the others

  const frames = Array.from(document.querySelectorAll('iframe.embed'));
  const embeds = new Map(frames.map((f) => {
    const src = f.dataset.src || f.getAttribute('src') || '';
    const i = src.indexOf('#');
    return [f, { base: i < 0 ? src : src.slice(0, i), hash: i < 0 ? '' : src.slice(i), near: false, far: false, timer: 0, started: 0 }];
  }));
  const setState = (f, s) => { f.dataset.state = s; };
  for (const f of frames) setState(f, f.getAttribute('src') ? 'loading' : 'idle');

  // ---- language ----------------------------------------------------------------------------------
  const EN = {
    docTitle: 'Attention, seen for yourself (embedding demo page)',
    kicker: 'Deep learning · Demo page for embedding the playground',
    h1: 'Attention: where does a model look when it reads a sentence?',
    lead: 'This page stands in for a news article with the Attention playground embedded. Each frame below is its own embed, opened on its section\'s view and example by its link alone. You can type your own sentence into any of them.',
    s1h: '1. Not every word matters equally',
    s1p: 'Pick a word in the sentence: each bar says how much "attention" that word gives every other word. Choose "Mean of heads" to see all heads at once, one colour each.',
    s2h: '2. Q, K, V: finding a friend in a crowd',
    s2p: 'The query (Q) is what we are looking for, the key (K) describes each person, the value (V) is the information we bring back. Go step by step to see the model\'s real numbers.',
    s2p2: 'And the same computation with real people in a crowd: who wears a red hat?',
    s3h: '3. The attention map: where is the model looking?',
    s3p: 'A bright cell is a large weight, a dark one is ignored. Hover or tap a cell to read its exact value; a tap also tells how many heads link those two words.',
    s3p2: 'The same numbers drawn as links: the darker the line, the more attention the word gets.',
    s4h: '4. Self-attention: every word can see every other word',
    s4p: 'By default each word looks both ways. Turn on "Causal" so that a word may only look back, as when a model writes text one word at a time, and watch the map change.',
    s5h: '5. Many heads, many points of view',
    s5p: 'Each attention head learns a habit of its own. Under each head is a label measured on the sentence shown, not a role someone made up.',
    footnote: 'This demo page is part of the Attention playground project; every file is served from the same place.',
    t1: 'Attention playground: focus view', t2: 'Attention playground: Q-K-V step by step', t3: 'Attention playground: finding a friend in a crowd',
    t4: 'Attention playground: heatmap', t5: 'Attention playground: links', t6: 'Attention playground: the causal mask', t7: 'Attention playground: the heads',
  };
  const textEls = Array.from(document.querySelectorAll('[data-i18n]'));
  const VI = { docTitle: document.title };
  for (const el of textEls) VI[el.dataset.i18n] = el.dataset.i18nAttr ? el.getAttribute(el.dataset.i18nAttr) : el.textContent;
  const langButton = document.getElementById('lang-switch');
  let lang = params.get('lang') === 'en' ? 'en' : 'vi';
  const withLang = (hash, l) => {
    const h = hash.replace(/^#/, '');
    return '#' + (/(^|&)lang=[a-z]*/.test(h) ? h.replace(/(^|&)lang=[a-z]*/, '$1lang=' + l) : (h ? h + '&' : '') + 'lang=' + l);
  };
  function applyLanguage() {
    const table = lang === 'en' ? EN : VI;
    document.documentElement.lang = lang;
    document.title = table.docTitle;
    for (const el of textEls) {
      const v = table[el.dataset.i18n];
      if (v === undefined) continue;
      if (el.dataset.i18nAttr) el.setAttribute(el.dataset.i18nAttr, v); else el.textContent = v;
    }
    if (langButton) {
      langButton.textContent = lang === 'en' ? 'Tiếng Việt' : 'English';
      langButton.lang = lang === 'en' ? 'vi' : 'en';
    }
    for (const [f, e] of embeds) {
      e.hash = withLang(e.hash, lang);
      if (f.dataset.state === 'ready') f.contentWindow.postMessage({ type: 'setState', state: { lang } }, location.origin);
    }
  }
  if (langButton) {
    langButton.addEventListener('click', () => {
      lang = lang === 'en' ? 'vi' : 'en';
      const u = new URL(location.href);
      if (lang === 'en') u.searchParams.set('lang', 'en'); else u.searchParams.delete('lang');
      history.replaceState(null, '', u);
      applyLanguage();
    });
  }
  if (lang !== 'vi') applyLanguage();

  // ---- loading, pausing, releasing -------------------------------------------------------------------
  let starting = null;  // the embed whose document is starting (at most one at a time)
  function distance(f) {
    const r = f.getBoundingClientRect();
    return r.bottom < 0 ? -r.bottom : r.top > innerHeight ? r.top - innerHeight : 0;
  }
  function pump() {
    if (starting) {
      if (Date.now() - embeds.get(starting).started < START_TIMEOUT_MS && starting.dataset.state === 'loading') return;
      starting = null;
    }
    const wanted = frames.filter((f) => embeds.get(f).near && (f.dataset.state === 'idle' || f.dataset.state === 'released'));
    if (!wanted.length) return;
    wanted.sort((a, b) => distance(a) - distance(b));
    const f = wanted[0], e = embeds.get(f);
    starting = f;
    e.started = Date.now();
    setState(f, 'loading');
    f.src = e.base + withLang(e.hash, lang);
    setTimeout(pump, START_TIMEOUT_MS + 10);
  }
  function release(f) {
    const e = embeds.get(f);
    e.timer = 0;
    if (!e.far || f.dataset.state === 'idle' || f.dataset.state === 'released') return;
    if (starting === f) starting = null;
    setState(f, 'released');
    delete f.dataset.ready;
    f.src = 'about:blank';
    pump();
  }
  if ('IntersectionObserver' in window) {
    const near = new IntersectionObserver((entries) => {
      for (const en of entries) embeds.get(en.target).near = en.isIntersecting;
      pump();
    }, { rootMargin: NEAR + ' 0px' });
    const far = new IntersectionObserver((entries) => {
      for (const en of entries) {
        const f = en.target, e = embeds.get(f);
        e.far = !en.isIntersecting;
        if (e.far && !e.timer && Number.isFinite(RELEASE_MS)) e.timer = setTimeout(() => release(f), RELEASE_MS);
        if (!e.far && e.timer) { clearTimeout(e.timer); e.timer = 0; }
      }
    }, { rootMargin: FAR + ' 0px' });
    for (const f of frames) { near.observe(f); far.observe(f); }
  } else {
    for (const f of frames) embeds.get(f).near = true;  // an old browser: every embed, one after the other
    pump();
  }

  window.addEventListener('message', (ev) => {
    const m = ev.data;
    // Only messages from our own embeds, with the playground's envelope.
    if (!m || typeof m !== 'object' || m.source !== 'attention-playground') return;
    const frame = frames.find((f) => f.contentWindow === ev.source);
    if (!frame) return;
    const e = embeds.get(frame);
    if (typeof m.hash === 'string' && m.hash.startsWith('#') && m.hash.length < 20000) e.hash = m.hash;
    if ((m.type === 'ready' || m.type === 'height') && Number.isFinite(m.height)) {
      frame.style.height = Math.max(320, Math.min(1400, Math.round(m.height))) + 'px';
    }
    if (m.type === 'ready') {
      frame.dataset.ready = '1';
      setState(frame, 'ready');
      if (m.state && m.state.lang && m.state.lang !== lang) ev.source.postMessage({ type: 'setState', state: { lang } }, location.origin);
      if (starting === frame) starting = null;
      pump();
    }
  });
})();
