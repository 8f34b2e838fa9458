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

// Status badges are computed at build time against the "as of" date printed on the page;
// here they are recomputed against the reader's today, with the rules of
// build_scripts/i18n.py status_of (a reader without JavaScript sees the build's). The words
// come from the page itself (data-labels on the "as of" line), so they stay in one place.
(function () {
  function iso(d) {
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  function days(a, b) {   // b - a, in days, for ISO dates
    return Math.round((Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / 86400000);
  }
  function status(kind, first, last, today) {
    if (kind === "roadmap" || kind === "none") return "undated";
    if (kind === "ongoing") return last && last < today ? "passed" : "ongoing";
    if (kind === "period") {
      if (last && last < today) return "passed";
      if (first && first > today) return "upcoming";
      return "ongoing";
    }
    if (!last) return "undated";
    if (last < today) return "passed";
    return days(today, last) <= 30 ? "due-soon" : "upcoming";
  }
  // the same rules for the task explorer (explorer.js), which lists tasks from the open data
  window.cdsStatus = status;
  window.cdsISO = iso;
  function run() {
    var line = document.querySelector(".as-of[data-labels]");
    if (!line) return;
    var labels;
    try { labels = JSON.parse(line.getAttribute("data-labels")); } catch (e) { return; }
    var today = iso(new Date());
    if (today === line.getAttribute("data-as-of")) return;
    document.querySelectorAll(".status[data-kind]").forEach(function (b) {
      var s = status(b.getAttribute("data-kind"), b.getAttribute("data-first"), b.getAttribute("data-last"), today);
      b.className = b.className.replace(/\bstatus-[a-z-]+/, "status-" + s);
      b.textContent = labels[s];
      b.setAttribute("data-status", s);
    });
    var dt = today.split("-"), shown = document.documentElement.lang === "en"
      ? Number(dt[2]) + " " + ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][Number(dt[1]) - 1] + " " + dt[0]
      : Number(dt[2]) + "/" + Number(dt[1]) + "/" + dt[0];
    document.querySelectorAll(".as-of-today").forEach(function (s) { s.textContent = labels.today.replace("{date}", shown); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run); else run();
  // Material's instant navigation swaps the page without a load event
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(run);
})();

// "Copy link" beside every task: the task's address, anchor included, to the clipboard.
// Without JavaScript the buttons stay hidden (site.css) and the ¶ permalink does the job.
document.documentElement.classList.add("js");
document.addEventListener("click", function (ev) {
  var b = ev.target.closest && ev.target.closest("button.copy-link");
  if (!b) return;
  var url = location.origin + location.pathname + "#" + b.getAttribute("data-anchor");
  var label = b.textContent;
  function done() {
    b.textContent = b.getAttribute("data-done") || label;
    b.classList.add("copied");
    setTimeout(function () { b.textContent = label; b.classList.remove("copied"); }, 2000);
  }
  function fallback() {
    var t = document.createElement("textarea");
    t.value = url; t.setAttribute("readonly", ""); t.style.position = "fixed"; t.style.opacity = "0";
    document.body.appendChild(t); t.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(t); done();
  }
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(url).then(done, fallback);
  else fallback();
});

// On paper every link is followed by its address (print.css), and a relative address is of
// no use there: each link gets data-print-url, its absolute address resolved against the
// page's public address (data-page-url on the "as of" line, from site_url in mkdocs.yml), so
// a copy served elsewhere still prints the public addresses. Links within the page (notes,
// tasks, headings) get none; print.css decides which of the others print theirs.
(function () {
  function run() {
    var line = document.querySelector("[data-page-url]");
    var here;
    try { here = new URL(line && line.getAttribute("data-page-url") || location.href, location.href); } catch (e) { return; }
    document.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href"), u;
      if (!href || href.charAt(0) === "#") return;
      try { u = new URL(href, here); } catch (e) { return; }
      if (!/^(https?|mailto):$/.test(u.protocol)) return;
      if (u.origin === here.origin && u.pathname === here.pathname && u.search === here.search) return;
      var shown = u.href;
      try { shown = decodeURI(shown); } catch (e) { /* keep it encoded */ }
      if (u.protocol === "mailto:") shown = shown.slice(7);
      if (a.textContent.trim() === shown) return;
      a.setAttribute("data-print-url", shown);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run); else run();
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(run);
})();

// In-page contents of a long page: where the theme's table of contents is not beside the text
// (a phone, a narrow window; site.css shows it there only), a button at the top opens a list of the
// page's sections. Built from the page's own headings; the words come from the "as of" line.
(function () {
  function run() {
    var article = document.querySelector("article") || document.querySelector("main");
    var line = document.querySelector(".as-of[data-labels]");
    if (!article || !line || article.querySelector(".page-contents")) return;
    var hs = article.querySelectorAll("h2[id], h3[id]");
    if (article.querySelectorAll("h2[id]").length < 4) return;
    var labels;
    try { labels = JSON.parse(line.getAttribute("data-labels")); } catch (e) { return; }
    var box = document.createElement("nav"), btn = document.createElement("button"), ol = document.createElement("ol");
    box.className = "page-contents";
    box.setAttribute("aria-label", labels.contents);
    btn.type = "button";
    btn.className = "page-contents__button";
    btn.textContent = labels.contents;
    btn.setAttribute("aria-expanded", "false");
    btn.setAttribute("aria-controls", "page-contents-list");
    ol.id = "page-contents-list";
    ol.hidden = true;
    box.appendChild(btn);
    hs.forEach(function (h) {
      if (h.closest("[hidden]")) return;
      var li = document.createElement("li"), a = document.createElement("a");
      li.className = "level-" + h.tagName.charAt(1);
      a.href = "#" + h.id;
      a.textContent = h.textContent.replace(/\u00b6$/, "").trim();
      li.appendChild(a);
      ol.appendChild(li);
    });
    box.appendChild(ol);
    function toggle(open) { ol.hidden = !open; btn.setAttribute("aria-expanded", String(open)); }
    btn.addEventListener("click", function () { toggle(ol.hidden); });
    ol.addEventListener("click", function (ev) { if (ev.target.closest("a")) toggle(false); });
    line.parentNode.insertBefore(box, line.nextSibling);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run); else run();
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(run);
})();

// A long document is shown on several pages (build_scripts/pages/parts.py). An address whose
// #anchor is not on its page (a link made before the document was cut, or before an edit
// moved a section to the next page) is sent on to the page that has it: the list of the
// document's pages (nav.doc-parts) names the document's map of anchors (data-parts) and
// this view's first page (data-first); the map gives each anchor's page.
(function () {
  function run() {
    var nav = document.querySelector("nav.doc-parts[data-parts]");
    var id = decodeURIComponent(location.hash.slice(1));
    if (!nav || !id || document.getElementById(id)) return;
    var mapURL = new URL(nav.getAttribute("data-parts"), location.href);
    var first = new URL(nav.getAttribute("data-first"), location.href);
    fetch(mapURL.href).then(function (r) { return r.ok ? r.json() : null; }).then(function (map) {
      if (!map || !map.pages) return;
      var i = Object.prototype.hasOwnProperty.call(map.anchors || {}, id) ? map.anchors[id] : 0;
      var target = new URL(map.pages[i] || "", first);
      if (target.pathname === location.pathname) return;
      target.hash = "#" + encodeURIComponent(id);
      location.replace(target.href);
    }).catch(function () { /* the reader stays on this page */ });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run); else run();
  window.addEventListener("hashchange", run);
})();
