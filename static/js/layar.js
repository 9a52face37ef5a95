// The big screen refreshes its list when Bappeda records a decision.
(function () {
  "use strict";
  var box = document.querySelector("[data-layar]");
  if (!box || !window.WebSocket) { return; }
  var year = box.getAttribute("data-layar");
  var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  var delay = 1000;
  function reload() {
    fetch(window.location.pathname + "?bagian=daftar", { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) { box.innerHTML = html; });
  }
  function connect() {
    var socket = new WebSocket(scheme + window.location.host + "/ws/layar/" + year + "/");
    socket.onopen = function () { delay = 1000; };
    socket.onmessage = function () { reload(); };
    socket.onclose = function () { window.setTimeout(connect, delay); delay = Math.min(delay * 2, 30000); };
  }
  connect();
})();
