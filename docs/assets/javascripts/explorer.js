// The task explorer (tasks/, build_scripts/pages/templates/tasks.md.j2) and the quick filters
// of agency pages. No library, nothing loaded from outside the site; theme-independent.
//
// The explorer reads data/explorer/ (build_scripts/pages/export.py, export_explorer; README.md,
// "Open data"), never the whole data/tasks.json: first index.json (documents, agencies, the
// parts of the "by deadline" family and how many tasks have each deadline signature), then
// only the parts the filters need, each a list of compact rows:
//   a document       -> d/<document>/<k>.json, all of it (a document is small);
//   an agency        -> a/<agency>/index.json (its parts) and its parts in deadline order,
//                       with the groups it belongs to when "groups" is ticked;
//   otherwise        -> m/<month>.json, the whole archive by deadline, in deadline order
//                       (backwards for "latest first"), only the parts whose deadlines and
//                       kinds can match, until the page of 100 rows is full.
// Sorted by document or lead agency, a selection of up to 15 parts is read whole; a larger
// one walks the documents in order (an agency's: those it is in), or the lead agencies A-Z;
// a large agency sorted by lead agency is read whole only once the reader asks for it.
// Words need the full texts: <part>.text.json beside each part, loaded only then. Counts per
// status come from the index's deadline signatures (exact for the reader's today) unless
// words are searched and not every part is read: the count line then says "at least".
// The filters are in the page's address (so a view can be shared); the CSV of the selection
// loads the selection's parts and texts first. Statuses are recomputed for the reader's today
// with the rules of site.js (window.cdsStatus).
(function () {
  "use strict";
  var PAGE = 100;                 // rows shown at a time
  // In parts (of index.json's part_rows rows each, 100 as built):
  var STEP_PARTS = 15;            // read per step when the filters cannot tell which parts match
  var STEP_PARTS_TEXT = 4;        // ... when words are searched (rows and their full texts)
  var ALL_PARTS = 15;             // a sort other than by deadline reads every candidate part up to this
  var PARALLEL = 4;               // parts fetched at once
  var STATUSES = ["passed", "due-soon", "upcoming", "ongoing", "undated"];
  var DATED = { date: 1, month: 1, quarter: 1, year: 1 };

  function fold(s) {              // lower case, no diacritics, đ -> d (as the search)
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/gi, "d").toLowerCase();
  }
  function fmt(s, vars) {         // "{n|task|tasks}" and "{n}" (as build_scripts/i18n.py t())
    return s.replace(/\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g, function (_, k, one, many) { return vars[k] === 1 ? one : many; })
      .replace(/\{(\w+)\}/g, function (_, k) { return vars[k] !== undefined ? vars[k] : "{" + k + "}"; });
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function addDays(isoDay, n) {
    var d = new Date(isoDay + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }
  function today() { return window.cdsISO ? window.cdsISO(new Date()) : new Date().toISOString().slice(0, 10); }
  function statusOf(kind, first, last, day) {
    if (window.cdsStatus) return window.cdsStatus(kind, first, last, day);
    if (kind === "roadmap" || kind === "none") return "undated";
    if (kind === "ongoing") return last && last < day ? "passed" : "ongoing";
    if (kind === "period") return last && last < day ? "passed" : first && first > day ? "upcoming" : "ongoing";
    if (!last) return "undated";
    return last < day ? "passed" : last <= addDays(day, 30) ? "due-soon" : "upcoming";
  }
  function csvCell(v) {
    v = v === null || v === undefined ? "" : String(v);
    return /[",\n\r;]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }
  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  // A row of a part: [ordinal, document, path, section depth, anchor, kind, value, first, last,
  // [deadline vi, en], [lead], [coordinators], excerpt vi, excerpt en, page] (export.py); page:
  // the page of a long document the task is on ("" for its first page: pages/parts.py).
  function Row(a) {
    this.o = a[0]; this.d = a[1]; this.path = a[2]; this.sec = a[3]; this.anchor = a[4];
    this.kind = a[5]; this.value = a[6]; this.first = a[7]; this.last = a[8]; this.dt = a[9];
    this.lead = a[10]; this.co = a[11]; this.ex = [a[12], a[13]]; this.page = a[14] || "";
  }
  Row.prototype.section = function () { return this.path.split(".").slice(0, this.sec).join("."); };

  // The two deadline orders, as keys: a row's, and the least a part not yet read can hold.
  // "earliest first": last day (none last), then document order; "latest first": dated rows
  // latest first, then undated ones, each then in document order.
  var ORDERS = {
    asc: {
      row: function (r) { return [r.last || "9999", r.o]; },
      unit: function (u) { return [u.aLast || "9999", u.aO]; },
      cmp: function (x, y) { return cmp(x[0], y[0]) || x[1] - y[1]; },
      units: function (us) { return us.slice(); }
    },
    desc: {
      row: function (r) { return r.last ? [0, r.last, r.o] : [1, "", r.o]; },
      unit: function (u) { return u.dLast ? [0, u.dLast, u.dO] : [1, "", u.aO]; },
      cmp: function (x, y) { return x[0] - y[0] || cmp(y[1], x[1]) || x[2] - y[2]; },
      units: function (us) {
        var key = ORDERS.desc.unit, c = ORDERS.desc.cmp;
        return us.slice().sort(function (a, b) { return c(key(a), key(b)); });
      }
    }
  };

  // -- the explorer ------------------------------------------------------------------------
  function Explorer(root) {
    this.root = root;
    this.form = root.querySelector("form");
    this.L = JSON.parse(root.getAttribute("data-labels"));
    this.lang = this.L.lang;
    this.li = this.lang === "en" ? 1 : 0;
    this.countLine = root.querySelector(".explorer__count");
    this.results = root.querySelector(".explorer__results");
    this.csv = root.querySelector(".explorer__csv");
    this.note = root.querySelector("#f-plan-note");
    this.shown = PAGE;
    this.gen = 0;
    var index = new URL(root.getAttribute("data-index"), location.href).href;
    this.data = index.replace(/explorer\/index\.json$/, "");          // .../data/
    // the site's root: the pages link relatively, so the site works at any address
    this.base = this.data.replace(/data\/$/, "");
    this.staticCSV = root.getAttribute("data-csv");
    this.cache = {};                // file -> promise of its JSON
    this.rows = {};                 // ordinal -> Row
    this.texts = {};                // ordinal -> [vi, en]
    this.folded = {};               // ordinal -> folded words
  }

  Explorer.prototype.get = function (rel) {
    var self = this, p = this.cache[rel];
    if (!p) {
      p = this.cache[rel] = fetch(this.data + rel).then(function (x) {
        if (!x.ok) throw new Error(x.status + " " + x.url);
        return x.json();
      });
      p.catch(function () { delete self.cache[rel]; });
    }
    return p;
  };

  Explorer.prototype.load = function () {
    var self = this;
    this.countLine.textContent = this.L.f_loading;
    return this.get("explorer/index.json").then(function (ix) {
      self.total = ix.tasks;
      self.partRows = ix.part_rows;
      self.kinds = ix.kinds;
      self.hist = ix.hist;
      self.docs = ix.documents.map(function (d, i) {
        return { i: i, id: d[0], number: d[1], kind: d[2], date: d[3], n: d[4], parts: d[5] };
      });
      self.docById = {};
      self.docs.forEach(function (d) { self.docById[d.id] = d; });
      self.ags = ix.agencies.map(function (a, i) {
        return { i: i, id: a[0], name: [a[1], a[2]], memberOf: a[3], n: a[4], first: a[5], via: a[6] };
      });
      self.agById = {};
      self.ags.forEach(function (a) { self.agById[a.id] = a; });
      self.months = self.units("m/", ix.months);
      self.withoutLead = self.units("l/", ix.without_lead);
      self.fillDocuments();
      self.wire();
      self.fromURL();
      return self.update(false);
    });
  };

  // A part's description in an index: [name, rows, kinds (bit mask), first row's last day and
  // ordinal, greatest last day and the first ordinal that has it].
  Explorer.prototype.units = function (folder, list) {
    return list.map(function (u) {
      return { path: folder + u[0], n: u[1], mask: u[2], aLast: u[3], aO: u[4], dLast: u[5], dO: u[6] };
    });
  };

  // -- the document field: a text field with suggestions from the index -------------------
  Explorer.prototype.docLabel = function (d) {
    return (this.L.kinds[d.kind] || d.kind) + " " + d.number;
  };

  Explorer.prototype.fillDocuments = function () {
    var self = this, list = this.root.querySelector("#f-plan-list"), seen = {};
    this.labels = {};
    this.docs.forEach(function (d) {
      var label = self.docLabel(d);
      if (seen[fold(label)]) label += " (" + d.date + ")";
      seen[fold(label)] = 1;
      d.label = label;
      self.labels[fold(label)] = d;
      list.appendChild(el("option", { value: label }));
    });
    // the titles, for suggestions by subject, only once the reader uses the field
    var field = this.form.plan, titled = false;
    function titles() {
      if (titled) return;
      titled = true;
      self.get("explorer/titles." + self.lang + ".json").then(function (ts) {
        var opts = list.querySelectorAll("option");
        ts.forEach(function (t, i) { if (opts[i]) opts[i].setAttribute("label", t); });
      }).catch(function () { titled = false; });
    }
    field.addEventListener("focus", titles);
    field.addEventListener("input", titles);
  };

  // The document the field names: its label, its id, its number, or the only label that
  // contains what was typed (case and diacritics ignored). undefined: none.
  Explorer.prototype.resolveDoc = function (text) {
    var f = fold(text).trim();
    if (!f) return null;
    if (this.labels[f]) return this.labels[f];
    var hit = this.docById[text.trim()];
    if (hit) return hit;
    var found = this.docs.filter(function (d) { return fold(d.number) === f; });
    if (found.length === 1) return found[0];
    found = this.docs.filter(function (d) { return fold(d.label).indexOf(f) >= 0; });
    return found.length === 1 ? found[0] : undefined;
  };

  // -- the filters and the address -------------------------------------------------------
  Explorer.prototype.state = function () {
    var f = this.form, st = [];
    f.querySelectorAll('input[name="status"]:checked').forEach(function (c) { st.push(c.value); });
    var role = f.querySelector('input[name="role"]:checked');
    var doc = this.resolveDoc(f.plan.value);
    var ag = this.agById[f.agency.value];
    return {
      agency: ag ? ag.id : "", ag: ag || null, groups: f.groups.checked, role: role ? role.value : "",
      plan: doc ? doc.id : "", doc: doc || null, badPlan: doc === undefined,
      status: st, kind: f.kind.value, from: f.from.value, to: f.to.value, q: f.q.value.trim(), sort: f.sort.value,
      words: fold(f.q.value).split(/\s+/).filter(Boolean)
    };
  };

  Explorer.prototype.fromURL = function () {
    var p = new URLSearchParams(location.search), f = this.form;
    function set(sel, v) { if (v !== null && sel.querySelector('option[value="' + CSS.escape(v) + '"]')) sel.value = v; }
    set(f.agency, p.get("agency"));
    f.groups.checked = p.get("groups") === "1";
    var role = p.get("role") || "";
    f.querySelectorAll('input[name="role"]').forEach(function (r) { r.checked = r.value === role; });
    var doc = this.docById[p.get("plan") || ""];
    f.plan.value = doc ? doc.label : "";
    var st = (p.get("status") || "").split(",");
    f.querySelectorAll('input[name="status"]').forEach(function (c) { c.checked = st.indexOf(c.value) >= 0; });
    set(f.kind, p.get("kind"));
    var iso = /^\d{4}-\d{2}-\d{2}$/;
    f.from.value = iso.test(p.get("from") || "") ? p.get("from") : "";
    f.to.value = iso.test(p.get("to") || "") ? p.get("to") : "";
    f.q.value = p.get("q") || "";
    set(f.sort, p.get("sort"));
  };

  Explorer.prototype.toURL = function (s) {
    var p = new URLSearchParams();
    if (s.agency) p.set("agency", s.agency);
    if (s.agency && s.groups) p.set("groups", "1");
    if (s.agency && s.role) p.set("role", s.role);
    if (s.plan) p.set("plan", s.plan);
    if (s.status.length) p.set("status", s.status.join(","));
    if (s.kind) p.set("kind", s.kind);
    if (s.from) p.set("from", s.from);
    if (s.to) p.set("to", s.to);
    if (s.q) p.set("q", s.q);
    if (s.sort) p.set("sort", s.sort);
    var qs = p.toString();
    history.replaceState(null, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
  };

  Explorer.prototype.wire = function () {
    var self = this, f = this.form, timer = null;
    function again() { self.shown = PAGE; self.forceAll = false; self.update(true); }
    f.addEventListener("submit", function (ev) { ev.preventDefault(); again(); });
    f.addEventListener("change", function (ev) { if (ev.target !== f.q) again(); });
    f.q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(again, 120); });
    f.plan.addEventListener("input", function () {     // a suggestion picked: at once
      if (self.resolveDoc(f.plan.value) && self.labels[fold(f.plan.value).trim()]) again();
    });
    f.addEventListener("reset", function () { setTimeout(again, 0); });   // after the form has cleared
    f.querySelectorAll("button[data-range]").forEach(function (b) {
      b.addEventListener("click", function () {
        var r = b.getAttribute("data-range"), day = today();
        f.querySelectorAll('input[name="status"]').forEach(function (c) { c.checked = false; });
        if (r === "passed") {
          f.from.value = ""; f.to.value = "";
          f.querySelector('input[name="status"][value="passed"]').checked = true;
        } else {
          f.from.value = day; f.to.value = addDays(day, Number(r));
        }
        again();
      });
    });
    this.csv.addEventListener("click", function (ev) { self.downloadCSV(ev); });
  };

  // -- which rows match --------------------------------------------------------------------
  // Does agency `a` take part in row `r` in `role` ('' = either)? Through a group only when
  // asked, and only when it is not named itself (build_scripts/pages/views.py, by_group).
  Explorer.prototype.roleOf = function (r, a, withGroups) {
    if (r.lead.indexOf(a.i) >= 0) return { role: "lead" };
    if (r.co.indexOf(a.i) >= 0) return { role: "coordinate" };
    if (!withGroups) return null;
    for (var i = 0; i < 2; i++) {
      var ids = i === 0 ? r.lead : r.co, via = ids.filter(function (g) { return a.memberOf.indexOf(g) >= 0; });
      if (via.length) return { role: i === 0 ? "lead" : "coordinate", via: via };
    }
    return null;
  };

  Explorer.prototype.words = function (o) {
    var w = this.folded[o];
    if (w === undefined) {
      var r = this.rows[o], t = this.texts[o];
      w = fold([(t || r.ex)[0], (t || r.ex)[1] || "", r.path, r.section(), this.docs[r.d].number].join(" "));
      if (t) this.folded[o] = w;
    }
    return w;
  };

  // Every filter but the status; null when the row is out, else its status and part.
  Explorer.prototype.match = function (o, s, day) {
    var r = this.rows[o], part = null;
    if (s.doc && r.d !== s.doc.i) return null;
    if (s.ag) {
      part = this.roleOf(r, s.ag, s.groups);
      if (!part || (s.role && part.role !== s.role)) return null;
    }
    if (s.kind && r.kind !== s.kind) return null;
    if ((s.from || s.to) && (!r.last || (s.from && r.last < s.from) || (s.to && r.last > s.to))) return null;
    if (s.words.length) {
      var w = this.words(o);
      for (var i = 0; i < s.words.length; i++) if (w.indexOf(s.words[i]) < 0) return null;
    }
    return { o: o, r: r, st: statusOf(r.kind, r.first, r.last, day), part: part };
  };

  // Can a part hold a row that passes the kind, dates and status filters? From its kinds and
  // the range of its last days alone, so parts that cannot are never fetched.
  Explorer.prototype.mayMatch = function (u, s, day, byStatus) {
    var kinds = this.kinds;
    if (s.kind && !(u.mask & (1 << kinds.indexOf(s.kind)))) return false;
    if (s.from || s.to) {
      if (!u.aLast) return false;
      if ((s.from && u.dLast < s.from) || (s.to && u.aLast > s.to)) return false;
    }
    if (!s.status.length || !byStatus) return true;
    var can = {}, lo = u.aLast, hi = u.dLast, soon = addDays(day, 30);
    kinds.forEach(function (k, i) {
      if (!(u.mask & (1 << i))) return;
      if (!hi) {            // no last day
        if (k === "ongoing") can.ongoing = 1;
        else if (k === "period") { can.upcoming = 1; can.ongoing = 1; }
        else can.undated = 1;
        return;
      }
      if (lo < day) can.passed = 1;
      if (DATED[k]) {
        if (hi >= day && lo <= soon) can["due-soon"] = 1;
        if (hi > soon) can.upcoming = 1;
      } else if (k === "ongoing") {
        if (hi >= day) can.ongoing = 1;
      } else if (k === "period") {
        if (hi >= day) { can.upcoming = 1; can.ongoing = 1; }
      } else can.undated = 1;
    });
    return s.status.some(function (x) { return can[x]; });
  };

  // Counts per status from deadline signatures [kind, first, last, tasks] (the index's, or an
  // agency's): exact for any today, kind and dates, without reading a row.
  Explorer.prototype.countHist = function (hists, s, day) {
    var counts = {}, kinds = this.kinds;
    hists.forEach(function (h) {
      h.forEach(function (e) {
        var kind = kinds[e[0]], last = e[2];
        if (s.kind && kind !== s.kind) return;
        if ((s.from || s.to) && (!last || (s.from && last < s.from) || (s.to && last > s.to))) return;
        var st = statusOf(kind, e[1], last, day);
        counts[st] = (counts[st] || 0) + e[3];
      });
    });
    return counts;
  };

  Explorer.prototype.manifest = function (a) {
    var self = this;
    return this.get("explorer/a/" + a.id + "/index.json").then(function (m) {
      return { units: self.units("a/" + a.id + "/", m.parts), hist: m.hist, docs: m.documents };
    });
  };

  // -- where the rows come from ------------------------------------------------------------
  // A source: `families` (lists of parts) read in one of four ways:
  //   merge  parts in deadline order across families; a row is final once no unread part can
  //          hold a row before it (the first screen reads a part or two of each family);
  //   steps  families one after another (documents in order, or lead agencies A-Z), a row
  //          final once its document or lead agency is reached and read up to it;
  //   all    every part, then sort (a document; a selection of up to ALL_PARTS parts);
  //   gate   nothing until the reader asks (a large agency sorted by lead agency).
  // `hist`: the deadline signatures that give exact counts without rows (none for a document).
  Explorer.prototype.source = function (s, day) {
    var self = this, sort = s.sort;
    var order = sort === "deadline-desc" ? "desc" : sort === "" ? "asc" : null;
    // words: every part that may hold a match for the other filters, so that the counts per
    // status, once every part is read, are the real ones
    function pick(units) { return units.filter(function (u) { return self.mayMatch(u, s, day, !s.words.length); }); }
    if (s.doc) {
      var units = [];
      for (var k = 0; k < s.doc.parts; k++) units.push({ path: "d/" + s.doc.id + "/" + k, n: 0 });
      return Promise.resolve({ mode: "all", families: [units], hist: null });
    }
    if (s.ag) {
      // its own parts (and, in its index, the signatures of its tasks by role), and those of
      // the groups it belongs to
      var groups = s.groups ? s.ag.memberOf.map(function (g) { return self.ags[g]; }).filter(function (a) { return a.n > 0; }) : [];
      var mine = s.ag.n || (s.groups && s.ag.via) ? this.manifest(s.ag) : Promise.resolve(null);
      return Promise.all([mine].concat(groups.map(function (a) { return self.manifest(a); }))).then(function (ms) {
        var own = ms[0] ? ms[0].hist : { lead: [], coordinate: [], via_lead: [], via_coordinate: [] };
        if (!ms[0]) ms.shift();
        var h = [];
        if (s.role !== "coordinate") h.push(own.lead);
        if (s.role !== "lead") h.push(own.coordinate);
        if (s.groups && s.role !== "coordinate") h.push(own.via_lead);
        if (s.groups && s.role !== "lead") h.push(own.via_coordinate);
        var fams = ms.map(function (m) { return pick(m.units); });
        var src = { mode: "merge", order: order, families: fams, all: fams, hist: h };
        if (order) return src;
        var rows = fams.reduce(function (n, us) { return us.reduce(function (k, u) { return k + u.n; }, n); }, 0);
        if (rows <= ALL_PARTS * self.partRows || self.forceAll) src.mode = "all";
        else if (sort === "document") {     // a large agency: the documents it is in, in order
          var docs = {};
          ms.forEach(function (m) { m.docs.forEach(function (i) { docs[i] = 1; }); });
          src.mode = "steps";
          src.steps = Object.keys(docs).map(Number).sort(function (a, b) { return a - b; })
            .map(function (i) { return self.docStep(self.docs[i]); });
        } else {                            // by lead agency: every row first; asked before
          src.mode = "gate";
          src.rows = rows;
        }
        return src;
      });
    }
    var months = pick(this.months);
    if (order) return Promise.resolve({ mode: "merge", order: order, families: [months], hist: [this.hist] });
    var rows = months.reduce(function (n, u) { return n + u.n; }, 0);
    if (rows <= ALL_PARTS * this.partRows) return Promise.resolve({ mode: "all", families: [months], hist: [this.hist] });
    if (sort === "document") {      // documents in order, each read whole
      return Promise.resolve({ mode: "steps", hist: [this.hist], all: [months], steps: this.docs.filter(function (d) { return d.n; }).map(function (d) {
        return self.docStep(d);
      }) });
    }
    // by lead agency: the agencies that lead first in a task, A-Z, each in deadline order;
    // a row belongs to the step of its first lead; then the tasks without a lead
    var leads = this.ags.filter(function (a) { return a.first > 0; }).sort(function (a, b) { return self.cmpName(a, b); });
    var steps = leads.map(function (a) {
      return { agency: a, units: function () { return self.manifest(a).then(function (m) { return pick(m.units); }); } };
    });
    steps.push({ agency: null, units: function () { return Promise.resolve(pick(self.withoutLead)); } });
    var stepOf = {};
    leads.forEach(function (a, i) { stepOf[a.i] = i; });
    return Promise.resolve({ mode: "steps", hist: [this.hist], all: [months], steps: steps, stepOf: function (r) {
      return r.lead.length ? stepOf[r.lead[0]] : leads.length;
    } });
  };

  Explorer.prototype.docStep = function (d) {
    var us = [];
    for (var k = 0; k < d.parts; k++) us.push({ path: "d/" + d.id + "/" + k, n: 0 });
    return { units: function () { return Promise.resolve(us); } };
  };

  Explorer.prototype.agName = function (a) { return a.name[this.li] || a.name[0]; };
  Explorer.prototype.cmpName = function (a, b) { return this.agName(a).localeCompare(this.agName(b), this.lang); };

  // A reading of a source for the current filters: what is read, what is final.
  function Reading(x, src, s, day) {
    this.x = x; this.src = src; this.s = s; this.day = day;
    this.ords = []; this.seen = {}; this.steps = 1;
    if (src.mode === "merge") {
      var ord = ORDERS[src.order];
      this.order = ord;
      this.queues = src.families.map(function (us) { return ord.units(us); });
    } else if (src.mode === "all") {
      this.queue = [].concat.apply([], src.families);
    } else if (src.mode === "gate") {
      this.queue = [];
    } else {
      this.step = 0; this.queue = null;
    }
  }

  Reading.prototype.add = function (ords) {
    for (var i = 0; i < ords.length; i++) if (!this.seen[ords[i]]) { this.seen[ords[i]] = 1; this.ords.push(ords[i]); }
  };

  // The parts to read next (at least one, unless everything is read): promise of units.
  Reading.prototype.next = function (need) {
    var self = this, src = this.src;
    if (src.mode === "gate") return Promise.resolve([]);
    if (src.mode === "all") {
      var batch = this.queue.splice(0, PARALLEL * 2);
      return Promise.resolve(batch);
    }
    if (src.mode === "merge") {
      var out = [], rows = 0, heads = this.queues.map(function () { return 0; });
      var ord = this.order;
      while (out.length < PARALLEL && (rows < need || !out.length)) {
        var best = -1, bestKey = null;
        this.queues.forEach(function (q, i) {
          if (heads[i] >= q.length) return;
          var k = ord.unit(q[heads[i]]);
          if (best < 0 || ord.cmp(k, bestKey) < 0) { best = i; bestKey = k; }
        });
        if (best < 0) break;
        var u = this.queues[best][heads[best]++];
        out.push(u);
        rows += u.n;
      }
      this.queues.forEach(function (q, i) { q.splice(0, heads[i]); });
      return Promise.resolve(out);
    }
    // steps: the current step's parts, in order
    if (this.queue && this.queue.length) return Promise.resolve(this.queue.splice(0, PARALLEL));
    if (this.step >= src.steps.length) return Promise.resolve([]);
    return src.steps[this.step].units().then(function (us) {
      self.queue = us.slice();
      self.step++;
      return self.queue.length ? self.queue.splice(0, PARALLEL) : self.next(need);
    });
  };

  Reading.prototype.exhausted = function () {
    var src = this.src;
    if (src.mode === "gate") return false;
    if (src.mode === "all") return !this.queue.length;
    if (src.mode === "merge") return this.queues.every(function (q) { return !q.length; });
    return this.step >= src.steps.length && !(this.queue && this.queue.length);
  };

  // Is a row final, that is, no unread part can hold a row that comes before it?
  Reading.prototype.finalTest = function () {
    var src = this.src, self = this;
    if (src.mode === "all" || src.mode === "gate") {
      var all = this.exhausted();
      return function () { return all; };
    }
    if (src.mode === "merge") {
      var ord = this.order, front = null;
      this.queues.forEach(function (q) {
        if (!q.length) return;
        var k = ord.unit(q[0]);
        if (!front || ord.cmp(k, front) < 0) front = k;
      });
      if (!front) return function () { return true; };
      return function (r) { return ord.cmp(ord.row(r), front) < 0; };
    }
    if (!src.stepOf) return function () { return true; };          // documents: read in order
    // lead agencies: the rows of the agencies before the current one; of the current one,
    // those before its next unread part (some were read earlier, in another agency's parts)
    var cur = this.exhausted() ? Infinity : this.step - 1, asc = ORDERS.asc;
    var front = this.queue && this.queue.length ? asc.unit(this.queue[0]) : null;
    return function (r) {
      var k = src.stepOf(r);
      return k < cur || (k === cur && (!front || asc.cmp(asc.row(r), front) < 0));
    };
  };

  // Read parts until the page is full (or `budget` rows were read); then resolve.
  Explorer.prototype.fill = function (reading, gen, budget) {
    var self = this, s = reading.s, read = 0, text = s.words.length > 0;
    function step() {
      if (gen !== self.gen) return null;
      var sel = self.collect(reading);
      if (reading.exhausted() || sel.rows.length >= self.shown || read >= budget) return sel;
      return reading.next(self.shown - sel.rows.length).then(function (units) {
        if (gen !== self.gen) return null;
        if (!units.length) return self.collect(reading);
        units.forEach(function (u) { read += u.n || self.partRows; });
        return Promise.all(units.map(function (u) { return self.part(u.path, text); })).then(function (lists) {
          lists.forEach(function (ords) { reading.add(ords); });
          return step();
        });
      });
    }
    return Promise.resolve(step());
  };

  // The ordinals of a part, its rows (and full texts) stored once.
  Explorer.prototype.part = function (path, withText) {
    var self = this;
    var rows = this.get("explorer/" + path + ".json").then(function (list) {
      return list.map(function (a) {
        if (!self.rows[a[0]]) self.rows[a[0]] = new Row(a);
        return a[0];
      });
    });
    if (!withText) return rows;
    return Promise.all([rows, this.get("explorer/" + path + ".text.json")]).then(function (both) {
      both[0].forEach(function (o, i) {
        if (!self.texts[o]) { self.texts[o] = both[1][i]; delete self.folded[o]; }
      });
      return both[0];
    });
  };

  // What the reading has so far: the final matching rows in order, the counts, exact or not.
  Explorer.prototype.collect = function (reading) {
    var s = reading.s, day = reading.day, isFinal = reading.finalTest(), out = [], counts = {}, all = 0;
    var self = this;
    reading.ords.forEach(function (o) {
      var m = self.match(o, s, day);
      if (!m) return;
      counts[m.st] = (counts[m.st] || 0) + 1;
      if (s.status.length && s.status.indexOf(m.st) < 0) return;
      all++;
      if (isFinal(m.r)) out.push(m);
    });
    out.sort(this.sorter(s.sort));
    var exact = reading.exhausted();
    if (reading.src.hist && !s.words.length) {     // the parts read were chosen by status too
      counts = this.countHist(reading.src.hist, s, day);
      exact = true;
    }
    var m = exact ? STATUSES.reduce(function (n, st) {
      return n + (!s.status.length || s.status.indexOf(st) >= 0 ? counts[st] || 0 : 0);
    }, 0) : all;
    return { rows: out, counts: counts, exact: exact, m: m };
  };

  Explorer.prototype.sorter = function (sort) {
    var self = this;
    function byDeadline(a, b) { return cmp(a.r.last || "9999", b.r.last || "9999") || a.o - b.o; }
    function leadName(m) { var a = self.ags[m.r.lead[0]]; return a ? self.agName(a) : "\uffff"; }
    return {
      "": byDeadline,
      "deadline-desc": function (a, b) {
        var x = a.r.last, y = b.r.last;
        if (!x || !y) return (!x) - (!y) || byDeadline(a, b);   // undated last in both orders
        return x > y ? -1 : x < y ? 1 : byDeadline(a, b);
      },
      document: function (a, b) { return a.o - b.o; },
      lead: function (a, b) { return leadName(a).localeCompare(leadName(b), self.lang) || byDeadline(a, b); }
    }[sort] || byDeadline;
  };

  Explorer.prototype.update = function (push) {
    var self = this, s = this.state(), day = today(), gen = ++this.gen;
    this.form.querySelectorAll('#f-role input').forEach(function (r) { r.disabled = !s.agency; });
    this.form.groups.disabled = !s.agency;
    this.note.textContent = s.badPlan ? this.L.f_no_document : "";
    if (s.doc && this.form.plan.value !== s.doc.label) this.form.plan.value = s.doc.label;
    this.form.plan.setAttribute("aria-invalid", s.badPlan ? "true" : "false");
    if (push) this.toURL(s);
    this.s = s;
    this.resetCSV(s);
    this.results.setAttribute("aria-busy", "true");
    return this.source(s, day).then(function (src) {
      if (gen !== self.gen) return null;
      self.reading = new Reading(self, src, s, day);
      return self.fill(self.reading, gen, self.budget(src, s));
    }).then(function (sel) {
      if (sel && gen === self.gen) self.show(sel);
    }).catch(function (e) { if (gen === self.gen) self.fail(e); });
  };

  Explorer.prototype.more = function (further) {
    var self = this, gen = ++this.gen, s = this.s;
    if (!further) this.shown += PAGE;
    else this.reading.steps = Math.min(16, this.reading.steps * 2);    // each "Search further" reads twice as far
    this.results.setAttribute("aria-busy", "true");
    return this.fill(this.reading, gen, this.budget(this.reading.src, s)).then(function (sel) {
      if (sel && gen === self.gen) self.show(sel);
    }).catch(function (e) { if (gen === self.gen) self.fail(e); });
  };

  // Rows read per step: a document, or an agency sorted otherwise than by deadline, is read
  // whole (that is what was asked); the archive by deadline a step at a time.
  Explorer.prototype.budget = function (src, s) {
    if (src.mode === "all" || src.mode === "gate") return Infinity;
    return (s.words.length ? STEP_PARTS_TEXT : STEP_PARTS) * this.partRows * (this.reading ? this.reading.steps : 1);
  };

  Explorer.prototype.fail = function (e) {
    this.countLine.textContent = String(e);
    this.results.setAttribute("aria-busy", "false");
  };

  Explorer.prototype.show = function (sel) {
    var L = this.L, s = this.s;
    this.sel = sel;
    this.form.querySelectorAll("[data-status-count]").forEach(function (n) {
      var c = sel.counts[n.getAttribute("data-status-count")] || 0;
      n.textContent = "(" + (sel.exact ? "" : "≥ ") + c + ")";
    });
    this.countLine.textContent = sel.exact ? fmt(L.f_count, { m: sel.m, n: this.total })
      : fmt(L.f_count_partial, { m: sel.m, n: this.total, k: this.reading.ords.length });
    this.render(sel, s);
    this.results.setAttribute("aria-busy", "false");
  };

  Explorer.prototype.render = function (sel, s) {
    var self = this, L = this.L, li = this.li, host = this.results;
    host.textContent = "";
    var rows = sel.rows.slice(0, this.shown);
    if (this.reading.src.mode === "gate") {
      var n = this.reading.src.rows, kb = s.words.length ? 1.2 : 0.5;
      var p = el("p", { "class": "explorer__gate" }, fmt(L.f_sort_gate, { m: sel.exact ? sel.m : n, mb: (n * kb / 1000).toFixed(1) }) + " ");
      var go = el("button", { type: "button", "class": "explorer__more" }, L.f_sort_go);
      go.addEventListener("click", function () { self.forceAll = true; self.update(false); });
      p.appendChild(go);
      host.appendChild(p);
      return;
    }
    if (!rows.length && this.reading.exhausted()) { host.appendChild(el("p", { "class": "explorer__none" }, L.f_none)); return; }
    if (rows.length) {
      var wrap = el("div", { "class": "task-list explorer__table" });
      var table = el("table", { "class": "cards" });     // stacked cards on a phone (site.css), like every task table
      table.appendChild(el("caption", { "class": "visually-hidden" }, this.countLine.textContent));
      var head = el("tr");
      [L.deadline, L.status, L.task, L.lead].forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
      table.appendChild(el("thead")).appendChild(head);
      var body = el("tbody");
      rows.forEach(function (m) {
        var r = m.r, doc = self.docs[r.d], tr = el("tr", { "data-id": doc.id + "/" + r.path });
        tr.appendChild(el("td", { "data-label": L.deadline }, r.dt[li]));
        var sc = el("td", { "data-label": L.status });
        sc.appendChild(el("span", { "class": "status status-" + m.st }, L.statuses[m.st]));
        tr.appendChild(sc);
        var tc = el("td", { "data-label": L.task });
        tc.appendChild(el("a", { href: self.taskURL(r) }, (L.kinds[doc.kind] || doc.kind) + " " + doc.number + ", " + r.path));
        tc.appendChild(document.createTextNode(": "));
        var text = r.ex[li];
        tc.appendChild(el("span", text ? {} : { lang: "vi" }, text || r.ex[0]));
        if (m.part && m.part.via) {
          var via = el("span", { "class": "explorer__via" }, " (" + L.f_via + ": ");
          m.part.via.forEach(function (g, i) {
            if (i) via.appendChild(document.createTextNode(", "));
            via.appendChild(self.agencyLink(g));
          });
          via.appendChild(document.createTextNode("; " + L["role_word_" + m.part.role] + ")"));
          tc.appendChild(via);
        }
        tr.appendChild(tc);
        var lc = el("td", { "data-label": L.lead });
        if (r.lead.length) r.lead.forEach(function (a, i) {
          if (i) lc.appendChild(document.createTextNode(", "));
          lc.appendChild(self.agencyLink(a));
        });
        else lc.textContent = "—";
        tr.appendChild(lc);
        body.appendChild(tr);
      });
      table.appendChild(body);
      wrap.appendChild(table);
      host.appendChild(wrap);
    }
    // "Show k more" when there are more rows; "Search further" when the reading stopped
    // before the page was full (words over a large archive) or cannot tell how many are left
    var have = sel.rows.length, shown = this.shown, label = null, further = false;
    if (have > shown) label = fmt(L.f_more, { k: Math.min(PAGE, (sel.exact ? sel.m : have) - shown) });
    else if (!this.reading.exhausted() && (!sel.exact || sel.m > have)) {
      further = have < shown;
      label = !further && sel.exact ? fmt(L.f_more, { k: Math.min(PAGE, sel.m - shown) }) : L.f_search_more;
    }
    if (label) {
      var more = el("button", { type: "button", "class": "explorer__more" }, label);
      more.addEventListener("click", function () { self.more(further); });
      host.appendChild(more);
    }
  };

  Explorer.prototype.taskURL = function (r) {
    return this.base + (this.lang === "vi" ? "" : this.lang + "/") + "plans/" + this.docs[r.d].id + "/" +
      (r.page ? r.page + "/" : "") + "#" + r.anchor;
  };

  Explorer.prototype.agencyLink = function (i) {
    var a = this.ags[i];
    if (!a) return document.createTextNode(String(i));
    return el("a", { href: this.base + (this.lang === "vi" ? "" : this.lang + "/") + "agencies/" + a.id + "/" }, this.agName(a));
  };

  // -- the CSV of the selection -------------------------------------------------------------
  // Every matching row (not only those shown), in the columns it always had, with the status
  // for today and the full text in the page's language. With no filter at all, the link is
  // the open data's tasks.csv itself; otherwise the click reads the selection's parts and
  // texts first.
  Explorer.prototype.resetCSV = function (s) {
    if (this.csvURL) URL.revokeObjectURL(this.csvURL);
    this.csvURL = null;
    var any = s.agency || s.plan || s.status.length || s.kind || s.from || s.to || s.q;
    this.csv.href = this.staticCSV;
    this.csv.removeAttribute("data-ready");
    this.csv.setAttribute("data-static", any ? "0" : "1");
    var name = ["tasks", s.agency, s.plan, s.status.join("+"), s.from, s.to].filter(Boolean).join("_");
    this.csv.setAttribute("download", name + ".csv");
  };

  Explorer.prototype.downloadCSV = function (ev) {
    var self = this, a = this.csv, s = this.s;
    if (!s || a.getAttribute("data-static") === "1" || a.getAttribute("data-ready") === "1") return;
    ev.preventDefault();
    if (a.getAttribute("aria-busy") === "true") return;
    var label = a.textContent, day = today(), gen = this.gen;
    a.setAttribute("aria-busy", "true");
    a.textContent = this.L.f_csv_wait;
    function done() { a.textContent = label; a.removeAttribute("aria-busy"); }
    this.source(s, day).then(function (src) {
      // every part that can hold a match: for a sort by document or lead over the archive,
      // the "by deadline" family rather than the walk in that order
      var units = [].concat.apply([], src.mode === "steps" ? src.all : src.families);
      return Promise.all(units.map(function (u) { return self.part(u.path, true); }));
    }).then(function (lists) {
      if (gen !== self.gen) { done(); return; }
      var seen = {}, out = [];
      lists.forEach(function (ords) {
        ords.forEach(function (o) {
          if (seen[o]) return;
          seen[o] = 1;
          var m = self.match(o, s, day);
          if (m && (!s.status.length || s.status.indexOf(m.st) >= 0)) out.push(m);
        });
      });
      out.sort(self.sorter(s.sort));
      self.csvURL = URL.createObjectURL(new Blob(["\ufeff" + self.csvText(out, day)], { type: "text/csv;charset=utf-8" }));
      a.href = self.csvURL;
      a.setAttribute("data-ready", "1");
      done();
      a.click();
    }).catch(function (e) { done(); self.countLine.textContent = String(e); });
  };

  Explorer.prototype.csvText = function (rows, day) {
    var self = this, li = this.li, lines = [["id", "plan", "section", "lead", "coordinators", "deadline_kind",
      "deadline_value", "deadline", "status", "status_as_of", "text", "url"].join(",")];
    function ids(list) { return list.map(function (i) { return self.ags[i].id; }).join(";"); }
    rows.forEach(function (m) {
      var r = m.r, doc = self.docs[r.d], t = self.texts[m.o] || [];
      lines.push([doc.id + "/" + r.path, doc.id, r.section(), ids(r.lead), ids(r.co), r.kind, r.value || "",
        r.dt[li], m.st, day, t[li] || t[0], self.taskURL(r)].map(csvCell).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  };

  // -- quick filters of an agency page -----------------------------------------------------
  // Role (the page's sections) and status (the badges in their rows), with the count shown.
  function quickFilters(box) {
    var sections = document.querySelectorAll("[data-role-section]");
    function apply() {
      var role = (box.querySelector('input[name="q-role"]:checked') || {}).value || "";
      var status = (box.querySelector('input[name="q-status"]:checked') || {}).value || "";
      var shown = 0, total = 0;
      sections.forEach(function (sec) {
        var on = !role || sec.getAttribute("data-role-section") === role;
        sec.hidden = !on;
        sec.querySelectorAll("tbody tr").forEach(function (tr) {
          var b = tr.querySelector(".status");
          var s = b ? (b.className.match(/\bstatus-([a-z-]+)/) || [])[1] : "";
          var vis = !status || s === status;
          tr.hidden = !vis;
          total++;
          if (on && vis) shown++;
        });
      });
      var line = box.querySelector(".quick-filters__count");
      line.textContent = fmt(line.getAttribute("data-text"), { m: shown, n: total });
    }
    box.hidden = false;
    box.addEventListener("change", apply);
    apply();
  }

  function start() {
    var root = document.getElementById("explorer-root");
    if (root && !root.getAttribute("data-started")) {
      root.setAttribute("data-started", "1");
      var x = new Explorer(root);
      x.load().catch(function (e) {
        root.querySelector(".explorer__count").textContent = String(e);
      });
    }
    var box = document.querySelector(".quick-filters[data-quick]");
    if (box && !box.getAttribute("data-started")) { box.setAttribute("data-started", "1"); quickFilters(box); }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
})();
