// Live support counts and one-tap support without a reload. Enhancement only:
// without JavaScript the support form posts and the page reloads.
(function () {
  "use strict";

  function counters(id) {
    return document.querySelectorAll('[data-count-for="' + id + '"]');
  }

  function setCount(id, count) {
    counters(id).forEach(function (el) { el.textContent = String(count); });
  }

  // --- one tap, through fetch -------------------------------------------
  document.querySelectorAll("form[data-support-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch) { return; }
      event.preventDefault();
      var button = form.querySelector("button");
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "Accept": "application/json" },
        credentials: "same-origin"
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (result) {
        button.disabled = false;
        if (!result.ok) {
          if (result.data && result.data.error) { window.alert(result.data.error); }
          return;
        }
        var id = form.action.match(/usulan\/(\d+)\//)[1];
        setCount(id, result.data.count);
        button.setAttribute("aria-pressed", result.data.supported ? "true" : "false");
        button.textContent = button.getAttribute(result.data.supported ? "data-label-on" : "data-label-off");
        button.classList.toggle("button--supported", result.data.supported);
        button.classList.toggle("button--secondary", !result.data.supported);
        if (typeof result.data.remaining === "number") {
          document.querySelectorAll("[data-remaining]").forEach(function (el) {
            el.textContent = String(result.data.remaining);
          });
        }
      }).catch(function () {
        // Weak signal: fall back to the plain form post.
        button.disabled = false;
        form.submit();
      });
    });
  });

  // --- live counts over a websocket ---------------------------------------
  var ids = [];
  document.querySelectorAll("[data-count-for]").forEach(function (el) {
    var id = el.getAttribute("data-count-for");
    if (ids.indexOf(id) === -1) { ids.push(id); }
  });
  if (!ids.length || !window.WebSocket) { return; }
  var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  var url = scheme + window.location.host + "/ws/dukungan/?ids=" + ids.slice(0, 60).join(",");
  var delay = 1000;
  var reconnecting = false;

  function connect() {
    // After a lost socket, ask for the current counts: updates sent while
    // it was closed (a Redis or server restart) were missed.
    var socket = new WebSocket(reconnecting ? url + "&fresh=1" : url);
    socket.onopen = function () { delay = 1000; };
    socket.onmessage = function (message) {
      var data = JSON.parse(message.data);
      if (data.type === "count") { setCount(data.id, data.count); }
    };
    socket.onclose = function (event) {
      if (event.code === 4400) { return; }
      reconnecting = true;
      // Jitter: the pages that lost their sockets at the same moment do
      // not all come back at the same moment.
      window.setTimeout(connect, delay * (0.5 + Math.random() / 2));
      delay = Math.min(delay * 2, 30000);
    };
  }
  connect();
})();
