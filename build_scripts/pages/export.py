"""Open data: plans.json, agencies.json, tasks.json, tasks.csv, glossary.json (documented in README.md)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import icalendar

from .. import i18n
from ..extract.translation import task_text
from .views import Views


def _url(lang: str, page: str, anchor: str = "") -> str:
    base = "/" if lang == "vi" else "/en/"
    return base + page + "/" + (f"#{anchor}" if anchor else "")


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
    dump = lambda obj: json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "plan", "section", "lead", "coordinators", "deadline_kind", "deadline_value",
                "deadline_vi", "deadline_en", "all_deadlines", "status", "text_vi", "url_vi", "url_en"])
    for t in data["tasks"]["tasks"]:
        d = t["deadline"]
        w.writerow([t["id"], t["plan"], t["section"], ";".join(t["lead"]), ";".join(t["coordinators"]),
                    d["kind"], d["value"] or "", d["text"]["vi"], d["text"]["en"],
                    ";".join(f"{x['kind']}:{x['value'] or ''}" for x in t["deadlines"]), t["status"],
                    t["text"]["vi"], t["url"]["vi"], t["url"]["en"]])
    return {"plans.json": dump(data["plans"]), "agencies.json": dump(data["agencies"]),
            "tasks.json": dump(data["tasks"]), "tasks.csv": buf.getvalue(), "glossary.json": dump(data["glossary"])}


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
            "url": {"vi": _url("vi", f"plans/{t.plan}", t.anchor), "en": _url("en", f"plans/{t.plan}", t.anchor)},
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
        link = self.site_url.rstrip("/") + _url(self.lang, f"plans/{t.plan}", t.anchor)
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
    """'calendar/all.ics' and 'calendar/<agency>.ics': the tasks the agency leads or
    coordinates. Tasks given to a group it belongs to are in the group's file (its page links
    them), so each file stays the size of what the agency itself is named for. A calendar is
    read outside the site, so its links are absolute: ``site_url`` (mkdocs.yml) + the page."""
    cals = Calendars(v, site_url=site_url)
    out = {"calendar/all.ics": cals.file(v.corpus.tasks, "Chuyển đổi số: mọi thời hạn")}
    for a in v.agencies_sorted("vi"):
        tasks = v.by_lead.get(a.id, []) + v.by_coord.get(a.id, [])
        out[f"calendar/{a.id}.ics"] = cals.file(tasks, a.vi)
    return out
