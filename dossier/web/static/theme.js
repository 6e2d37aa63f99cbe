// Runs before the page paints: apply the remembered theme and font, so nothing flashes.
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var theme = localStorage.getItem("dossier-theme");
    if (theme === "dark" || theme === "light") root.dataset.theme = theme;
    var font = localStorage.getItem("dossier-font");
    if (font === "sans" || font === "serif") root.dataset.font = font;
  } catch (e) { /* storage may be off: the system's choice stands */ }
})();
