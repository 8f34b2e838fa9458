"""Open data: plans.json, agencies.json, tasks.json, tasks.csv, glossary.json (documented in README.md)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import icalendar

from .. import i18n
from ..extract.translation import task_text
from .views import Views


def _url(lang: str, page: str, anchor: str = "") -> str:
    base = "/" if lang == "vi" else "/en/"
    return base + page + "/" + (f"#{anchor}" if anchor else "")


def task_url(v: Views, lang: str, t) -> str:
    """The address of a task: the page of its document that has it (pages/parts.py)."""
    return _url(lang, v.doc_page(t.plan, t.anchor)[:-3], t.anchor)


def _deadline(d, lang_texts=True) -> dict:
    out = {"kind": d.kind, "value": d.value,
           "text": {"vi": i18n.deadline_text(d, "vi"), "en": i18n.deadline_text(d, "en")},
           "phrase": d.phrase or None}
    if d.until:
        out["until"] = d.until
    return out


def _effective(t) -> dict:
    """The deadline status and sorting use, with the days it spans (``first``, ``last``: ISO
    dates or null), so a reader's program (the task explorer) can recompute the status
    against its own today by the rules of i18n.status_of without parsing deadline values."""
    d = t.effective_deadline
    first, last = d.first_day(), d.last_day()
    return {"kind": d.kind, "value": d.value, "from": t.deadline_from or None,
            "first": first.isoformat() if first else None, "last": last.isoformat() if last else None,
            "text": {"vi": i18n.deadline_text(d, "vi"), "en": i18n.deadline_text(d, "en")}}


def export_data(v: Views) -> dict[str, str]:
    """File name -> content. Sorted keys and stable order, so two builds are identical."""
    return serialize(open_data(v))


def serialize(data: dict) -> dict[str, str]:
    """The files of :func:`open_data`: JSON (sorted keys) and the CSV of the tasks."""
    out = {}
    for name, write in _open_data_files(data):
        buf = io.StringIO()
        write(buf)
        out[name] = buf.getvalue()
    return out


def write_open_data(data: dict, folder) -> None:
    """The files of :func:`serialize`, written into ``folder`` as they are made (at 1,000
    documents tasks.json is over 100 MB: it is never one string in memory)."""
    for name, write in _open_data_files(data):
        with open(folder / name, "w", encoding="utf-8", newline="") as f:
            write(f)


def _open_data_files(data: dict):
    def dump(obj):
        def write(f):
            json.dump(obj, f, ensure_ascii=False, indent=1, sort_keys=True)
            f.write("\n")
        return write

    def tasks_csv(f):
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "plan", "section", "lead", "coordinators", "deadline_kind", "deadline_value",
                    "deadline_vi", "deadline_en", "all_deadlines", "status", "text_vi", "url_vi", "url_en"])
        for t in data["tasks"]["tasks"]:
            d = t["deadline"]
            w.writerow([t["id"], t["plan"], t["section"], ";".join(t["lead"]), ";".join(t["coordinators"]),
                        d["kind"], d["value"] or "", d["text"]["vi"], d["text"]["en"],
                        ";".join(f"{x['kind']}:{x['value'] or ''}" for x in t["deadlines"]), t["status"],
                        t["text"]["vi"], t["url"]["vi"], t["url"]["en"]])
    return [("plans.json", dump(data["plans"])), ("agencies.json", dump(data["agencies"])),
            ("tasks.json", dump(data["tasks"])), ("tasks.csv", tasks_csv), ("glossary.json", dump(data["glossary"]))]


def open_data(v: Views) -> dict[str, dict]:
    """The open data as objects: ``{"plans": {"as_of", "plans"}, "tasks": {...}, "agencies":
    {...}, "glossary": {"as_of", "terms"}}``, what the files say (the search index reads
    these, search.SiteData)."""
    c = v.corpus
    plans = [{
        "id": d.id, "number": d.number, "kind": d.meta["kind"], "date": d.date.isoformat(),
        "issuer": d.meta["issuer"], "title": {"vi": d.meta["title"]["vi"], "en": d.meta["title"]["en"]},
        "translated": d.en is not None,
        "url": {"vi": _url("vi", f"plans/{d.id}"), "en": _url("en", f"plans/{d.id}")},
        "source": f"source_texts/{d.id}/",
    } for d in c.documents]
    agencies = [{
        "id": a.id, "name": {"vi": a.vi, "en": a.en}, "aliases": list(a.abbr + a.aliases), "kind": a.kind,
        "url": {"vi": _url("vi", f"agencies/{a.id}"), "en": _url("en", f"agencies/{a.id}")},
        "tasks": v.task_count(a.id),
        "members": list(c.registry.members(a.id)), "member_of": list(c.registry.member_of(a.id)),
        "members_why": a.why or None, "formed_from": a.formed_from or None,
    } for a in v.agencies_sorted("vi")]
    tasks = []
    for t in c.tasks:
        doc = c.document(t.plan)
        en_text = task_text(doc, t, "en")
        status = v.status(t.effective_deadline)
        tasks.append({
            "id": t.id, "plan": t.plan, "section": ".".join(t.section), "path": ".".join(t.path),
            "text": {"vi": t.text, "en": en_text}, "lead": list(t.lead), "coordinators": list(t.coordinators),
            "lead_source": t.lead_from or None,
            "deadline": _deadline(t.deadline), "deadlines": [_deadline(d) for d in t.deadlines],
            "effective_deadline": _effective(t),
            "status": status, "phase": t.phase or None,
            "url": {"vi": task_url(v, "vi", t), "en": task_url(v, "en", t)},
            "source": {"file": t.source.file, "line": t.source.line},
        })
    meta = {"as_of": v.as_of.isoformat()}
    glossary = [{"vi": g.vi, "en": g.en, "abbr": list(g.abbr), "abbr_en": list(g.abbr_en),
                 "source": {"file": g.source.file, "line": g.source.line}} for g in c.glossary]
    return {"plans": {**meta, "plans": plans}, "agencies": {**meta, "agencies": agencies},
            "tasks": {**meta, "tasks": tasks}, "glossary": {**meta, "terms": glossary}}


CALENDAR_KINDS = ("date", "month", "quarter", "year")


def _window(d) -> tuple[dt.date, dt.date]:
    """The days a deadline allows, as an all-day span [start, end): a month stays a month."""
    last = d.last_day()
    if d.kind == "date":
        return last, last + dt.timedelta(days=1)
    if d.kind == "month":
        return last.replace(day=1), last + dt.timedelta(days=1)
    if d.kind == "quarter":
        return dt.date(last.year, last.month - 2, 1), last + dt.timedelta(days=1)
    return dt.date(last.year, 1, 1), last + dt.timedelta(days=1)


class Calendars:
    """iCalendar files of dated deadlines (all-day events, one per phrase).

    Subscribing to an agency's file puts its deadlines into any office calendar; the event
    spans exactly the period the text allows (a day, a month, a quarter, a year). A task's
    events are written once and reused in every file that has the task (all.ics, each agency
    of it), so the files cost what they weigh, not an icalendar object per event and file.
    """

    def __init__(self, v: Views, lang: str = "vi", site_url: str = ""):
        self.v, self.lang, self.site_url = v, lang, site_url
        self.stamp = dt.datetime.combine(v.as_of, dt.time(), dt.timezone.utc)
        self._events: dict[str, bytes] = {}

    def events(self, t) -> bytes:
        out = self._events.get(t.id)
        if out is None:
            out = b"".join(self._event(t, d).to_ical() for d in t.effective_deadlines if d.kind in CALENDAR_KINDS)
            self._events[t.id] = out
        return out

    def _event(self, t, d):
        start, end = _window(d)
        ev = icalendar.Event()
        ev.add("uid", f"{t.id}#{d.kind}-{d.value}@chuyendoiso")
        ev.add("dtstamp", self.stamp)
        ev.add("dtstart", start)
        ev.add("dtend", end)
        doc = self.v.corpus.document(t.plan)
        ev.add("summary", f"{i18n.deadline_text(d, self.lang)} · {doc.number} {'.'.join(t.path)}")
        link = self.site_url.rstrip("/") + task_url(self.v, self.lang, t)
        ev.add("description", t.text + "\n" + link)
        if self.site_url:
            ev.add("url", link)
        return ev

    def file(self, tasks, name: str) -> bytes:
        cal = icalendar.Calendar()
        cal.add("prodid", "-//chuyen-doi-so reference site//vi")
        cal.add("version", "2.0")
        cal.add("x-wr-calname", name)
        head = cal.to_ical()
        end = b"END:VCALENDAR\r\n"
        assert head.endswith(end)
        return head[:-len(end)] + b"".join(self.events(t) for t in tasks) + end


def calendar(v: Views, tasks, name: str, lang: str = "vi", site_url: str = "") -> bytes:
    """One iCalendar file of the dated deadlines of ``tasks`` (see :class:`Calendars`)."""
    return Calendars(v, lang, site_url).file(tasks, name)


def export_calendars(v: Views, site_url: str = "") -> dict[str, bytes]:
    """'calendar/all.ics' and 'calendar/<agency>.ics' (:func:`calendar_files`), by name."""
    return dict(calendar_files(v, site_url))


def calendar_files(v: Views, site_url: str = ""):
    """'calendar/all.ics' and 'calendar/<agency>.ics': the tasks the agency leads or
    coordinates. Tasks given to a group it belongs to are in the group's file (its page links
    them), so each file stays the size of what the agency itself is named for. A calendar is
    read outside the site, so its links are absolute: ``site_url`` (mkdocs.yml) + the page.
    Yields ``(name, content)``, one file at a time (the writer writes each and lets it go)."""
    cals = Calendars(v, site_url=site_url)
    yield "calendar/all.ics", cals.file(v.corpus.tasks, "Chuyển đổi số: mọi thời hạn")
    for a in v.agencies_sorted("vi"):
        tasks = v.by_lead.get(a.id, []) + v.by_coord.get(a.id, [])
        yield f"calendar/{a.id}.ics", cals.file(tasks, a.vi)


# -- the task explorer's data ---------------------------------------------------------------
# data/tasks.json is the whole archive (160 MB at 1,000 documents); the explorer (tasks/,
# docs/assets/javascripts/explorer.js) reads these instead: a small index and "families" of
# compact rows, each family cut into parts of PART_ROWS rows, so that a view loads the parts
# its filters need and its first screen costs about the same at 4 or 1,000 documents.
# Layout and reasons: README.md, "Open data"; explorer.js reads them.

PART_ROWS = 100                 # rows per part: a part is ~50 KB raw, ~13 KB gzip
EXCERPT = 200                   # characters of a task's text shown in a row (each language)
KINDS = ("date", "month", "quarter", "year", "period", "ongoing", "roadmap", "none")
EXPLORER_FORMAT = 1


def excerpt(text: str | None, n: int = EXCERPT) -> str | None:
    """The start of a task's text as a row shows it: editor's marks (``[?: ...]``, ``[ed:
    ...]``) and footnote references left out, cut at a word, with " …" when cut."""
    if text is None:
        return None
    s = re.sub(r"\s*\[(?:\?|ed:)[^\]]*\]|\[\^[0-9A-Za-z]+\]", "", text)
    if len(s) <= n:
        return s
    return re.sub(r"\s+\S*$", "", s[:n]) + " …"


def _dump(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


class _Family:
    """Rows of one family (all tasks by deadline, an agency's, a document's), sorted by the
    explorer's default order (deadline's last day, undated last, then document order) and cut
    into parts; dated and undated rows never share a part, so "latest first" can walk the
    dated parts backwards and then the undated ones."""

    def __init__(self, folder: str, keyed: list[tuple[str | None, int]], part_rows: int, names=None):
        dated = sorted(k for k in keyed if k[0] is not None)
        undated = sorted((k for k in keyed if k[0] is None), key=lambda k: k[1])
        self.parts: list[tuple[str, list[int]]] = []     # (file name, ordinals)
        self.meta: list[list] = []
        for rows in (dated, undated):
            for i in range(0, len(rows), part_rows):
                chunk = rows[i:i + part_rows]
                name = names(chunk, len(self.parts)) if names else str(len(self.parts))
                self.parts.append((f"{folder}/{name}", [o for _, o in chunk]))
                hi = chunk[-1][0]
                self.meta.append([name, len(chunk), 0, chunk[0][0], chunk[0][1], hi,
                                  min(o for last, o in chunk if last == hi)])

    def set_masks(self, kind_of) -> None:
        for m, (_, ords) in zip(self.meta, self.parts):
            m[2] = sum(1 << KINDS.index(k) for k in {kind_of[o] for o in ords})


def export_explorer(v: Views, part_rows: int = PART_ROWS) -> dict[str, bytes]:
    """The files of :func:`explorer_files`, by name."""
    return dict(explorer_files(v, part_rows))


def explorer_files(v: Views, part_rows: int = PART_ROWS):
    """The task explorer's data under ``explorer/`` (relative name -> bytes):

    - ``index.json``: documents, agencies, the parts of the "by deadline" family (``m/``) and
      of the tasks without a lead (``l/``), and how many tasks have each deadline signature
      (kind, first day, last day): with it the page counts tasks per status for its reader's
      today, and for any deadline kind or range, without loading a row;
    - ``titles.<lang>.json``: the documents' titles, for the document field's suggestions;
    - ``m/<month>.json``: every task, by deadline, ``part_rows`` per part (``m/undated*``: no
      last day); ``d/<document>/<k>.json``: a document's tasks; ``a/<agency>/<k>.json``: the
      tasks an agency leads or coordinates, and ``a/<agency>/index.json`` its parts, the
      documents they are in, and the deadline signatures of the tasks it leads, coordinates, and is given through a group it
      belongs to (those rows are in the group's parts);
    - beside every part, ``<part>.text.json``: the full texts of its rows (for words and CSV).

    A row: ``[ordinal, document, path, section depth, anchor, kind, value, first, last,
    [deadline vi, en], [lead], [coordinators], excerpt vi, excerpt en, page]`` (documents and
    agencies as indexes into the index; the ordinal is the task's place in document order, that of tasks.json;
    page: the part of a long document the task is on, '' for its first page: pages/parts.py).

    Yields ``(name, content)``, one file at a time: the writer writes each and lets it go (at
    1,000 documents the parts weigh hundreds of MB).
    """
    c = v.corpus
    docs = list(c.documents)
    doc_ix = {d.id: i for i, d in enumerate(docs)}
    tasks = sorted(c.tasks, key=lambda t: doc_ix[t.plan])     # stable: the order of tasks.json within a document
    reg = list(c.registry)
    ag_ix = {a.id: i for i, a in enumerate(reg)}
    rows, kind_of, last_of, sig_of = [], [], [], []
    for o, t in enumerate(tasks):
        d = t.effective_deadline
        first, last = d.first_day(), d.last_day()
        first = first.isoformat() if first else None
        last = last.isoformat() if last else None
        en = task_text(c.document(t.plan), t, "en")
        rows.append(_dump([o, doc_ix[t.plan], ".".join(t.path), len(t.section), t.anchor, d.kind, d.value, first, last,
                           [i18n.deadline_text(d, "vi"), i18n.deadline_text(d, "en")],
                           [ag_ix[a] for a in t.lead], [ag_ix[a] for a in t.coordinators],
                           excerpt(t.text), excerpt(en), v.paging_of(t.plan).slug_of(t.anchor)]))
        kind_of.append(d.kind)
        last_of.append(last)
        sig_of.append((KINDS.index(d.kind), first, last))
    ordinal = {t.id: o for o, t in enumerate(tasks)}

    def text(o: int) -> bytes:
        """A row's full texts, made when a part is written, not kept: at 1,000 documents they
        would hold some 100 MB for the whole of the export."""
        t = tasks[o]
        return _dump([t.text, task_text(c.document(t.plan), t, "en")])

    def write(fam: _Family):
        fam.set_masks(kind_of)
        for path, ords in fam.parts:
            yield (f"explorer/{path}.json", b"[" + b",".join(rows[o] for o in ords) + b"]")
            yield (f"explorer/{path}.text.json", b"[" + b",".join(text(o) for o in ords) + b"]")

    def hist(ords) -> list[list]:
        n: dict[tuple, int] = {}
        for o in ords:
            n[sig_of[o]] = n.get(sig_of[o], 0) + 1
        return [[k, f, la, x] for (k, f, la), x in sorted(n.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2] or ""))]

    def keyed(ords):
        return [(last_of[o], o) for o in ords]

    seen: set[str] = set()

    def month_name(chunk, i):
        base = chunk[0][0][:7] if chunk[0][0] else "undated"
        name, k = base, 2
        while name in seen:
            name, k = f"{base}-{k}", k + 1
        seen.add(name)
        return name

    allo = range(len(tasks))
    months = _Family("m", keyed(allo), part_rows, names=month_name)
    yield from write(months)
    nolead = _Family("l", keyed(o for o in allo if not tasks[o].lead), part_rows)
    yield from write(nolead)
    by_doc: dict[int, list[int]] = {}
    for o, t in enumerate(tasks):
        by_doc.setdefault(doc_ix[t.plan], []).append(o)
    doc_rows = []
    for i, d in enumerate(docs):
        ords = by_doc.get(i, [])
        parts = [ords[k:k + part_rows] for k in range(0, len(ords), part_rows)]
        for k, p in enumerate(parts):
            yield (f"explorer/d/{d.id}/{k}.json", b"[" + b",".join(rows[o] for o in p) + b"]")
            yield (f"explorer/d/{d.id}/{k}.text.json", b"[" + b",".join(text(o) for o in p) + b"]")
        doc_rows.append([d.id, d.number, d.meta["kind"], d.date.isoformat(), len(ords), len(parts)])
    agencies = []
    for a in reg:
        lead = [ordinal[t.id] for t in v.by_lead.get(a.id, [])]
        lead_set = set(lead)
        coord = [ordinal[t.id] for t in v.by_coord.get(a.id, []) if ordinal[t.id] not in lead_set]
        via = v.by_group.get(a.id, [])
        first_lead = sum(1 for o in lead if tasks[o].lead[0] == a.id)
        fam_n = len(lead) + len(coord)
        agencies.append([a.id, a.vi, a.en, [ag_ix[g] for g in c.registry.member_of(a.id)], fam_n, first_lead, len(via)])
        if not fam_n and not via:
            continue
        mine = sorted(lead_set | set(coord))
        fam = _Family(f"a/{a.id}", keyed(mine), part_rows)
        yield from write(fam)
        yield (f"explorer/a/{a.id}/index.json", _dump({
            "parts": fam.meta, "documents": sorted({doc_ix[tasks[o].plan] for o in mine}),
            "hist": {"lead": hist(lead), "coordinate": hist(coord),
                     "via_lead": hist(ordinal[x.task.id] for x in via if x.role == "lead"),
                     "via_coordinate": hist(ordinal[x.task.id] for x in via if x.role == "coordinate")}}))
    yield ("explorer/index.json", _dump({
        "format": EXPLORER_FORMAT, "as_of": v.as_of.isoformat(), "tasks": len(tasks), "part_rows": part_rows,
        "kinds": list(KINDS), "documents": doc_rows, "agencies": agencies,
        "months": months.meta, "without_lead": nolead.meta, "hist": hist(allo)}))
    for lang in i18n.LANGS:
        yield (f"explorer/titles.{lang}.json", _dump([d.meta["title"][lang] for d in docs]))
