"""Records -> postings with fields and positions -> small JSON files (format: docs-dev/SEARCH.md).

    record_entry    a Record -> what the index keeps of it (its JSON, facets, postings)
    IndexBuilder    entries, page by page -> folded term -> exact form -> postings
    plan_blocks     a big term's postings -> blocks, best first (field, then length, then record)
    plan_shards     terms -> shard keys: two letters, split further where a shard is big
    IndexBuilder.write   manifest.json, t/<key>.json, p/<n>.json, r/<n>.json, m/<n>.json
"""
from __future__ import annotations

import hashlib
import itertools
import json
import re
from array import array
from pathlib import Path

from .records import BREAK, HEADING, KINDS, NAME, Record
from ..text import nfc
from .terms import exact_form, fold_term, words

FORMAT = 3

# Shards: terms are grouped by their first SHARD_MIN characters; a group whose JSON passes
# SHARD_SPLIT_BYTES is split by one more character (terms exactly as long as the key stay in
# it), up to SHARD_MAX characters. A query word needs the shard of the longest key that
# begins it (and, while typed, every shard whose key begins with it).
SHARD_MIN, SHARD_MAX = 2, 5
SHARD_SPLIT_BYTES = 12_000

# Blocks: a term whose postings pass BLOCK_BYTES is cut into blocks of whole records: the
# first, in the shard, holds the records that have the term in a name, then the others in
# document order; the rest follow in document order, files p/<n>.json of RANGE_BYTES
# (plan_blocks). A search reads further blocks only while they could change what it shows,
# and at most a budget of bytes of them: BOX_BUDGET for the box in the header, PAGE_BUDGET for
# the first page of the results page and for each "Show more".
BLOCK_BYTES = 12_000
RANGE_BYTES = 16_000
BOX_BUDGET = 64_000
PAGE_BUDGET = 160_000

# Records: RECORDS_PER_CHUNK to a file r/<n>.json (n = id // RECORDS_PER_CHUNK); facets (kind,
# document, status) of FACETS_PER_FILE records to m/<n>.json, read by the results page only.
RECORDS_PER_CHUNK = 16
FACETS_PER_FILE = 4096

# A posting: record id delta, then meta = passage * 256 + positions * 16 + field * 4 + length
# bucket, then the positions (the first absolute, the others as differences). ``passage`` is
# the record's place among the passages of its block (0: the first, or not cut). At most
# MAX_POSITIONS positions are kept per record and form: enough to see a phrase.
LENGTH_BUCKETS = (30, 100, 300)   # record length in words -> bucket 0..3
MAX_POSITIONS = 8
GAP = 2                           # positions skipped at a block edge: phrases do not run across
NAME_ALIGN = 64                   # names start at multiples of this position (search.js knows it)


def length_bucket(n: int) -> int:
    return sum(n > b for b in LENGTH_BUCKETS)


# A numbering label before a name or heading ("6." in "6. Ủy ban nhân dân các tỉnh", "c)"):
# it sits just before the aligned position, so the words after it begin the name.
LABEL = re.compile(r"^\s*(?:\d{1,2}|[IVXLCivxlc]+|[a-zđA-ZĐ])[.)]\s")

_FORMS: dict[str, dict[str, tuple[str, str] | None]] = {}
_EMPTY: dict[str, set[str]] = {}


def _forms(lang: str) -> tuple[dict[str, tuple[str, str] | None], set[str]]:
    """``{token: (folded, exact)}``, filled as tokens are met (a word is folded once), and the
    tokens that fold to nothing (None there)."""
    return _FORMS.setdefault(lang, {}), _EMPTY.setdefault(lang, set())


def _runs(rec: Record, lang: str):
    """The words of a record as runs: ``(words, field, position of the first)``, each word a
    ``(folded, exact)`` pair, the words of a run at consecutive positions; then its extra
    terms (runs of one, ``text`` False). Yields ``(words, field, position, text)``.

    Positions start at NAME_ALIGN, and every name and heading starts at a multiple of it
    (search.js: a query that begins one ranks first)."""
    pos = NAME_ALIGN
    forms, empty = _forms(lang)
    started = False
    for text, fld, _ in rec.pieces:
        if fld < 0:
            continue
        aligned = fld in (NAME, HEADING) or not started
        if fld in (NAME, HEADING):
            text = text.replace(BREAK, " ")
            if started:
                pos = -(-(pos + GAP) // NAME_ALIGN) * NAME_ALIGN
        for i, chunk in enumerate(text.split(BREAK) if BREAK in text else (text,)):
            if i:
                pos += GAP
            if not chunk or chunk.isspace():
                aligned = False
                continue
            ws = words(chunk if chunk.isascii() else nfc(chunk))
            try:
                toks = [forms[t] for t in ws]
            except KeyError:
                for t in ws:
                    if t not in forms:
                        f = fold_term(t, lang)
                        forms[t] = (f, exact_form(t)) if f else None
                        if not f:
                            empty.add(t)
                toks = [forms[t] for t in ws]
            if empty and not empty.isdisjoint(ws):
                toks = [fe for fe in toks if fe is not None]
            if not toks:
                aligned = False
                continue
            if aligned and len(toks) > 1 and LABEL.match(chunk):
                yield toks[:1], fld, pos - 1, True
                toks = toks[1:]
            aligned = False
            started = True
            yield toks, fld, pos, True
            pos += len(toks)
    for term, fld in rec.terms:
        pos += GAP
        yield [(term, term)], fld, pos, False


def record_terms(rec: Record, lang: str) -> list[tuple[str, str, int, int]]:
    """``[(folded, exact, field, position)]`` for every word of a record, then its extra terms."""
    return [(f, e, fld, pos + i) for toks, fld, pos, _ in _runs(rec, lang) for i, (f, e) in enumerate(toks)]


def record_postings(rec: Record, lang: str) -> tuple[int, dict[tuple[str, str], list]]:
    """``(length bucket, {(folded, exact): [field, last position, positions...]})``: each word
    form of a record once, with the strongest field it has there and its first
    MAX_POSITIONS positions as written (the first, then differences)."""
    seen: dict[tuple[str, str], list] = {}
    n = 0
    limit = MAX_POSITIONS + 2
    get = seen.get
    for toks, fld, pos, text in _runs(rec, lang):
        if text:
            n += len(toks)
        for fe in toks:
            entry = get(fe)
            if entry is None:
                seen[fe] = [fld, pos, pos]
            else:
                if len(entry) < limit:
                    entry.append(pos - entry[1])
                    entry[1] = pos
                if fld > entry[0]:
                    entry[0] = fld
            pos += 1
    return length_bucket(n), seen


def record_entry(rec: Record, lang: str) -> tuple:
    """What the index keeps of a record (and the search cache stores):
    ``(record JSON, (kind, document, status), url, bucket, postings)``, postings as
    ``record_postings`` gives them."""
    bucket, postings = record_postings(rec, lang)
    return record_json(rec), (rec.kind, rec.doc, rec.status), rec.url, bucket, list(postings.items())


def index_records(records: list[Record], lang: str) -> dict[str, dict[str, dict[int, list]]]:
    """``{folded: {exact: {record id: [field, bucket, positions]}}}`` (for tests and tools;
    the build uses IndexBuilder)."""
    out: dict[str, dict[str, dict[int, list]]] = {}
    for rid, rec in enumerate(records):
        bucket, postings = record_postings(rec, lang)
        for (folded, exact), v in postings.items():
            out.setdefault(folded, {}).setdefault(exact, {})[rid] = [v[0], bucket, list(itertools.accumulate(v[2:]))]
    return out


def encode_postings(by_record: dict[int, list]) -> list[int]:
    """``{7: [1, 0, [3, 9]], 12: [3, 0, [0]]}`` -> ``[7, 36, 3, 6, 5, 28, 0]``; a value may
    carry a fourth item, the passage number (``[1, 0, [3], 2]``: meta + 2 * 256)."""
    flat, prev = [], 0
    for rid in sorted(by_record):
        fld, bucket, positions, *passage = by_record[rid]
        flat += [rid - prev, (passage[0] if passage else 0) * 256 + len(positions) * 16 + fld * 4 + bucket]
        last = 0
        for p in positions:
            flat.append(p - last)
            last = p
        prev = rid
    return flat


def decode_postings(flat: list[int]) -> dict[int, tuple]:
    """The inverse of ``encode_postings`` (the browser does the same):
    ``{record id: (field, bucket, positions)}``, and the passage number fourth when not 0."""
    out, i, rid = {}, 0, 0
    while i < len(flat):
        rid += flat[i]
        meta = flat[i + 1]
        n = (meta >> 4) & 15
        pos, acc = [], 0
        for d in flat[i + 2:i + 2 + n]:
            acc += d
            pos.append(acc)
        out[rid] = ((meta >> 2) & 3, meta & 3, pos) + ((meta >> 8,) if meta >> 8 else ())
        i += 2 + n
    return out


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


_ASCII_KEY = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def key_name(key: str) -> str:
    """File stem for a shard key; characters outside a-z0-9 are spelled ``_<hex>_``."""
    return "".join(c if c in _ASCII_KEY else f"_{ord(c):x}_" for c in key)


def plan_shards(encoded: dict[str, dict], sizes: dict[str, int] | None = None) -> dict[str, dict]:
    """``{shard key: {folded: shard entry}}``. ``sizes``: the JSON size of each term's entry,
    if known."""
    if sizes is None:
        sizes = {t: len(_dump(v)) for t, v in encoded.items()}

    def size(terms):
        return sum(len(t) + sizes[t] for t in terms)

    out: dict[str, dict] = {}

    def place(key: str, terms: list[str]) -> None:
        stay = [t for t in terms if len(t) <= len(key)]
        rest = [t for t in terms if len(t) > len(key)]
        if len(key) >= SHARD_MAX or size(terms) <= SHARD_SPLIT_BYTES or not rest:
            out[key] = {t: encoded[t] for t in terms}
            return
        if stay:
            out[key] = {t: encoded[t] for t in stay}
        groups: dict[str, list[str]] = {}
        for t in rest:
            groups.setdefault(t[:len(key) + 1], []).append(t)
        for k, ts in groups.items():
            place(k, ts)

    first: dict[str, list[str]] = {}
    for t in encoded:
        first.setdefault(t[:SHARD_MIN], []).append(t)
    for k, ts in first.items():
        place(k, ts)
    return out


class Postings:
    """The postings of one word form, as written: per record its id as a difference from the
    previous record's, meta, positions."""
    __slots__ = ("flat", "last")

    def __init__(self):
        self.flat, self.last = array("i"), 0

    def entries(self) -> list[tuple[int, int, int]]:
        """``[(record id, start, end)]``: where each record's entry is in ``flat``."""
        out, flat, i, end, rid = [], self.flat, 0, len(self.flat), 0
        while i < end:
            rid += flat[i]
            nxt = i + 2 + ((flat[i + 1] >> 4) & 15)
            out.append((rid, i, nxt))
            i = nxt
        return out


# Sizes of postings are estimated before they are written: this many bytes a number.
BYTES_PER_NUMBER = 4


class Block:
    """Records of a term written together: ids, strongest field, first and last id."""
    __slots__ = ("rids", "field", "first", "last")

    def __init__(self, rids: list[int], best: dict[int, list[int]]):
        self.rids = rids
        self.field = max((best[r][0] for r in rids), default=-1)
        self.first, self.last = min(rids, default=-1), max(rids, default=-1)


def plan_blocks(forms: dict[str, Postings]) -> tuple[list[Block], int] | None:
    """A big term's records in blocks: ``(blocks, covered)``, None for a term of about
    BLOCK_BYTES or less (one block).

    The first block (it stays in the shard) holds the records that have the term in a name
    (NAME: an agency's or document's name, a month page), as many as fit in BLOCK_BYTES, then
    the others in document order while it has room: it holds every record up to id
    ``covered``. The others follow in document order, RANGE_BYTES each: a search reads the
    blocks of all its words up to one record id, then the next, so the blocks it reads hold
    the same documents for every word."""
    if BYTES_PER_NUMBER * sum(len(f.flat) for f in forms.values()) <= BLOCK_BYTES:
        return None
    best: dict[int, list[int]] = {}            # rid -> [field, numbers written]
    for f in forms.values():
        flat = f.flat
        for rid, st, e in f.entries():
            fld = (flat[st + 1] >> 2) & 3
            b = best.get(rid)
            if b is None:
                best[rid] = [fld, e - st]
            else:
                b[0] = max(b[0], fld)
                b[1] += e - st
    order = sorted(best)
    first, size = [], 0
    for rid in order:
        if best[rid][0] == NAME:
            cost = BYTES_PER_NUMBER * best[rid][1]
            if size + cost > BLOCK_BYTES:
                break
            first.append(rid)
            size += cost
    named = set(first)
    rest = [rid for rid in order if rid not in named] if named else order
    covered, i = -1, 0
    while i < len(rest) and size + BYTES_PER_NUMBER * best[rest[i]][1] <= BLOCK_BYTES:
        size += BYTES_PER_NUMBER * best[rest[i]][1]
        covered = rest[i]
        i += 1
    first += rest[:i]
    parts, part, size = [first], [], 0
    for rid in rest[i:]:
        cost = BYTES_PER_NUMBER * best[rid][1]
        if size + cost > RANGE_BYTES and part:
            parts.append(part)
            part, size = [], 0
        part.append(rid)
        size += cost
    if part:
        parts.append(part)
    blocks = [Block(rids, best) for rids in parts]        # the first may be empty
    return blocks, covered


def _split_forms(forms: dict[str, Postings], block_of: dict[int, int], blocks: int) -> list[dict]:
    """``[{exact: flat postings}]``, one per block (``block_of``: record id -> block)."""
    out: list[dict] = [{} for _ in range(blocks)]
    for exact in sorted(forms):
        f = forms[exact]
        flat = f.flat
        flats: list[list[int]] = [[] for _ in range(blocks)]
        prevs = [0] * blocks
        for rid, s, e in f.entries():
            b = block_of[rid]
            part = flats[b]
            part.append(rid - prevs[b])
            part += flat[s + 1:e]
            prevs[b] = rid
        for b, part in enumerate(flats):
            if part:
                out[b][exact] = part
    return out


class IndexBuilder:
    """Collects the entries of one language's records, page by page, in record order, and
    writes the index (``write``)."""

    def __init__(self, lang: str):
        self.lang = lang
        # the records' JSON, RECORDS_PER_CHUNK to a chunk as it will be written (r/<n>.json):
        # compact UTF-8 rather than dicts, a third of the memory at 1,000 documents
        self.chunks: list[bytes] = []
        self._chunk: list[str] = []
        self.n_records = 0
        self.facets: list[tuple] = []               # (kind, document, status), by record id
        self._facet_ix: dict[tuple, tuple] = {}
        self.postings: dict[tuple[str, str], Postings] = {}     # (folded, exact) -> postings
        self._last_url = None
        self._passage = 0

    def add(self, entries) -> None:
        """Add the entries (``record_entry``) of one page, in document order. The entries'
        postings are used up: each ``[field, last position, positions...]`` becomes the
        posting as written (``[id difference, meta, positions...]``)."""
        postings = self.postings
        get = postings.get
        for rjson, facet, url, bucket, terms in entries:
            rid = self.n_records
            self.n_records += 1
            self._passage = self._passage + 1 if url == self._last_url else 0
            self._last_url = url
            self._chunk.append(_dump(rjson))
            if len(self._chunk) == RECORDS_PER_CHUNK:
                self.chunks.append(("[" + ",".join(self._chunk) + "]").encode("utf-8"))
                self._chunk = []
            self.facets.append(self._facet_ix.setdefault(facet, facet))    # one tuple per distinct facet
            base = self._passage * 256 + bucket - 32          # len(v) counts the two slots reused
            for key, v in terms:
                post = get(key)
                if post is None:
                    post = postings[key] = Postings()
                v[1] = base + len(v) * 16 + v[0] * 4
                v[0] = rid - post.last
                post.flat.extend(v)
                post.last = rid

    def write(self, out_dir: Path, extra: dict) -> dict:
        """Write the index under ``out_dir``; return figures. Same input, same bytes: keys
        sorted, no dates. ``extra`` goes into the manifest (synonyms); ``extra["docs"]``
        (``{document id: number}``) into the facet files."""
        for sub in ("t", "p", "r", "m"):
            (out_dir / sub).mkdir(parents=True, exist_ok=True)
        version = hashlib.sha256()

        def put(rel: str, data: bytes) -> None:
            (out_dir / rel).write_bytes(data)
            version.update(rel.encode() + b"\0" + data)
        entries: dict[str, dict] = {}
        sizes: dict[str, int] = {}
        block_files = block_bytes = 0
        big = 0
        by_term: dict[str, dict[str, Postings]] = {}
        for (folded, exact), post in self.postings.items():
            by_term.setdefault(folded, {})[exact] = post
        for folded in sorted(by_term):
            forms = by_term[folded]
            planned = plan_blocks(forms)
            if planned is None:
                entry = {exact: forms[exact].flat.tolist() for exact in sorted(forms)}
            else:
                big += 1
                blocks, covered = planned
                block_of = {rid: b for b, blk in enumerate(blocks) for rid in blk.rids}
                parts = _split_forms(forms, block_of, len(blocks))
                entry = parts[0]
                more = []
                for part, blk in zip(parts[1:], blocks[1:]):
                    data = _dump(part).encode("utf-8")
                    put(f"p/{block_files}.json", data)
                    more.append([block_files, len(blk.rids), blk.field, len(data), blk.first, blk.last])
                    block_files += 1
                    block_bytes += len(data)
                entry["~"] = {"n": len(block_of), "f": max(blk.field for blk in blocks), "c": covered, "b": more}
            entries[folded] = entry
            sizes[folded] = len(_dump(entry).encode("utf-8"))
        shards = plan_shards(entries, sizes)
        shard_bytes = {}
        for key, content in sorted(shards.items()):
            data = _dump(content).encode("utf-8")
            put(f"t/{key_name(key)}.json", data)
            shard_bytes[key] = len(data)
        chunk_bytes = []
        if self._chunk:
            self.chunks.append(("[" + ",".join(self._chunk) + "]").encode("utf-8"))
            self._chunk = []
        for n, data in enumerate(self.chunks):
            put(f"r/{n}.json", data)
            chunk_bytes.append(len(data))
        docs = extra.get("docs") or {}
        facet_bytes = 0
        for n in range(0, len(self.facets), FACETS_PER_FILE):
            part = self.facets[n:n + FACETS_PER_FILE]
            table: list[list[str]] = []
            code: dict[tuple, int] = {}
            codes = []
            for f in part:
                if f not in code:
                    code[f] = len(table)
                    table.append(list(f))
                codes.append(code[f])
            names = {d: docs[d] for d in sorted({f[1] for f in part}) if d in docs}
            data = _dump({"f": table, "c": codes, "d": names}).encode("utf-8")
            put(f"m/{n // FACETS_PER_FILE}.json", data)
            facet_bytes += len(data)
        manifest = {"format": FORMAT, "lang": self.lang, "records": self.n_records, "shards": sorted(shards),
                    "per_chunk": RECORDS_PER_CHUNK, "per_facets": FACETS_PER_FILE,
                    "budget": {"box": BOX_BUDGET, "page": PAGE_BUDGET},
                    "kinds": list(KINDS), **{k: v for k, v in extra.items() if k != "docs"},
                    # the index's version: search.js asks for every other file with ?v=<this>, so
                    # a browser's cached file of an earlier release is never mixed with this one
                    "v": version.hexdigest()[:16]}
        mdata = _dump(manifest).encode("utf-8")
        (out_dir / "manifest.json").write_bytes(mdata)
        return {"records": self.n_records, "terms": len(by_term), "shards": len(shards),
                "blocked_terms": big, "blocks": block_files, "block_bytes": block_bytes,
                "chunks": len(chunk_bytes), "manifest_bytes": len(mdata),
                "shard_bytes": sum(shard_bytes.values()), "largest_shard_bytes": max(shard_bytes.values(), default=0),
                "chunk_bytes": sum(chunk_bytes), "facet_bytes": facet_bytes,
                "index_bytes": len(mdata) + sum(shard_bytes.values()) + block_bytes + sum(chunk_bytes) + facet_bytes}


def write_index(out_dir: Path, lang: str, records: list[Record], extra: dict) -> dict:
    """Index ``records`` of one language into ``out_dir`` (for tests and tools)."""
    b = IndexBuilder(lang)
    b.add(record_entry(r, lang) for r in records)
    return b.write(out_dir, extra)


def record_json(rec: Record) -> dict:
    """What a result shows: ``u`` URL, ``p`` page, ``s`` section, ``t`` heading, ``x`` text,
    ``k`` kind, ``d`` document, ``st`` status, ``l`` task label, ``n`` lead agencies."""
    d = {"u": rec.url, "p": rec.page, "x": rec.text, "k": rec.kind}
    for key, val in (("s", rec.section), ("t", rec.title), ("d", rec.doc), ("st", rec.status),
                     ("l", rec.label), ("n", rec.names)):
        if val:
            d[key] = val
    return d
