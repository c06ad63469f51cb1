// The page around the WASM playground: its words, the text field, messages, starting the module and wiring the other page scripts together.
// The other concerns have files of their own: web/hash-state.js (the URL state's one codec),
// web/page-input.js (keys, pointer, touch, wheel), web/page-loading.js (downloads with progress,
// the model), web/page-api.js (window.attentionPlayground), web/page-figure.js (figure mode) and
// web/page-layout.js (the full page's canvas height). They load before this file.
'use strict';
(function () {
  const VERSION = '0.1.0';
  // Words the page shows before (or without) the WASM module; the canvas has its own tables in C++.
  const STRINGS = {
    vi: {
      title: 'Sân chơi Attention', langToggle: 'EN', textLabel: 'Câu của bạn (gõ tiếng Việt được)',
      figureMenu: 'Thêm điều khiển', fullLink: 'Mở sân chơi đầy đủ ↗',
      about: 'Sân chơi này chạy ngay trong trình duyệt của bạn: một mô hình nhỏ đã học từ văn bản tiếng Việt và tiếng Anh đọc câu của bạn, và mọi con số trên hình là của chính nó. Chữ bạn gõ không rời khỏi trang này.',
      loading: 'Đang tải…', noWebgl: 'Trình duyệt này không bật được WebGL2 nên không vẽ được bản đồ chú ý. Hãy thử trình duyệt khác hoặc bật tăng tốc phần cứng.',
      loadFailed: 'Không tải được sân chơi: ', fatal: 'Sân chơi gặp lỗi và đã dừng: ',
      modelLoading: 'Đang tải mô hình đã huấn luyện…', modelNone: 'Bản dựng này không kèm mô hình đã huấn luyện; các hình dùng trọng số ngẫu nhiên (chưa huấn luyện).', modelMissing: 'Không tìm thấy tệp mô hình đã huấn luyện; các hình đang dùng trọng số ngẫu nhiên (chưa huấn luyện).',
      modelBroken: 'Tệp mô hình bị hỏng nên không dùng được; các hình đang dùng trọng số ngẫu nhiên. Chi tiết: ',
      modelNetwork: 'Không tải được tệp mô hình (mạng); các hình đang dùng trọng số ngẫu nhiên. ',
    },
    en: {
      title: 'Attention playground', langToggle: 'VI', textLabel: 'Your sentence',
      figureMenu: 'More controls', fullLink: 'Open the full playground ↗',
      about: 'This playground runs in your browser: a small model that learned from Vietnamese and English text reads your sentence, and every number in the picture is its own. What you type never leaves this page.',
      loading: 'Loading…', noWebgl: 'This browser cannot start WebGL2, so the attention map cannot be drawn. Try another browser or turn on hardware acceleration.',
      loadFailed: 'The playground could not load: ', fatal: 'The playground hit an error and stopped: ',
      modelLoading: 'Loading the trained model…', modelNone: 'This build ships no trained model; the pictures use random (untrained) weights.', modelMissing: 'The trained model file was not found; the pictures use random (untrained) weights.',
      modelBroken: 'The model file is damaged and was not used; the pictures use random weights. Details: ',
      modelNetwork: 'The model file could not be downloaded (network); the pictures use random weights. ',
    },
  };
  const $ = (id) => document.getElementById(id);
  const apPage = window.apPage;
  const textInput = $('text-input'), canvas = $('canvas'), wrap = $('canvas-wrap');

  const linkState = window.apHashState.decode(location.hash);
  let lang = linkState.lang || ((navigator.language || 'vi').toLowerCase().startsWith('vi') ? 'vi' : 'en');
  if (lang !== 'vi' && lang !== 'en') lang = 'vi';
  const t = (key) => STRINGS[lang][key];
  function applyPageLanguage() {
    document.documentElement.lang = lang;
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    // The toggle reads "EN"/"VI"; screen readers get the whole name of the other language.
    // (The name starts with the visible text, so a voice command that says "EN" finds it.)
    $('lang-toggle').setAttribute('aria-label', lang === 'vi' ? 'EN: English' : 'VI: Tiếng Việt');
    $('lang-toggle').setAttribute('lang', lang === 'vi' ? 'en' : 'vi');
    // An article holds several embeds, each with its own <main>: a screen reader's landmark list (and
    // axe's landmark-unique) tells them apart by the name the host gave the iframe, when the host is
    // on our origin and its frame element can be read.
    if (apPage.figure) {
      let name = '';
      try { name = (window.frameElement && window.frameElement.getAttribute('title')) || ''; } catch (e) { /* another origin */ }
      if (name) $('playground').setAttribute('aria-label', name);
    }
  }
  applyPageLanguage();
  const initialText = linkState.text;
  if (initialText !== null) textInput.value = initialText.normalize('NFC');

  // Messages pile up (no WebGL2 *and* no model, say) rather than hide each other.
  function showMessage(text) {
    const m = $('message');
    const p = document.createElement('p');
    p.textContent = text;  // never innerHTML: nothing from a link or the text is ever parsed as HTML
    m.appendChild(p);
    m.hidden = false;
  }

  let resolveModel;
  const modelReady = new Promise((res) => { resolveModel = res; });
  let modelStatus = { state: 'loading' };

  let M = null;          // the WASM module, once its runtime is up
  let noWebgl = false;   // the canvas cannot draw: the page shows still SVG pictures instead
  // After the first frame: the trained model replaces the untrained weights, or the reader is told why not.
  async function loadModel() {
    modelStatus = await apPage.loadModel(M, t, showMessage);
    resolveModel(modelStatus);
  }
  let resolveReady, rejectReady;
  const ready = new Promise((res, rej) => { resolveReady = res; rejectReady = rej; });
  ready.catch(() => {});
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

  // Which part of the canvas is on the screen (a phone's canvas runs past its bottom): the canvas
  // keeps its popups inside it.
  function tellVisible() {
    if (!M) return;
    const r = canvas.getBoundingClientRect();
    M.ccall('ap_set_visible', null, ['number', 'number'], [Math.max(0, -r.top), Math.max(0, Math.min(r.height, innerHeight - r.top))]);
  }
  window.addEventListener('scroll', tellVisible, { passive: true });
  window.addEventListener('resize', tellVisible);
  canvas.addEventListener('pointerdown', tellVisible, true);  // the page above may have changed height

  const api = apPage.createApi({
    module: () => M, textInput, ready, modelReady, modelStatus: () => modelStatus, noWebgl: () => noWebgl, holdAwake,
    captureWaiters, syncFromState, STRINGS, canvas,
  }, VERSION);
  apPage.forwardInput(canvas, wrap, () => M);

  // When the canvas itself changes the text (an example button), the text field follows unless
  // the reader is typing in it.
  function syncTextFromHash(hash) {
    if (document.activeElement === textInput) return;
    const text = window.apHashState.decode(hash).text;
    if (text !== null && textInput.value.normalize('NFC') !== text) textInput.value = text;
  }

  // theme.css keys the page's colours on data-theme (set first by theme-boot.js from the link).
  function applyPageTheme(theme) {
    const t = theme === 'light' || theme === 'dark' ? theme : 'auto';
    if (document.documentElement.dataset.theme !== t) document.documentElement.dataset.theme = t;
  }

  function syncFromState() {
    const st = api.getState();
    applyPageTheme(st.theme);
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
  // The SVG goes into the page as elements (not a blob: or data: image): a host's strict policy
  // (default-src 'self') allows it, and its text stays selectable for a screen reader.
  function showStaticPicture() {
    const svgText = M.ccall('ap_export_svg', 'string', [], []);
    let box = document.getElementById('static-picture');
    if (!box) {
      box = document.createElement('div');
      box.id = 'static-picture';
      box.className = 'static-picture';
      box.setAttribute('role', 'img');
      wrap.appendChild(box);
    }
    box.replaceChildren();
    const doc = svgText ? new DOMParser().parseFromString(svgText, 'image/svg+xml') : null;
    if (doc && doc.documentElement.nodeName === 'svg' && !doc.querySelector('parsererror'))
      box.appendChild(document.importNode(doc.documentElement, true));
    box.setAttribute('aria-label', $('summary').textContent || t('title'));
  }

  async function start() {
    if (!apPage.webgl2Available()) {
      noWebgl = true;
      canvas.hidden = true;
      showMessage(t('noWebgl'));
    }
    try {
      // The build gives these files content-hashed names; the page learns them from its script tag.
      const boot = document.querySelector('script[data-wasm]');
      const files = boot ? boot.dataset : { wasm: 'playground.wasm', data: 'playground.data' };
      // Every download starts now (the model too: web/page-loading.js startDownloads); the module
      // is created once the small data file is in, while the WebAssembly still compiles as it streams.
      const downloads = apPage.startDownloads(files);
      const data = await downloads.data;
      const module = {
        canvas,
        instantiateWasm: (imports, receiveInstance) => apPage.instantiateWasm(downloads.wasm, imports, receiveInstance, failed),
        getPreloadedPackage: () => data,
        locateFile: (p) => p,
        print: (s) => console.log(s),
        printErr: (s) => console.warn(s),
        onPlaygroundState: (hash) => {
          lastHash = hash;
          history.replaceState(null, '', '#' + hash);
          syncTextFromHash(hash);
          applyPageTheme(window.apHashState.decode(hash).theme);
          window.dispatchEvent(new Event('attentionplayground:state'));
        },
        onPlaygroundStatus: (text) => { $('summary').textContent = text; },
        onPlaygroundContentHeight: (css) => apPage.onContentHeight(Number(css)),
        onPlaygroundCapture: () => {
          const waiting = captureWaiters.splice(0);
          canvas.toBlob((blob) => { for (const w of waiting) w(blob); }, 'image/png');
        },
        onPlaygroundFatal: (arg) => {
          const [code, detail] = arg.split('\n');
          $('loading').hidden = true;
          if (code === 'webgl2') {
            // The canvas cannot draw, but every number can still be computed and shown.
            // (Said once: the page may have found it out before the module did.)
            if (!noWebgl) showMessage(t('noWebgl'));
            noWebgl = true;
            canvas.hidden = true;
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
          tellVisible();
          updateRunning();
          resolveReady(api);
          loadModel();
        },
        // Runs after the runtime is up and before main(): the link's state is applied before the
        // first frame, so the first picture is already the shared one.
        onRuntimeInitialized: () => {
          M = module;
          apPage.addTestHooks(api, M);
          // The flow view's autoplay stays off while the reader's system asks for reduced motion.
          const motion = window.matchMedia('(prefers-reduced-motion: reduce)');
          const tellMotion = () => M.ccall('ap_set_reduced_motion', null, ['number'], [motion.matches ? 1 : 0]);
          tellMotion();
          motion.addEventListener('change', tellMotion);
          // theme=auto follows the system's colour scheme, live (the page's CSS does the same itself).
          const scheme = window.matchMedia('(prefers-color-scheme: dark)');
          const tellScheme = () => M.ccall('ap_set_prefers_dark', null, ['number'], [scheme.matches ? 1 : 0]);
          tellScheme();
          scheme.addEventListener('change', tellScheme);
          const notice = M.ccall('ap_apply_hash', 'string', ['string', 'number'], [location.hash, 1]);
          if (initialText === null) M.ccall('ap_set_text', null, ['string'], [textInput.value.normalize('NFC')]);
          // No language in the link: the browser's language decides.
          if (linkState.lang === null) M.ccall('ap_apply_hash', 'string', ['string', 'number'], ['lang=' + lang, 0]);
          if (notice) showMessage(notice);
          apPage.startFigure(M, showMessage);  // after the link's language is known: its notice speaks it
          apPage.startLayout(M, wrap);  // after figure mode has placed the page's top row
          apPage.usePack(M);  // the trained model's numbers for an article figure, before the model
        },
      };
      await window.createPlaygroundModule(module);
    } catch (err) {
      failed(err);
    }
  }
  function failed(err) {
    $('loading').hidden = true;
    showMessage(t('loadFailed') + (err && err.message ? err.message : String(err)));
    rejectReady(err);
  }
  window.attentionPlayground = api;
  start();
})();
