"""Read -> parse -> extract -> validate: the whole corpus as one consistent model."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .source.registry import Registry, load_registry
from .extract.tasks import extract_tasks
from .i18n import KIND_LABELS
from .models import Document, Source, Task
from .source.outline import parse_outline
from .problems import Problems
from .source.reader import SourceFiles, as_date, load_yaml, read_paragraphs

KINDS = KIND_LABELS   # the document kinds, one table with their names (i18n.py)
REQUIRED_META = ("id", "number", "kind", "date", "issuer", "title", "seed", "task_sections")
FOOTNOTE_REF = re.compile(r"\[\^([0-9A-Za-z]+)\](?!:)")
UNREADABLE = re.compile(r"\[\?\]")


@dataclass
class Corpus:
    root: Path
    registry: Registry
    documents: list[Document]
    tasks: list[Task]
    problems: Problems
    without_lead: list[Task] = field(default_factory=list)
    files: SourceFiles = field(default_factory=SourceFiles)   # every file read, by rel path
    allowlist: object = None                                  # checks.syllables.AllowList
    glossary: list = field(default_factory=list)              # source.glossary.Term

    def document(self, doc_id: str) -> Document:
        return next(d for d in self.documents if d.id == doc_id)


def load(root: Path) -> Corpus:
    """Load ``root`` (the repository) into a Corpus; problems are collected, never raised."""
    problems = Problems()
    files = SourceFiles()
    src_dir = root / "source_texts"
    rel = lambda p: str(p.relative_to(root))
    agencies_path = src_dir / "agencies.yml"
    if not agencies_path.exists():
        problems.error(Source("source_texts/agencies.yml", 1), "missing", "file not found; the agency registry is required")
        registry = Registry([])
    else:
        registry = load_registry(load_yaml(agencies_path, rel(agencies_path), problems, files), rel(agencies_path), problems)

    documents: list[Document] = []
    for folder in sorted(p for p in src_dir.iterdir() if p.is_dir()):
        doc = _load_document(root, folder, registry, problems, files)
        if doc:
            documents.append(doc)
    documents.sort(key=lambda d: (d.date, d.id))

    tasks: list[Task] = []
    for doc in documents:
        tasks.extend(extract_tasks(doc, registry, problems))
    from .checks.allowlist import load_allowlist

    allowlist = load_allowlist(root, problems, files)
    from .source.glossary import load_glossary

    glossary_path = src_dir / "glossary.yml"
    glossary = load_glossary(load_yaml(glossary_path, rel(glossary_path), problems, files), rel(glossary_path),
                             problems) if glossary_path.exists() else []
    corpus = Corpus(root, registry, documents, tasks, problems, files=files, allowlist=allowlist, glossary=glossary)
    _validate(corpus)
    return corpus


def _load_document(root: Path, folder: Path, registry: Registry, problems: Problems, files: SourceFiles) -> Document | None:
    rel = lambda p: str(p.relative_to(root))
    meta_path = folder / "meta.yml"
    if not meta_path.exists():
        problems.error(Source(rel(folder) + "/meta.yml", 1), "missing", "every document folder needs meta.yml (source_texts/README.md)")
        return None
    meta = load_yaml(meta_path, rel(meta_path), problems, files)
    if not isinstance(meta, dict):
        if meta is not None:
            problems.error(Source(rel(meta_path), 1), "meta", "expected a mapping of fields (source_texts/README.md)")
        return None
    msrc = Source(rel(meta_path), 1)
    lines = meta.get("__lines__", {})
    at = lambda k: Source(rel(meta_path), lines.get(k, 1))
    ok = True
    for k in REQUIRED_META:
        if k not in meta:
            problems.error(msrc, "meta", f"missing field '{k}'; required fields: {', '.join(REQUIRED_META)}")
            ok = False
    if not ok:
        return None
    if meta["id"] != folder.name:
        problems.error(at("id"), "meta", f"id '{meta['id']}' differs from the folder name '{folder.name}'; they must be equal")
    if meta["kind"] not in KINDS:
        problems.error(at("kind"), "meta", f"kind '{meta['kind']}' is unknown; expected one of: {', '.join(KINDS)}")
    meta["date"] = as_date(meta["date"], at("date"), "date", problems)
    if meta["issuer"] not in registry:
        problems.error(at("issuer"), "meta", f"issuer '{meta['issuer']}' is not an id in source_texts/agencies.yml")
    title = meta["title"]
    if not (isinstance(title, dict) and title.get("vi") and title.get("en")):
        problems.error(at("title"), "meta", "title must have both 'vi' and 'en'")
        return None
    meta["task_sections"] = [str(s) for s in meta.get("task_sections") or []]

    vi_path = folder / "vi.txt"
    if not vi_path.exists():
        problems.error(Source(rel(vi_path), 1), "missing", "the Vietnamese text vi.txt is required")
        return None
    paras, notes = read_paragraphs(vi_path, rel(vi_path), problems, files)
    vi = parse_outline("vi", rel(vi_path), paras, notes, problems)
    en = None
    en_path = folder / "en.txt"
    if en_path.exists():
        paras, notes = read_paragraphs(en_path, rel(en_path), problems, files)
        en = parse_outline("en", rel(en_path), paras, notes, problems)
    if meta["date"] is None or meta["kind"] not in KINDS:
        return None
    appendix = appendix_en = None
    app_path = folder / "appendix.yml"
    if app_path.exists():
        appendix = _load_appendix(load_yaml(app_path, rel(app_path), problems, files), rel(app_path), problems)
    app_en_path = folder / "appendix.en.yml"
    if app_en_path.exists():
        appendix_en = _load_appendix(load_yaml(app_en_path, rel(app_en_path), problems, files), rel(app_en_path), problems)
        if appendix and appendix_en:
            _align_appendix(appendix, appendix_en, problems)
    meta_en = {}
    meta_en_path = folder / "meta.en.yml"
    if meta_en_path.exists():
        data = load_yaml(meta_en_path, rel(meta_en_path), problems, files)
        if isinstance(data, dict):
            meta_en = data
        elif data is not None:
            problems.error(Source(rel(meta_en_path), 1), "meta", "expected a mapping of the English of meta.yml's fields (same keys)")
        rec, rec_en = meta.get("recipients") or [], meta_en.get("recipients")
        if rec_en is not None and (not isinstance(rec_en, list) or len(rec_en) != len(rec)):
            problems.error(Source(rel(meta_en_path), meta_en.get("__lines__", {}).get("recipients", 1)), "translation",
                           f"recipients: {len(rec)} in {rel(meta_path)}, "
                           f"{len(rec_en) if isinstance(rec_en, list) else 0} here; expected one English line per recipient, in order")
    # The text a restoration is compared with (the OCR, or Plan 17's clean seed), for the checks.
    for name in ("ocr.txt", "seed.txt"):
        if (folder / name).exists():
            files.read(folder / name, rel(folder / name), problems)
            break
    return Document(folder.name, meta, msrc, vi, en, appendix, appendix_en, meta_en)


APPENDIX_ROW_FIELDS = ("stt", "task", "lead", "coordinators", "output", "deadline")


def _load_appendix(data, rel: str, problems: Problems) -> dict | None:
    """appendix.yml -> {'title', 'caption', 'file', 'groups': [{number, title, note, source, rows}]}.

    Each row keeps its source line, so a wrong cell is reported at its place.
    """
    if data is None:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        problems.error(Source(rel, 1), "appendix", "expected 'title', 'caption' and a list 'groups' (source_texts/README.md)")
        return None
    groups = []
    for g in data["groups"]:
        gsrc = Source(rel, g.get("__line__", 1) if isinstance(g, dict) else 1)
        if not isinstance(g, dict) or not g.get("number") or not isinstance(g.get("rows"), list):
            problems.error(gsrc, "appendix", "a group needs 'number', 'title' and a list 'rows'")
            continue
        rows = []
        for r in g["rows"]:
            rsrc = Source(rel, r.get("__line__", 1) if isinstance(r, dict) else 1)
            if not isinstance(r, dict):
                problems.error(rsrc, "appendix", f"a row must be a mapping with {', '.join(APPENDIX_ROW_FIELDS)}")
                continue
            missing = [k for k in APPENDIX_ROW_FIELDS if k not in r]
            if missing:
                problems.error(rsrc, "appendix", f"row is missing {', '.join(missing)}; every row has {', '.join(APPENDIX_ROW_FIELDS)} (empty cells as \"\")")
                continue
            row = {k: ("" if r.get(k) is None else str(r.get(k))) for k in APPENDIX_ROW_FIELDS + ("note", "ocr_lines")}
            row["source"] = rsrc
            row["lines"] = {k: Source(rel, v) for k, v in r.get("__lines__", {}).items()}
            rows.append(row)
        stts = [r["stt"] for r in rows]
        for s in sorted({s for s in stts if stts.count(s) > 1}):
            problems.error(gsrc, "appendix", f"group {g['number']}: row number (stt) '{s}' is used twice")
        groups.append({"number": str(g["number"]), "title": str(g.get("title", "")), "note": str(g.get("note", "") or ""),
                       "source": gsrc, "rows": rows})
    return {"title": str(data.get("title", "")), "caption": str(data.get("caption", "")), "file": rel, "groups": groups,
            "raw": data}


def _align_appendix(vi: dict, en: dict, problems: Problems) -> None:
    """The English table has the Vietnamese one's groups and rows, and a cell is empty in one
    exactly where it is empty in the other."""
    en_groups = {g["number"]: g for g in en["groups"]}
    for g in vi["groups"]:
        eg = en_groups.get(g["number"])
        if eg is None:
            problems.error(g["source"], "translation", f"group {g['number']} of {vi['file']} is missing from {en['file']}")
            continue
        en_rows = {r["stt"]: r for r in eg["rows"]}
        for r in g["rows"]:
            er = en_rows.get(r["stt"])
            if er is None:
                problems.error(r["source"], "translation", f"row {g['number']}.{r['stt']} of {vi['file']} is missing from {en['file']}")
                continue
            for cell in APPENDIX_ROW_FIELDS[1:]:
                if bool(r[cell].strip()) != bool(er[cell].strip()):
                    where = er["lines"].get(cell, er["source"])
                    problems.error(where, "translation", f"row {g['number']}.{r['stt']}: cell '{cell}' is "
                                   f"{'empty' if not er[cell].strip() else 'filled'} here but not in {vi['file']}")
    vi_groups = {g["number"] for g in vi["groups"]}
    for g in en["groups"]:
        if g["number"] not in vi_groups:
            problems.error(g["source"], "translation", f"group {g['number']} of {en['file']} is not in {vi['file']}")


def _validate(corpus: Corpus) -> None:
    problems = corpus.problems
    for doc in corpus.documents:
        for text in filter(None, (doc.vi, doc.en)):
            defined = {f.key: f for f in text.footnotes}
            used: set[str] = set()
            paras = list(text.preamble) + [p for n in text.walk() for p in n.paragraphs] + list(text.closing)
            for p in paras + [f for f in text.footnotes]:
                for m in FOOTNOTE_REF.finditer(p.text):
                    used.add(m.group(1))
                    if m.group(1) not in defined:
                        problems.error(p.source, "footnote", f"footnote [^{m.group(1)}] is used but not defined; add a paragraph '[^{m.group(1)}]: ...'")
                for m in UNREADABLE.finditer(p.text):
                    problems.warning(p.source, "unreadable", "unreadable spot '[?]' without a note; write '[?: what you can tell]' once checked against the scan")
            for key, f in defined.items():
                if key not in used:
                    problems.error(f.source, "footnote", f"footnote [^{key}] is defined but never used in the text")
        if not all(doc.vi.node(tuple(s.split("."))) for s in doc.meta["task_sections"]):
            where = Source(doc.meta_source.file, doc.meta.get("__lines__", {}).get("task_sections", 1))
            problems.error(where, "meta", f"task_sections {doc.meta['task_sections']}: each must be the label of an item of {doc.vi.file}, e.g. 'III' or 'art1.IV'")
    seen: dict[str, Task] = {}
    for t in corpus.tasks:
        if t.id in seen:
            problems.error(t.source, "task-id", f"task id '{t.id}' is used twice (also at line {seen[t.id].source.line})")
        seen[t.id] = t
        if not t.lead:
            corpus.without_lead.append(t)
