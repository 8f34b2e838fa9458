"""Synthetic archives for the build benchmark: N documents made from the real four.

Copy ``k`` of each document (k = 1, 2, ...) is the same text, restored and OCR, with:

- **a new number**: the leading number of every document of the set is raised by 100·k in
  all its files (``17-KH/BCĐ`` -> ``117-KH/BCĐ``; the OCR's ``17-KH/BCD`` too), so the copies
  cite each other as the originals do; the folder and the task ids follow (``117-kh-bcd``).
  Numbers stay within the five digits of real ones up to copy 999 (the four leading numbers
  differ modulo 100, and documents of one kind never meet another's number);
- **new dates**: every year 2015-2039 is moved by ``k mod YEARS`` years (days and months
  stay), so deadlines spread over the months of about a decade, as a real archive's would;
- **other agencies**: the agencies of one kind (ministries with ministries, provinces with
  provinces) and of names as long are exchanged in the texts (:class:`Permutation`: in copy
  k, another ministry's name stands where "Bộ Công an" was), so tasks fall on other agencies
  in the same proportions while the restored text still matches its OCR but for a few words;
  English names are exchanged in en.txt to match. Agencies with an abbreviation or a
  document-local alias keep their place.

The registry, glossary and allow-list are the real ones; the registry's document-local names
(``local_aliases``) are extended to the copies' ids. Copy 0 is the real document. The proportions of tasks, deadline kinds and phases
are those of the four documents, since every copy has all of their text.

    .venv/bin/python -m build_scripts.bench.corpus --docs 100 DEST
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
YEARS = 8
YEAR = re.compile(r"(?<![\d])(20[1-3]\d)(?![\d])")
# Files of the site's tree a build reads besides source_texts/ (writer.py, mkdocs.yml).
SITE_FILES = ("mkdocs.yml", "overrides", "docs/assets")


def fold(s: str) -> str:
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


def _flex(name: str) -> str:
    """A pattern for ``name`` that allows line breaks and runs of spaces between its words."""
    words = name.split()
    return r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)"


class Permutation:
    """One copy's exchange of agencies: in copy k, agency A's name is written where the real
    document writes B's (vi.txt; the English name in en.txt), so its tasks fall on other
    agencies in the same proportions. The task table (appendix.yml) keeps its agencies: some
    of its cells are so noisy in the OCR that one more word differing tips them over the
    fidelity check's threshold. Agencies are exchanged only
    within one kind (ministries with ministries, provinces with provinces) and between names
    of as many words, at most MAX_WORDS: the restored text then differs from its OCR by a few
    words at a time, below the fidelity check's threshold (checks/settings.py INVENTED_RUN),
    and the registry stays the real one (an exchange through ``local_aliases`` would make it
    grow with every copy)."""

    MAX_WORDS = 5
    # Kinds whose names are exchanged. Party bodies are left alone: "Bộ Chính trị, Ban Bí thư"
    # side by side would become one run of 6 words the OCR does not have.
    KINDS = ("ministry", "province")

    def __init__(self, registry: list[dict], seed: int):
        rng = random.Random(seed)
        groups: dict[tuple[str, int], list[dict]] = {}
        for a in registry:
            n = len(a["vi"].split())
            if a.get("abbr") or a.get("local_aliases") or a.get("kind") not in self.KINDS or n > self.MAX_WORDS:
                continue
            groups.setdefault((a.get("kind", ""), n), []).append(a)
        vi: dict[str, str] = {}
        en: dict[str, str] = {}
        for members in groups.values():
            if len(members) < 2:
                continue
            targets = members[:]
            rng.shuffle(targets)
            for a, b in zip(members, targets):
                if a is not b:
                    vi[a["vi"]] = b["vi"]
                    en[a["en"]] = b["en"]
        self._vi, self._vi_map = self._pattern(vi)
        self._en, self._en_map = self._pattern(en)

    @staticmethod
    def _pattern(mapping: dict[str, str]):
        names = sorted(mapping, key=len, reverse=True)
        pat = re.compile("|".join(_flex(n) for n in names)) if names else None
        return pat, {re.sub(r"\s+", " ", k): v for k, v in mapping.items()}

    @staticmethod
    def _sub(pat, mapping, text: str) -> str:
        if pat is None:
            return text
        return pat.sub(lambda m: mapping.get(re.sub(r"\s+", " ", m.group(0)), m.group(0)), text)

    def vi(self, text: str) -> str:
        return self._sub(self._vi, self._vi_map, text)

    def en(self, text: str) -> str:
        return self._sub(self._en, self._en_map, text)


STEP = 100     # copy k's number: the original's + STEP·k


def _renumber(numbers: list[str], k: int):
    """A function that raises the leading number of each of ``numbers`` by STEP·k."""
    pats = []
    for num in numbers:
        m = re.match(r"(\d+)([-/])(\w+)", num)
        lead, sep, first = m.group(1), m.group(2), fold(m.group(3))
        first_pat = "".join(f"[{c}Đđ]" if c in "Dd" else re.escape(c) for c in first)
        pats.append((re.compile(rf"(?<![\d/.]){lead}(?=\s*{re.escape(sep)}\s*{first_pat})", re.IGNORECASE),
                     str(int(lead) + STEP * k)))

    def apply(text: str) -> str:
        for pat, new in pats:
            text = pat.sub(new, text)
        return text
    return apply


def _redate(text: str, shift: int) -> str:
    return YEAR.sub(lambda m: str(int(m.group(1)) + shift), text) if shift else text


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


def make_corpus(dest: Path, n_docs: int, src: Path = ROOT) -> list[str]:
    """Write a tree that ``python -m build_scripts --root dest build`` builds: ``n_docs``
    documents (a multiple of the real ones, rounded up). Returns the document ids."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for rel in SITE_FILES:
        s = src / rel
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        if s.is_dir():
            shutil.copytree(s, dest / rel)
        else:
            shutil.copy2(s, dest / rel)
    texts = src / "source_texts"
    out = dest / "source_texts"
    out.mkdir()
    folders = sorted(p for p in texts.iterdir() if p.is_dir() and (p / "meta.yml").is_file())
    metas = {p.name: yaml.safe_load((p / "meta.yml").read_text(encoding="utf-8")) for p in folders}
    numbers = [str(m["number"]) for m in metas.values()]
    registry = yaml.safe_load((texts / "agencies.yml").read_text(encoding="utf-8"))
    copies = -(-n_docs // len(folders))
    ids: list[str] = []
    new_ids: dict[str, list[str]] = {p.name: [] for p in folders}
    for k in range(copies):
        renumber = _renumber(numbers, k) if k else (lambda s: s)
        perm = Permutation(registry, seed=k) if k else None
        shift = k % YEARS
        for p in folders:
            if len(ids) == n_docs:
                break
            meta = metas[p.name]
            new_id = p.name if not k else re.sub(r"^\d+", lambda m: str(int(m.group()) + STEP * k), p.name)
            new_ids[p.name].append(new_id)
            ids.append(new_id)
            d = out / new_id
            d.mkdir()
            for f in sorted(p.iterdir()):
                if not f.is_file():
                    continue
                text = f.read_text(encoding="utf-8")
                if k:
                    text = _redate(renumber(text), shift)
                    if f.name == "meta.yml":
                        text = re.sub(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.M)
                    elif f.name == "vi.txt":
                        text = perm.vi(text)
                    elif f.name == "en.txt":
                        text = perm.en(text)
                (d / f.name).write_text(text, encoding="utf-8")
    for a in registry:
        local = a.get("local_aliases")
        if local:
            a["local_aliases"] = {nid: list(v) for doc, v in local.items() for nid in new_ids.get(doc, [doc])}
    (out / "agencies.yml").write_text(
        "# The real registry, its document-local names extended to the copies (build_scripts/bench/corpus.py).\n"
        + yaml.dump(registry, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    for name in ("glossary.yml", "allowlist.yml", "README.md"):
        if (texts / name).exists():
            shutil.copy2(texts / name, out / name)
    return ids


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, required=True)
    ap.add_argument("dest", type=Path)
    args = ap.parse_args(argv)
    ids = make_corpus(args.dest, args.docs)
    print(f"{len(ids)} documents in {args.dest}/source_texts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
