// Keep the reader's place when switching language: the language links point at the same
// page in the other language; carry the #anchor (a task) along. Theme-independent: any
// link with hreflang is a language link.
document.addEventListener("click", function (ev) {
  var a = ev.target.closest && ev.target.closest("a[hreflang]");
  if (!a || !location.hash) return;
  var url = new URL(a.href, location.href);
  if (url.origin !== location.origin) return;
  url.hash = location.hash;
  a.href = url.toString();
}, true);
