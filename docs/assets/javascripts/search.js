/* Site search: a box in the page header (the best few results) and a results page
   (search/?q=..., every result, with filters). No dependencies, nothing loaded from outside
   this site.

   The index is written by build_scripts/search/ (format and ranking: docs-dev/SEARCH.md).
   This file is the one implementation of matching and ranking; its text rules (tokens,
   folding, English plurals) are those of build_scripts/search/terms.py, held together by
   tests/test_search_index.py.

   Theme-independent: the box goes into the page's <header> (its <nav> if it has one); the
   results page is any page with an element #search-page. */
(function () {
  "use strict";

  // --- configuration (the index's numbers are those of build_scripts/search/index.py) ---------
  var FIELD_WEIGHT = [1, 2, 4, 8];          // REST, TASK, HEADING, NAME
  var HEADING = 2;
  var WHOLE = 1, PREFIX = 0.6;              // a whole word, or the last word as typed so far
  var LENGTH_FACTOR = [1.0, 0.9, 0.75, 0.6]; // records of up to 30, 100, 300, more words
  var NEAR = 12;                            // words within this many positions are "near"
  var NAME_ALIGN = 64;                      // names start at multiples of this position (index.py)
  var MIN_PREFIX = 2;                       // a last word shorter than this matches whole only
  var NUMBER_WORDS = { so: true, no: true, number: true };   // "số 57", "No. 57"
  // not marked in an excerpt unless part of the typed phrase
  var STOP = { "và": 1, "của": 1, "các": 1, "cho": 1, "với": 1, "trong": 1, "là": 1, "có": 1, "được": 1,
    of: 1, the: 1, and: 1, a: 1, an: 1, "in": 1, on: 1, to: 1, "for": 1, "with": 1, by: 1, or: 1 };
  var BOX_RESULTS = 8;                      // the header box shows the best few
  var PAGE_SIZE = 50;                       // the results page shows this many at a time
  var EXCERPT_CHARS = 180;
  var DEBOUNCE_MS = 80;

  var TEXTS = {
    vi: {
      label: "Tìm kiếm", quick: "Tìm nhanh", placeholder: "Tìm kiếm…", loading: "Đang tìm…",
      none: "Không có trang nào chứa mọi từ của “{q}”.", missing: "Không có trang nào chứa: {w}.",
      error: "Không tải được chỉ mục tìm kiếm.", count: "{n} kết quả", all: "Xem tất cả {n} kết quả",
      // a common word of a big archive: the list is read best first, and its end is not known yet
      countMore: "Ít nhất {n} kết quả", allMore: "Xem tất cả kết quả (ít nhất {n})",
      shownMore: "Hiện {a} trên ít nhất {n} kết quả", filteredMore: "Ít nhất {m} kết quả khớp bộ lọc",
      noneYet: "Phần đã đọc chưa có trang nào chứa mọi từ của “{q}”; trang kết quả tìm tiếp.",
      allOn: "Tìm tiếp trên trang kết quả",
      noneYetPage: "Phần đã đọc chưa có trang nào chứa mọi từ của “{q}”; “Hiện thêm” tìm tiếp.",
      hint: "Gõ có hay không có dấu đều được. ↑↓ để chọn, Enter để mở, Esc để đóng.",
      more: "Hiện thêm", shown: "Hiện {a} trên {n} kết quả", filtered: "{m} trên {n} kết quả khớp bộ lọc",
      kind: "Loại kết quả", doc: "Văn bản", status: "Tình trạng", any: "Tất cả", submit: "Tìm",
      kinds: { task: "Nhiệm vụ", agency: "Cơ quan", document: "Văn bản", page: "Trang khác" },
      statuses: { passed: "Đã qua thời hạn", "due-soon": "Đến hạn trong 30 ngày", upcoming: "Chưa đến hạn",
        ongoing: "Đang thực hiện", undated: "Không có ngày cụ thể" },
      lead: "Chủ trì", empty: "Gõ từ cần tìm vào ô trên.", page: "search/"
    },
    en: {
      label: "Search", quick: "Quick search", placeholder: "Search…", loading: "Searching…",
      none: "No page contains every word of “{q}”.", missing: "No page contains: {w}.",
      error: "The search index could not be loaded.", count: "{n} {n|result|results}", all: "See {n|the|all {n}} {n|result|results}",
      countMore: "At least {n} {n|result|results}", allMore: "See all results (at least {n})",
      shownMore: "Showing {a} of at least {n} results", filteredMore: "At least {m} {m|result matches|results match} the filters",
      noneYet: "No page read so far contains every word of “{q}”; the results page searches on.",
      allOn: "Search on in the results page",
      noneYetPage: "No page read so far contains every word of “{q}”; “Show more” searches on.",
      hint: "Diacritics are optional. ↑↓ to choose, Enter to open, Esc to close.",
      more: "Show more", shown: "Showing {a} of {n} results", filtered: "{m} of {n} results {m|matches|match} the filters",
      kind: "Kind of result", doc: "Document", status: "Status", any: "All", submit: "Search",
      kinds: { task: "Task", agency: "Agency", document: "Document", page: "Other page" },
      statuses: { passed: "Deadline passed", "due-soon": "Due within 30 days", upcoming: "Upcoming",
        ongoing: "Ongoing", undated: "No fixed date" },
      lead: "Lead", empty: "Type what you are looking for in the box above.", page: "en/search/"
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
  // the status words of the site's own badges (build_scripts/i18n.py STATUS_LABELS, printed in
  // every page's "as of" line); the table above only stands in for a page without that line
  (function () {
    var asOf = document.querySelector(".as-of[data-labels]");
    try {
      var labels = asOf ? JSON.parse(asOf.getAttribute("data-labels")) : {};
      Object.keys(T.statuses).forEach(function (k) { if (labels[k]) T.statuses[k] = labels[k]; });
    } catch (e) { /* keep the table's words */ }
  })();
  var BASE = new URL("search-index/" + LANG + "/", ROOT);
  var RESULTS_PAGE = new URL(T.page, ROOT);

  // --- text: the rules of build_scripts/text.py and build_scripts/search/terms.py ------------
  var OLD_TO_NEW = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"
  };
  // only at the end of a syllable: "hoàn" keeps its "oà"
  var TONE_PAIR = new RegExp("(" + Object.keys(OLD_TO_NEW).join("|") + ")(?![a-zà-ỹđ])", "g");
  var WORD = /[\p{L}\p{M}]+|\p{N}+/gu;

  function fold(s) {            // 'Đảng uỷ' -> 'dang uy'
    return s.normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "D")
      .normalize("NFD").replace(/\p{Mn}/gu, "").toLowerCase();
  }
  function stemEn(w) {          // plurals: 'databases' -> 'database', 'agencies' -> 'agency'
    if (w.length <= 3 || !/s$/.test(w) || /(ss|us)$/.test(w)) return w;
    if (/ies$/.test(w) && !/(eies|aies)$/.test(w)) return w.slice(0, -3) + "y";
    return w.slice(0, -1);
  }
  // British spelling, as the site writes it (build_scripts/search/terms.py british)
  var US_WORDS = { center: "centre", defense: "defence", program: "programme", catalog: "catalogue",
    license: "licence", offense: "offence", labor: "labour", behavior: "behaviour", enrollment: "enrolment",
    fulfill: "fulfil" };
  var US_ENDINGS = [["ization", "isation"], ["izing", "ising"], ["ized", "ised"], ["ize", "ise"]];
  function british(w) {
    if (Object.prototype.hasOwnProperty.call(US_WORDS, w)) return US_WORDS[w];
    for (var i = 0; i < US_ENDINGS.length; i++) {
      var us = US_ENDINGS[i][0];
      if (w.length > us.length + 2 && w.slice(-us.length) === us) return w.slice(0, -us.length) + US_ENDINGS[i][1];
    }
    return w;
  }
  function foldTerm(s) {
    var f = fold(s);
    return LANG === "en" ? british(stemEn(f)) : f;
  }
  function exactForm(s) {       // 'Uỷ' -> 'ủy': lower case, NFC, one tone placement
    return s.normalize("NFC").toLowerCase().replace(TONE_PAIR, function (m) { return OLD_TO_NEW[m]; });
  }
  function tokenize(s) {
    return s.normalize("NFC").match(WORD) || [];
  }
  function keyName(key) {
    return Array.from(key).map(function (c) {
      return /^[a-z0-9]$/.test(c) ? c : "_" + c.codePointAt(0).toString(16) + "_";
    }).join("");
  }

  // --- dates in a query --------------------------------------------------------------------------
  var MONTHS_EN = ["january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december"];
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function lastDay(y, m) { return new Date(Date.UTC(y, m, 0)).getUTCDate(); }
  function validDate(y, m, d) { return m >= 1 && m <= 12 && y >= 1900 && y <= 2200 && (!d || d <= lastDay(y, m)); }
  // "30/6/2026", "30-06-2026", "30.6.2026", "2026-06-30", "ngày 30 tháng 6 năm 2026", "30 June 2026",
  // "6/2026", "tháng 6/2026", "tháng 6 năm 2026", "2026-06", "June 2026"
  var DATE_PATTERNS = [
    { re: /(?:ng[aà]y\s+)?\b(\d{1,2})\s*[\/.\-]\s*(\d{1,2})\s*[\/.\-]\s*(\d{4})\b/i, d: 1, m: 2, y: 3 },
    { re: /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/, y: 1, m: 2, d: 3 },
    { re: /(?:ng[aà]y\s+)?\b(\d{1,2})\s+th[aá]ng\s+(\d{1,2})\s+n[aă]m\s+(\d{4})\b/i, d: 1, m: 2, y: 3 },
    { re: new RegExp("\\b(\\d{1,2})\\s+(" + MONTHS_EN.join("|") + ")\\s*,?\\s+(\\d{4})\\b", "i"), d: 1, mn: 2, y: 3 },
    { re: new RegExp("\\b(" + MONTHS_EN.join("|") + ")\\s+(\\d{1,2}),?\\s+(\\d{4})\\b", "i"), mn: 1, d: 2, y: 3 },
    { re: /(?:th[aá]ng\s+)?\b(\d{1,2})\s*[\/.\-]\s*(\d{4})\b/i, m: 1, y: 2 },
    { re: /\b(\d{4})-(\d{1,2})\b/, y: 1, m: 2 },
    { re: /\bth[aá]ng\s+(\d{1,2})\s+n[aă]m\s+(\d{4})\b/i, m: 1, y: 2 },
    { re: new RegExp("\\b(" + MONTHS_EN.join("|") + ")\\s*,?\\s+(\\d{4})\\b", "i"), mn: 1, y: 2 }
  ];
  function findDates(q) {       // -> {rest: q without the dates, dates: [{y, m, d}]}
    var dates = [], again = true;
    while (again) {
      again = false;
      for (var i = 0; i < DATE_PATTERNS.length; i++) {
        var p = DATE_PATTERNS[i], m = p.re.exec(q);
        if (!m) continue;
        var y = +m[p.y], mo = p.mn ? MONTHS_EN.indexOf(m[p.mn].toLowerCase()) + 1 : +m[p.m], d = p.d ? +m[p.d] : 0;
        if (!validDate(y, mo, d)) continue;
        dates.push({ y: y, m: mo, d: d, at: m.index, text: m[0] });
        q = q.slice(0, m.index) + " ".repeat(m[0].length) + q.slice(m.index + m[0].length);
        again = true;
        break;
      }
    }
    return { rest: q, dates: dates };
  }
  function dateUnit(dt) {
    var month = dt.y + "-" + pad(dt.m), words = function (s) {
      return tokenize(s).map(function (t) { return { folded: foldTerm(t), exact: exactForm(t), prefix: false }; });
    };
    var alts;
    if (dt.d) {
      var day = month + "-" + pad(dt.d);
      alts = [{ words: [term("~d" + day)], weight: 1 },
        { words: words(dt.d + " " + dt.m + " " + dt.y), weight: 0.8, strict: true },
        { words: [term("~p" + month)], weight: 1.05 }];
      if (dt.d === lastDay(dt.y, dt.m)) alts.push({ words: [term("~e" + day)], weight: 0.9 });
    } else {
      alts = [{ words: [term("~p" + month)], weight: 1.2 },
        { words: [term("~m" + month)], weight: 1 },
        { words: words(dt.m + " " + dt.y), weight: 0.8, strict: true }];
    }
    return { alts: alts, date: true, text: dt.text };
  }
  function term(t) { return { folded: t, exact: t, prefix: false, synthetic: true }; }

  // --- queries ----------------------------------------------------------------------------------
  // A query is a list of units; a record matches when it matches every unit, and a unit when
  // it matches one of its alternatives (alts): every word of it, in order and adjacent if the
  // alternative is strict. A plain word is a unit with one alternative of one word; a date, or
  // a form of a glossary term (an abbreviation and its expansion), has several.
  var manifest = null;

  function parseQuery(q) {
    q = q.normalize("NFC");
    var found = findDates(q), rest = found.rest;
    var toks = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(rest))) toks.push({ text: m[0], end: m.index + m[0].length });
    var trimmedEnd = rest.replace(/\s+$/, "").length;
    var words = [];
    toks.forEach(function (t, i) {
      var f = foldTerm(t.text);
      if (!f) return;
      var last = i === toks.length - 1 && t.end === rest.length && trimmedEnd === rest.length && !found.dates.some(function (d) { return d.at >= t.end; });
      // "Nghị quyết số 57", "Resolution No. 57": the word for "number" before a number is not needed
      if (NUMBER_WORDS[f] && toks[i + 1] && /^\p{N}+$/u.test(toks[i + 1].text)) return;
      // a last word of one letter, still being typed, waits for its second letter
      if (last && Array.from(f).length < MIN_PREFIX && words.length) return;
      words.push({ folded: f, exact: exactForm(t.text), marks: exactForm(t.text) !== fold(t.text),
        prefix: last && Array.from(f).length >= MIN_PREFIX });
    });
    var units = [], i = 0, syn = (manifest && manifest.syn) || [];
    while (i < words.length) {
      var best = null;
      syn.forEach(function (group) {
        group.forEach(function (form) {
          if (form.length > words.length - i || (best && form.length <= best.form.length)) return;
          for (var k = 0; k < form.length; k++) if (words[i + k].folded !== form[k]) return;
          best = { group: group, form: form };
        });
      });
      if (best) {
        var own = words.slice(i, i + best.form.length);
        var alts = [{ words: own, weight: 1, original: true }];
        best.group.forEach(function (form) {
          if (form === best.form) return;
          alts.push({ words: form.map(function (f) { return { folded: f, exact: f, prefix: false }; }),
            weight: 1, strict: form.length > 1 });
        });
        units.push({ alts: alts, text: true });
        i += best.form.length;
      } else {
        units.push({ alts: [{ words: [words[i]], weight: 1, original: true }], text: true });
        i += 1;
      }
    }
    found.dates.sort(function (a, b) { return a.at - b.at; }).forEach(function (d) { units.push(dateUnit(d)); });
    return { words: words, units: units };
  }

  // --- index files ----------------------------------------------------------------------------
  var cache = {}, fetched = {};
  // The manifest is asked for again at every page (revalidated: "no-cache"); every other file
  // with the manifest's version, so that after a release no file of the earlier one is used.
  function getJSON(rel) {
    if (!cache[rel]) {
      var isManifest = rel === "manifest.json";
      var url = new URL(rel, BASE).href + (isManifest || !manifest ? "" : "?v=" + encodeURIComponent(manifest.v || ""));
      cache[rel] = fetch(url, { credentials: "same-origin", cache: isManifest ? "no-cache" : "default" }).then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + rel);
        fetched[rel] = true;
        return r.json();
      });
      cache[rel].catch(function () { delete cache[rel]; });
    }
    return cache[rel];
  }
  function loadManifest() {
    return getJSON("manifest.json").then(function (m) {
      if (!manifest) {
        manifest = m;
        m.shardSet = {};
        m.shards.forEach(function (k) { m.shardSet[k] = true; });
      }
      return manifest;
    });
  }
  function shardKeysFor(w) {    // the longest key that begins the word; while typed, every key it begins
    var keys = [], chars = Array.from(w.folded);
    for (var n = chars.length; n >= 1; n--) {
      var k = chars.slice(0, n).join("");
      if (manifest.shardSet[k]) { keys.push(k); break; }
    }
    if (w.prefix) {
      manifest.shards.forEach(function (k) {
        if (k.length > w.folded.length && k.indexOf(w.folded) === 0) keys.push(k);
      });
    }
    return keys;
  }
  function loadWord(w) {
    return Promise.all(shardKeysFor(w).map(function (k) { return getJSON("t/" + keyName(k) + ".json"); }));
  }
  function loadRecord(rid) {
    var c = Math.floor(rid / manifest.per_chunk);
    return getJSON("r/" + c + ".json").then(function (chunk) { return chunk[rid - c * manifest.per_chunk]; });
  }
  var docNames = {};            // document id -> its number, from the facet files read so far
  function loadFacets(rids) {
    var files = {};
    rids.forEach(function (r) { files[Math.floor(r / manifest.per_facets)] = true; });
    return Promise.all(Object.keys(files).map(function (f) {
      return getJSON("m/" + f + ".json").then(function (part) { return [+f, part]; });
    })).then(function (parts) {
      var byFile = {};
      parts.forEach(function (p) {
        byFile[p[0]] = p[1];
        Object.keys(p[1].d || {}).forEach(function (d) { docNames[d] = p[1].d[d]; });
      });
      var out = {};
      rids.forEach(function (r) {
        var f = Math.floor(r / manifest.per_facets), part = byFile[f], fc = part.f[part.c[r - f * manifest.per_facets]];
        out[r] = { kind: fc[0], doc: fc[1], status: fc[2] };   // named as FILTERS
      });
      return out;
    });
  }

  // --- matching --------------------------------------------------------------------------------
  // A word's terms: the folded terms it matches in its shards (itself; while typed, every term
  // it begins), each with its postings read so far. A big term's postings are blocks: the
  // first, in the shard, holds its records that have it in a name, then every record up to id
  // "c"; the others (header "~": {n, f, c, b: [[file, records, field, bytes, first id, last
  // id], ...]}) follow in document order and are read as needed. "covered": every record up
  // to this id is read; "unread": the strongest field of the blocks not read.
  function wordTerms(shards, w) {
    var terms = [];
    shards.forEach(function (shard) {
      Object.keys(shard).forEach(function (folded) {
        var tier;
        if (folded === w.folded) tier = WHOLE;
        else if (w.prefix && folded.indexOf(w.folded) === 0) tier = PREFIX;
        else return;
        var entry = shard[folded], head = entry["~"], blocks = head ? head.b : [], unread = [];
        for (var k = blocks.length - 1, f = -1; k >= 0; k--) unread[k] = f = Math.max(f, blocks[k][2]);
        terms.push({ folded: folded, tier: tier, order: terms.length, first: entry, blocks: blocks, next: 0,
          unread: unread, covered: head && blocks.length ? head.c : Infinity, top: head ? head.f : -1 });
      });
    });
    return terms;
  }
  // hits of one word: {record id: {tier, exact, field, bucket, passage, parts: [[order, positions]]}};
  // .pos, the positions in the order of the word's terms and forms, is made when ranked
  function addPostings(hits, w, t, forms) {
    var typedMarks = !!w.marks;
    Object.keys(forms).forEach(function (exact, formIndex) {
      if (exact === "~") return;
      var isExact = typedMarks && (t.tier === WHOLE ? exact === w.exact : exact.indexOf(w.exact) === 0);
      var order = t.order * 4096 + formIndex;
      var flat = forms[exact], i = 0, rid = 0;
      while (i < flat.length) {
        rid += flat[i];
        var meta = flat[i + 1], n = (meta >> 4) & 15, pos = [], acc = 0;
        for (var k = 0; k < n; k++) { acc += flat[i + 2 + k]; pos.push(acc); }
        i += 2 + n;
        var h = hits[rid], fld = (meta >> 2) & 3;
        if (fld > t.top) t.top = fld;
        if (!h) {
          hits[rid] = { tier: t.tier, exact: isExact, field: fld, bucket: meta & 3, passage: meta >> 8,
            parts: [[order, pos]], pos: null };
        } else {
          if (t.tier > h.tier) h.tier = t.tier;
          if (isExact) h.exact = true;
          if (fld > h.field) h.field = fld;
          h.parts.push([order, pos]);
          h.pos = null;
        }
      }
    });
  }
  function positions(h) {
    if (!h.pos) {
      if (h.parts.length > 1) h.parts.sort(function (a, b) { return a[0] - b[0]; });
      h.pos = h.parts.length === 1 ? h.parts[0][1] : [].concat.apply([], h.parts.map(function (p) { return p[1]; }));
    }
    return h.pos;
  }

  function altSpans(alt, hitsOf, rid) {   // [[start, end], ...] where the alternative's words are adjacent
    var first = positions(hitsOf(alt.words[0])[rid]), out = [];
    first.forEach(function (p) {
      for (var k = 1; k < alt.words.length; k++) {
        if (positions(hitsOf(alt.words[k])[rid]).indexOf(p + k) < 0) return;
      }
      out.push([p, p + alt.words.length - 1]);
    });
    return out;
  }

  function matchUnit(unit, hitsOf, rid) {  // -> null, or {score, exact, spans}
    var best = null;
    unit.alts.forEach(function (alt) {
      var score = 0, exact = 0, bucket = 0, field = 3;
      for (var k = 0; k < alt.words.length; k++) {
        var h = hitsOf(alt.words[k])[rid];
        if (!h) return;
        field = Math.min(field, h.field);
        score += FIELD_WEIGHT[h.field] * h.tier * alt.weight;
        if (h.exact && alt.original) exact += 1;
        bucket = h.bucket;
      }
      score /= alt.words.length;            // an expansion of four words weighs as one word
      var spans = altSpans(alt, hitsOf, rid);
      if (alt.strict && !spans.length) return;
      if (!spans.length) {                 // scattered: each word where it is
        spans = [];
        alt.words.forEach(function (w) {
          positions(hitsOf(w)[rid]).forEach(function (p) { spans.push([p, p]); });
        });
        score *= 0.8;
      }
      var cand = { score: score, exact: exact, spans: spans, bucket: bucket, field: field,
        synthetic: alt.words[0].synthetic, passage: hitsOf(alt.words[0])[rid].passage };
      if (!best || cand.exact > best.exact || (cand.exact === best.exact && cand.score > best.score)) best = cand;
    });
    return best;
  }
  // 3: the text units in order and adjacent, beginning a name (or the record); 2: in order and
  // adjacent; 1: near each other; 0: scattered. One unit: 3 if it begins a name, else 0.
  function phraseLevel(units) {
    var text = units.filter(function (u) { return !u.synthetic; });
    if (!text.length) return { level: 0 };
    var chains = text[0].spans.map(function (s) { return [s[0], s[1]]; });
    for (var i = 1; i < text.length && chains.length; i++) {
      var next = [];
      text[i].spans.forEach(function (s) {
        chains.forEach(function (c) { if (c[1] === s[0] - 1) next.push([c[0], s[1]]); });
      });
      chains = next;
    }
    // only names and headings (and task labels and leads) "begin": not any text that starts a record
    var begins = text[0].field >= HEADING ? chains.filter(function (c) { return c[0] % NAME_ALIGN === 0; }) : [];
    if (begins.length) return { level: 3, start: Math.min.apply(null, begins.map(function (c) { return c[0]; })) };
    if (text.length < 2) return { level: 0 };
    if (chains.length) return { level: 2 };
    var lo = Infinity, hi = -Infinity;
    text.forEach(function (u) {   // the nearest occurrence of each unit to the first unit's first
      var anchor = text[0].spans[0][0], bestD = Infinity, bestS = null;
      u.spans.forEach(function (s) {
        var dd = Math.abs(s[0] - anchor);
        if (dd < bestD) { bestD = dd; bestS = s; }
      });
      lo = Math.min(lo, bestS[0]);
      hi = Math.max(hi, bestS[1]);
    });
    return { level: hi - lo <= NEAR ? 1 : 0 };
  }

  function rank(query, hitsOf) {
    var units = query.units, candidates = null;
    // records that have at least one alternative of the rarest unit: the smallest set to try
    units.forEach(function (u) {
      var set = {};
      u.alts.forEach(function (alt) {
        Object.keys(hitsOf(alt.words[0])).forEach(function (rid) { set[rid] = true; });
      });
      if (candidates === null || Object.keys(set).length < Object.keys(candidates).length) candidates = set;
    });
    var out = [];
    Object.keys(candidates || {}).forEach(function (key) {
      var rid = +key, matched = [], exact = 0, score = 0, bucket = 0;
      for (var i = 0; i < units.length; i++) {
        var m = matchUnit(units[i], hitsOf, rid);
        if (!m) return;
        matched.push(m);
        exact += m.exact;
        score += m.score;
        if (!m.synthetic) bucket = m.bucket;
      }
      var phrase = phraseLevel(matched);
      out.push({ id: rid, exact: exact, phrase: phrase.level, start: phrase.start || 0, group: rid - matched[0].passage,
        score: Math.round(score * (1 + phrase.level * 0.5) * LENGTH_FACTOR[bucket] * 1e4) / 1e4 });
    });
    // every word typed with diacritics found so; then how the words stand (beginning a name,
    // a phrase, near, scattered); then fields and length; then the earlier name; then order
    out.sort(function (a, b) {
      return (b.exact - a.exact) || (b.phrase - a.phrase) || (b.score - a.score) || (a.start - b.start) ||
        (a.id - b.id);
    });
    var seen = {}, uniq = [];
    out.forEach(function (r) {      // passages of one block: the best one
      if (!seen[r.group]) { seen[r.group] = true; uniq.push(r); }
    });
    return uniq;
  }

  // The best key a record not listed yet could reach with the blocks not read: {exact,
  // phrase, score}, or null when every block is read (then the list is complete). A listed
  // result that beats it keeps its place whatever the other blocks hold.
  function bound(query, words) {
    var open = false, exactMax = 0, unitMax = [], unitOpen = [];
    function weight(field, tier) { return field < 0 ? 0 : FIELD_WEIGHT[field] * tier; }
    query.units.forEach(function (u, ui) {
      var best = 0, bestOpen = -1, heads = false;
      u.alts.forEach(function (alt) {
        var sum = 0, tail = [];
        if (alt.words.some(function (w) { return !words(w).terms.length; })) return;   // found nowhere
        alt.words.forEach(function (w) {
          var st = words(w), top = -1, tier = PREFIX, next = -1, nextTier = PREFIX;
          st.terms.forEach(function (t) {
            if (t.top > top) top = t.top;
            if (t.tier === WHOLE) tier = WHOLE;
            if (t.next < t.blocks.length) {
              var f = t.unread[t.next];
              if (f > next) next = f;
              if (t.tier === WHOLE) nextTier = WHOLE;
            }
          });
          sum += weight(top, tier);
          if (next >= 0) tail.push({ gain: weight(next, nextTier) - weight(top, tier), next: next });
        });
        var n = alt.words.length;
        best = Math.max(best, sum * alt.weight / n);
        tail.forEach(function (t) {          // a record not listed lacks this word in what was read
          bestOpen = Math.max(bestOpen, (sum + t.gain) * alt.weight / n);
          if (t.next >= HEADING) heads = true;
        });
      });
      if (u.alts[0].original) u.alts[0].words.forEach(function (w) { if (w.marks) exactMax += 1; });
      unitMax.push(best);
      unitOpen.push(bestOpen >= 0 ? { score: bestOpen, heads: heads || !!u.date } : null);
      if (bestOpen >= 0) open = true;
    });
    if (!open) return null;
    var total = unitMax.reduce(function (a, b) { return a + b; }, 0), out = null;
    unitOpen.forEach(function (o, ui) {
      if (!o) return;
      var level = o.heads ? 3 : (query.units.length > 1 ? 2 : 0);
      var key = { exact: exactMax, phrase: level, score: (total - unitMax[ui] + o.score) * (1 + level * 0.5) };
      if (!out || key.phrase > out.phrase || (key.phrase === out.phrase && key.score > out.score)) out = key;
    });
    return out;
  }
  function within(sorted, lo, hi) {      // does the sorted list hold a number in [lo, hi]?
    var a = 0, b = sorted.length;
    while (a < b) {
      var m = (a + b) >> 1;
      if (sorted[m] < lo) a = m + 1; else b = m;
    }
    return a < sorted.length && sorted[a] <= hi;
  }
  function beats(r, b) {
    return r.exact > b.exact || (r.exact === b.exact && (r.phrase > b.phrase ||
      (r.phrase === b.phrase && r.score > b.score + 1e-6)));
  }

  // search(q, need, alive, where) -> {query, results: [{id, exact, phrase, score}], missing:
  // [words found nowhere], complete: every match is listed, more(need): the same search reading
  // further}. Reads further blocks until the first `need` results cannot change (or every
  // block is read), at most manifest.budget[where] bytes of them ("box", the default, or
  // "page"; each more() call: "page"), and none once alive() says the search is not wanted
  // any more (the reader typed on).
  function search(q, need, alive, where) {
    return loadManifest().then(function () {
      var query = parseQuery(q);
      if (!query.units.length) return { query: query, results: [], missing: [], complete: true, more: null };
      var all = [], index = {};
      query.units.forEach(function (u) {
        u.alts.forEach(function (alt) {
          alt.words.forEach(function (w) {
            var k = w.folded + (w.prefix ? "*" : "");
            if (!(k in index)) { index[k] = all.length; all.push(w); }
          });
        });
      });
      return Promise.all(all.map(loadWord)).then(function (shardLists) {
        var states = all.map(function (w, i) {
          var st = { word: w, terms: wordTerms(shardLists[i], w), hits: {} };
          st.terms.forEach(function (t) { addPostings(st.hits, w, t, t.first); });
          return st;
        });
        var stateOf = function (w) { return states[index[w.folded + (w.prefix ? "*" : "")]]; };
        var hitsOf = function (w) { return stateOf(w).hits; };
        var missing = [];
        query.units.forEach(function (u) {
          var any = u.alts.some(function (alt) {
            return alt.words.every(function (w) { return stateOf(w).terms.length; });
          });
          if (!any) missing.push(u.date ? u.text.trim() : u.alts[0].words.map(function (w) { return w.folded; }).join(" "));
        });
        var res = { query: query, results: [], missing: missing, complete: false };
        var spent = 0, budget = manifest.budget[where || "box"];
        // A unit whose words are read to the end names every record a result can be: the
        // blocks of the other words that hold none of them are passed over unread.
        function skip() {
          var cands = null;
          query.units.forEach(function (u) {
            var done = u.alts.every(function (alt) {
              return alt.words.every(function (w) {
                return stateOf(w).terms.every(function (t) { return t.next >= t.blocks.length; });
              });
            });
            if (!done) return;
            var set = {};
            u.alts.forEach(function (alt) { Object.keys(hitsOf(alt.words[0])).forEach(function (r) { set[r] = true; }); });
            var ids = Object.keys(set).map(Number).sort(function (a, b) { return a - b; });
            if (!cands || ids.length < cands.length) cands = ids;
          });
          if (!cands) return;
          states.forEach(function (st) {
            st.terms.forEach(function (t) {
              while (t.next < t.blocks.length && !within(cands, t.blocks[t.next][4], t.blocks[t.next][5])) {
                t.covered = t.blocks[t.next][5];
                t.next += 1;
              }
              if (t.next === t.blocks.length) t.covered = Infinity;
            });
          });
        }
        function step(need) {
          skip();
          res.results = rank(query, hitsOf);
          var b = missing.length ? null : bound(query, stateOf);      // a unit found nowhere: no result
          res.complete = !b;
          if (!b || (res.results.length >= need && beats(res.results[need - 1], b)) || (alive && !alive())) {
            return Promise.resolve(res);
          }
          // the next stretch of the archive: up to the end of the shortest next block, the next
          // block of every term not read that far (one each; whole words before the words a
          // typed prefix begins), as far as the budget goes
          var terms = [], upTo = Infinity;
          states.forEach(function (st) {
            st.terms.forEach(function (t) {
              if (t.next < t.blocks.length) {
                terms.push({ st: st, t: t });
                upTo = Math.min(upTo, t.blocks[t.next][5]);
              }
            });
          });
          terms.sort(function (a, b2) { return (b2.t.tier - a.t.tier) || (a.t.covered - b2.t.covered); });
          var take = [], files = {};
          terms.forEach(function (x) {
            if (x.t.covered >= upTo) return;
            var block = x.t.blocks[x.t.next], file = block[0];
            var cost = fetched["p/" + file + ".json"] || files[file] ? 0 : block[3];
            if (spent + cost > budget) return;
            spent += cost;
            files[file] = true;
            take.push(x);
          });
          if (!take.length) return Promise.resolve(res);
          return Promise.all(take.map(function (x) {
            return getJSON("p/" + x.t.blocks[x.t.next][0] + ".json");
          })).then(function (parts) {
            take.forEach(function (x, i) {
              var t = x.t;
              addPostings(x.st.hits, x.st.word, t, parts[i]);
              t.covered = t.blocks[t.next][5];
              t.next += 1;
              if (t.next === t.blocks.length) t.covered = Infinity;
            });
            return step(need);
          });
        }
        res.more = function (need) { spent = 0; budget = manifest.budget.page; return step(need); };
        return step(need || BOX_RESULTS);
      });
    });
  }
  function withRecords(results) {
    return Promise.all(results.map(function (r) { return loadRecord(r.id); })).then(function (recs) {
      results.forEach(function (r, i) { r.record = recs[i]; });
      return results;
    });
  }

  // --- excerpts with <mark> -------------------------------------------------------------------
  // every word a result may show for the query, for <mark>; .phrase: the words as typed, in
  // order (where a text holds them as a phrase, only the phrase is marked)
  function markWords(query) {
    var out = [], phrase = [], groups = [];
    query.units.forEach(function (u) {
      u.alts.forEach(function (alt, a) {
        var ws = alt.words.filter(function (w) { return !w.synthetic; });
        if (!ws.length) return;
        if (a === 0 && alt.original) ws.forEach(function (w) { phrase.push(w); });
        if (ws.length > 1 && !alt.original) groups.push(ws);      // an expansion: marked as a phrase only
        else ws.forEach(function (w) { out.push(w); });
      });
    });
    out.phrase = phrase.length > 1 ? phrase : null;
    out.groups = groups;
    return out;
  }
  function wordMatches(tokFolded, words) {
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      if (tokFolded === w.folded || (w.prefix && tokFolded.indexOf(w.folded) === 0)) return i;
    }
    return -1;
  }
  function runsOf(toks, phrase, word) {  // where the words of `phrase` stand in order, adjacent
    var runs = [];
    for (var s0 = 0; s0 + phrase.length <= toks.length; s0++) {
      var ok = true;
      for (var k = 0; k < phrase.length && ok; k++) ok = wordMatches(toks[s0 + k].folded, [phrase[k]]) === 0;
      if (ok) {
        for (var j = 0; j < phrase.length; j++) runs.push({ start: toks[s0 + j].start, end: toks[s0 + j].end, word: word + j });
        s0 += phrase.length - 1;
      }
    }
    return runs;
  }
  function findMatches(text, words) {   // [{start, end, word}] in the NFC text
    var toks = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      toks.push({ start: m.index, end: m.index + m[0].length, folded: foldTerm(m[0]), lower: m[0].toLowerCase() });
    }
    if (words.phrase) {                  // the typed words as a phrase, where the text has them so
      var whole = runsOf(toks, words.phrase, 0);
      if (whole.length) return whole;
    }
    var out = [], taken = {};
    (words.groups || []).forEach(function (g, gi) {
      runsOf(toks, g, 100 + gi * 10).forEach(function (r) { taken[r.start] = true; out.push(r); });
    });
    toks.forEach(function (t) {
      if (taken[t.start] || (STOP[t.lower] && words.phrase)) return;
      var i = wordMatches(t.folded, words);
      if (i >= 0) out.push({ start: t.start, end: t.end, word: i });
    });
    return out.sort(function (a, b) { return a.start - b.start; });
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
    text = (text || "").normalize("NFC");
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

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) e.textContent = text;
    return e;
  }
  function fmt(s, vars) {       // "{n|result|results}": the singular when n is 1 (as build_scripts/i18n.py t())
    s = s.replace(/\{(\w+)\|([^|{}]*(?:\{\w+\}[^|{}]*)*)\|([^|{}]*(?:\{\w+\}[^|{}]*)*)\}/g, function (_, k, one, many) {
      return vars[k] === 1 ? one : many;
    });
    return s.replace(/\{(\w+)\}/g, function (_, k) { return vars[k]; });
  }

  // One result as a link: page (small), kind and status, section › heading, excerpt, lead.
  function resultLink(rec, words, attrs) {
    var a = el("a", Object.assign({ href: new URL(rec.u, ROOT).href }, attrs || {}));
    var top = el("span", { "class": "site-search__page" });
    top.appendChild(el("span", { "class": "site-search__kind site-search__kind--" + rec.k }, T.kinds[rec.k] || rec.k));
    if (rec.st && T.statuses[rec.st]) {
      top.appendChild(el("span", { "class": "site-search__status-badge status-" + rec.st }, T.statuses[rec.st]));
    }
    var trail = [rec.s, rec.t].filter(function (x) { return x && x !== rec.p; });
    if (trail.length || rec.l) top.appendChild(document.createTextNode(rec.p));
    a.appendChild(top);
    var where = el("span", { "class": "site-search__where" });
    var heading = rec.l ? [rec.l].concat(trail.length ? [trail[trail.length - 1]] : []) : trail;
    where.appendChild(highlighted(heading.length ? heading.join(" › ") : rec.p, words, false).node);
    a.appendChild(where);
    var body = rec.x || "";
    if (rec.t && body.indexOf(rec.t) === 0) body = body.slice(rec.t.length).trim();
    if (body && body !== rec.p) {
      var ex = el("span", { "class": "site-search__excerpt" });
      ex.appendChild(highlighted(body, words, true).node);
      a.appendChild(ex);
    }
    if (rec.n) {
      var lead = el("span", { "class": "site-search__lead" }, T.lead + ": ");
      lead.appendChild(highlighted(rec.n, words, false).node);
      a.appendChild(lead);
    }
    return a;
  }
  function resultsUrl(q, params) {
    var u = new URL(RESULTS_PAGE.href);
    u.searchParams.set("q", q);
    Object.keys(params || {}).forEach(function (k) { if (params[k]) u.searchParams.set(k, params[k]); });
    return u.href;
  }

  // timing of the last query, for bench/search_browser.py: key, data in, painted
  var timing = {};
  function painted(q) {
    var t = timing;
    t.renderedAt = performance.now();
    requestAnimationFrame(function () {
      setTimeout(function () { if (timing === t) { t.paintedAt = performance.now(); t.query = q; } }, 0);
    });
  }

  // --- the box ----------------------------------------------------------------------------------
  var ui = {}, active = -1, lastQuery = null, seq = 0, timer = null;

  function mount() {
    if (document.querySelector(".site-search")) return;
    var header = document.querySelector("header");
    var host = header ? (header.querySelector("nav") || header) : document.body;
    var box = el("div", { "class": "site-search", role: "search", "aria-label": T.quick });
    var form = el("form", { "class": "site-search__form", action: RESULTS_PAGE.href, method: "get" });
    var input = el("input", {
      "class": "site-search__input", type: "search", id: "site-search-input", name: "q",
      placeholder: T.placeholder, "aria-label": T.label, autocomplete: "off", autocapitalize: "off",
      autocorrect: "off", spellcheck: "false", enterkeyhint: "search", role: "combobox",
      "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": "site-search-results"
    });
    var panel = el("div", { "class": "site-search__panel", hidden: "" });
    var status = el("p", { "class": "site-search__status", "aria-live": "polite" });
    var list = el("ol", { "class": "site-search__results", id: "site-search-results", role: "listbox",
      "aria-label": T.label });
    var allLink = el("a", { "class": "site-search__all", href: RESULTS_PAGE.href, hidden: "" });
    var hint = el("p", { "class": "site-search__hint" }, T.hint);
    panel.appendChild(status);
    panel.appendChild(allLink);          // at the top: in sight however long the list
    panel.appendChild(list);
    panel.appendChild(hint);
    form.appendChild(input);
    box.appendChild(form);
    box.appendChild(panel);
    if (host === document.body) host.insertBefore(box, host.firstChild); else host.appendChild(box);
    ui = { box: box, input: input, panel: panel, status: status, list: list, all: allLink };

    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    input.addEventListener("input", function () {
      timing = { keyAt: performance.now() };
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    input.addEventListener("focus", function () {
      loadManifest().catch(function () {});      // warm up while the reader types
      if (input.value.trim()) open();
    });
    input.addEventListener("keydown", onKey);
    box.addEventListener("focusout", function (ev) {      // Tab away: the list closes
      if (ev.relatedTarget && !box.contains(ev.relatedTarget)) close();
    });
    document.addEventListener("click", function (ev) {
      if (!box.contains(ev.target)) close();
    });
    panel.addEventListener("click", function (ev) {
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
        else if (ui.input.value.trim()) location.href = resultsUrl(ui.input.value.trim());
      };
      if (ui.input.value !== lastQuery) run().then(go); else go();
    } else if (ev.key === "Escape") {
      if (!ui.panel.hidden) { ev.preventDefault(); close(); }
      else if (ui.input.value) { ev.preventDefault(); ui.input.value = ""; lastQuery = null; }
    }
  }

  function run() {
    var q = ui.input.value;
    var my = ++seq;
    lastQuery = q;
    if (!q.trim()) {
      ui.list.textContent = "";
      ui.list.setAttribute("data-query", "");
      ui.status.textContent = "";
      ui.all.hidden = true;
      close();
      return Promise.resolve();
    }
    open();
    ui.status.textContent = T.loading;
    ui.box.setAttribute("aria-busy", "true");
    return search(q, BOX_RESULTS, function () { return my === seq; }).then(function (res) {
      return withRecords(res.results.slice(0, BOX_RESULTS)).then(function (top) {
        if (my !== seq) return;
        timing.dataAt = performance.now();
        render(q, res, top);
        painted(q);
      });
    }).catch(function () {
      if (my !== seq) return;
      ui.list.textContent = "";
      ui.status.textContent = T.error;
      ui.list.setAttribute("data-query", q);
    }).then(function () {
      if (my === seq) ui.box.removeAttribute("aria-busy");
    });
  }

  function statusLine(q, res) {
    if (res.results.length) return fmt(res.complete ? T.count : T.countMore, { n: res.results.length });
    if (!res.complete) return fmt(T.noneYet, { q: q.trim() });
    if (res.missing.length) return fmt(T.missing, { w: res.missing.map(function (w) { return "“" + w + "”"; }).join(", ") });
    return fmt(T.none, { q: q.trim() });
  }

  function render(q, res, top) {
    var list = ui.list, words = markWords(res.query);
    list.textContent = "";
    active = -1;
    ui.input.removeAttribute("aria-activedescendant");
    ui.status.textContent = statusLine(q, res);
    top.forEach(function (r, i) {
      var li = el("li", { role: "option", id: "site-search-opt-" + i, "aria-selected": "false",
        "class": "site-search__result" });
      li.appendChild(resultLink(r.record || {}, words, { tabindex: "-1" }));
      li.addEventListener("mousemove", function () { if (active !== i) setActive(i); });
      list.appendChild(li);
    });
    ui.all.hidden = !res.results.length && res.complete;
    ui.all.textContent = res.complete ? fmt(T.all, { n: res.results.length }) :
      res.results.length ? fmt(T.allMore, { n: res.results.length }) : T.allOn;
    ui.all.href = resultsUrl(q.trim());
    list.setAttribute("data-query", q);     // what the list shows (tests wait for it)
  }

  // --- the results page -----------------------------------------------------------------------
  // search/?q=...&kind=task&doc=17-kh-bcd&status=passed: every result, with counts per kind,
  // document and status; the filters live in the URL, so a list can be shared.
  var FILTERS = ["kind", "doc", "status"];

  function mountPage(host) {
    var params = new URLSearchParams(location.search);
    var form = el("form", { "class": "search-page__form", role: "search", action: "", method: "get" });
    var input = el("input", { type: "search", name: "q", id: "search-page-input", "class": "search-page__input",
      "aria-label": T.label, placeholder: T.placeholder, autocomplete: "off", spellcheck: "false",
      enterkeyhint: "search" });
    input.value = params.get("q") || "";
    var button = el("button", { type: "submit", "class": "search-page__submit" }, T.submit);
    form.appendChild(input);
    form.appendChild(button);
    var filters = el("div", { "class": "search-page__filters" });
    var status = el("p", { "class": "search-page__status", "aria-live": "polite", id: "search-page-status" });
    var list = el("ol", { "class": "search-page__results", id: "search-page-results" });
    var more = el("button", { type: "button", "class": "search-page__more", hidden: "" }, T.more);
    host.textContent = "";
    [form, filters, status, list, more].forEach(function (n) { host.appendChild(n); });
    var state = { q: input.value, kind: params.get("kind") || "", doc: params.get("doc") || "",
      status: params.get("status") || "" };
    var res = null, facets = {}, shown = {}, nShown = 0, my = 0, pageTimer = null;

    function selected() {
      return res.results.filter(function (r) { return passes(facets[r.id]); });
    }
    function syncUrl() {
      var u = new URL(location.href);
      u.search = "";
      if (state.q) u.searchParams.set("q", state.q);
      FILTERS.forEach(function (k) { if (state[k]) u.searchParams.set(k, state[k]); });
      history.replaceState(null, "", u.href);
    }
    function many(n) { return res.complete ? String(n) : n + "+"; }     // counts of a list not read to its end
    function facetSelect(name, label, values, labelOf) {
      var wrap = el("label", { "class": "search-page__filter" });
      wrap.appendChild(el("span", { "class": "search-page__filter-label" }, label));
      var sel = el("select", { name: name, id: "search-filter-" + name });
      var total = passing(name);
      var opt = el("option", { value: "" }, T.any + " (" + many(total) + ")");
      sel.appendChild(opt);
      values.forEach(function (v) {
        var o = el("option", { value: v[0] }, labelOf(v[0]) + " (" + many(v[1]) + ")");
        if (v[0] === state[name]) o.selected = true;
        sel.appendChild(o);
      });
      if (state[name] && !values.some(function (v) { return v[0] === state[name]; })) {
        var o2 = el("option", { value: state[name] }, labelOf(state[name]) + " (" + many(0) + ")");
        o2.selected = true;
        sel.appendChild(o2);
      }
      sel.addEventListener("change", function () { state[name] = sel.value; syncUrl(); draw(); });
      wrap.appendChild(sel);
      return wrap;
    }
    function passes(f, except) {      // does a result pass every filter but one?
      return FILTERS.every(function (k) { return k === except || !state[k] || f[k] === state[k]; });
    }
    function passing(name) {
      return res.results.filter(function (r) { return passes(facets[r.id], name); }).length;
    }
    function counts(name, key) {      // counts among the results that pass the other filters
      var c = {};
      res.results.forEach(function (r) {
        var f = facets[r.id], v = f[key];
        if (v && passes(f, name)) c[v] = (c[v] || 0) + 1;
      });
      return Object.keys(c).sort().map(function (k) { return [k, c[k]]; });
    }
    function drawFilters() {
      filters.textContent = "";
      if (!res || !res.results.length) return;
      var kinds = counts("kind", "kind").sort(function (a, b) {
        return manifest.kinds.indexOf(a[0]) - manifest.kinds.indexOf(b[0]);
      });
      filters.appendChild(facetSelect("kind", T.kind, kinds, function (k) { return T.kinds[k] || k; }));
      filters.appendChild(facetSelect("doc", T.doc, counts("doc", "doc"), function (d) { return docNames[d] || d; }));
      var order = Object.keys(T.statuses);     // passed, due soon, not yet due, ongoing, no date
      var statuses = counts("status", "status").sort(function (a, b) { return order.indexOf(a[0]) - order.indexOf(b[0]); });
      filters.appendChild(facetSelect("status", T.status, statuses, function (s) { return T.statuses[s] || s; }));
    }
    function withFacets() {           // the facets of every result listed so far
      var ids = res.results.map(function (x) { return x.id; }).filter(function (id) { return !facets[id]; });
      return loadFacets(ids).then(function (f) { Object.keys(f).forEach(function (id) { facets[id] = f[id]; }); });
    }
    function showMore(read) {
      var mine = my, sel = selected();
      // "Show more" on a list not read to its end reads further: until the next page cannot
      // change (without filters), or for another page of results (with filters)
      var need = !FILTERS.some(function (k) { return state[k]; }) ? nShown + PAGE_SIZE :
        sel.length - nShown >= PAGE_SIZE ? 0 : res.results.length + PAGE_SIZE;
      var ready = !read || res.complete || !need ? Promise.resolve() :
        res.more(need).then(withFacets).then(function () {
          if (mine === my) drawFilters();
        });
      return ready.then(function () {
        if (mine !== my) return;
        sel = selected();
        // the next results not shown yet, in the order known now
        var next = sel.filter(function (r) { return !shown[r.id]; }).slice(0, PAGE_SIZE), words = markWords(res.query);
        return withRecords(next).then(function () {
          if (mine !== my) return;
          next.forEach(function (r) {
            var li = el("li", { "class": "search-page__result" });
            li.appendChild(resultLink(r.record, words));
            list.appendChild(li);
            shown[r.id] = true;
          });
          nShown += next.length;
          var hadFocus = document.activeElement === more;
          more.hidden = nShown >= sel.length && res.complete;
          if (hadFocus && next.length) list.children[nShown - next.length].querySelector("a").focus();
          if (!res.results.length) {             // still none in what was read
            status.textContent = res.complete ? statusLine(state.q, res) : fmt(T.noneYetPage, { q: state.q });
            list.setAttribute("data-query", state.q + "|" + FILTERS.map(function (k) { return state[k]; }).join("|"));
            return;
          }
          var n = sel.length === res.results.length ? fmt(res.complete ? T.count : T.countMore, { n: sel.length })
            : res.complete ? fmt(T.filtered, { m: sel.length, n: res.results.length }) : fmt(T.filteredMore, { m: sel.length });
          status.textContent = n + (nShown < sel.length || !res.complete ?
            " · " + fmt(res.complete ? T.shown : T.shownMore, { a: nShown, n: sel.length }) : "");
          list.setAttribute("data-query", state.q + "|" + FILTERS.map(function (k) { return state[k]; }).join("|"));
        });
      });
    }
    function draw() {
      list.textContent = "";
      shown = {};
      nShown = 0;
      drawFilters();
      if (!res.results.length) {
        status.textContent = !state.q.trim() ? T.empty : res.complete ? statusLine(state.q, res) :
          fmt(T.noneYetPage, { q: state.q });
        more.hidden = res.complete;              // none in what was read: "Show more" reads on
        list.setAttribute("data-query", state.q + "|" + FILTERS.map(function (k) { return state[k]; }).join("|"));
        return Promise.resolve();
      }
      return showMore(false);
    }
    function runPage() {
      var mine = ++my;
      state.q = input.value.trim();
      syncUrl();
      if (!state.q) { res = { results: [], missing: [], query: { units: [] }, complete: true }; return draw(); }
      status.textContent = T.loading;
      return search(state.q, PAGE_SIZE, function () { return mine === my; }, "page").then(function (r) {
        if (mine !== my) return;
        res = r;
        facets = {};
        return withFacets().then(function () {
          if (mine !== my) return;
          return draw();
        });
      }).catch(function () {
        if (mine === my) status.textContent = T.error;
      });
    }
    more.addEventListener("click", function () { showMore(true); });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); runPage(); });
    input.addEventListener("input", function () {
      clearTimeout(pageTimer);
      pageTimer = setTimeout(function () { FILTERS.forEach(function (k) { state[k] = ""; }); runPage(); }, 250);
    });
    runPage();
  }

  // exposed for tests and benchmarks: window.siteSearch.search("dang uy")
  window.siteSearch = { search: search, withRecords: withRecords, fold: fold, foldTerm: foldTerm,
    exactForm: exactForm, tokenize: tokenize, parseQuery: parseQuery, stemEn: stemEn, lang: LANG,
    base: BASE.href, fetched: fetched, timing: function () { return timing; }, loadManifest: loadManifest };

  // The 404 page offers the words of the address that was not found as a search.
  function prefillFromPath() {
    var input = document.querySelector("input[data-prefill-from-path]");
    if (!input || input.value) return;
    var path = location.pathname.replace(/^\/(en\/)?/, "");
    try { path = decodeURIComponent(path); } catch (e) { /* keep it as it is */ }
    input.value = path.split(/[\/\-_.#?]+/).filter(function (w) { return w && w !== "index" && w !== "html"; }).join(" ");
  }

  function start() {
    mount();
    prefillFromPath();
    var host = document.getElementById("search-page");
    if (host) mountPage(host);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
