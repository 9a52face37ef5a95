// Keeps the text of a form on the device (localStorage) until the server has
// confirmed it, so a lost connection or a reload loses nothing. Enhancement
// only: the form works the same without JavaScript.
(function () {
  "use strict";
  var PREFIX = "musrenbang-draft:";
  var store;
  try { store = window.localStorage; store.setItem(PREFIX + "t", "1"); store.removeItem(PREFIX + "t"); }
  catch (e) { return; }

  // A page reached after the server confirmed (…?terkirim=KEY) clears that draft.
  var params = new URLSearchParams(window.location.search);
  var sent = params.get("terkirim");
  if (sent) { store.removeItem(PREFIX + sent); }

  var form = document.querySelector("form[data-draft]");
  if (!form) { return; }
  var key = PREFIX + form.getAttribute("data-draft");
  var status = document.querySelector("[data-draft-status]");
  var fields = form.querySelectorAll("input[type=text], input[type=number], textarea, select, input[type=radio]");

  function save() {
    var data = {};
    fields.forEach(function (el) {
      if (el.type === "radio") { if (el.checked) { data[el.name] = el.value; } }
      else { data[el.name] = el.value; }
    });
    try { store.setItem(key, JSON.stringify(data)); } catch (e) { /* storage full: keep going */ }
  }

  var saved = store.getItem(key);
  var hasErrors = form.querySelector(".form-errors");
  if (saved && !hasErrors) {
    var data = JSON.parse(saved);
    var restored = false;
    fields.forEach(function (el) {
      if (!(el.name in data)) { return; }
      if (el.type === "radio") { el.checked = el.value === data[el.name]; restored = restored || el.checked; }
      else if (!el.value && data[el.name]) { el.value = data[el.name]; restored = true; }
    });
    if (restored && status) {
      status.textContent = status.getAttribute("data-restored") || "Draf idemu dipulihkan dari HP ini.";
      status.hidden = false;
    }
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);
})();
