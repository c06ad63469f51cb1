// The page around the WASM playground: loading with progress, the text field, input forwarding,
// the URL hash, and window.attentionPlayground (the public JavaScript API).
'use strict';
(function () {
  const VERSION = '0.1.0';
  // Words the page shows before (or without) the WASM module; the canvas has its own tables in C++.
  const STRINGS = {
    vi: {
      title: 'Sân chơi Attention', langToggle: 'EN', textLabel: 'Câu của bạn (gõ tiếng Việt được)',
      loading: 'Đang tải…', noWebgl: 'Trình duyệt này không bật được WebGL2 nên không vẽ được bản đồ chú ý. Hãy thử trình duyệt khác hoặc bật tăng tốc phần cứng.',
      loadFailed: 'Không tải được sân chơi: ', fatal: 'Sân chơi gặp lỗi và đã dừng: ',
      modelLoading: 'Đang tải mô hình đã huấn luyện…', modelNone: 'Bản dựng này không kèm mô hình đã huấn luyện; các hình dùng trọng số ngẫu nhiên (chưa huấn luyện).', modelMissing: 'Không tìm thấy tệp mô hình đã huấn luyện; các hình đang dùng trọng số ngẫu nhiên (chưa huấn luyện).',
      modelBroken: 'Tệp mô hình bị hỏng nên không dùng được; các hình đang dùng trọng số ngẫu nhiên. Chi tiết: ',
      modelNetwork: 'Không tải được tệp mô hình (mạng); các hình đang dùng trọng số ngẫu nhiên. ',
    },
    en: {
      title: 'Attention playground', langToggle: 'VI', textLabel: 'Your sentence',
      loading: 'Loading…', noWebgl: 'This browser cannot start WebGL2, so the attention map cannot be drawn. Try another browser or turn on hardware acceleration.',
      loadFailed: 'The playground could not load: ', fatal: 'The playground hit an error and stopped: ',
      modelLoading: 'Loading the trained model…', modelNone: 'This build ships no trained model; the pictures use random (untrained) weights.', modelMissing: 'The trained model file was not found; the pictures use random (untrained) weights.',
      modelBroken: 'The model file is damaged and was not used; the pictures use random weights. Details: ',
      modelNetwork: 'The model file could not be downloaded (network); the pictures use random weights. ',
    },
  };
  const $ = (id) => document.getElementById(id);
  const textInput = $('text-input'), canvas = $('canvas'), wrap = $('canvas-wrap');

  function hashParam(name) {
    const m = new RegExp('(?:^|[#&])' + name + '=([^&]*)').exec(location.hash);
    if (!m) return null;
    try { return decodeURIComponent(m[1].replace(/\+/g, ' ')); } catch (e) { return null; }
  }
  let lang = hashParam('lang') || ((navigator.language || 'vi').toLowerCase().startsWith('vi') ? 'vi' : 'en');
  if (lang !== 'vi' && lang !== 'en') lang = 'vi';
  const t = (key) => STRINGS[lang][key];
  function applyPageLanguage() {
    document.documentElement.lang = lang;
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    // The toggle reads "EN"/"VI"; screen readers get the whole name of the other language.
    $('lang-toggle').setAttribute('aria-label', lang === 'vi' ? 'English' : 'Tiếng Việt');
    $('lang-toggle').setAttribute('lang', lang === 'vi' ? 'en' : 'vi');
  }
  applyPageLanguage();
  const initialText = hashParam('text');
  if (initialText !== null) textInput.value = initialText.normalize('NFC');

  // Messages pile up (no WebGL2 *and* no model, say) rather than hide each other.
  function showMessage(text) {
    const m = $('message');
    const p = document.createElement('p');
    p.textContent = text;  // never innerHTML: nothing from a link or the text is ever parsed as HTML
    m.appendChild(p);
    m.hidden = false;
  }

  // GLFW listens for keys on the whole window and swallows Backspace and Tab. This capture
  // listener runs first: keys never reach GLFW; the canvas gets only the keys it uses, and Tab
  // always moves focus (no keyboard trap).
  let M = null;
  function onKey(e) {
    e.stopImmediatePropagation();
    if (!M || document.activeElement !== canvas || e.key === 'Tab') return;
    const used = M.ccall('ap_key', 'number', ['string', 'number'], [e.key, e.type === 'keydown' ? 1 : 0]);
    if (used && e.type === 'keydown' && e.key !== 'Escape') e.preventDefault();
  }
  for (const type of ['keydown', 'keyup', 'keypress']) window.addEventListener(type, onKey, true);

  // Pointer input is fed to ImGui directly; GLFW's own mouse/touch listeners never see an event
  // (in 3.1.6 they put taps at 0,0, double-press on touch and block page scrolling).
  function stop(e) { e.stopPropagation(); }
  for (const type of ['mousedown', 'mouseup', 'mousemove', 'mouseenter', 'mouseleave', 'touchstart',
                      'touchmove', 'touchend', 'touchcancel', 'wheel', 'mousewheel', 'click'])
    wrap.addEventListener(type, stop, true);
  function sendPointer(x, y, kind, button, touch) {
    M.ccall('ap_pointer', null, ['number', 'number', 'number', 'number', 'number'], [x, y, kind, button, touch ? 1 : 0]);
  }
  // Two fingers on the canvas pinch-zoom the heatmap and the links, sent as Ctrl+wheel (the way
  // browsers report a trackpad pinch) around the point between the fingers. The first finger's
  // press is cancelled when the second lands, so it neither pans nor taps; until both are lifted
  // the remaining finger does nothing. One finger keeps its meaning (tap chooses, a vertical
  // swipe scrolls the article: the canvas's touch-action is pan-y).
  const touches = new Map();
  let pinchDist = 0, pinching = false;
  const ZOOM_STEP = Math.log(1.2);  // the views zoom by 1.2 per wheel notch (100 px of deltaY)
  function pinchPoint() {
    const [a, b] = [...touches.values()];
    return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, dist: Math.hypot(a.x - b.x, a.y - b.y) };
  }
  function touchPointer(e, kind, x, y) {
    if (kind === 1) {
      if (touches.size >= 2) return true;
      touches.set(e.pointerId, { x, y });
      if (touches.size === 2) {
        pinching = true;
        pinchDist = pinchPoint().dist;
        sendPointer(0, 0, 4, 0, true);
        return true;
      }
      return pinching;  // a finger landing while a pinch ends is ignored too
    }
    if (kind === 0) {
      if (touches.has(e.pointerId)) touches.set(e.pointerId, { x, y });
      if (!pinching) return false;
      if (touches.size === 2) {
        const p = pinchPoint();
        if (pinchDist > 0 && p.dist > 0 && Math.abs(Math.log(p.dist / pinchDist)) > 0.01) {
          M.ccall('ap_wheel', 'number', ['number', 'number', 'number', 'number'], [-100 * Math.log(p.dist / pinchDist) / ZOOM_STEP, 1, p.x, p.y]);
          pinchDist = p.dist;
        }
      }
      return true;
    }
    touches.delete(e.pointerId);  // up or cancel
    if (!pinching) return false;
    if (touches.size === 0) {
      pinching = false;
      sendPointer(0, 0, 3, 0, true);
    }
    return true;
  }
  function pointer(e, kind) {
    if (!M) return;
    const r = canvas.getBoundingClientRect();
    const x = e.clientX - r.left, y = e.clientY - r.top;
    if (e.pointerType === 'touch' && touchPointer(e, kind, x, y)) return;
    sendPointer(x, y, kind, e.button === 2 ? 1 : 0, e.pointerType === 'touch');
  }
  wrap.addEventListener('pointermove', (e) => pointer(e, 0), true);
  wrap.addEventListener('pointerdown', (e) => { canvas.focus({ preventScroll: true }); pointer(e, 1); }, true);
  // A release outside the canvas must still end the press.
  window.addEventListener('pointerup', (e) => pointer(e, 2), true);
  // The browser took the touch over (a scroll): the press ends without a tap.
  wrap.addEventListener('pointercancel', (e) => pointer(e, 4), true);
  wrap.addEventListener('pointerleave', (e) => { if (e.pointerType !== 'touch') pointer(e, 3); }, true);
  wrap.addEventListener('wheel', (e) => {
    if (!M) return;
    const r = canvas.getBoundingClientRect();
    const used = M.ccall('ap_wheel', 'number', ['number', 'number', 'number', 'number'],
                         [e.deltaY, e.ctrlKey ? 1 : 0, e.clientX - r.left, e.clientY - r.top]);
    if (used) e.preventDefault();  // otherwise the article scrolls as usual
  }, { capture: true, passive: false });

  function webgl2Available() {
    try { return !!document.createElement('canvas').getContext('webgl2'); } catch (e) { return false; }
  }

  // Downloads a file with byte progress (the first paint is already on screen meanwhile).
  const progress = { loaded: {}, total: {} };
  function updateProgress() {
    let loaded = 0, total = 0;
    for (const k in progress.loaded) { loaded += progress.loaded[k]; total += progress.total[k] || 0; }
    $('loading-bar').max = Math.max(total, 1);
    $('loading-bar').value = loaded;
    $('loading-bytes').textContent = (loaded / 1024).toFixed(0) + ' / ' + (total / 1024).toFixed(0) + ' KB';
  }
  async function fetchWithProgress(url) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(url + ': HTTP ' + res.status);
    const total = Number(res.headers.get('content-length')) || 0;
    progress.total[url] = total;
    progress.loaded[url] = 0;
    if (!res.body || !res.body.getReader) {
      const buf = await res.arrayBuffer();
      progress.loaded[url] = progress.total[url] = buf.byteLength;
      updateProgress();
      return buf;
    }
    const reader = res.body.getReader(), chunks = [];
    let got = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      got += value.length;
      progress.loaded[url] = got;
      if (got > progress.total[url]) progress.total[url] = got;
      updateProgress();
    }
    const out = new Uint8Array(got);
    let off = 0;
    for (const c of chunks) { out.set(c, off); off += c.length; }
    return out.buffer;
  }

  let resolveModel;
  const modelReady = new Promise((res) => { resolveModel = res; });
  let modelStatus = { state: 'loading' };

  // After the first frame: fetch the trained model with progress, hand its bytes to C++ (which
  // checks everything), and say plainly what happened. Failure keeps the untrained weights.
  async function loadModel() {
    $('loading').hidden = false;
    $('loading-text').textContent = t('modelLoading');
    let result;
    try {
      const manifest = await (await fetch('model.json')).json();
      if (!manifest || typeof manifest.file !== 'string') {
        result = { ok: false, error: 'none', message: 'this build ships no trained model' };
        showMessage(t('modelNone'));
        $('loading').hidden = true;
        modelStatus = { state: 'untrained', ...result };
        resolveModel(modelStatus);
        return;
      }
      const buf = new Uint8Array(await fetchWithProgress(manifest.file));
      const ptr = M._malloc(Math.max(buf.length, 1));
      M.HEAPU8.set(buf, ptr);
      result = JSON.parse(M.ccall('ap_load_model', 'string', ['number', 'number'], [ptr, buf.length]));
      if (!result.ok) showMessage(t('modelBroken') + result.message);
    } catch (err) {
      const missing = /HTTP 404/.test(String(err && err.message));
      result = { ok: false, error: missing ? 'missing' : 'network', message: String(err && err.message || err) };
      showMessage(missing ? t('modelMissing') : t('modelNetwork') + result.message);
    }
    $('loading').hidden = true;
    modelStatus = { state: result.ok ? 'trained' : 'untrained', ...result };
    resolveModel(modelStatus);
  }
  let resolveReady, rejectReady;
  const ready = new Promise((res, rej) => { resolveReady = res; rejectReady = rej; });
  ready.catch(() => {});
  const json = (fn, ...args) => JSON.parse(M.ccall(fn, 'string', args.map((a) => typeof a === 'string' ? 'string' : 'number'), args));
  let lastHash = '';
  const captureWaiters = [];

  // Off-screen (an embed the reader scrolled past, a page scrolled down) the frame loop pauses:
  // even undrawn frames cost CPU, and an article may hold several embeds. Work that needs a
  // frame (a PNG export, settle()) holds the loop awake until it is done.
  let onScreen = true, awake = 0, loopStarted = false;
  function updateRunning() {
    if (!M || !loopStarted || noWebgl) return;
    M.ccall('ap_set_running', null, ['number'], [onScreen || awake > 0 ? 1 : 0]);
  }
  function holdAwake() { awake++; updateRunning(); return () => { awake--; updateRunning(); }; }
  if ('IntersectionObserver' in window) {
    new IntersectionObserver((entries) => {
      onScreen = entries[entries.length - 1].isIntersecting;
      updateRunning();
    }).observe(canvas);
  }

  const api = {
    version: VERSION,
    ready,
    setText(text) {
      const s = String(text ?? '').normalize('NFC');
      textInput.value = s;
      M.ccall('ap_set_text', null, ['string'], [s]);
    },
    getText() { return M.ccall('ap_get_text', 'string', [], []); },
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
    words() { return json('ap_words_json'); },
    attentionNorms(layer, head) { return json('ap_attention_norms_json', Number(layer) | 0, Number(head) | 0); },
    trace(layer, head) { return json('ap_trace_json', Number(layer) | 0, Number(head) | 0); },
    // The flow view's current step: its matrices and the chosen token's numbers; key >= 0 adds the
    // dot product of that score term by term.
    flowStep(key) { return json('ap_flow_step_json', key === undefined ? -1 : Number(key) | 0); },
    flowAutoplay(on) { return M.ccall('ap_flow_autoplay', 'number', ['number'], [on ? 1 : 0]) === 1; },
    // The crowd view: scene, query, scores, weights and the mixed value. setCrowd takes any subset of
    // {scene, hat: 'any'|'red'|'blue'|'yellow', shirt: 'any'|'green'|'white'|'black', glasses: 'any'|'yes'|'no'}.
    crowd() { return json('ap_crowd_json'); },
    setCrowd(q) {
      const s = { ...json('ap_crowd_json').query, ...(q && typeof q === 'object' ? q : {}) };
      return M.ccall('ap_set_crowd', 'number', ['string'], [[s.scene, s.hat, s.shirt, s.glasses].join('.')]) === 1;
    },
    // The colour the flow's matrices give a signed value in [-1, 1].
    divergingColour(v) { return json('ap_diverging_json', Number(v)); },
    getState() {
      const p = new URLSearchParams(M.ccall('ap_get_hash', 'string', [], []));
      return { version: Number(p.get('v')), view: p.get('view'), text: p.get('text'), layer: Number(p.get('layer')),
        head: Number(p.get('head')), focus: Number(p.get('focus')), mask: p.get('mask'), temperature: Number(p.get('temp')),
        hidden: p.get('hide') ? p.get('hide').split('.').map(Number) : [], step: Number(p.get('step')), lang: p.get('lang'),
        method: p.get('method') || 'raw', unit: p.get('unit') || 'auto' };
    },
    // Accepts a partial state; invalid fields are ignored and reported, never thrown.
    setState(s) {
      if (!s || typeof s !== 'object') return { notice: 'ignored' };
      const p = new URLSearchParams();
      const keys = { view: 'view', text: 'text', layer: 'layer', head: 'head', focus: 'focus', mask: 'mask',
        temperature: 'temp', step: 'step', lang: 'lang', crowd: 'crowd', method: 'method', unit: 'unit' };
      for (const k in keys) if (s[k] !== undefined) p.set(keys[k], k === 'text' ? String(s[k]).normalize('NFC') : String(s[k]));
      if (Array.isArray(s.hidden)) p.set('hide', s.hidden.slice(0, 300).join('.'));
      const notice = M.ccall('ap_apply_hash', 'string', ['string', 'number'], [p.toString(), 0]);
      syncFromState();
      return { notice };
    },
    // Resolves once the trained model has loaded or failed: {state: 'trained'|'untrained', ok, error, message}.
    modelReady,
    modelStatus() { return modelStatus; },
    // The model's top-5 guesses for token `position` hidden behind [MASK], and the weights then.
    guess(position) { return json('ap_guess_json', Number(position) | 0); },
    setView(name) { return M.ccall('ap_set_view', 'number', ['string'], [String(name)]) === 1; },
    stats() { return { ...json('ap_stats_json'), webgl2: !noWebgl }; },
    // Resolves once every pointer and key event sent so far has been handled and a frame drawn
    // with the result (ImGui takes one press or release per frame). For automation and tests.
    settle() {
      const release = holdAwake();
      return new Promise((resolve) => {
        let frames = 0;
        // Without a running canvas (no WebGL2, a failed start) there is nothing to wait for.
        const pending = () => { try { return M.ccall('ap_input_pending', 'number', [], []); } catch (e) { return 0; } };
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
      const release = holdAwake();
      return new Promise((resolve) => {
        captureWaiters.push((blob) => { release(); resolve(blob); });
        M.ccall('ap_request_png', null, ['number'], [Number(scale) || 2]);
      });
    },
    // The current view as SVG text ("" when the view has no SVG form yet).
    exportSvg() { return M.ccall('ap_export_svg', 'string', [], []); },
    // The canvas's string tables, {vi: [...], en: [...]}, plus the page's own.
    strings() { return { canvas: json('ap_strings_json'), page: STRINGS }; },
    // Where the current view put things on the canvas (CSS pixels), for tests and the page.
    layout() { return { ...json('ap_layout_json'), ...json('ap_flow_crowd_layout_json') }; },
  };

  // The links, heads and heads-in-colours views (see README): measured head habits, the lines the
  // links view drew, mute/solo, and a test-only model with a known previous-token head.
  Object.assign(api, {
    headBehaviour() { return json('ap_head_behaviour_json'); },
    headColour(head) { return json('ap_head_colour_json', Number(head) | 0); },
    linksInfo(maxLines) { return json('ap_links_info_json', maxLines === undefined ? -1 : Number(maxLines) | 0); },
    setLinksFilter(f) {
      const cur = json('ap_links_info_json', 0).filter;
      const topK = f && f.topK !== undefined ? Number(f.topK) | 0 : cur.topK;
      const minWeight = f && f.minWeight !== undefined ? Number(f.minWeight) : cur.minWeight;
      M.ccall('ap_set_links_filter', null, ['number', 'number'], [topK, minWeight]);
    },
    setLinksView(zoom, scroll) { M.ccall('ap_set_links_view', null, ['number', 'number'], [Number(zoom) || 1, Number(scroll) || 0]); },
    setHeadMuted(layer, head, muted) {
      return M.ccall('ap_set_head_muted', 'number', ['number', 'number', 'number'], [Number(layer) | 0, Number(head) | 0, muted ? 1 : 0]) === 1;
    },
    setHeadSolo(layer, head) {
      return M.ccall('ap_set_head_solo', 'number', ['number', 'number'], [Number(layer) | 0, head === null || head === undefined ? -1 : Number(head) | 0]) === 1;
    },
    debugPlantPreviousTokenHead(layer, head) {
      return M.ccall('ap_debug_plant_previous_token_head', 'number', ['number', 'number'], [Number(layer) | 0, Number(head) | 0]) === 1;
    },
    debugRestoreModel() { return M.ccall('ap_debug_restore_model', 'number', [], []) === 1; },
  });
  const layoutBeforeLinksHeads = api.layout;
  api.layout = () => ({ ...layoutBeforeLinksHeads(), ...json('ap_links_heads_layout_json') });

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
        ok = M.ccall('ap_train_configure', 'number', ['number', 'number', 'number', 'number', 'number'],
                     [task, whole(o.layers), whole(o.heads), lr, whole(o.speed)]) === 1;
      }
      if (ok && o.action !== undefined) {
        ok = M.ccall('ap_train', 'number', ['string', 'number', 'number'],
                     [String(o.action), Number(o.steps) | 0, Number(o.seed) | 0]) === 1;
      }
      return { ok };
    },
    // {task, seed, layers, heads, lr, speed, step, playing, losses, evals, accuracy,
    //  answer_attention, shown: {tokens, weights, ...}, steps_per_second, longest_frame_ms, ...}
    trainStats() { return json('ap_train_stats_json'); },
  });
  const layoutBeforeTrain = api.layout;
  api.layout = () => ({ ...layoutBeforeTrain(), ...json('ap_train_layout_json') });

  // When the canvas itself changes the text (an example button), the text field follows unless
  // the reader is typing in it.
  function syncTextFromHash(hash) {
    if (document.activeElement === textInput) return;
    const text = new URLSearchParams(hash).get('text');
    if (text !== null && textInput.value.normalize('NFC') !== text) textInput.value = text;
  }

  function syncFromState() {
    const st = api.getState();
    if (st.text !== null && textInput.value.normalize('NFC') !== st.text) textInput.value = st.text;
    if (st.lang && st.lang !== lang) { lang = st.lang; applyPageLanguage(); }
  }

  textInput.addEventListener('input', () => {
    if (!M) return;
    M.ccall('ap_set_text', null, ['string'], [textInput.value.normalize('NFC')]);
    if (noWebgl) showStaticPicture();
  });
  $('lang-toggle').addEventListener('click', () => {
    if (M) api.setState({ lang: lang === 'vi' ? 'en' : 'vi' });
  });
  window.addEventListener('hashchange', () => {
    if (!M || location.hash.slice(1) === lastHash) return;
    M.ccall('ap_apply_hash', 'string', ['string', 'number'], [location.hash, 1]);
    syncFromState();
  });

  // Without WebGL2 the core still runs: the page shows the same numbers as a still SVG picture.
  let noWebgl = false;
  function showStaticPicture() {
    const svg = M.ccall('ap_export_svg', 'string', [], []);
    let img = document.getElementById('static-picture');
    if (!img) {
      img = document.createElement('img');
      img.id = 'static-picture';
      img.className = 'static-picture';
      wrap.appendChild(img);
    }
    if (img.src) URL.revokeObjectURL(img.src);
    img.src = svg ? URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' })) : '';
    img.alt = $('summary').textContent || t('title');
  }

  async function start() {
    if (!webgl2Available()) {
      noWebgl = true;
      canvas.hidden = true;
      showMessage(t('noWebgl'));
    }
    try {
      // The build gives these files content-hashed names; the page learns them from its script tag.
      const boot = document.querySelector('script[data-wasm]');
      const files = boot ? boot.dataset : { wasm: 'playground.wasm', data: 'playground.data' };
      const [wasm, data] = await Promise.all([fetchWithProgress(files.wasm), fetchWithProgress(files.data)]);
      const module = {
        canvas,
        wasmBinary: wasm,
        getPreloadedPackage: () => data,
        locateFile: (p) => p,
        print: (s) => console.log(s),
        printErr: (s) => console.warn(s),
        onPlaygroundState: (hash) => {
          lastHash = hash;
          history.replaceState(null, '', '#' + hash);
          syncTextFromHash(hash);
          window.dispatchEvent(new Event('attentionplayground:state'));
        },
        onPlaygroundStatus: (text) => { $('summary').textContent = text; },
        onPlaygroundCapture: () => {
          const waiting = captureWaiters.splice(0);
          canvas.toBlob((blob) => { for (const w of waiting) w(blob); }, 'image/png');
        },
        onPlaygroundFatal: (arg) => {
          const [code, detail] = arg.split('\n');
          $('loading').hidden = true;
          if (code === 'webgl2') {
            // The canvas cannot draw, but every number can still be computed and shown.
            noWebgl = true;
            canvas.hidden = true;
            showMessage(t('noWebgl'));
            showStaticPicture();
            resolveReady(api);
            loadModel().then(showStaticPicture);
            return;
          }
          showMessage(t('fatal') + detail);
          rejectReady(new Error(code + ': ' + detail));
        },
        onPlaygroundReady: () => {
          $('loading').hidden = true;
          loopStarted = true;  // from the first frame on, the loop may pause off-screen
          updateRunning();
          resolveReady(api);
          loadModel();
        },
        // Runs after the runtime is up and before main(): the link's state is applied before the
        // first frame, so the first picture is already the shared one.
        onRuntimeInitialized: () => {
          M = module;
          // The flow view's autoplay stays off while the reader's system asks for reduced motion.
          const motion = window.matchMedia('(prefers-reduced-motion: reduce)');
          const tellMotion = () => M.ccall('ap_set_reduced_motion', null, ['number'], [motion.matches ? 1 : 0]);
          tellMotion();
          motion.addEventListener('change', tellMotion);
          const notice = M.ccall('ap_apply_hash', 'string', ['string', 'number'], [location.hash, 1]);
          if (initialText === null) M.ccall('ap_set_text', null, ['string'], [textInput.value.normalize('NFC')]);
          // No language in the link: the browser's language decides.
          if (hashParam('lang') === null) M.ccall('ap_apply_hash', 'string', ['string', 'number'], ['lang=' + lang, 0]);
          if (notice) showMessage(notice);
        },
      };
      await window.createPlaygroundModule(module);
    } catch (err) {
      $('loading').hidden = true;
      showMessage(t('loadFailed') + (err && err.message ? err.message : String(err)));
      rejectReady(err);
    }
  }
  window.attentionPlayground = api;
  start();
})();
