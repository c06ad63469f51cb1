// In-page drawing bench: the playground's own frames, synthetic heatmap frames (GPU quad vs one ImGui rectangle a cell), SVG links.
// Loaded into the playground page by bench/run.mjs; window.__benchDraw is driven from node.
(() => {
  'use strict';
  const raf = (f) => window.__benchRAF(f);  // the unwrapped requestAnimationFrame (see hooks.js)
  const nextFrame = () => new Promise((r) => raf(r));
  const M = () => window.__benchModule;

  // Logs `count` of the playground's own frames after `settle` untimed ones, twice:
  // own: the canvas hidden (visibility), so the browser does not composite it and the frame's own
  //      CPU and GPU time can be read off without the page's compositing mixed in (SwiftShader
  //      composites on the same 2 cores, ~9 ms a frame here): [[cpu, gpu, drain], ...];
  // screen: the canvas shown, nothing added to the frames: the intervals between frames, i.e. the
  //      frame rate a reader gets, compositing included (never under one display frame, 16.7 ms).
  async function playgroundFrames(count, settle = 5) {
    const log = async (sync) => {
      window.__frameSync = sync;
      for (let i = 0; i < settle; i++) await nextFrame();
      window.__frameLog = [];
      while (window.__frameLog.length < count + (sync ? 0 : 1)) await nextFrame();
      const l = window.__frameLog;
      window.__frameLog = null;
      window.__frameSync = true;
      return l;
    };
    const canvas = document.getElementById('canvas');
    canvas.style.visibility = 'hidden';
    let own;
    try {
      own = await log(true);
    } finally {
      canvas.style.visibility = '';
    }
    const starts = (await log(false)).map(([t]) => t);
    const intervals = starts.slice(1).map((t, i) => t - starts[i]);
    return { own: own.slice(0, count), intervals };
  }

  // The bench's own frames, drawn by the playground's frame loop in place of the playground (so they
  // are timed exactly like its frames): mode 0 the GPU heatmap, 1 a rectangle a cell, 2 only the
  // clear (the floor under every frame on this canvas).
  async function benchFrames(mode, n, count, settle = 5) {
    const m = M();
    if (!m._ap_bench_frame_mode(mode, n)) throw new Error('bench frame mode refused');
    try {
      return await playgroundFrames(count, settle);
    } finally {
      m._ap_bench_frame_mode(-1, 0);
    }
  }
  const heatmapFrames = (mode, n, count) => benchFrames(mode, n, count);
  const emptyGlFrames = (count) => benchFrames(2, 1, count);

  // Time from a change made in an animation frame until the browser has rendered it: `main` ends
  // when a message posted from that frame arrives (style, layout and paint have run by then),
  // `frame` at the next animation frame (compositing included; never under one display frame).
  function timeDomChange(change) {
    return new Promise((resolve) => {
      raf(() => {
        const t0 = performance.now();
        change();
        const ch = new MessageChannel();
        let main = -1;
        ch.port1.onmessage = () => { main = performance.now() - t0; };
        ch.port2.postMessage(0);
        raf(() => {
          const frame = performance.now() - t0;
          // The message may arrive after the frame when rendering was skipped: wait for it.
          const done = () => (main >= 0 ? resolve({ main, frame }) : setTimeout(done, 0));
          done();
        });
      });
    });
  }

  // The links the links view drew, as an SVG with one <line> per link over the canvas: how an
  // SVG visualiser draws them. Returns timings of a fresh render and of a restyle of every line.
  async function svgLinks(reps) {
    const api = window.attentionPlayground;
    const info = api.linksInfo(1e9);
    // The links view's own layout, straight from its bridge (api.layout() merges every view's).
    const L = JSON.parse(M().ccall('ap_links_heads_layout_json', 'string', [], [])).links;
    if (!L || !info.count) return { lines: 0 };
    const canvas = document.getElementById('canvas');
    const rect = canvas.getBoundingClientRect();
    const colours = {};
    const colour = (h) => colours[h] || (colours[h] = 'rgb(' + api.headColour(h).join(',') + ')');
    const NS = 'http://www.w3.org/2000/svg';
    const build = () => {
      const svg = document.createElementNS(NS, 'svg');
      svg.setAttribute('width', String(rect.width));
      svg.setAttribute('height', String(rect.height));
      svg.style.cssText = `position:absolute;left:${rect.left + scrollX}px;top:${rect.top + scrollY}px;pointer-events:none`;
      for (const l of info.lines) {
        const e = document.createElementNS(NS, 'line');
        e.setAttribute('x1', String(L.leftX));
        e.setAttribute('y1', String(L.firstRowY + l.query * L.rowStep));
        e.setAttribute('x2', String(L.rightX));
        e.setAttribute('y2', String(L.firstRowY + l.key * L.rowStep));
        e.setAttribute('stroke', colour(l.head));
        e.setAttribute('stroke-width', String(1 + 5 * l.weight));
        e.setAttribute('stroke-opacity', String(0.12 + 0.88 * l.weight));
        svg.appendChild(e);
      }
      return svg;
    };
    const render = [], restyle = [];
    for (let r = 0; r < reps; r++) {
      let svg = null;
      render.push(await timeDomChange(() => { svg = build(); document.body.appendChild(svg); }));
      // What a focus change does: every line gets a new opacity.
      restyle.push(await timeDomChange(() => {
        for (const e of svg.children) e.setAttribute('stroke-opacity', String(0.05 + 0.9 * Math.random()));
      }));
      svg.remove();
      await nextFrame();
    }
    return { lines: info.lines.length, count: info.count, render, restyle };
  }

  window.__benchDraw = { playgroundFrames, heatmapFrames, emptyGlFrames, svgLinks, nextFrame };
})();
