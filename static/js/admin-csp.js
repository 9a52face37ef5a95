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
    document.querySelectorAll("[data-portal-panel]").forEach(function (el) {
      var Panel = window[el.getAttribute("data-portal-panel")];
      if (typeof Panel === "function") {
        new Panel(JSON.parse(el.getAttribute("data-portal-config")));
      }
      el.remove();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
