/* KKR Monitor: start DKFDS' components (menu, tables…) and restart them in content htmx swaps in.
   Kept in a file, not inline, so a Content-Security-Policy can forbid inline scripts. */
(function () {
  "use strict";
  if (!window.DKFDS) {
    return;
  }
  window.DKFDS.init();
  document.addEventListener("htmx:afterSwap", function (event) {
    window.DKFDS.init({ scope: event.detail.elt });
  });
})();
