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

  // Timeline: zoom regroups the entries in place (the links work without this), and
  // "Expand all" opens every entry's sources.
  var timeline = document.getElementById("timeline");
  if (timeline) setUpTimeline(timeline);
  function setUpTimeline(box) {
    var svgNS = "http://www.w3.org/2000/svg";
    function element(tag, className, text) {
      var el = document.createElement(tag);
      if (className) el.className = className;
      if (text) el.textContent = text;
      return el;
    }
    function anchorOf(label) {
      return "g-" + label.replace(/[^0-9A-Za-z]+/g, "-").replace(/^-+|-+$/g, "");
    }
    function entryWord(n) { return n + (n === 1 ? " entry" : " entries"); }
    function regroup(zoom) {
      var entries = Array.prototype.slice.call(box.querySelectorAll(".tl-entry"));
      entries.sort(function (a, b) { return Number(a.dataset.index) - Number(b.dataset.index); });
      var groups = [];
      entries.forEach(function (entry) {
        var label = entry.dataset[zoom];
        var group = groups[groups.length - 1];
        if (!group || group.label !== label) {
          group = { label: label, happened: [], apart: [] };
          groups.push(group);
        }
        group[entry.classList.contains("is-apart") ? "apart" : "happened"].push(entry);
      });
      box.textContent = "";
      var axis = document.getElementById("tl-axis");
      if (axis) axis.textContent = "";
      var most = Math.max.apply(null, groups.map(function (g) {
        return g.happened.length + g.apart.length;
      }));
      groups.forEach(function (group) {
        var count = group.happened.length + group.apart.length;
        var section = element("section", "tl-group");
        section.id = anchorOf(group.label);
        section.dataset.label = group.label;
        var heading = element("h2", "tl-heading", group.label + " ");
        heading.appendChild(element("span", "muted", entryWord(count)));
        section.appendChild(heading);
        var list = element("ol", "tl-entries");
        group.happened.forEach(function (entry) { list.appendChild(entry); });
        section.appendChild(list);
        if (group.apart.length) {
          var apartHeading = element("h3", "tl-apart-h", "Planned ");
          apartHeading.appendChild(element("span", "muted", "· not known to have happened"));
          section.appendChild(apartHeading);
          var apart = element("ol", "tl-entries tl-apart");
          group.apart.forEach(function (entry) { apart.appendChild(entry); });
          section.appendChild(apart);
        }
        box.appendChild(section);
        if (!axis) return;
        var tick = element("a", "tl-tick");
        tick.href = "#" + section.id;
        tick.title = group.label + ": " + entryWord(count);
        var svg = document.createElementNS(svgNS, "svg");
        svg.setAttribute("width", "100%");
        svg.setAttribute("height", "28");
        svg.setAttribute("aria-hidden", "true");
        var rect = document.createElementNS(svgNS, "rect");
        var height = Math.round((4 + 24 * count / most) * 10) / 10;
        rect.setAttribute("x", "20%");
        rect.setAttribute("width", "60%");
        rect.setAttribute("y", String(28 - height));
        rect.setAttribute("height", String(height));
        rect.setAttribute("rx", "1");
        svg.appendChild(rect);
        tick.appendChild(svg);
        tick.appendChild(element("span", "", group.label));
        axis.appendChild(tick);
      });
      box.dataset.zoom = zoom;
    }
    document.querySelectorAll(".zoom-button[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        regroup(button.dataset.zoom);
        document.querySelectorAll(".zoom-button").forEach(function (other) {
          if (other === button) other.setAttribute("aria-current", "true");
          else other.removeAttribute("aria-current");
        });
        history.replaceState(null, "", button.href);
        var hidden = document.querySelector('#timeline-filters input[name="zoom"]');
        if (!hidden) {
          hidden = element("input");
          hidden.type = "hidden";
          hidden.name = "zoom";
          document.getElementById("timeline-filters").appendChild(hidden);
        }
        hidden.value = button.dataset.zoom;
      });
    });
    var expand = document.getElementById("expand-all");
    if (expand) {
      expand.hidden = false;
      expand.addEventListener("click", function () {
        var open = expand.getAttribute("aria-pressed") !== "true";
        box.querySelectorAll("details.tl-details").forEach(function (d) { d.open = open; });
        expand.setAttribute("aria-pressed", String(open));
        expand.textContent = open ? "Collapse all" : "Expand all";
      });
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
