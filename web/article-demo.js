// The demo host page: sizes each embedded playground to the height it asks for.
'use strict';
(function () {
  const frames = Array.from(document.querySelectorAll('iframe.embed'));
  window.addEventListener('message', (e) => {
    const m = e.data;
    // Only messages from our own embeds, with the playground's envelope and a sane height.
    if (!m || typeof m !== 'object' || m.source !== 'attention-playground') return;
    const frame = frames.find((f) => f.contentWindow === e.source);
    if (!frame) return;
    if ((m.type === 'ready' || m.type === 'height') && Number.isFinite(m.height)) {
      frame.style.height = Math.max(320, Math.min(1400, Math.round(m.height))) + 'px';
      frame.dataset.ready = '1';
    }
  });
})();
