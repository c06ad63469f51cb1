// Embedding: compact chrome with ?embed=1, and a postMessage bridge that mirrors the JavaScript API.
//
// Messages from the playground to its parent (always {source: 'attention-playground', type, ...}):
//   ready  {version, height, state, hash}  once, when the first frame is drawn
//   height {height}                    whenever the preferred height changes
//   state  {state, hash}               whenever the reader changes something (hash: the link's
//                                      state, '#v=1&...', to reopen the embed as it is)
//   model  {status}                    once, when the trained model is in use (or could not be)
//   reply  {id, ok, result|error}      answer to a request that carried an id
// Messages the parent may send (anything else is ignored):
//   {type: 'setState', state: {...}, id?}  {type: 'setView', view: 'focus'|..., id?}
//   {type: 'setText', text: '...', id?}    {type: 'getState', id?}
// Trust: only messages from the parent window are read, whatever its origin, because nothing a
// message can do goes beyond what a link can do (set the state); no message is ever run as code
// or written as HTML. Replies go back to the sender's origin only.
'use strict';
(function () {
  const embedded = new URLSearchParams(location.search).get('embed') === '1';
  if (embedded) document.documentElement.classList.add('embed');
  const SOURCE = 'attention-playground';
  const MAX_TEXT = window.apHashState.MAX_TEXT;
  const parentWin = window.parent !== window ? window.parent : null;
  const post = (msg, origin = '*') => { if (parentWin) parentWin.postMessage({ source: SOURCE, ...msg }, origin); };

  // What an embed would like to be given: its content, with a canvas tall enough to read.
  function preferredHeight() {
    const w = document.documentElement.clientWidth;
    const canvasPx = w < 600 ? Math.round(Math.min(1.7 * w, 720)) : 600;
    const above = document.getElementById('canvas-wrap').getBoundingClientRect().top + window.scrollY;
    return Math.round(above + canvasPx + 40);
  }

  function isPlainObject(x) { return x !== null && typeof x === 'object' && !Array.isArray(x); }
  const VIEWS = ['focus', 'flow', 'crowd', 'heatmap', 'links', 'heads', 'train'];
  // Keeps only well-formed fields (web/hash-state.js, the one codec); the C++ decoder checks ranges again.
  const cleanState = (s) => window.apHashState.clean(s);

  window.addEventListener('message', (e) => {
    if (!parentWin || e.source !== parentWin) return;
    const m = e.data;
    if (!isPlainObject(m) || typeof m.type !== 'string') return;
    const id = typeof m.id === 'string' || Number.isInteger(m.id) ? m.id : undefined;
    const ap = window.attentionPlayground;
    let result;
    try {
      if (m.type === 'setState') {
        const s = cleanState(m.state);
        if (!s) return;
        result = ap.setState(s);
      } else if (m.type === 'setView') {
        if (typeof m.view !== 'string' || !VIEWS.includes(m.view)) return;
        result = ap.setView(m.view);
      } else if (m.type === 'setText') {
        if (typeof m.text !== 'string' || m.text.length > MAX_TEXT) return;
        ap.setText(m.text);
        result = true;
      } else if (m.type === 'getState') {
        result = ap.getState();
      } else {
        return;
      }
    } catch (err) {
      if (id !== undefined) post({ type: 'reply', id, ok: false, error: String(err && err.message || err) }, e.origin);
      return;
    }
    if (id !== undefined) post({ type: 'reply', id, ok: true, result }, e.origin);
  });

  let lastHeight = 0;
  function announceHeight() {
    const h = preferredHeight();
    if (Math.abs(h - lastHeight) > 2) { lastHeight = h; post({ type: 'height', height: h }); }
  }
  window.attentionPlayground.ready.then((ap) => {
    lastHeight = preferredHeight();
    post({ type: 'ready', version: ap.version, height: lastHeight, state: ap.getState(), hash: location.hash });
    window.addEventListener('resize', announceHeight);
    window.addEventListener('attentionplayground:state', () => post({ type: 'state', state: ap.getState(), hash: location.hash }));
    ap.modelReady.then((status) => post({ type: 'model', status }));
  }, () => {});
})();
