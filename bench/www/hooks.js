// Bench init script, run before any page script: start-up marks, the WASM module handle, per-frame cost.
// Installed with playwright's addInitScript; the page itself is the unmodified dist/index.html.
(() => {
  'use strict';
  const marks = (window.__benchMarks = {});
  const origRAF = window.requestAnimationFrame.bind(window);
  window.__benchRAF = origRAF;

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') marks.fcp = e.startTime;
    }).observe({ type: 'paint', buffered: true });
  } catch (e) { marks.fcpError = String(e); }

  // playground.js declares `var createPlaygroundModule`; the setter sees it and keeps the module
  // object the page passes in (Emscripten fills it with HEAPF32 and the exported _ap_* functions).
  let factory;
  Object.defineProperty(window, 'createPlaygroundModule', {
    configurable: true,
    get() { return factory; },
    set(f) {
      factory = typeof f !== 'function' ? f : (arg) => {
        window.__benchModule = arg;
        marks.moduleStart = performance.now();
        return f(arg);
      };
    },
  });

  // page.js assigns window.attentionPlayground once; its promises are timed from here so a late
  // observer cannot miss them.
  let api;
  Object.defineProperty(window, 'attentionPlayground', {
    configurable: true,
    get() { return api; },
    set(v) {
      api = v;
      if (v && v.ready && v.ready.then) {
        v.ready.then(() => { marks.ready = performance.now(); watchPicture(v); }, (e) => { marks.readyError = String(e); });
      }
      if (v && v.modelReady && v.modelReady.then) {
        v.modelReady.then((s) => {
          marks.model = performance.now();
          marks.modelState = s;
        });
      }
    },
  });

  // "Trained picture": the first frame the playground drew with the trained model's numbers, from
  // an article figure's pack (stats().picture 'precomputed') or from the model file itself
  // ('trained'); "model picture": the first drawn with the model file's. stats().picture is what
  // the last drawn frame showed (undrawn, unchanged frames do not count). Read after each frame.
  function watchPicture(v) {
    const check = () => {
      let picture = null;
      try { picture = v.stats().picture; } catch (e) { /* not up yet */ }
      const now = performance.now();
      if (picture && picture !== 'untrained' && marks.trainedPicture === undefined) {
        marks.trainedPicture = now;
        marks.trainedPictureFrom = picture;
      }
      if (picture === 'trained' && marks.modelPicture === undefined) marks.modelPicture = now;
      // Stops once the model file's picture is drawn, or the model was refused (no such picture comes).
      const refused = marks.modelState && marks.modelState.state !== 'trained';
      if (marks.modelPicture === undefined && !refused) origRAF(() => setTimeout(check, 0));
    };
    check();
  }

  // Frame cost of the playground's own frames: the Emscripten main loop schedules itself with
  // requestAnimationFrame. While __frameLog is an array, every callback is logged:
  // - __frameSync true: wrapped in two 1-pixel readPixels. The first, before the frame, waits until
  //   the GPU process has finished what was queued before it; the second, after it, until the GPU
  //   has drawn this frame: [cpu ms (the callback), gpu ms (this frame's drawing), drain ms].
  // - __frameSync false: nothing is added to the frame, only its start time is logged: [timestamp].
  let gl = null;
  const px = new Uint8Array(4);
  window.__frameLog = null;
  window.__frameSync = true;
  window.requestAnimationFrame = (cb) => origRAF((ts) => {
    const log = window.__frameLog;
    if (!log) { cb(ts); return; }
    if (!window.__frameSync) { log.push([performance.now()]); cb(ts); return; }
    if (!gl) {
      const c = document.getElementById('canvas');
      gl = c ? c.getContext('webgl2') : null;  // the context Emscripten already created
    }
    const tw = performance.now();
    if (gl) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
    const t0 = performance.now();
    cb(ts);
    const t1 = performance.now();
    if (gl) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
    log.push([t1 - t0, performance.now() - t1, t0 - tw]);
  });
})();
