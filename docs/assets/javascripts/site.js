// Keep the reader's place when switching language. Every generated page exists in both
// languages under the same path (tests/test_site.py checks it), so the language link can
// go straight to the same page and carry the #anchor (a task) along. Theme-independent:
// any same-origin link with hreflang is a language link; we handle it before the theme's
// own handler, which would drop the anchor.
document.addEventListener("click", function (ev) {
  var a = ev.target.closest && ev.target.closest("a[hreflang]");
  if (!a || ev.defaultPrevented || ev.button > 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey) return;
  var url = new URL(a.getAttribute("href"), location.href);
  if (url.origin !== location.origin) return;
  if (location.hash) url.hash = location.hash;
  ev.preventDefault();
  ev.stopImmediatePropagation();
  location.href = url.toString();
}, true);
