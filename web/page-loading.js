// The page's downloads: the WASM files and the trained model with byte progress, and what to tell the reader when the model cannot be used.
'use strict';
(function () {
  const apPage = (window.apPage = window.apPage || {});
  const $ = (id) => document.getElementById(id);

  apPage.webgl2Available = function () {
    try { return !!document.createElement('canvas').getContext('webgl2'); } catch (e) { return false; }
  };

  // Downloads a file with byte progress (the first paint is already on screen meanwhile).
  const progress = { loaded: {}, total: {} };
  function updateProgress() {
    let loaded = 0, total = 0;
    for (const k in progress.loaded) { loaded += progress.loaded[k]; total += progress.total[k] || 0; }
    $('loading-bar').max = Math.max(total, 1);
    $('loading-bar').value = loaded;
    $('loading-bytes').textContent = (loaded / 1024).toFixed(0) + ' / ' + (total / 1024).toFixed(0) + ' KB';
  }
  async function readWithProgress(url, res) {
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
  apPage.fetchWithProgress = async function (url) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(url + ': HTTP ' + res.status);
    return readWithProgress(url, res);
  };

  // Every download starts at page start: the WebAssembly (compiled while it streams in, from the
  // response itself so the browser may cache the compiled code for the next embed; index.html
  // preloads it and the data file while it parses), the data file (the font), model.json and the
  // trained model. The model used to wait for the first frame, which left a slow link idle while
  // the module compiled, started and drew; waiting for the WebAssembly's bytes instead measured no
  // better on the slow-phone profile (the page's main thread, busy starting the module, is late to
  // send the request either way: docs/performance.md), so it is fetched at once.
  // Returns {wasm: {bytes, compiled}, data, model: {manifest, bytes}}; every promise may reject
  // with the same errors as before (an HTTP status in the message), and is handled by its user.
  apPage.startDownloads = function (files) {
    const res = fetch(files.wasm).then((r) => { if (!r.ok) throw new Error(files.wasm + ': HTTP ' + r.status); return r; });
    // A clone is read for the progress bar (and as bytes, should streaming compilation be refused,
    // e.g. by a server that does not send application/wasm).
    const bytes = res.then((r) => readWithProgress(files.wasm, r.clone()));
    const compiled = res.then((r) => (typeof WebAssembly.compileStreaming === 'function'
      ? WebAssembly.compileStreaming(r) : Promise.reject(new Error('no streaming compilation'))))
      .catch(() => bytes.then((b) => WebAssembly.compile(b)));
    const data = apPage.fetchWithProgress(files.data);
    const manifest = fetch('model.json').then((r) => r.json());
    // An article figure's link may have a pack: the trained model's numbers for its example,
    // computed by the build (tools/figure_packs.cpp), a few KB. It goes first, and the model file
    // (1.4 MB) waits for it and the WebAssembly, so that on a slow link they do not share it.
    const key = apPage.figurePackKey(location.hash.replace(/^#/, ''));
    const pack = manifest.then((m) => {
      const file = m && m.figures && m.figures[key];
      return typeof file === 'string' ? fetch(file).then((r) => (r.ok ? r.arrayBuffer() : null)) : null;
    }).catch(() => null);  // no pack is fine: the model still arrives
    const modelBytes = Promise.all([manifest, pack]).then(([m, p]) => {
      if (!m || typeof m.file !== 'string') return null;
      const first = p ? bytes.catch(() => null) : Promise.resolve();
      return first.then(() => apPage.fetchWithProgress(m.file));
    });
    for (const p of [bytes, compiled, data, manifest, modelBytes]) p.catch(() => {});  // each has a user that reports it
    apPage.downloads = { wasm: { bytes, compiled }, data, pack, model: { manifest, bytes: modelBytes } };
    return apPage.downloads;
  };

  // FNV-1a (32 bits, hex) of the link's hash as UTF-8: the name the build gave its figure pack
  // (attn::figure_pack_key; "" is the built-in example).
  apPage.figurePackKey = function (hash) {
    let h = 0x811c9dc5;
    for (const b of new TextEncoder().encode(hash)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
    return h.toString(16).padStart(8, '0');
  };

  // Once the module runs: hands the figure pack (if the link has one and the model is not there
  // yet) to C++, which shows its numbers until the model arrives. A bad pack changes nothing.
  apPage.usePack = async function (M) {
    const buf = apPage.downloads && apPage.downloads.pack ? await apPage.downloads.pack : null;
    if (!buf || !M || M.__modelLoaded) return null;
    const bytes = new Uint8Array(buf);
    const ptr = M._malloc(Math.max(bytes.length, 1));
    M.HEAPU8.set(bytes, ptr);
    const result = JSON.parse(M.ccall('ap_load_figure_pack', 'string', ['number', 'number'], [ptr, bytes.length]));
    if (!result.ok) console.warn(result.message);
    // The figure is already the trained model's: the model's progress line would only push the
    // picture down now and back up when the file is in.
    if (result.used) {
      M.__packShown = true;
      $('loading').hidden = true;
    }
    return result;
  };

  // Emscripten's Module.instantiateWasm: instantiates the module compiled while it downloaded.
  apPage.instantiateWasm = function (wasm, imports, receiveInstance, fail) {
    wasm.compiled.then((mod) => WebAssembly.instantiate(mod, imports).then((inst) => {
      if (apPage.downloads) apPage.downloads.wasm = null;  // the page keeps no copy of the bytes
      receiveInstance(inst, mod);
    })).catch(fail);
    return {};  // the exports arrive through receiveInstance
  };

  // After the first frame: wait for the trained model (its download started with the page's, see
  // startDownloads), hand its bytes to C++ (which checks everything), and say plainly what
  // happened. Failure keeps the untrained weights.
  // Resolves to the model status {state: 'trained'|'untrained', ok, error, message}.
  apPage.loadModel = async function (M, t, showMessage) {
    $('loading').hidden = !!M.__packShown;
    $('loading-text').textContent = t('modelLoading');
    let result;
    try {
      let pre = apPage.downloads && apPage.downloads.model;
      if (!pre) {
        const manifest = fetch('model.json').then((r) => r.json());
        pre = { manifest, bytes: manifest.then((m) => (m && typeof m.file === 'string' ? apPage.fetchWithProgress(m.file) : null)) };
      }
      const manifest = await pre.manifest;
      if (!manifest || typeof manifest.file !== 'string') {
        result = { ok: false, error: 'none', message: 'this build ships no trained model' };
        showMessage(t('modelNone'));
        $('loading').hidden = true;
        return { state: 'untrained', ...result };
      }
      const buf = new Uint8Array(await pre.bytes);
      if (apPage.downloads) apPage.downloads.model = null;  // C++ keeps its own copy
      const ptr = M._malloc(Math.max(buf.length, 1));
      M.HEAPU8.set(buf, ptr);
      result = JSON.parse(M.ccall('ap_load_model', 'string', ['number', 'number'], [ptr, buf.length]));
      if (result.ok) M.__modelLoaded = true;  // a figure pack arriving later is not used
      if (!result.ok) showMessage(t('modelBroken') + result.message);
    } catch (err) {
      const missing = /HTTP 404/.test(String(err && err.message));
      result = { ok: false, error: missing ? 'missing' : 'network', message: String(err && err.message || err) };
      showMessage(missing ? t('modelMissing') : t('modelNetwork') + result.message);
    }
    $('loading').hidden = true;
    return { state: result.ok ? 'trained' : 'untrained', ...result };
  };
})();
