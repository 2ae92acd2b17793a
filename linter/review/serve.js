/* claimlint serve: lint the copy as it is typed. The server renders (and escapes) the
   view; this script only sends the text and puts the answer in place. */
(function () {
  "use strict";
  var copy = document.getElementById("copy");
  var format = document.getElementById("format");
  var name = document.getElementById("name");
  var file = document.getElementById("file");
  var status = document.getElementById("status");
  var result = document.getElementById("result");
  var sent = 0, shown = 0, timer = null;
  var formats = { ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".mdx": "mdx", ".html": "html", ".htm": "html" };

  function say(text, problem) { status.textContent = text; status.classList.toggle("problem", !!problem); }

  function check() {
    var number = ++sent;
    var body = JSON.stringify({ text: copy.value, format: format.value, name: name.value });
    fetch("/api/check", { method: "POST", headers: { "Content-Type": "application/json" }, body: body })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (answer) {
        if (number < shown) { return; }  /* an older answer arriving late */
        shown = number;
        if (!answer.ok) { say(answer.data.error || "the server refused the copy", true); return; }
        var data = answer.data;
        result.innerHTML = data.html;
        result.setAttribute("data-count", String(data.count));
        var tally = ["error", "warning", "info"].filter(function (s) { return data.counts[s]; })
          .map(function (s) { return data.counts[s] + " " + s + (data.counts[s] === 1 ? "" : "s"); }).join(", ");
        say(copy.value.trim() ? (data.count ? data.count + (data.count === 1 ? " finding: " : " findings: ") + tally + "." : "No findings.") +
          (data.passes ? " The copy passes." : " The copy fails.") : "Paste or type copy to see its findings.");
        if (data.errors && data.errors.length) { say(data.errors.join(" "), true); }
      })
      .catch(function () { if (number >= shown) { say("claimlint serve is not answering: is it still running?", true); } });
  }

  function soon() { clearTimeout(timer); timer = setTimeout(check, 150); }
  copy.addEventListener("input", soon);
  format.addEventListener("change", check);
  name.addEventListener("change", function () {
    var dot = name.value.lastIndexOf(".");
    var guess = dot >= 0 ? formats[name.value.slice(dot).toLowerCase()] : null;
    if (guess) { format.value = guess; }
    check();
  });
  file.addEventListener("change", function () {
    var chosen = file.files && file.files[0];
    if (!chosen) { return; }
    var reader = new FileReader();
    reader.onload = function () {
      copy.value = String(reader.result).replace(/^\ufeff/, "");
      name.value = chosen.name;
      var dot = chosen.name.lastIndexOf(".");
      format.value = (dot >= 0 && formats[chosen.name.slice(dot).toLowerCase()]) || "text";
      check();
    };
    reader.onerror = function () { say("could not read " + chosen.name, true); };
    reader.readAsText(chosen);
  });
  if (copy.value) { check(); }
})();
