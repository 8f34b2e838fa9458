"""Open data: plans.json, agencies.json, tasks.json, tasks.csv (documented in README.md)."""
from __future__ import annotations

import csv
import io
import json

from . import i18n
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


def export_data(v: Views) -> dict[str, str]:
    """File name -> content. Sorted keys and stable order, so two builds are identical."""
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
        "tasks": {"lead": len(v.by_lead.get(a.id, [])), "coordinate": len(v.by_coord.get(a.id, []))},
    } for a in v.agencies_sorted("vi")]
    tasks = []
    for t in c.tasks:
        doc = c.document(t.plan)
        en_text = None
        if doc.en is not None:
            n = doc.en.node(t.path)
            en_text = n.text if n else None
        status = v.status(t.deadline)
        tasks.append({
            "id": t.id, "plan": t.plan, "section": ".".join(t.section), "path": ".".join(t.path),
            "text": {"vi": t.text, "en": en_text}, "lead": list(t.lead), "coordinators": list(t.coordinators),
            "lead_source": t.lead_from or None,
            "deadline": _deadline(t.deadline), "deadlines": [_deadline(d) for d in t.deadlines],
            "status": status, "phase": t.phase or None,
            "url": {"vi": _url("vi", f"plans/{t.plan}", t.anchor), "en": _url("en", f"plans/{t.plan}", t.anchor)},
            "source": {"file": t.source.file, "line": t.source.line},
        })
    meta = {"as_of": v.as_of.isoformat()}
    dump = lambda key, rows: json.dumps({**meta, key: rows}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "plan", "section", "lead", "coordinators", "deadline_kind", "deadline_value",
                "deadline_vi", "deadline_en", "all_deadlines", "status", "text_vi", "url_vi", "url_en"])
    for t in tasks:
        d = t["deadline"]
        w.writerow([t["id"], t["plan"], t["section"], ";".join(t["lead"]), ";".join(t["coordinators"]),
                    d["kind"], d["value"] or "", d["text"]["vi"], d["text"]["en"],
                    ";".join(f"{x['kind']}:{x['value'] or ''}" for x in t["deadlines"]), t["status"],
                    t["text"]["vi"], t["url"]["vi"], t["url"]["en"]])
    return {"plans.json": dump("plans", plans), "agencies.json": dump("agencies", agencies),
            "tasks.json": dump("tasks", tasks), "tasks.csv": buf.getvalue()}
