"""Read -> parse -> extract -> validate: the whole corpus as one consistent model."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .source.registry import Registry, load_registry
from .extract.tasks import extract_tasks
from .i18n import KIND_LABELS
from .models import Document, Source, Task
from .source.ids import id_problem
from .source.outline import parse_outline
from .problems import Problems
from .source.reader import SourceFiles, load_yaml, read_paragraphs

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
        """The document with this id (later stages ask once per task: a dict, not a scan)."""
        doc = self._by_id.get(doc_id)
        if doc is None:     # not loaded (or added after the index was made): as a scan would
            return next(d for d in self.documents if d.id == doc_id)
        return doc

    @cached_property
    def _by_id(self) -> dict[str, Document]:
        out: dict[str, Document] = {}
        for d in self.documents:
            out.setdefault(d.id, d)     # the first document with an id, as a scan would find
        return out


SECTION_LABEL = re.compile(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*")   # task_sections: III, art1.IV
DOC_FILES = {"meta.yml", "meta.en.yml", "vi.txt", "en.txt", "appendix.yml", "appendix.en.yml", "ocr.txt", "seed.txt",
             "ocr-header.txt"}
ROOT_FILES = {"agencies.yml", "glossary.yml", "allowlist.yml", "README.md"}


def load(root: Path) -> Corpus:
    """Load ``root`` (the repository) into a Corpus; problems are collected, never raised."""
    problems = Problems()
    files = SourceFiles()
    src_dir = root / "source_texts"
    rel = lambda p: str(p.relative_to(root))
    agencies_path = src_dir / "agencies.yml"
    if not agencies_path.exists():
        problems.error(Source("source_texts/agencies.yml", 1), "missing", "file not found; the agency registry is required",
                       cause_of="source_texts/agencies.yml")
        registry = Registry([], broken="source_texts/agencies.yml")
    else:
        data = load_yaml(agencies_path, rel(agencies_path), problems, files, required="a list of agencies")
        registry = load_registry(data, rel(agencies_path), problems)
        if data is None or rel(agencies_path) in files.failed \
                or any(p.file == rel(agencies_path) and p.severity == "error" for p in problems.items):
            # An entry that could not be read takes its id with it: ids "unknown" elsewhere follow from it.
            registry.broken = rel(agencies_path)

    documents: list[Document] = []
    entries = sorted(src_dir.iterdir()) if src_dir.is_dir() else []
    for entry in entries:
        if entry.name.startswith("."):      # an editor's or a tool's hidden file (.DS_Store, .vscode/)
            if entry.is_dir() and (entry / "meta.yml").exists():
                problems.warning(Source(rel(entry) + "/meta.yml", 1), "unknown-file",
                                 f"hidden folder '{entry.name}' is not read by the build; a document folder's name "
                                 "starts with a letter or digit")
            continue
        if entry.is_file():
            if entry.name not in ROOT_FILES:
                problems.warning(Source(rel(entry), 1), "unknown-file",
                                 f"'{entry.name}' is not read by the build; expected only {', '.join(sorted(ROOT_FILES))} "
                                 "and one folder per document here")
            continue
        why = id_problem(entry.name)
        if why:
            where = rel(entry) + ("/meta.yml" if (entry / "meta.yml").is_file() else "/")
            problems.error(Source(where, 1), "document-id",
                           f"folder name '{entry.name}' cannot be a document id: {why}; rename the folder (and 'id' in its meta.yml)")
            continue
        doc = _load_document(root, entry, registry, problems, files)
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
    from .source.schema import META, META_EN, validate, with_defaults

    rel = lambda p: str(p.relative_to(root))
    for f in sorted(folder.iterdir()):
        if f.name not in DOC_FILES and not f.name.startswith("."):
            problems.warning(Source(rel(f), 1), "unknown-file", f"'{f.name}' is not read by the build; expected "
                             f"files named {', '.join(sorted(DOC_FILES))} (is the name misspelt?)")
    meta_path = folder / "meta.yml"
    if not meta_path.exists():
        problems.error(Source(rel(folder) + "/meta.yml", 1), "missing", "every document folder needs meta.yml (CONTRIBUTING.md)")
        return None
    raw = load_yaml(meta_path, rel(meta_path), problems, files, required="the fields of the document: id, number, kind, ...")
    if raw is None:
        return None
    msrc = Source(rel(meta_path), 1)
    meta = validate(raw, META, "", msrc, problems, rel(meta_path))
    if meta is None:
        return None
    meta = with_defaults(meta, META)
    lines = meta.get("__lines__", {})
    at = lambda k: Source(rel(meta_path), lines.get(k, 1))
    if meta["id"] != folder.name:
        problems.error(at("id"), "meta", f"id '{meta['id']}' differs from the folder name '{folder.name}'; they must be equal")
    if meta["kind"] not in KINDS:
        problems.error(at("kind"), "meta", f"kind '{meta['kind']}' is unknown; expected one of: {', '.join(KINDS)}")
    if meta["issuer"] not in registry:
        problems.error(at("issuer"), "meta", f"issuer '{meta['issuer']}' is not an id in source_texts/agencies.yml",
                       caused_by=registry.broken)
    for s in meta["task_sections"]:
        if not SECTION_LABEL.fullmatch(s):
            problems.error(at("task_sections"), "meta", f"task_sections: '{s}' is not an item label; expected labels "
                           "such as III or art1.IV")
    meta["task_sections"] = [s for s in meta["task_sections"] if SECTION_LABEL.fullmatch(s)]

    vi_path = folder / "vi.txt"
    if not vi_path.exists():
        problems.error(Source(rel(vi_path), 1), "missing", "the Vietnamese text vi.txt is required")
        return None
    paras, notes = read_paragraphs(vi_path, rel(vi_path), problems, files)
    if rel(vi_path) in files.failed:
        return None
    vi = parse_outline("vi", rel(vi_path), paras, notes, problems)
    en = None
    en_path = folder / "en.txt"
    if en_path.exists():
        paras, notes = read_paragraphs(en_path, rel(en_path), problems, files)
        if rel(en_path) not in files.failed:
            en = parse_outline("en", rel(en_path), paras, notes, problems)
    if meta["kind"] not in KINDS:
        return None
    appendix = appendix_en = None
    app_path = folder / "appendix.yml"
    if app_path.exists():
        appendix = _load_appendix(load_yaml(app_path, rel(app_path), problems, files, required="the task table"),
                                  rel(app_path), problems)
    app_en_path = folder / "appendix.en.yml"
    if app_en_path.exists():
        appendix_en = _load_appendix(load_yaml(app_en_path, rel(app_en_path), problems, files,
                                               required="the English of the task table"), rel(app_en_path), problems)
        if appendix and appendix_en:
            _align_appendix(appendix, appendix_en, problems)
    meta_en = {}
    meta_en_path = folder / "meta.en.yml"
    if meta_en_path.exists():
        data = load_yaml(meta_en_path, rel(meta_en_path), problems, files)
        if data is not None:
            meta_en = validate(data, META_EN, "", Source(rel(meta_en_path), 1), problems, rel(meta_en_path)) or {}
        _english_has_vietnamese(meta, meta_en, rel(meta_path), rel(meta_en_path), problems)
        rec, rec_en = meta.get("recipients") or [], meta_en.get("recipients")
        if rec_en is not None and len(rec_en) != len(rec):
            problems.error(Source(rel(meta_en_path), meta_en.get("__lines__", {}).get("recipients", 1)), "translation",
                           f"recipients: {len(rec)} in {rel(meta_path)}, "
                           f"{len(rec_en)} here; expected one English line per recipient, in order")
    # The text a restoration is compared with (the OCR, or Plan 17's clean seed), for the checks.
    for name in ("ocr.txt", "seed.txt"):
        if (folder / name).exists():
            files.read(folder / name, rel(folder / name), problems)
            break
    else:
        problems.warning(Source(rel(vi_path), 1), "no-reference",
                         f"no ocr.txt or seed.txt in {rel(folder)}/: the text is not compared with the document it "
                         "restores; add the OCR (or the clean copy) it was made from")
    return Document(folder.name, meta, msrc, vi, en, appendix, appendix_en, meta_en)


APPENDIX_ROW_FIELDS = ("stt", "task", "lead", "coordinators", "output", "deadline")


def _english_has_vietnamese(meta: dict, meta_en: dict, rel_vi: str, rel_en: str, problems: Problems, name: str = "") -> None:
    """meta.en.yml holds the English of meta.yml's values: a value there whose Vietnamese is
    not in meta.yml has nothing to translate (a field removed from meta.yml, or misplaced)."""
    lines = meta_en.get("__lines__", {})
    for k, v in meta_en.items():
        if k.startswith("__") or v is None:
            continue
        vi = meta.get(k) if isinstance(meta, dict) else None
        full = f"{name}.{k}" if name else k
        if vi in (None, "", [], {}):
            problems.error(Source(rel_en, lines.get(k, 1)), "translation",
                           f"'{full}' has no Vietnamese in {rel_vi}; this file holds the English of that file's values",
                           caused_by=rel_vi)
        elif isinstance(v, dict) and isinstance(vi, dict):
            _english_has_vietnamese(vi, v, rel_vi, rel_en, problems, full)


LABEL = re.compile(r"^[0-9A-Za-z]{1,12}$")   # a group number (IV) or row number (3): part of a task id


def _load_appendix(data, rel: str, problems: Problems) -> dict | None:
    """appendix.yml -> {'title', 'caption', 'file', 'groups': [{number, title, note, source, rows}]}.

    Each row keeps its source line, so a wrong cell is reported at its place.
    """
    from .source.schema import APPENDIX, validate

    if data is None:
        return None
    data = validate(data, APPENDIX, "", Source(rel, 1), problems, rel)
    if data is None:
        return None
    groups = []
    seen_groups: dict[str, Source] = {}
    for g in data["groups"]:
        gsrc = Source(rel, g.get("__line__", 1))
        if not LABEL.match(g["number"]):
            problems.error(Source(rel, g["__lines__"].get("number", gsrc.line)), "appendix",
                           f"group number '{g['number']}' is not a label; expected a roman numeral or a number (IV, 3)")
            continue
        if g["number"] in seen_groups:
            problems.error(gsrc, "appendix", f"group number '{g['number']}' is used twice (also at line {seen_groups[g['number']].line})")
            continue
        seen_groups[g["number"]] = gsrc
        rows = []
        seen_rows: dict[str, Source] = {}
        for r in g["rows"]:
            rsrc = Source(rel, r.get("__line__", 1))
            if r["stt"] in seen_rows:
                problems.error(rsrc, "appendix", f"group {g['number']}: row number (stt) '{r['stt']}' is used twice "
                               f"(also at line {seen_rows[r['stt']].line}); number the rows in order")
                continue
            seen_rows[r["stt"]] = rsrc
            if not LABEL.match(r["stt"]):
                problems.error(Source(rel, r["__lines__"].get("stt", rsrc.line)), "appendix",
                               f"row number (stt) '{r['stt']}' is not a label; expected a number such as 3")
                continue
            row = {k: r.get(k) or "" for k in APPENDIX_ROW_FIELDS + ("note", "ocr_lines")}
            row["source"] = rsrc
            row["lines"] = {k: Source(rel, v) for k, v in r.get("__lines__", {}).items()}
            rows.append(row)
        groups.append({"number": g["number"], "title": g.get("title") or "", "note": g.get("note") or "",
                       "source": gsrc, "rows": rows})
    return {"title": data.get("title") or "", "caption": data.get("caption") or "", "file": rel, "groups": groups,
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
            paras = list(text.preamble) + [p for n in text.walk() for p in n.paragraphs] + list(text.closing)
            refs = [(p, m.group(1)) for p in paras + list(text.footnotes) for m in FOOTNOTE_REF.finditer(p.text)]
            used = {k for _, k in refs}
            unused = [k for k in defined if k not in used]
            for p, key in refs:
                if key not in defined:
                    hint = (f"; or is it [^{unused[0]}], which is written but not used?" if unused else "")
                    problems.error(p.source, "footnote", f"footnote [^{key}] is used but not defined; add a paragraph "
                                   f"'[^{key}]: ...'{hint}")
            for p in paras + list(text.footnotes):
                for m in UNREADABLE.finditer(p.text):
                    problems.warning(p.source, "unreadable", "unreadable spot '[?]' without a note; write '[?: what you can tell]' once checked against the scan")
            undefined = any(k not in defined for _, k in refs)
            for key in unused:
                problems.error(defined[key].source, "footnote", f"footnote [^{key}] is defined but never used in the text",
                               caused_by=text.file if undefined else "")
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
