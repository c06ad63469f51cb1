// Runs before the page is painted: the link's theme= (light, dark or auto) keys theme.css's colours, so no dark flash in a light article.
// A plain regular expression, not hash-state.js: this file must be tiny and run synchronously in <head>.
'use strict';
(function () {
  const m = /(?:^#|&)theme=(light|dark|auto)(?:&|$)/.exec(location.hash);
  document.documentElement.dataset.theme = m ? m[1] : 'auto';
})();
