// Shows a new notification while the page is open (the same news waits on /saya/).
(function () {
  "use strict";
  var box = document.querySelector("[data-live-news]");
  if (!box || !window.WebSocket) { return; }
  var text = box.querySelector("[data-live-news-text]");
  var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  var delay = 2000;
  function connect() {
    var socket = new WebSocket(scheme + window.location.host + "/ws/kabar/");
    socket.onopen = function () { delay = 2000; };
    socket.onmessage = function (message) {
      var data = JSON.parse(message.data);
      if (data.type === "notification") { text.textContent = data.title; box.hidden = false; }
    };
    socket.onclose = function (event) {
      if (event.code === 4401) { return; }
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 60000);
    };
  }
  connect();
})();
