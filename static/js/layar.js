// The Layar Musrenbang (issue 12 item 10): one section at a time, turning
// every data-layar-seconds; the sections are fetched again when Bappeda
// records a decision (websocket /ws/layar/<year>/). A small static script:
// the production CSP allows no inline script.
(function () {
  "use strict";
  var box = document.querySelector("[data-layar]");
  if (!box) { return; }
  var position = document.querySelector("[data-layar-position]");
  var seconds = parseInt(box.getAttribute("data-layar-seconds"), 10) || 15;
  var current = 0;

  function sections() {
    return box.querySelectorAll("[data-layar-section]");
  }
  function show(index) {
    var all = sections();
    if (!all.length) { return; }
    current = index % all.length;
    for (var i = 0; i < all.length; i++) { all[i].hidden = i !== current; }
    if (position) { position.textContent = (current + 1) + " / " + all.length; }
  }
  document.documentElement.classList.add("layar-rotating");
  show(0);
  window.setInterval(function () { show(current + 1); }, seconds * 1000);

  var year = box.getAttribute("data-layar");
  if (!year || !window.WebSocket || !window.fetch) { return; }
  var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  var delay = 1000;
  function reload() {
    fetch(window.location.pathname + "?section=list", { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) { box.innerHTML = html; show(current); });
  }
  function connect() {
    var socket = new WebSocket(scheme + window.location.host + "/ws/layar/" + year + "/");
    socket.onopen = function () { delay = 1000; };
    socket.onmessage = function () { reload(); };
    socket.onclose = function () { window.setTimeout(connect, delay); delay = Math.min(delay * 2, 30000); };
  }
  connect();
})();
