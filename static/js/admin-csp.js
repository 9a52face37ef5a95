// Starts the Wagtail admin widgets that Wagtail itself starts with inline
// <script> elements, which the portal's Content-Security-Policy refuses.
// The project's templates/wagtailadmin/ overrides leave a hidden marker with
// the same arguments instead (see docs/SECURITY.md).
(function () {
  "use strict";

  function start() {
    document.querySelectorAll("[data-portal-chooser]").forEach(function (el) {
      var init = window[el.getAttribute("data-portal-chooser")];
      if (typeof init === "function") {
        init(el.getAttribute("data-portal-for"), JSON.parse(el.getAttribute("data-portal-config")));
      }
      el.remove();
    });
    // Choosers (snippet, page, document, image): portal/core/chooser_csp.py.
    document.querySelectorAll("[data-portal-widget]").forEach(function (el) {
      var Widget = window[el.getAttribute("data-portal-widget")];
      if (typeof Widget === "function") {
        new Widget(el.getAttribute("data-portal-for"), JSON.parse(el.getAttribute("data-portal-config")));
      }
      el.remove();
    });
    document.querySelectorAll("[data-portal-panel]").forEach(function (el) {
      var Panel = window[el.getAttribute("data-portal-panel")];
      if (typeof Panel === "function") {
        new Panel(JSON.parse(el.getAttribute("data-portal-config")));
      }
      el.remove();
    });
  }

  function startAndWatch() {
    start();
    // Forms added in the browser (an InlinePanel's "add" button) carry markers too.
    new MutationObserver(function (mutations) {
      if (mutations.some(function (m) { return m.addedNodes.length; }) &&
          document.querySelector("[data-portal-chooser], [data-portal-widget], [data-portal-panel]")) {
        start();
      }
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAndWatch);
  } else {
    startAndWatch();
  }
})();
