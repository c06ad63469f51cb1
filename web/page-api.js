// window.attentionPlayground, the public JavaScript API (README, "JavaScript API"): thin calls into the C++ bridge, plus the page's own state.
'use strict';
(function () {
  const apPage = (window.apPage = window.apPage || {});
  // page: {module(), textInput, ready, modelReady, modelStatus(), noWebgl(), holdAwake(), captureWaiters,
  //        syncFromState(), STRINGS, canvas}, the page's side of what the API reads and does.
  apPage.createApi = function (page, VERSION) {
    const M = page.module;
    // The answer is copied out, then its buffer in the WASM heap is freed at once (a 1024-piece
    // matrix is ~10 MB of JSON, and the heap never gives memory back).
    const json = (fn, ...args) => {
      const text = M().ccall(fn, 'string', args.map((a) => typeof a === 'string' ? 'string' : 'number'), args);
      M().ccall('ap_drop_answer', null, [], []);
      return JSON.parse(text);
    };
    const api = {
      version: VERSION,
      ready: page.ready,
      setText(text) {
        const s = String(text ?? '').normalize('NFC');
        page.textInput.value = s;
        M().ccall('ap_set_text', null, ['string'], [s]);
      },
      getText() { return M().ccall('ap_get_text', 'string', [], []); },
      tokens() { return json('ap_tokens_json').tokens.map((x) => ({ ...x })); },
      tokenInfo() { return json('ap_tokens_json'); },
      model() { return json('ap_model_json'); },
      // Raw weights by default; {method: 'norm'|'rollout', unit: 'word'|'piece'|'auto'} for the
      // honest views of the same computation (rows still sum to 1; rollout ignores head).
      attention(layer, head, opts) {
        if (opts === undefined) return json('ap_attention_json', Number(layer) | 0, Number(head) | 0);
        const o = opts && typeof opts === 'object' ? opts : {};
        return json('ap_attention_shown_json', Number(layer) | 0, Number(head) | 0, String(o.method ?? 'raw'),
          String(o.unit ?? 'piece'));
      },
      // Every (layer, head) ranked by how much `query` looks at `key` (rows of the unit), strongest
      // first: [{layer, head, weight, contribution, topKey}]; opts as for attention().
      linkingHeads(query, key, opts) {
        const o = opts && typeof opts === 'object' ? opts : {};
        return json('ap_linking_heads_json', Number(query) | 0, Number(key) | 0, String(o.method ?? 'raw'),
          String(o.unit ?? 'piece'));
      },
      words() { return json('ap_words_json'); },
      attentionNorms(layer, head) { return json('ap_attention_norms_json', Number(layer) | 0, Number(head) | 0); },
      trace(layer, head) { return json('ap_trace_json', Number(layer) | 0, Number(head) | 0); },
      // The flow view's current step: its matrices and the chosen token's numbers; key >= 0 adds the
      // dot product of that score term by term.
      flowStep(key) { return json('ap_flow_step_json', key === undefined ? -1 : Number(key) | 0); },
      flowAutoplay(on) { return M().ccall('ap_flow_autoplay', 'number', ['number'], [on ? 1 : 0]) === 1; },
      // The crowd view: scene, query, scores, weights and the mixed value. setCrowd takes any subset of
      // {scene, hat: 'any'|'red'|'blue'|'yellow', shirt: 'any'|'green'|'white'|'black', glasses: 'any'|'yes'|'no'}.
      crowd() { return json('ap_crowd_json'); },
      setCrowd(q) {
        const s = { ...json('ap_crowd_json').query, ...(q && typeof q === 'object' ? q : {}) };
        return M().ccall('ap_set_crowd', 'number', ['string'], [[s.scene, s.hat, s.shirt, s.glasses].join('.')]) === 1;
      },
      // {choice: 'auto'|'light'|'dark', theme: 'light'|'dark', background, text, text_dim: [r, g, b]}:
      // the theme asked for (state.theme) and the one the canvas draws with now.
      theme() { return json('ap_theme_json'); },
      // The colour the flow's matrices give a signed value in [-1, 1].
      divergingColour(v) { return json('ap_diverging_json', Number(v)); },
      // The whole state, decoded from the share link the core writes (web/hash-state.js).
      getState() { return window.apHashState.decode(M().ccall('ap_get_hash', 'string', [], [])); },
      // Accepts a partial state (getState's shape); invalid fields are ignored and reported, never thrown.
      setState(s) {
        if (!s || typeof s !== 'object') return { notice: 'ignored' };
        const notice = M().ccall('ap_apply_hash', 'string', ['string', 'number'], [window.apHashState.encode(s), 0]);
        page.syncFromState();
        return { notice };
      },
      // Resolves once the trained model has loaded or failed: {state: 'trained'|'untrained', ok, error, message}.
      modelReady: page.modelReady,
      modelStatus() { return page.modelStatus(); },
      // The model's top-5 guesses for token `position` hidden behind [MASK], and the weights then.
      guess(position) { return json('ap_guess_json', Number(position) | 0); },
      setView(name) { return M().ccall('ap_set_view', 'number', ['string'], [String(name)]) === 1; },
      stats() { return { ...json('ap_stats_json'), webgl2: !page.noWebgl() }; },
      // Resolves once every pointer and key event sent so far has been handled and a frame drawn
      // with the result (ImGui takes one press or release per frame). For automation and tests.
      settle() {
        const release = page.holdAwake();
        return new Promise((resolve) => {
          let frames = 0;
          // Without a running canvas (no WebGL2, a failed start) there is nothing to wait for.
          const pending = () => { try { return M().ccall('ap_input_pending', 'number', [], []); } catch (e) { return 0; } };
          const step = () => {
            frames++;
            if (frames > 240 || (frames >= 2 && pending() === 0)) { release(); resolve(frames); }
            else requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        });
      },
      colormap(v) { return json('ap_colormap_json', Number(v)); },
      // A PNG of the current view drawn at `scale` device pixels per CSS pixel (default 2).
      exportPng(scale = 2) {
        const release = page.holdAwake();
        return new Promise((resolve) => {
          page.captureWaiters.push((blob) => { release(); resolve(blob); });
          M().ccall('ap_request_png', null, ['number'], [Number(scale) || 2]);
        });
      },
      // The current view as SVG text ("" when the view has no SVG form yet).
      exportSvg() { return M().ccall('ap_export_svg', 'string', [], []); },
      // The canvas's string tables, {vi: [...], en: [...]}, plus the page's own and the glossary.
      strings() { return { canvas: json('ap_strings_json'), page: page.STRINGS, glossary: json('ap_glossary_json') }; },
      // The plain explanations behind the "?" markers: [{id, vi: {name, text}, en: {name, text}}].
      glossary() { return json('ap_glossary_json'); },
      // The canvas's string-table entries the last frame used, {keys, vi, en} (printf slots
      // unfilled): what the current screen says, for tests.
      stringsUsed() { return json('ap_strings_used_json'); },
      // Where the current view put things on the canvas (CSS pixels), for tests and the page: one
      // object from the views' four layout reports.
      layout() {
        const l = { ...json('ap_layout_json'), ...json('ap_flow_crowd_layout_json'), ...json('ap_links_heads_layout_json'),
          ...json('ap_train_layout_json'), ...json('ap_glossary_layout_json') };
        // The view's main picture, the glossary's "?" markers and its popup, moved from the
        // canvas's pixels to the page's (CSS pixels).
        const r = page.canvas.getBoundingClientRect();
        const toPage = (b) => ({ ...b, x: b.x + r.left + window.scrollX, y: b.y + r.top + window.scrollY });
        if (l.picture) l.picture = toPage(l.picture);
        l.terms = l.terms.map(toPage);
        if (l.termPopup) l.termPopup = toPage(l.termPopup);
        return l;
      },
    };

    // The links, heads and heads-in-colours views (see README): measured head habits, the lines the
    // links view drew, mute/solo.
    Object.assign(api, {
      headBehaviour() { return json('ap_head_behaviour_json'); },
      headColour(head) { return json('ap_head_colour_json', Number(head) | 0); },
      linksInfo(maxLines) { return json('ap_links_info_json', maxLines === undefined ? -1 : Number(maxLines) | 0); },
      setLinksFilter(f) {
        const cur = json('ap_links_info_json', 0).filter;
        const topK = f && f.topK !== undefined ? Number(f.topK) | 0 : cur.topK;
        const minWeight = f && f.minWeight !== undefined ? Number(f.minWeight) : cur.minWeight;
        M().ccall('ap_set_links_filter', null, ['number', 'number'], [topK, minWeight]);
      },
      setLinksView(zoom, scroll) { M().ccall('ap_set_links_view', null, ['number', 'number'], [Number(zoom) || 1, Number(scroll) || 0]); },
      setHeadMuted(layer, head, muted) {
        return M().ccall('ap_set_head_muted', 'number', ['number', 'number', 'number'], [Number(layer) | 0, Number(head) | 0, muted ? 1 : 0]) === 1;
      },
      setHeadSolo(layer, head) {
        return M().ccall('ap_set_head_solo', 'number', ['number', 'number'], [Number(layer) | 0, head === null || head === undefined ? -1 : Number(head) | 0]) === 1;
      },
    });

    // The train view (see README): a tiny attention model learning a task live in this page.
    // train({action: 'play'|'pause'|'step'|'reset'|'clearStats', steps, seed, task, layers, heads, lr, speed})
    // applies the settings first (a new task, layer or head count starts over), then the action.
    const TRAIN_TASKS = ['crowd', 'reverse'];
    Object.assign(api, {
      train(opts) {
        const o = opts && typeof opts === 'object' ? opts : {};
        const whole = (v) => (v === undefined ? -1 : Number.isInteger(Number(v)) ? Number(v) : -2);
        const task = o.task === undefined ? -1 : TRAIN_TASKS.indexOf(String(o.task));
        const lr = o.lr === undefined ? 0 : Number(o.lr);
        if (task === -1 && o.task !== undefined) return { ok: false };
        if (o.lr !== undefined && !(Number.isFinite(lr) && lr > 0)) return { ok: false };
        let ok = true;
        if (['task', 'layers', 'heads', 'lr', 'speed'].some((k) => o[k] !== undefined)) {
          ok = M().ccall('ap_train_configure', 'number', ['number', 'number', 'number', 'number', 'number'],
                       [task, whole(o.layers), whole(o.heads), lr, whole(o.speed)]) === 1;
        }
        if (ok && o.action !== undefined) {
          ok = M().ccall('ap_train', 'number', ['string', 'number', 'number'],
                       [String(o.action), Number(o.steps) | 0, Number(o.seed) | 0]) === 1;
        }
        return { ok };
      },
      // {task, seed, layers, heads, lr, speed, step, playing, losses, evals, accuracy,
      //  answer_attention, shown: {tokens, weights, ...}, steps_per_second, longest_frame_ms, ...}
      trainStats() { return json('ap_train_stats_json'); },
    });
    return api;
  };

  // Only the hooks build (scripts/build-web.sh's second folder, for tests) has these entry points;
  // the product's API has no such members at all.
  apPage.addTestHooks = function (api, M) {
    if (typeof M._ap_debug_plant_previous_token_head !== 'function') return;
    Object.assign(api, {
      // A model whose head (layer, head) attends to the previous token, and the reader's model back.
      debugPlantPreviousTokenHead(layer, head) {
        return M.ccall('ap_debug_plant_previous_token_head', 'number', ['number', 'number'], [Number(layer) | 0, Number(head) | 0]) === 1;
      },
      debugRestoreModel() { return M.ccall('ap_debug_restore_model', 'number', [], []) === 1; },
    });
  };
})();
