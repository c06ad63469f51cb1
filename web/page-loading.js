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
  apPage.fetchWithProgress = async function (url) {
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
  };

  // After the first frame: fetch the trained model with progress, hand its bytes to C++ (which
  // checks everything), and say plainly what happened. Failure keeps the untrained weights.
  // Resolves to the model status {state: 'trained'|'untrained', ok, error, message}.
  apPage.loadModel = async function (M, t, showMessage) {
    $('loading').hidden = false;
    $('loading-text').textContent = t('modelLoading');
    let result;
    try {
      const manifest = await (await fetch('model.json')).json();
      if (!manifest || typeof manifest.file !== 'string') {
        result = { ok: false, error: 'none', message: 'this build ships no trained model' };
        showMessage(t('modelNone'));
        $('loading').hidden = true;
        return { state: 'untrained', ...result };
      }
      const buf = new Uint8Array(await apPage.fetchWithProgress(manifest.file));
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
    return { state: result.ok ? 'trained' : 'untrained', ...result };
  };
})();
