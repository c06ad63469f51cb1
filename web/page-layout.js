// The full page's canvas height: the first screen (to its fold) for the picture, then as tall as the canvas's content, so a thumb scrolls the page to what lies below.
// The canvas tells its content height (onPlaygroundContentHeight); the page tells the canvas where
// the reader's first screen ends inside it (ap_set_fold), and the views size their picture to that.
// An embed keeps the height its host gives it: its views fit the frame.
'use strict';
(function () {
  const apPage = (window.apPage = window.apPage || {});
  apPage.onContentHeight = () => {};
  apPage.startLayout = function (M, wrap) {
    if (new URLSearchParams(location.search).get('embed') === '1') return;
    let contentCss = 0, foldCss = 0, seenW = 0, seenH = 0;
    // The reader's first screen below the canvas's top (at least a small screen's worth).
    function measureFold() {
      const top = wrap.getBoundingClientRect().top + window.scrollY;
      return Math.max(320, Math.round(window.innerHeight - top - 4));
    }
    function apply() {
      const f = measureFold();
      if (f !== foldCss) {
        foldCss = f;
        wrap.style.setProperty('--fold-h', f + 'px');
        M.ccall('ap_set_fold', null, ['number'], [f]);
      }
      wrap.style.setProperty('--content-h', contentCss + 'px');
    }
    apPage.onContentHeight = (css) => { contentCss = css; apply(); };
    // A phone's address bar showing or hiding changes the height by a little while the reader
    // scrolls: that must not re-lay the picture out under their thumb. A size that lasts under
    // 400 ms (a full-page screenshot's brief viewport) is not laid out for either.
    let settle = 0;
    window.addEventListener('resize', () => {
      clearTimeout(settle);
      settle = setTimeout(() => {
        if (window.innerWidth === seenW && Math.abs(window.innerHeight - seenH) < 150) return;
        seenW = window.innerWidth;
        seenH = window.innerHeight;
        apply();
      }, 400);
    });
    seenW = window.innerWidth;
    seenH = window.innerHeight;
    // The page's own rows above the canvas change (figure mode on a phone, a message, the menu):
    // the page's box changes size with them (and with the canvas, which leaves the fold alone).
    window.addEventListener('attentionplayground:layout', apply);
    if ('ResizeObserver' in window) new ResizeObserver(apply).observe(document.querySelector('.playground'));
    apply();
  };
})();
