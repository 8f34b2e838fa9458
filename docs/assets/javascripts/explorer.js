// The task explorer (tasks/, build_scripts/pages/templates/tasks.md.j2) and the quick filters
// of agency pages. The explorer reads the site's open data (data/tasks.json, agencies.json,
// plans.json), filters it with the form the page already holds, keeps the filters in the
// page's address (so a view can be shared), and writes the CSV of the selection. Statuses are
// recomputed for the reader's today with the rules of site.js (window.cdsStatus). No library,
// nothing loaded from outside the site; theme-independent.
(function () {
  "use strict";
  var PAGE = 100;                 // rows shown at a time

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
  function statusOf(task, day) {
    var d = task.effective_deadline;
    return window.cdsStatus ? window.cdsStatus(d.kind, d.first, d.last, day) : task.status;
  }
  function excerpt(s, n) {
    s = String(s || "").replace(/\s*\[(?:\?|ed:)[^\]]*\]|\[\^[0-9A-Za-z]+\]/g, "");
    if (s.length <= n) return s;
    return s.slice(0, n).replace(/\s+\S*$/, "") + " …";
  }
  function csvCell(v) {
    v = v === null || v === undefined ? "" : String(v);
    return /[",\n\r;]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }

  // -- the explorer ------------------------------------------------------------------------
  function Explorer(root) {
    this.root = root;
    this.form = root.querySelector("form");
    this.L = JSON.parse(root.getAttribute("data-labels"));
    this.lang = this.L.lang;
    this.countLine = root.querySelector(".explorer__count");
    this.results = root.querySelector(".explorer__results");
    this.csv = root.querySelector(".explorer__csv");
    this.shown = PAGE;
    // the site's root, from the data file's address: the pages link relatively, so the
    // site works at any address
    this.base = new URL(root.getAttribute("data-tasks"), location.href).href.replace(/data\/tasks\.json$/, "");
  }

  Explorer.prototype.load = function () {
    var self = this, r = this.root;
    function get(attr) {
      return fetch(new URL(r.getAttribute(attr), location.href)).then(function (x) {
        if (!x.ok) throw new Error(x.status + " " + x.url);
        return x.json();
      });
    }
    return Promise.all([get("data-tasks"), get("data-agencies"), get("data-plans")]).then(function (all) {
      self.tasks = all[0].tasks;
      self.agencies = {};
      all[1].agencies.forEach(function (a) { self.agencies[a.id] = a; });
      self.plans = {};
      self.planOrder = {};
      all[2].plans.forEach(function (p, i) { self.plans[p.id] = p; self.planOrder[p.id] = i; });
      self.tasks.forEach(function (t, i) {
        t._order = i;
        t._fold = fold([t.text.vi, t.text.en || "", t.path, t.section, self.plans[t.plan].number].join(" "));
      });
      self.wire();
      self.fromURL();
      self.update(false);
    });
  };

  Explorer.prototype.state = function () {
    var f = this.form, st = [];
    f.querySelectorAll('input[name="status"]:checked').forEach(function (c) { st.push(c.value); });
    var role = f.querySelector('input[name="role"]:checked');
    return {
      agency: f.agency.value, groups: f.groups.checked, role: role ? role.value : "", plan: f.plan.value,
      status: st, kind: f.kind.value, from: f.from.value, to: f.to.value, q: f.q.value.trim(), sort: f.sort.value
    };
  };

  Explorer.prototype.fromURL = function () {
    var p = new URLSearchParams(location.search), f = this.form;
    function set(sel, v) { if (v !== null && sel.querySelector('option[value="' + CSS.escape(v) + '"]')) sel.value = v; }
    set(f.agency, p.get("agency"));
    f.groups.checked = p.get("groups") === "1";
    var role = p.get("role") || "";
    f.querySelectorAll('input[name="role"]').forEach(function (r) { r.checked = r.value === role; });
    set(f.plan, p.get("plan"));
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
    f.addEventListener("submit", function (ev) { ev.preventDefault(); self.update(true); });
    f.addEventListener("change", function () { self.shown = PAGE; self.update(true); });
    f.q.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.shown = PAGE; self.update(true); }, 120);
    });
    f.addEventListener("reset", function () {
      setTimeout(function () { self.shown = PAGE; self.update(true); }, 0);   // after the form has cleared
    });
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
        self.shown = PAGE;
        self.update(true);
      });
    });
  };

  // Does agency `a` take part in task `t` in `role` ('' = either)? Through a group only when
  // asked, and only when it is not named itself (build_scripts/pages/views.py, by_group).
  Explorer.prototype.roleOf = function (t, a, withGroups) {
    if (t.lead.indexOf(a) >= 0) return { role: "lead" };
    if (t.coordinators.indexOf(a) >= 0) return { role: "coordinate" };
    if (!withGroups) return null;
    var groups = (this.agencies[a] && this.agencies[a].member_of) || [];
    for (var i = 0; i < 2; i++) {
      var ids = i === 0 ? t.lead : t.coordinators, via = ids.filter(function (g) { return groups.indexOf(g) >= 0; });
      if (via.length) return { role: i === 0 ? "lead" : "coordinate", via: via };
    }
    return null;
  };

  Explorer.prototype.select = function (s, day) {
    var self = this, out = [], counts = {}, q = fold(s.q).split(/\s+/).filter(Boolean);
    this.tasks.forEach(function (t) {
      var st = statusOf(t, day), part = null;
      if (s.agency) {
        part = self.roleOf(t, s.agency, s.groups);
        if (!part || (s.role && part.role !== s.role)) return;
      }
      if (s.plan && t.plan !== s.plan) return;
      var d = t.effective_deadline;
      if (s.kind && d.kind !== s.kind) return;
      if ((s.from || s.to) && (!d.last || (s.from && d.last < s.from) || (s.to && d.last > s.to))) return;
      for (var i = 0; i < q.length; i++) if (t._fold.indexOf(q[i]) < 0) return;
      counts[st] = (counts[st] || 0) + 1;         // counts by status: every filter but the status
      if (s.status.length && s.status.indexOf(st) < 0) return;
      out.push({ t: t, st: st, part: part });
    });
    var plans = this.planOrder, agencies = this.agencies, lang = this.lang;
    function byDeadline(a, b) {
      var x = a.t.effective_deadline.last || "9999", y = b.t.effective_deadline.last || "9999";
      return x < y ? -1 : x > y ? 1 : (plans[a.t.plan] - plans[b.t.plan]) || (a.t._order - b.t._order);
    }
    function leadName(r) { var a = agencies[r.t.lead[0]]; return a ? a.name[lang] || a.name.vi : "\uffff"; }
    var sorters = {
      "": byDeadline,
      "deadline-desc": function (a, b) {
        var x = a.t.effective_deadline.last, y = b.t.effective_deadline.last;
        if (!x || !y) return (!x) - (!y) || byDeadline(a, b);   // undated last in both orders
        return x > y ? -1 : x < y ? 1 : byDeadline(a, b);
      },
      document: function (a, b) { return (plans[a.t.plan] - plans[b.t.plan]) || (a.t._order - b.t._order); },
      lead: function (a, b) { return leadName(a).localeCompare(leadName(b), lang) || byDeadline(a, b); }
    };
    out.sort(sorters[s.sort] || byDeadline);
    return { rows: out, counts: counts };
  };

  Explorer.prototype.update = function (push) {
    var s = this.state(), day = today(), L = this.L;
    this.form.querySelectorAll('#f-role input').forEach(function (r) { r.disabled = !s.agency; });
    this.form.groups.disabled = !s.agency;
    if (push) this.toURL(s);
    var sel = this.select(s, day);
    this.rows = sel.rows;
    this.form.querySelectorAll("[data-status-count]").forEach(function (n) {
      n.textContent = "(" + (sel.counts[n.getAttribute("data-status-count")] || 0) + ")";
    });
    this.countLine.textContent = fmt(L.f_count, { m: sel.rows.length, n: this.tasks.length });
    this.render();
    this.setCSV(s, day);
  };

  Explorer.prototype.render = function () {
    var self = this, L = this.L, lang = this.lang, host = this.results;
    host.textContent = "";
    if (!this.rows.length) { host.appendChild(el("p", { "class": "explorer__none" }, L.f_none)); return; }
    var wrap = el("div", { "class": "task-list explorer__table" });
    var table = el("table", { "class": "cards" });     // stacked cards on a phone (site.css), like every task table
    table.appendChild(el("caption", { "class": "visually-hidden" }, this.countLine.textContent));
    var head = el("tr");
    [L.deadline, L.status, L.task, L.lead].forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    this.rows.slice(0, this.shown).forEach(function (r) {
      var t = r.t, d = t.effective_deadline, tr = el("tr", { "data-id": t.id });
      tr.appendChild(el("td", { "data-label": L.deadline }, d.text[lang]));
      var sc = el("td", { "data-label": L.status });
      sc.appendChild(el("span", { "class": "status status-" + r.st }, L.statuses[r.st]));
      tr.appendChild(sc);
      var tc = el("td", { "data-label": L.task }), plan = self.plans[t.plan];
      var where = (L.kinds[plan.kind] || plan.kind) + " " + plan.number + ", " + t.path;
      tc.appendChild(el("a", { href: self.base + t.url[lang].replace(/^\//, "") }, where));
      tc.appendChild(document.createTextNode(": "));
      var text = t.text[lang];
      tc.appendChild(el("span", text ? {} : { lang: "vi" }, excerpt(text || t.text.vi, 240)));
      if (r.part && r.part.via) {
        var via = el("span", { "class": "explorer__via" }, " (" + L.f_via + ": ");
        r.part.via.forEach(function (g, i) {
          if (i) via.appendChild(document.createTextNode(", "));
          via.appendChild(self.agencyLink(g));
        });
        via.appendChild(document.createTextNode("; " + L["role_word_" + r.part.role] + ")"));
        tc.appendChild(via);
      }
      tr.appendChild(tc);
      var lc = el("td", { "data-label": L.lead });
      if (t.lead.length) t.lead.forEach(function (a, i) {
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
    var rest = this.rows.length - this.shown;
    if (rest > 0) {
      var more = el("button", { type: "button", "class": "explorer__more" }, fmt(L.f_more, { k: Math.min(rest, PAGE) }));
      more.addEventListener("click", function () { self.shown += PAGE; self.render(); });
      host.appendChild(more);
    }
  };

  Explorer.prototype.agencyLink = function (id) {
    var a = this.agencies[id];
    if (!a) return document.createTextNode(id);
    return el("a", { href: this.base + a.url[this.lang].replace(/^\//, "") }, a.name[this.lang] || a.name.vi);
  };

  // The CSV of what the table shows (every matching row, not only the first page), in the
  // columns of data/tasks.csv, with the status for today and the text in the page's language.
  Explorer.prototype.setCSV = function (s, day) {
    var lang = this.lang, base = this.base, lines = [["id", "plan", "section", "lead", "coordinators", "deadline_kind",
      "deadline_value", "deadline", "status", "status_as_of", "text", "url"].join(",")];
    this.rows.forEach(function (r) {
      var t = r.t, d = t.effective_deadline;
      lines.push([t.id, t.plan, t.section, t.lead.join(";"), t.coordinators.join(";"), d.kind, d.value || "",
        d.text[lang], r.st, day, t.text[lang] || t.text.vi, base + t.url[lang].replace(/^\//, "")].map(csvCell).join(","));
    });
    if (this.csvURL) URL.revokeObjectURL(this.csvURL);
    this.csvURL = URL.createObjectURL(new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" }));
    this.csv.href = this.csvURL;
    var name = ["tasks", s.agency, s.plan, s.status.join("+"), s.from, s.to].filter(Boolean).join("_");
    this.csv.setAttribute("download", name + ".csv");
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
