// Dossier: a little progressive enhancement. Every page works without it.
(function () {
  "use strict";
  var root = document.documentElement;

  function remember(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* private mode */ }
  }

  // Dark mode: the system's choice until the toggle is used, then the toggle's.
  var darkQuery = window.matchMedia("(prefers-color-scheme: dark)");
  function isDark() {
    return root.dataset.theme ? root.dataset.theme === "dark" : darkQuery.matches;
  }
  var themeButton = document.getElementById("theme-toggle");
  function showTheme() {
    if (themeButton) themeButton.setAttribute("aria-pressed", String(isDark()));
  }
  function toggleTheme() {
    root.dataset.theme = isDark() ? "light" : "dark";
    remember("dossier-theme", root.dataset.theme);
    showTheme();
  }
  if (themeButton) themeButton.addEventListener("click", toggleTheme);
  darkQuery.addEventListener("change", showTheme);
  showTheme();

  // Serif or sans-serif text in the reader.
  var fontButton = document.getElementById("font-toggle");
  function showFont() {
    if (fontButton) fontButton.setAttribute("aria-pressed", String(root.dataset.font === "sans"));
  }
  if (fontButton) {
    fontButton.addEventListener("click", function () {
      root.dataset.font = root.dataset.font === "sans" ? "serif" : "sans";
      remember("dossier-font", root.dataset.font);
      showFont();
    });
  }
  showFont();

  // Keyboard: j/k move through a list, Enter opens (the link has focus), / searches.
  var entries = Array.prototype.slice.call(document.querySelectorAll("#library .entry"));
  var current = -1;
  function select(index) {
    if (!entries.length) return;
    index = Math.max(0, Math.min(entries.length - 1, index));
    if (current >= 0) entries[current].classList.remove("is-current");
    current = index;
    var entry = entries[current];
    entry.classList.add("is-current");
    var link = entry.querySelector("a");
    link.focus();
    entry.scrollIntoView({ block: "nearest" });
  }
  entries.forEach(function (entry, index) {
    entry.querySelector("a").addEventListener("focus", function () {
      if (current >= 0 && current !== index) entries[current].classList.remove("is-current");
      current = index;
      entry.classList.add("is-current");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.closest && target.closest("input, select, textarea, [contenteditable]")) return;
    if (event.key === "j") { select(current + 1); event.preventDefault(); }
    else if (event.key === "k") { select(current < 0 ? 0 : current - 1); event.preventDefault(); }
    else if (event.key === "/") {
      var box = document.getElementById("q");
      if (box) box.focus(); else window.location.href = "/search";
      event.preventDefault();
    } else if (event.key === "d") { toggleTheme(); }
  });

  // Events and claims: an item shows its sentence in the text, marked, scrolled to, focused.
  function showEvidence(id, item) {
    var target = document.getElementById(id);
    if (!target) return false;
    document.querySelectorAll("mark.evidence.is-current, .chrono > li.is-current")
      .forEach(function (el) { el.classList.remove("is-current"); });
    document.querySelectorAll('mark.evidence[data-ev="' + id + '"]')
      .forEach(function (el) { el.classList.add("is-current"); });
    if (item) item.classList.add("is-current");
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center", behavior: "smooth" });
    return true;
  }
  document.querySelectorAll("a.ev-link[data-ev]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var id = link.dataset.ev;
      if (showEvidence(id, link.closest("li"))) {
        event.preventDefault();
        history.replaceState(null, "", "#" + id);
      }
    });
  });
  // Arriving from an entity page: #ev-<offset> names the sentence's start, which may sit
  // inside a longer mark; find the mark that holds it.
  var wanted = /^#ev-(\d+)$/.exec(window.location.hash);
  if (wanted && document.querySelector(".prose")) {
    var offset = Number(wanted[1]);
    var holder = document.getElementById("ev-" + offset);
    if (!holder) {
      document.querySelectorAll("mark.evidence[id]").forEach(function (mark) {
        var start = Number(mark.id.slice(3));
        if (start <= offset && offset < Number(mark.dataset.end)) holder = mark;
      });
    }
    if (holder) {
      var link = document.querySelector('a.ev-link[data-ev="' + holder.id + '"]');
      showEvidence(holder.id, link ? link.closest("li") : null);
    }
  }

  // Filters apply as soon as they change.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function () { form.submit(); });
  });

  // Import: upload with a progress bar, then go to the report page.
  var form = document.getElementById("import-form");
  if (!form) return;
  var input = document.getElementById("files");
  var chosen = document.getElementById("chosen");
  var progress = document.getElementById("progress");
  var bar = document.getElementById("progress-bar");
  var label = document.getElementById("progress-label");
  var problem = document.getElementById("import-error");
  var button = document.getElementById("import-button");
  var drop = form.querySelector(".drop");

  function totalSize() {
    var sum = 0;
    for (var i = 0; i < input.files.length; i++) sum += input.files[i].size;
    return sum;
  }
  function megabytes(n) { return (n / 1048576).toFixed(1) + " MB"; }
  function fail(message) {
    problem.textContent = message;
    problem.hidden = false;
    progress.hidden = true;
    button.disabled = false;
  }
  input.addEventListener("change", function () {
    var n = input.files.length;
    chosen.textContent = n ? n + (n === 1 ? " file, " : " files, ") + megabytes(totalSize()) : "";
    problem.hidden = true;
  });
  ["dragenter", "dragover"].forEach(function (name) {
    drop.addEventListener(name, function () { drop.classList.add("is-over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    drop.addEventListener(name, function () { drop.classList.remove("is-over"); });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!input.files.length) { fail("Choose at least one file."); return; }
    var maxBytes = Number(form.dataset.maxBytes || 0);
    if (maxBytes && totalSize() > maxBytes) {
      fail("These files are " + megabytes(totalSize()) + ": the limit is " +
        megabytes(maxBytes) + " per upload.");
      return;
    }
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) return;
      var percent = Math.round((e.loaded / e.total) * 100);
      bar.value = percent;
      label.textContent = percent < 100 ? "Uploading… " + percent + "%" : "Reading the articles…";
    });
    request.addEventListener("load", function () {
      if (request.status >= 200 && request.status < 300 && request.responseURL) {
        bar.value = 100;
        window.location.href = request.responseURL;
        return;
      }
      var message = "The import failed (" + request.status + ").";
      try { message = JSON.parse(request.responseText).error || message; } catch (e) { /* page */ }
      fail(message.charAt(0).toUpperCase() + message.slice(1));
    });
    request.addEventListener("error", function () {
      fail("The upload was interrupted. Check the connection and try again.");
    });
    problem.hidden = true;
    progress.hidden = false;
    button.disabled = true;
    bar.value = 0;
    label.textContent = "Uploading…";
    request.send(new FormData(form));
  });
})();
