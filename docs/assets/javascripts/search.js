/* Site search: a box in the page header, an index per language, results that open the task
   or section. No dependencies, nothing loaded from outside this site.

   The index is written by build_scripts/search/__init__.py (format: docs-dev/SEARCH.md). This file
   folds, tokenises, matches and ranks exactly as that module's reference `search()` does;
   change both together (tests/test_search_index.py and tests/test_search_browser.py).

   Theme-independent: the box goes into the page's <header> (its <nav> if it has one). */
(function () {
  "use strict";

  // --- configuration (the same numbers as build_scripts/search/__init__.py) --------------------------
  var PREFIX_LEN = 2;                       // shard key length; shorter words match whole only
  var FLAG_BITS = 5, FLAG_TITLE = 4, FLAG_COLLECTED = 8, FLAG_EARLY = 16;
  var WHOLE = 2, PREFIX = 1;
  var TITLE_FACTOR = 3, COLLECTED_FACTOR = 0.6, EARLY_FACTOR = 1.5;
  var LENGTH_FACTOR = [1.0, 0.85, 0.7, 0.5];
  var MAX_RESULTS = 10;
  var EXCERPT_CHARS = 180;
  var DEBOUNCE_MS = 120;

  var TEXTS = {
    vi: {
      label: "Tìm kiếm", placeholder: "Tìm kiếm…", loading: "Đang tìm…",
      none: "Không tìm thấy kết quả cho “{q}”.", error: "Không tải được chỉ mục tìm kiếm.",
      count: "{n} kết quả", nearly: "Không có kết quả chứa mọi từ; kết quả gần đúng:",
      partial: "(không chứa mọi từ)",
      hint: "Gõ có hay không có dấu đều được. ↑↓ để chọn, Enter để mở, Esc để đóng."
    },
    en: {
      label: "Search", placeholder: "Search…", loading: "Searching…",
      none: "No results for “{q}”.", error: "The search index could not be loaded.",
      count: "{n} results", nearly: "No result has every word; the closest:",
      partial: "(not every word)",
      hint: "Diacritics are optional. ↑↓ to choose, Enter to open, Esc to close."
    }
  };

  // --- where we are ---------------------------------------------------------------------------
  var script = document.currentScript;
  // this file is <root>/assets/javascripts/search.js
  var ROOT = new URL("../../", script && script.src ? script.src : location.href);

  function pageLang() {
    var lang = (document.documentElement.getAttribute("lang") || "").split("-")[0].toLowerCase();
    if (lang) return lang;
    var rel = location.href.slice(ROOT.href.length);
    return /^en\//.test(rel) ? "en" : "vi";
  }
  var LANG = pageLang();
  var T = TEXTS[LANG] || TEXTS.en;
  var BASE = new URL("search-index/" + LANG + "/", ROOT);

  // --- text: the same rules as build_scripts/text.py and search.py ---------------------------
  var OLD_TO_NEW = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"
  };
  // only at the end of a syllable: "hoàn" keeps its "oà"
  var TONE_PAIR = new RegExp("(" + Object.keys(OLD_TO_NEW).join("|") + ")(?![a-zà-ỹđ])", "g");
  var WORD = /[\p{L}\p{N}\p{M}]+/gu;

  function fold(s) {            // 'Đảng uỷ' -> 'dang uy'
    return s.normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "D")
      .normalize("NFD").replace(/\p{Mn}/gu, "").toLowerCase();
  }
  function exactForm(s) {       // 'Uỷ' -> 'ủy': lower case, NFC, one tone placement
    return s.normalize("NFC").toLowerCase().replace(TONE_PAIR, function (m) { return OLD_TO_NEW[m]; });
  }
  function tokenize(s) {
    return s.normalize("NFC").match(WORD) || [];
  }
  function shardKey(folded) {
    return Array.from(folded).slice(0, PREFIX_LEN).map(function (c) {
      return /^[a-z0-9]$/.test(c) ? c : "_" + c.codePointAt(0).toString(16) + "_";
    }).join("");
  }
  function parseQuery(q) {
    var toks = tokenize(q), nq = q.normalize("NFC"), out = [];
    toks.forEach(function (t, i) {
      var f = fold(t);
      if (!f) return;
      var last = i === toks.length - 1 && nq.slice(-t.length) === t;
      out.push({ folded: f, exact: exactForm(t), prefix: last && Array.from(f).length >= PREFIX_LEN });
    });
    return out;
  }

  // --- index files ----------------------------------------------------------------------------
  var cache = {};
  function getJSON(rel) {
    if (!cache[rel]) {
      cache[rel] = fetch(new URL(rel, BASE).href, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + rel);
        return r.json();
      });
      cache[rel].catch(function () { delete cache[rel]; });
    }
    return cache[rel];
  }
  var manifest = null;
  function loadManifest() {
    return getJSON("manifest.json").then(function (m) {
      if (!manifest) {
        manifest = m;
        m.shardSet = {};
        m.shards.forEach(function (k) { m.shardSet[k] = true; });
        m.groupOf = {};
        (m.groups || []).forEach(function (g) {
          for (var r = g[0]; r < g[0] + g[1]; r++) m.groupOf[r] = g[0];
        });
      }
      return manifest;
    });
  }
  function loadShard(key) {
    return manifest.shardSet[key] ? getJSON("t/" + key + ".json") : Promise.resolve({});
  }
  function chunkOf(rid) {
    var s = manifest.chunks, lo = 0, hi = s.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (s[mid] <= rid) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  function loadRecord(rid) {
    var c = chunkOf(rid);
    return getJSON("r/" + c + ".json").then(function (chunk) { return chunk[rid - manifest.chunks[c]]; });
  }

  // --- matching and ranking (build_scripts/search/__init__.py: match_word, rank, collapse) -------------
  function better(a, b) {       // lexicographic on [tier, exact, weight, bucket]
    for (var i = 0; i < a.length; i++) {
      if (+a[i] !== +b[i]) return +a[i] > +b[i];
    }
    return false;
  }
  function matchWord(shard, w) {
    var hits = {}, typedMarks = w.exact !== w.folded;
    Object.keys(shard).forEach(function (folded) {
      var tier;
      if (folded === w.folded) tier = WHOLE;
      else if (w.prefix && folded.indexOf(w.folded) === 0) tier = PREFIX;
      else return;
      var forms = shard[folded];
      Object.keys(forms).forEach(function (exact) {
        var isExact = typedMarks && (tier === WHOLE ? exact === w.exact : exact.indexOf(w.exact) === 0);
        var acc = 0;
        forms[exact].forEach(function (d) {
          acc += d;
          var rid = Math.floor(acc / (1 << FLAG_BITS)), f = acc % (1 << FLAG_BITS);
          var weight = (f & FLAG_TITLE) ? TITLE_FACTOR : (f & FLAG_COLLECTED) ? COLLECTED_FACTOR : 1;
          weight *= (f & FLAG_EARLY) ? EARLY_FACTOR : 1;
          var cand = [tier, isExact, weight, f & 3];
          if (!hits[rid] || better(cand, hits[rid])) hits[rid] = cand;
        });
      });
    });
    return hits;
  }
  function rank(wordHits) {
    var recs = {};
    wordHits.forEach(function (hits) {
      Object.keys(hits).forEach(function (rid) {
        var h = hits[rid], r = recs[rid] || (recs[rid] = [0, 0, 0, h[3]]);
        r[0] += 1;
        r[1] += h[1] ? 1 : 0;
        r[2] += h[0] * h[2];
      });
    });
    var out = Object.keys(recs).map(function (rid) {
      var r = recs[rid];
      return { id: +rid, matched: r[0], exact: r[1], score: Math.round(r[2] * LENGTH_FACTOR[r[3]] * 1e4) / 1e4 };
    });
    out.sort(function (a, b) {
      return (b.matched - a.matched) || (b.exact - a.exact) || (b.score - a.score) || (a.id - b.id);
    });
    return out;
  }
  function collapse(ranked) {
    var seen = {}, out = [];
    ranked.forEach(function (r) {
      var g = manifest.groupOf[r.id] !== undefined ? manifest.groupOf[r.id] : r.id;
      if (!seen[g]) { seen[g] = true; out.push(r); }
    });
    return out;
  }
  function search(q) {
    var words = parseQuery(q);
    if (!words.length) return Promise.resolve({ words: words, results: [], total: 0 });
    return loadManifest().then(function () {
      return Promise.all(words.map(function (w) { return loadShard(shardKey(w.folded)); }));
    }).then(function (shards) {
      var ranked = collapse(rank(words.map(function (w, i) { return matchWord(shards[i], w); })));
      var top = ranked.slice(0, MAX_RESULTS);
      var full = ranked.filter(function (r) { return r.matched === words.length; }).length;
      return Promise.all(top.map(function (r) { return loadRecord(r.id); })).then(function (recs) {
        top.forEach(function (r, i) { r.record = recs[i]; });
        return { words: words, results: top, total: full };
      });
    });
  }

  // --- excerpts with <mark> -------------------------------------------------------------------
  function wordMatches(tokFolded, words) {
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      if (tokFolded === w.folded || (w.prefix && tokFolded.indexOf(w.folded) === 0)) return i;
    }
    return -1;
  }
  function findMatches(text, words) {   // [{start, end, word}] in the NFC text
    var out = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      var i = wordMatches(fold(m[0]), words);
      if (i >= 0) out.push({ start: m.index, end: m.index + m[0].length, word: i });
    }
    return out;
  }
  function bestWindow(text, matches, words) {
    if (!matches.length || text.length <= EXCERPT_CHARS) return [0, Math.min(text.length, EXCERPT_CHARS)];
    var best = 0, bestCount = -1;
    for (var i = 0; i < matches.length; i++) {
      var seen = {}, n = 0;
      for (var j = i; j < matches.length && matches[j].end - matches[i].start <= EXCERPT_CHARS - 40; j++) {
        if (!seen[matches[j].word]) { seen[matches[j].word] = true; n++; }
      }
      if (n > bestCount) { bestCount = n; best = i; }
      if (n === words.length) break;
    }
    var start = Math.max(0, matches[best].start - 40);
    if (start > 0) {                       // start at a word boundary
      var sp = text.lastIndexOf(" ", start);
      start = sp > 0 && start - sp < 20 ? sp + 1 : start;
    }
    var end = Math.min(text.length, start + EXCERPT_CHARS);
    if (end < text.length) {
      var sp2 = text.indexOf(" ", end);
      end = sp2 > 0 && sp2 - end < 20 ? sp2 : end;
    }
    return [start, end];
  }
  function highlighted(text, words, windowed) {
    text = text.normalize("NFC");
    var frag = document.createDocumentFragment();
    var matches = findMatches(text, words);
    var win = windowed ? bestWindow(text, matches, words) : [0, text.length];
    var pos = win[0];
    if (win[0] > 0) frag.appendChild(document.createTextNode("… "));
    matches.forEach(function (m) {
      if (m.start < pos || m.end > win[1]) return;
      frag.appendChild(document.createTextNode(text.slice(pos, m.start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m.start, m.end);
      frag.appendChild(mark);
      pos = m.end;
    });
    frag.appendChild(document.createTextNode(text.slice(pos, win[1])));
    if (win[1] < text.length) frag.appendChild(document.createTextNode(" …"));
    return { node: frag, count: matches.length };
  }

  // --- the box ----------------------------------------------------------------------------------
  var ui = {}, active = -1, lastQuery = null, seq = 0, timer = null;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) e.textContent = text;
    return e;
  }

  function mount() {
    if (document.querySelector(".site-search")) return;
    var header = document.querySelector("header");
    var host = header ? (header.querySelector("nav") || header) : document.body;
    var box = el("div", { "class": "site-search", role: "search" });
    var input = el("input", {
      "class": "site-search__input", type: "search", id: "site-search-input",
      placeholder: T.placeholder, "aria-label": T.label, autocomplete: "off", autocapitalize: "off",
      autocorrect: "off", spellcheck: "false", enterkeyhint: "search", role: "combobox",
      "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": "site-search-results"
    });
    var panel = el("div", { "class": "site-search__panel", hidden: "" });
    var status = el("p", { "class": "site-search__status", "aria-live": "polite" });
    var list = el("ol", { "class": "site-search__results", id: "site-search-results", role: "listbox",
      "aria-label": T.label });
    var hint = el("p", { "class": "site-search__hint" }, T.hint);
    panel.appendChild(status);
    panel.appendChild(list);
    panel.appendChild(hint);
    box.appendChild(input);
    box.appendChild(panel);
    if (host === document.body) host.insertBefore(box, host.firstChild); else host.appendChild(box);
    ui = { box: box, input: input, panel: panel, status: status, list: list };

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    input.addEventListener("focus", function () {
      loadManifest().catch(function () {});      // warm up while the reader types
      if (input.value.trim()) open();
    });
    input.addEventListener("keydown", onKey);
    document.addEventListener("click", function (ev) {
      if (!box.contains(ev.target)) close();
    });
    list.addEventListener("click", function (ev) {
      var a = ev.target.closest && ev.target.closest("a");
      if (a) close();
    });
    document.addEventListener("keydown", function (ev) {   // "/" focuses the box
      var t = ev.target;
      if (ev.key === "/" && !ev.ctrlKey && !ev.metaKey && !ev.altKey &&
          !(t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))) {
        ev.preventDefault();
        input.focus();
      }
    });
  }

  function open() {
    ui.panel.hidden = false;
    ui.input.setAttribute("aria-expanded", "true");
  }
  function close() {
    if (!ui.panel) return;
    ui.panel.hidden = true;
    ui.input.setAttribute("aria-expanded", "false");
    setActive(-1);
  }
  function options() {
    return ui.list.querySelectorAll("[role=option]");
  }
  function setActive(i) {
    var opts = options();
    active = opts.length ? Math.max(-1, Math.min(i, opts.length - 1)) : -1;
    for (var k = 0; k < opts.length; k++) opts[k].setAttribute("aria-selected", k === active ? "true" : "false");
    if (active >= 0) {
      ui.input.setAttribute("aria-activedescendant", opts[active].id);
      if (opts[active].scrollIntoView) opts[active].scrollIntoView({ block: "nearest" });
    } else {
      ui.input.removeAttribute("aria-activedescendant");
    }
  }
  function onKey(ev) {
    var opts = options();
    if (ev.key === "ArrowDown") {
      ev.preventDefault();
      if (ui.panel.hidden && ui.input.value.trim()) open();
      setActive(active + 1 >= opts.length ? 0 : active + 1);
    } else if (ev.key === "ArrowUp") {
      ev.preventDefault();
      setActive(active <= 0 ? opts.length - 1 : active - 1);
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      clearTimeout(timer);
      var go = function () {
        var o = options();
        var target = o[active >= 0 ? active : 0];
        var a = target && target.querySelector("a");
        if (a) { close(); location.href = a.href; }
      };
      if (ui.input.value !== lastQuery) run().then(go); else go();
    } else if (ev.key === "Escape") {
      if (!ui.panel.hidden) { ev.preventDefault(); close(); }
      else if (ui.input.value) { ev.preventDefault(); ui.input.value = ""; lastQuery = null; }
    }
  }

  function fmt(s, vars) {
    return s.replace(/\{(\w+)\}/g, function (_, k) { return vars[k]; });
  }

  function run() {
    var q = ui.input.value;
    var my = ++seq;
    lastQuery = q;
    if (!q.trim()) {
      ui.list.textContent = "";
      ui.list.setAttribute("data-query", "");
      ui.status.textContent = "";
      close();
      return Promise.resolve();
    }
    open();
    ui.status.textContent = T.loading;
    ui.box.setAttribute("aria-busy", "true");
    return search(q).then(function (res) {
      if (my !== seq) return;
      render(q, res);
    }, function () {
      if (my !== seq) return;
      ui.list.textContent = "";
      ui.status.textContent = T.error;
      ui.list.setAttribute("data-query", q);
    }).then(function () {
      if (my === seq) ui.box.removeAttribute("aria-busy");
    });
  }

  function render(q, res) {
    var list = ui.list;
    list.textContent = "";
    active = -1;
    ui.input.removeAttribute("aria-activedescendant");
    ui.status.textContent = res.total ? fmt(T.count, { n: res.total })
      : res.results.length ? T.nearly : fmt(T.none, { q: q.trim() });
    res.results.forEach(function (r, i) {
      var rec = r.record || {};
      var li = el("li", { role: "option", id: "site-search-opt-" + i, "aria-selected": "false",
        "class": "site-search__result" });
      var a = el("a", { href: new URL(rec.u, ROOT).href, tabindex: "-1" });
      // page title (small), then section › heading (bold), then the excerpt
      var trail = [rec.s, rec.t].filter(function (x) { return x && x !== rec.p; });
      if (trail.length) a.appendChild(el("span", { "class": "site-search__page" }, rec.p));
      var where = el("span", { "class": "site-search__where" });
      where.appendChild(highlighted(trail.length ? trail.join(" › ") : rec.p, res.words, false).node);
      a.appendChild(where);
      var body = rec.x || "";
      if (rec.t && body.indexOf(rec.t) === 0) body = body.slice(rec.t.length).trim();
      var h = highlighted(body, res.words, true);
      if (!h.count && rec.a && rec.a.length) h = highlighted(rec.a.join(", ") + " · " + body, res.words, true);
      if (body || h.count) {
        var ex = el("span", { "class": "site-search__excerpt" });
        ex.appendChild(h.node);
        a.appendChild(ex);
      }
      if (r.matched < res.words.length) a.appendChild(el("span", { "class": "site-search__partial" }, T.partial));
      li.appendChild(a);
      li.addEventListener("mousemove", function () { if (active !== i) setActive(i); });
      list.appendChild(li);
    });
    list.setAttribute("data-query", q);     // what the list shows (tests wait for it)
  }

  // exposed for tests and for the curious: window.siteSearch.search("dang uy")
  window.siteSearch = { search: search, fold: fold, exactForm: exactForm, tokenize: tokenize,
    parseQuery: parseQuery, shardKey: shardKey, lang: LANG, base: BASE.href };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
