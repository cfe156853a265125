/* KKR Monitor, editing pages: small htmx helpers. Kept in a file, not inline, because the
   Content-Security-Policy forbids inline scripts. Every form also works without this file. */
(function () {
  "use strict";

  // A refused save (409 Conflict) comes back as the initiative with the other person's
  // changes listed: show it, instead of htmx's default of ignoring 4xx responses.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr && event.detail.xhr.status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // The button that was clicked is replaced along with its initiative: move the focus to the
  // new content's heading, so keyboard and screen-reader users keep their place.
  document.addEventListener("htmx:afterSettle", function () {
    var target = document.querySelector("[data-focus-after-swap]");
    if (target) {
      target.removeAttribute("data-focus-after-swap");
      target.focus();
    }
  });
})();
