// The one codec of the URL hash (the share link's state) on the JavaScript side: field names and shapes for the page, its API and embed.js.
// The C++ decoder (src/core/share_state.cpp) stays the authority: it checks every range again and
// says what it ignored, so this table only decides names and JavaScript types, once.
'use strict';
(function () {
  const MAX_TEXT = 12000;  // characters a message or setState may carry (the core cuts text further)
  const MAX_HIDDEN = 1024; // hidden positions at most (the core keeps those inside the text)
  // [state name, hash key, type, value when the hash leaves the field out]
  const FIELDS = [
    ['version', 'v', 'int', null], ['view', 'view', 'name', null], ['text', 'text', 'text', null],
    ['layer', 'layer', 'int', null], ['head', 'head', 'int', null], ['focus', 'focus', 'int', null],
    ['link', 'link', 'int', null],  // the key paired with the focus (which heads link them?); null = none
    ['mask', 'mask', 'name', null], ['temperature', 'temp', 'number', null], ['hidden', 'hide', 'ints', []],
    ['step', 'step', 'int', null], ['lang', 'lang', 'name', null],
    ['crowd', 'crowd', 'name', null],  // "scene.hat.shirt.glasses"; null = the default query
    ['method', 'method', 'name', 'raw'], ['unit', 'unit', 'name', 'auto'],
    ['theme', 'theme', 'name', 'auto'],  // 'light' | 'dark' | 'auto' (the system's prefers-color-scheme)
  ];
  // The train view's run: state.train, null while the run is the default one (the core writes
  // these keys only then).
  const TRAIN_FIELDS = [
    ['task', 'task', 'name'], ['seed', 'seed', 'int'], ['layers', 'tlayers', 'int'], ['heads', 'theads', 'int'],
    ['lr', 'lr', 'number'], ['lrLog', 'lrlog', 'name'], ['trained', 'trained', 'int'], ['speed', 'speed', 'int'],
    ['example', 'tex', 'int'], ['shown', 'tshow', 'name'],
  ];

  const NAME = /^[A-Za-z0-9._-]{1,64}$/;
  // Whether a JavaScript value has the field's type (what setState and postMessage accept).
  function wellTyped(type, v) {
    switch (type) {
      case 'int': return Number.isInteger(v);
      case 'number': return typeof v === 'number' && Number.isFinite(v);
      case 'text': return typeof v === 'string' && v.length <= MAX_TEXT;
      case 'name': return typeof v === 'string' && NAME.test(v);
      case 'ints': return Array.isArray(v) && v.length <= MAX_HIDDEN && v.every(Number.isInteger);
    }
    return false;
  }
  function parseValue(type, s) {
    if (type === 'int' || type === 'number') return Number(s);
    if (type === 'ints') return s ? s.split('.').map(Number) : [];
    return s;
  }
  function formatValue(type, v) {
    if (type === 'text') return String(v).normalize('NFC');
    if (type === 'ints') return v.slice(0, MAX_HIDDEN).join('.');
    return String(v);
  }
  const params = (hash) => new URLSearchParams(String(hash ?? '').replace(/^#/, ''));

  // Hash text -> the whole state object (absent fields take the values in FIELDS).
  function decode(hash) {
    const p = params(hash);
    const s = {};
    for (const [name, key, type, absent] of FIELDS) s[name] = p.has(key) ? parseValue(type, p.get(key)) : absent;
    s.train = null;
    if (TRAIN_FIELDS.some(([, key]) => p.has(key))) {
      s.train = {};
      for (const [name, key, type] of TRAIN_FIELDS) s.train[name] = p.has(key) ? parseValue(type, p.get(key)) : null;
    }
    return s;
  }

  // Keeps the well-typed fields of a partial state; null when it is not an object at all.
  function clean(s) {
    if (s === null || typeof s !== 'object' || Array.isArray(s)) return null;
    const out = {};
    for (const [name, , type] of FIELDS) if (wellTyped(type, s[name])) out[name] = s[name];
    if (s.train && typeof s.train === 'object' && !Array.isArray(s.train)) {
      out.train = {};
      for (const [name, , type] of TRAIN_FIELDS) if (wellTyped(type, s.train[name])) out.train[name] = s.train[name];
    }
    return out;
  }

  // A partial state -> hash text for the core to apply. Every field given goes through as text
  // (the core reports what it cannot use, e.g. layer "x"), except null (getState's "not in the
  // link") and a hidden list that is no array.
  function encode(state) {
    const s = state && typeof state === 'object' ? state : {};
    const p = new URLSearchParams();
    const put = (fields, obj) => {
      for (const [name, key, type] of fields) {
        if (obj[name] === undefined || obj[name] === null || (type === 'ints' && !Array.isArray(obj[name]))) continue;
        p.set(key, formatValue(type, obj[name]));
      }
    };
    put(FIELDS, s);
    if (s.train && typeof s.train === 'object') put(TRAIN_FIELDS, s.train);
    return p.toString();
  }

  window.apHashState = { decode, encode, clean, MAX_TEXT };
})();
