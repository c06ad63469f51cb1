// In-page drawing bench: the playground's own frames, synthetic heatmap frames (GPU quad vs one ImGui rectangle a cell), SVG links.
// Loaded into the playground page by bench/run.mjs; window.__benchDraw is driven from node.
(() => {
  'use strict';
  const raf = (f) => window.__benchRAF(f);  // the unwrapped requestAnimationFrame (see hooks.js)
  const nextFrame = () => new Promise((r) => raf(r));
  const M = () => window.__benchModule;

  // Logs `count` of the playground's own frames after `settle` untimed ones: [[cpu, gpu wait], ...].
  async function playgroundFrames(count, settle = 5) {
    for (let i = 0; i < settle; i++) await nextFrame();
    window.__frameLog = [];
    while (window.__frameLog.length < count) await nextFrame();
    const log = window.__frameLog.slice(0, count);
    window.__frameLog = null;
    return log;
  }

  // The bench's own frames with the playground's loop paused: mode 0 GPU heatmap, 1 a rectangle a cell.
  async function heatmapFrames(mode, n, count, settle = 3) {
    const m = M();
    m._ap_bench_main_loop(0);
    const log = [];
    try {
      for (let i = 0; i < settle + count; i++) {
        await nextFrame();
        const total = m._ap_bench_heatmap_frame(mode, n);
        if (total < 0) throw new Error('bench heatmap frame refused');
        if (i >= settle) log.push([m._ap_bench_frame_part(0), m._ap_bench_frame_part(1)]);
      }
    } finally {
      m._ap_bench_main_loop(1);
    }
    return log;
  }

  // The floor under every canvas frame here: an empty WebGL2 frame (clear + 1-pixel readPixels) on
  // a second canvas of the same size, with the playground's loop paused.
  async function emptyGlFrames(count, settle = 3) {
    const src = document.getElementById('canvas');
    const c = document.createElement('canvas');
    c.width = src.width;
    c.height = src.height;
    c.style.cssText = `position:absolute;left:${src.getBoundingClientRect().left + scrollX}px;top:${src.getBoundingClientRect().top + scrollY}px;width:${src.clientWidth}px;height:${src.clientHeight}px`;
    document.body.appendChild(c);
    const gl = c.getContext('webgl2');
    const px = new Uint8Array(4);
    M()._ap_bench_main_loop(0);
    const log = [];
    try {
      for (let i = 0; i < settle + count; i++) {
        await nextFrame();
        const t0 = performance.now();
        gl.clearColor(0.09, 0.09, 0.11, 1);
        gl.clear(gl.COLOR_BUFFER_BIT);
        const t1 = performance.now();
        gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
        if (i >= settle) log.push([t1 - t0, performance.now() - t1]);
      }
    } finally {
      M()._ap_bench_main_loop(1);
      c.remove();
    }
    return log;
  }

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
