// The page's input forwarding: keys, pointer, touch pinch and wheel go to the canvas's ImGui through the C++ bridge, never through GLFW.
'use strict';
(function () {
  const apPage = (window.apPage = window.apPage || {});
  // module() returns the running WASM module, or null before it starts.
  apPage.forwardInput = function (canvas, wrap, module) {
    // GLFW listens for keys on the whole window and swallows Backspace and Tab. This capture
    // listener runs first: keys never reach GLFW; the canvas gets only the keys it uses, and Tab
    // always moves focus (no keyboard trap).
    function onKey(e) {
      e.stopImmediatePropagation();
      const M = module();
      if (!M || document.activeElement !== canvas || e.key === 'Tab') return;
      const used = M.ccall('ap_key', 'number', ['string', 'number'], [e.key, e.type === 'keydown' ? 1 : 0]);
      if (used && e.type === 'keydown' && e.key !== 'Escape') e.preventDefault();
    }
    for (const type of ['keydown', 'keyup', 'keypress']) window.addEventListener(type, onKey, true);

    // Pointer input is fed to ImGui directly; GLFW's own mouse/touch listeners never see an event
    // (in 3.1.6 they put taps at 0,0, double-press on touch and block page scrolling).
    // Passive: stopping an event never needs preventDefault, and a passive touch or wheel listener
    // lets the browser scroll at once, without waiting for this script.
    function stop(e) { e.stopPropagation(); }
    for (const type of ['mousedown', 'mouseup', 'mousemove', 'mouseenter', 'mouseleave', 'touchstart',
                        'touchmove', 'touchend', 'touchcancel', 'wheel', 'mousewheel', 'click'])
      wrap.addEventListener(type, stop, { capture: true, passive: true });
    function sendPointer(x, y, kind, button, touch) {
      module().ccall('ap_pointer', null, ['number', 'number', 'number', 'number', 'number'], [x, y, kind, button, touch ? 1 : 0]);
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
            module().ccall('ap_wheel', 'number', ['number', 'number', 'number', 'number'], [-100 * Math.log(p.dist / pinchDist) / ZOOM_STEP, 1, p.x, p.y]);
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
      if (!module()) return;
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
    // After a tap the pointer stays where the finger was, so what it opened (a value's tooltip)
    // stays too; a tap anywhere outside the canvas (the page, or the host article around an
    // embed, which takes the focus away) ends that hover and closes it. A tap inside the canvas
    // moves the pointer, which closes it already.
    const endHover = () => { if (module()) sendPointer(0, 0, 3, 0, false); };
    canvas.addEventListener('blur', endHover);
    document.addEventListener('pointerdown', (e) => { if (!wrap.contains(e.target)) endHover(); }, true);
    wrap.addEventListener('wheel', (e) => {
      if (!module()) return;
      const r = canvas.getBoundingClientRect();
      const used = module().ccall('ap_wheel', 'number', ['number', 'number', 'number', 'number'],
                                  [e.deltaY, e.ctrlKey ? 1 : 0, e.clientX - r.left, e.clientY - r.top]);
      if (used) e.preventDefault();  // otherwise the article scrolls as usual
    }, { capture: true, passive: false });
  };
})();
