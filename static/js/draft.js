// Keeps the text of a form on the device (localStorage) until the server has
// confirmed it, so a lost connection or a reload loses nothing. Enhancement
// only: the form works the same without JavaScript.
//
// A phone is often shared by a family or a class (issue 11 item 12): every
// draft belongs to one account, named by an opaque id the page carries
// (<meta name="draft-owner">, never the username). Another account's draft is
// never shown; sending clears it; signing out clears every draft of the
// account signing out. Drafts from before this rule had no owner: they are
// removed unseen.
(function () {
  "use strict";
  var PREFIX = "musrenbang-draft:";
  var store;
  try { store = window.localStorage; store.setItem(PREFIX + "t", "1"); store.removeItem(PREFIX + "t"); }
  catch (e) { return; }

  var meta = document.querySelector("meta[name=draft-owner]");
  var owner = meta ? meta.getAttribute("content") : "";
  var mine = PREFIX + owner + ":";

  function keys() {
    var found = [];
    for (var i = 0; i < store.length; i++) {
      var k = store.key(i);
      if (k && k.indexOf(PREFIX) === 0) { found.push(k); }
    }
    return found;
  }

  // Unowned drafts (the old shared format) are nobody's to see.
  keys().forEach(function (k) {
    if (k.slice(PREFIX.length).indexOf(":") === -1) { store.removeItem(k); }
  });

  function clearMine() {
    if (!owner) { return; }
    keys().forEach(function (k) { if (k.indexOf(mine) === 0) { store.removeItem(k); } });
  }
  document.querySelectorAll("form[data-draft-clear]").forEach(function (f) {
    f.addEventListener("submit", clearMine);
  });

  if (!owner) { return; }

  // A page reached after the server confirmed (…?terkirim=KEY) clears that draft.
  var params = new URLSearchParams(window.location.search);
  var sent = params.get("terkirim");
  if (sent) { store.removeItem(mine + sent); }

  var form = document.querySelector("form[data-draft]");
  if (!form) { return; }
  var key = mine + form.getAttribute("data-draft");
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
