// Figure mode, the page's side: article figures (?embed=1) and the full page on a phone: the text field only when it is shown, the one menu, the link to the full playground.
// The canvas decides which controls a figure shows (src/core/figure_controls.cpp, from the link's
// `controls=` or the view's defaults); this file asks it and lays out the HTML around the canvas.
'use strict';
(function () {
  const apPage = (window.apPage = window.apPage || {});
  const params = new URLSearchParams(location.search);
  apPage.figure = params.get('embed') === '1';
  if (apPage.figure) document.documentElement.classList.add('figure');
  // The full page on a phone is laid out like a figure: one top row (the text and the one menu),
  // then the picture. It keeps the view chooser and the text field (src/ui: figure_page).
  const narrow = window.matchMedia('(max-width: 600px)');
  apPage.figurePage = !apPage.figure && narrow.matches;
  if (apPage.figurePage) document.documentElement.classList.add('figure', 'figure-page');

  // Escape closes the figure's menu. Registered as this file loads, before web/page-input.js's
  // capture listener (which keeps every key from the page below it).
  let closeMenu = null;
  window.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && closeMenu && document.documentElement.classList.contains('figure-menu-open')) closeMenu();
  }, true);

  // Called once the module's runtime is up, before the first frame.
  apPage.startFigure = function (M, showMessage) {
    const $ = (id) => document.getElementById(id);
    const root = document.documentElement, menuBtn = $('figure-menu-btn'), link = $('full-link');
    const bar = document.querySelector('.bar'), text = $('text-input');
    const textHome = text.nextElementSibling;  // where the text field sits on the full page
    // One line for a short sentence, two for a longer one (then it scrolls): the picture keeps the frame.
    function fitText() {
      text.style.height = 'auto';
      text.style.height = Math.min(text.scrollHeight + 2, 64) + 'px';
    }
    // In figure mode the text field sits in the top row, beside the menu button.
    function enterFigure() {
      bar.insertBefore(text, bar.firstChild);
      text.rows = 1;  // measured from one line up (fitText)
    }
    function leaveFigure() {
      textHome.parentNode.insertBefore(text, textHome);
      text.rows = 2;
      text.style.height = '';
    }
    text.addEventListener('input', () => { if (root.classList.contains('figure')) fitText(); });
    if (apPage.figure) {
      enterFigure();
      const notice = M.ccall('ap_set_figure', 'string', ['number', 'number', 'string'],
                             [1, params.has('controls') ? 1 : 0, params.get('controls') || '']);
      if (notice) showMessage(notice);
    } else {
      // The full page: figure mode while the screen is narrow, the whole panel once it is wide.
      const apply = () => {
        apPage.figurePage = narrow.matches;
        root.classList.toggle('figure', narrow.matches);
        root.classList.toggle('figure-page', narrow.matches);
        M.ccall('ap_set_figure_page', null, ['number'], [narrow.matches ? 1 : 0]);
        if (narrow.matches) enterFigure(); else leaveFigure();
        update();
      };
      narrow.addEventListener('change', apply);
      apply();  // before the first frame (update is a hoisted function declaration)
    }
    function update() {
      const f = JSON.parse(M.ccall('ap_figure_json', 'string', [], []));
      root.classList.toggle('figure-no-text', f.on && !f.text);
      root.classList.toggle('figure-menu-open', f.on && f.menu);
      menuBtn.setAttribute('aria-expanded', f.menu ? 'true' : 'false');
      // The whole state, without embed=1: the reader lands in the full playground as they left it.
      link.href = 'index.html' + location.hash;
      if (f.on && f.text) fitText();
      window.dispatchEvent(new Event('attentionplayground:layout'));
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
    if (apPage.figure) update();
  };
})();
