"""Records -> postings with fields and positions -> small JSON files (format: docs-dev/SEARCH.md).

    index_records   Records -> folded term -> exact form -> {record: (field, positions)}
    plan_shards     terms -> shard keys: two letters, split further where a shard is big
    write_index     manifest.json, t/<key>.json, r/<n>.json, m/<n>.json (deterministic)
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from .records import BREAK, HEADING, KINDS, NAME, Record
from .terms import exact_form, fold_term, tokenize

FORMAT = 2

# Shards: terms are grouped by their first SHARD_MIN characters; a group whose JSON passes
# SHARD_SPLIT_BYTES is split by one more character (terms exactly as long as the key stay in
# it), up to SHARD_MAX characters. A query word needs the shard of the longest key that
# begins it (and, while typed, every shard whose key begins with it).
SHARD_MIN, SHARD_MAX = 2, 5
SHARD_SPLIT_BYTES = 12_000

# Records: RECORDS_PER_CHUNK to a file r/<n>.json (n = id // RECORDS_PER_CHUNK); facets (kind,
# document, status) of FACETS_PER_FILE records to m/<n>.json, read by the results page only.
RECORDS_PER_CHUNK = 16
FACETS_PER_FILE = 4096

# A posting: record id delta, then meta = positions * 16 + field * 4 + length bucket, then
# the positions (the first absolute, the others as differences). At most MAX_POSITIONS
# positions are kept per record and form: enough to see a phrase.
LENGTH_BUCKETS = (30, 100, 300)   # record length in words -> bucket 0..3
MAX_POSITIONS = 8
GAP = 2                           # positions skipped at a block edge: phrases do not run across
NAME_ALIGN = 64                   # names start at multiples of this position (search.js knows it)


def length_bucket(n: int) -> int:
    return sum(n > b for b in LENGTH_BUCKETS)


# A numbering label before a name or heading ("6." in "6. Ủy ban nhân dân các tỉnh", "c)"):
# it sits just before the aligned position, so the words after it begin the name.
LABEL = re.compile(r"^\s*(?:\d{1,2}|[IVXLCivxlc]+|[a-zđA-ZĐ])[.)]\s")


def record_terms(rec: Record, lang: str) -> list[tuple[str, str, int, int]]:
    """``[(folded, exact, field, position)]`` for every word of a record, then its extra terms.

    Positions start at NAME_ALIGN, and every name and heading starts at a multiple of it
    (search.js: a query that begins one ranks first)."""
    out = []
    pos = NAME_ALIGN
    for n, (text, fld, _) in enumerate(rec.pieces):
        if fld < 0:
            continue
        aligned = fld in (NAME, HEADING) or not out
        if fld in (NAME, HEADING):
            text = text.replace(BREAK, " ")
            if out:
                pos = -(-(pos + GAP) // NAME_ALIGN) * NAME_ALIGN
        for i, chunk in enumerate(text.split(BREAK)):
            if i:
                pos += GAP
            toks = [(t, fold_term(t, lang)) for t in tokenize(chunk)]
            toks = [(t, f) for t, f in toks if f]
            if aligned and len(toks) > 1 and LABEL.match(chunk):
                out.append((toks[0][1], exact_form(toks[0][0]), fld, pos - 1))
                toks = toks[1:]
            aligned = False
            for tok, f in toks:
                out.append((f, exact_form(tok), fld, pos))
                pos += 1
    for term, fld in rec.terms:
        pos += GAP
        out.append((term, term, fld, pos))
    return out


def index_records(records: list[Record], lang: str) -> dict[str, dict[str, dict[int, list]]]:
    """``{folded: {exact: {record id: [field, bucket, positions]}}}``."""
    out: dict[str, dict[str, dict[int, list]]] = {}
    for rid, rec in enumerate(records):
        terms = record_terms(rec, lang)
        bucket = length_bucket(sum(1 for t in terms if not t[0].startswith("~")))
        for folded, exact, fld, pos in terms:
            entry = out.setdefault(folded, {}).setdefault(exact, {}).get(rid)
            if entry is None:
                out[folded][exact][rid] = [fld, bucket, [pos]]
            else:
                entry[0] = max(entry[0], fld)
                if len(entry[2]) < MAX_POSITIONS:
                    entry[2].append(pos)
    return out


def encode_postings(by_record: dict[int, list]) -> list[int]:
    """``{7: [1, 0, [3, 9]], 12: [3, 0, [0]]}`` -> ``[7, 36, 3, 6, 5, 28, 0]``."""
    flat, prev = [], 0
    for rid in sorted(by_record):
        fld, bucket, positions = by_record[rid]
        flat += [rid - prev, len(positions) * 16 + fld * 4 + bucket]
        last = 0
        for p in positions:
            flat.append(p - last)
            last = p
        prev = rid
    return flat


def decode_postings(flat: list[int]) -> dict[int, tuple[int, int, list[int]]]:
    """The inverse of ``encode_postings`` (the browser does the same)."""
    out, i, rid = {}, 0, 0
    while i < len(flat):
        rid += flat[i]
        meta = flat[i + 1]
        n = meta >> 4
        pos, acc = [], 0
        for d in flat[i + 2:i + 2 + n]:
            acc += d
            pos.append(acc)
        out[rid] = ((meta >> 2) & 3, meta & 3, pos)
        i += 2 + n
    return out


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


_ASCII_KEY = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def key_name(key: str) -> str:
    """File stem for a shard key; characters outside a-z0-9 are spelled ``_<hex>_``."""
    return "".join(c if c in _ASCII_KEY else f"_{ord(c):x}_" for c in key)


def plan_shards(encoded: dict[str, dict[str, list[int]]]) -> dict[str, dict]:
    """``{shard key: {folded: {exact: postings}}}``."""
    def size(terms):
        return sum(len(t) + len(_dump(encoded[t])) for t in terms)

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


def write_index(out_dir: Path, lang: str, records: list[Record], postings: dict, extra: dict) -> dict:
    """Write the index of one language under ``out_dir``; return figures. Same input, same
    bytes: keys sorted, no dates. ``extra`` goes into the manifest (synonyms, documents)."""
    for sub in ("t", "r", "m"):
        (out_dir / sub).mkdir(parents=True, exist_ok=True)
    encoded = {f: {e: encode_postings(rs) for e, rs in forms.items()} for f, forms in postings.items()}
    shards = plan_shards(encoded)
    shard_bytes = {}
    for key, content in sorted(shards.items()):
        data = _dump(content).encode("utf-8")
        (out_dir / "t" / f"{key_name(key)}.json").write_bytes(data)
        shard_bytes[key] = len(data)
    chunk_bytes = []
    for n in range(0, len(records), RECORDS_PER_CHUNK):
        data = _dump([record_json(r) for r in records[n:n + RECORDS_PER_CHUNK]]).encode("utf-8")
        (out_dir / "r" / f"{n // RECORDS_PER_CHUNK}.json").write_bytes(data)
        chunk_bytes.append(len(data))
    facets: list[list[str]] = []
    code: dict[tuple, int] = {}
    codes = []
    for r in records:
        f = (r.kind, r.doc, r.status)
        if f not in code:
            code[f] = len(facets)
            facets.append(list(f))
        codes.append(code[f])
    facet_bytes = 0
    for n in range(0, len(codes), FACETS_PER_FILE):
        data = _dump(codes[n:n + FACETS_PER_FILE]).encode("utf-8")
        (out_dir / "m" / f"{n // FACETS_PER_FILE}.json").write_bytes(data)
        facet_bytes += len(data)
    # runs of records that are passages of one block: [first id, count]; results show one per run
    groups: list[list[int]] = []
    for rid in range(1, len(records)):
        if records[rid].url == records[rid - 1].url:
            if groups and groups[-1][0] + groups[-1][1] == rid:
                groups[-1][1] += 1
            else:
                groups.append([rid - 1, 2])
    manifest = {"format": FORMAT, "lang": lang, "records": len(records), "shards": sorted(shards),
                "per_chunk": RECORDS_PER_CHUNK, "per_facets": FACETS_PER_FILE, "groups": groups,
                "facets": facets, "kinds": list(KINDS), **extra}
    mdata = _dump(manifest).encode("utf-8")
    (out_dir / "manifest.json").write_bytes(mdata)
    return {"records": len(records), "terms": len(postings), "shards": len(shards),
            "chunks": len(chunk_bytes), "manifest_bytes": len(mdata),
            "shard_bytes": sum(shard_bytes.values()), "largest_shard_bytes": max(shard_bytes.values(), default=0),
            "chunk_bytes": sum(chunk_bytes), "facet_bytes": facet_bytes,
            "index_bytes": len(mdata) + sum(shard_bytes.values()) + sum(chunk_bytes) + facet_bytes}


def record_json(rec: Record) -> dict:
    """What a result shows: ``u`` URL, ``p`` page, ``s`` section, ``t`` heading, ``x`` text,
    ``k`` kind, ``d`` document, ``st`` status, ``l`` task label, ``n`` lead agencies."""
    d = {"u": rec.url, "p": rec.page, "x": rec.text, "k": rec.kind}
    for key, val in (("s", rec.section), ("t", rec.title), ("d", rec.doc), ("st", rec.status),
                     ("l", rec.label), ("n", rec.names)):
        if val:
            d[key] = val
    return d
