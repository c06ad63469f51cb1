// Article figures (?embed=1): the page's side of figure mode: the text field only when the figure shows it, the one menu, the link to the full playground.
// The canvas decides which controls a figure shows (src/core/figure_controls.cpp, from the link's
// `controls=` or the view's defaults); this file asks it and lays out the HTML around the canvas.
'use strict';
(function () {
  const apPage = (window.apPage = window.apPage || {});
  const params = new URLSearchParams(location.search);
  apPage.figure = params.get('embed') === '1';
  if (apPage.figure) document.documentElement.classList.add('figure');

  // Escape closes the figure's menu. Registered as this file loads, before web/page-input.js's
  // capture listener (which keeps every key from the page below it).
  let closeMenu = null;
  window.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && closeMenu && document.documentElement.classList.contains('figure-menu-open')) closeMenu();
  }, true);

  // Called once the module's runtime is up, before the first frame.
  apPage.startFigure = function (M, showMessage) {
    if (!apPage.figure) return;
    const $ = (id) => document.getElementById(id);
    const root = document.documentElement, menuBtn = $('figure-menu-btn'), link = $('full-link');
    // The text field sits in the figure's top row, beside the menu button.
    const bar = document.querySelector('.bar'), text = $('text-input');
    bar.insertBefore(text, bar.firstChild);
    text.rows = 1;  // measured from one line up (fitText)
    // One line for a short sentence, two for a longer one (then it scrolls): the picture keeps the frame.
    function fitText() {
      text.style.height = 'auto';
      text.style.height = Math.min(text.scrollHeight + 2, 64) + 'px';
    }
    text.addEventListener('input', fitText);
    const notice = M.ccall('ap_set_figure', 'string', ['number', 'number', 'string'],
                           [1, params.has('controls') ? 1 : 0, params.get('controls') || '']);
    if (notice) showMessage(notice);
    function update() {
      const f = JSON.parse(M.ccall('ap_figure_json', 'string', [], []));
      root.classList.toggle('figure-no-text', !f.text);
      root.classList.toggle('figure-menu-open', f.menu);
      menuBtn.setAttribute('aria-expanded', f.menu ? 'true' : 'false');
      // The whole state, without embed=1: the reader lands in the full playground as they left it.
      link.href = 'index.html' + location.hash;
      if (f.text) fitText();
    }
    menuBtn.addEventListener('click', () => {
      M.ccall('ap_set_figure_menu', null, ['number'], [root.classList.contains('figure-menu-open') ? 0 : 1]);
      update();
    });
    closeMenu = () => {
      M.ccall('ap_set_figure_menu', null, ['number'], [0]);
      update();
      menuBtn.focus();
    };
    window.addEventListener('attentionplayground:state', update);
    update();
  };
})();
