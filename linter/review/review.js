/* claimlint review: highlights open their findings, filters, copy buttons, printing.
   Plain JavaScript, no library, no network. Page text is only ever read from the DOM. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function cardsOf(mark) {
    return (mark.getAttribute("data-f") || "").split(" ").filter(Boolean)
      .map(function (id) { return document.getElementById(id); }).filter(Boolean);
  }

  function select(mark) {
    document.querySelectorAll(".selected").forEach(function (el) { el.classList.remove("selected"); });
    var cards = cardsOf(mark).filter(function (card) { return !card.hidden; });
    mark.classList.add("selected");
    cards.forEach(function (card) { card.open = true; card.classList.add("selected"); });
    if (cards.length) { cards[0].scrollIntoView({ block: "nearest" }); }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var mark = target.closest && target.closest("mark.hl");
    if (mark && !mark.classList.contains("off")) { select(mark); return; }
    var button = target.closest && target.closest("button.copy");
    if (button) { copy(button); return; }
    if (target.closest && target.closest("button.expand-all")) { setAll(true); }
    if (target.closest && target.closest("button.collapse-all")) { setAll(false); }
  });
  document.addEventListener("keydown", function (event) {
    var mark = event.target.closest && event.target.closest("mark.hl");
    if (mark && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); select(mark); }
  });

  function setAll(open) {
    document.querySelectorAll("details.finding").forEach(function (card) { if (!card.hidden) { card.open = open; } });
  }

  function copy(button) {
    var item = button.closest("li");
    var text = item ? item.querySelector(".rewrite").textContent : "";
    function done(ok) {
      button.textContent = ok ? "Copied" : "Select and copy";
      button.classList.toggle("copied", ok);
      if (!ok && item) {
        var range = document.createRange();
        range.selectNodeContents(item.querySelector(".rewrite"));
        var selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
      }
    }
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
      document.body.appendChild(area); area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      done(ok);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else { fallback(); }
  }

  /* Filters: a finding is shown when its category, severity and page are; a highlight
     keeps its colour while one of its findings is shown. */
  var form = document.querySelector("form.filters");
  function checked(name) {
    var values = {};
    form.querySelectorAll('input[name="' + name + '"]').forEach(function (box) { values[box.value] = box.checked; });
    return values;
  }
  var rank = { info: 0, warning: 1, error: 2 };
  function applyFilters() {
    if (!form) { return; }
    var categories = checked("category"), severities = checked("severity");
    var page = form.querySelector('select[name="page"]').value;
    var failing = form.querySelector('input[name="failing"]').checked;
    var shown = 0;
    document.querySelectorAll("section.page").forEach(function (section) {
      section.hidden = (page && section.id !== page) || (failing && section.getAttribute("data-verdict") !== "fails");
    });
    document.querySelectorAll("details.finding").forEach(function (card) {
      var on = categories[card.getAttribute("data-category")] !== false && severities[card.getAttribute("data-severity")] !== false;
      card.hidden = !on;
      if (on && !card.closest("section.page").hidden) { shown += 1; }
    });
    document.querySelectorAll("mark.hl").forEach(function (mark) {
      var worst = -1, name = "";
      cardsOf(mark).forEach(function (card) {
        var severity = card.getAttribute("data-severity");
        if (!card.hidden && rank[severity] > worst) { worst = rank[severity]; name = severity; }
      });
      mark.classList.toggle("off", worst < 0);
      ["error", "warning", "info"].forEach(function (s) { mark.classList.toggle("sev-" + s, s === name); });
      if (worst < 0) { mark.removeAttribute("tabindex"); } else { mark.setAttribute("tabindex", "0"); }
    });
    var output = form.querySelector("output.shown");
    if (output) { output.textContent = shown + " shown"; }
  }
  if (form) {
    form.addEventListener("change", applyFilters);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    applyFilters();
  }
  window.claimlintApplyFilters = applyFilters;

  /* Printing: every finding open, and the date it was printed on. */
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    reopened = [];
    document.querySelectorAll("details.finding").forEach(function (card) { if (!card.open) { card.open = true; reopened.push(card); } });
    var printed = document.querySelector(".printed-on");
    if (printed && !document.querySelector("time.stamp")) { printed.textContent = new Date().toISOString().slice(0, 10); }
  });
  window.addEventListener("afterprint", function () {
    reopened.forEach(function (card) { card.open = false; });
    var printed = document.querySelector(".printed-on");
    if (printed) { printed.textContent = ""; }
  });
})();
