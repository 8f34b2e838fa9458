"""Damaged copies of the real sources, and the contract every one of them must keep.

A damage is one change to one file of ``source_texts/``: a truncation (also in the middle of
a letter), a deleted, duplicated or swapped line, a flipped byte, a value of the wrong type,
a missing bracket, an injection attempt, and the inputs listed in issue 9 (BOM, CRLF, NFD,
tabs, empty files, alias bombs, ``!!python`` tags, duplicate keys, impossible dates, huge
lines and files). The contract, for each:

- ``check`` answers within :data:`TIME_LIMIT` seconds and never with an internal error;
- it exits 1 with at least one ``file:line:col: error[code]: ...`` whose file exists and whose
  line is in it, the verdict ``FAILED: ...`` last; or it exits 0 with ``OK: ...`` last, and
  then the pages render without an exception (what ``check`` passes, ``build`` builds).

``make test`` runs a seeded sample (tests/test_mutation.py); the whole set runs with::

    .venv/bin/python -m tests.damage            # every damage, on both cores
    .venv/bin/python -m tests.damage --seed 7 --count 300
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import contextlib
import io
import os
import random
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIME_LIMIT = 60.0
PROBLEM = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|note)\[(?P<code>[a-z-]+)\]: \S")

# Values an editor (or an attacker) might put where text is expected.
INJECTIONS = [
    '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<iframe src="javascript:alert(1)"></iframe>',
    '<style>body{display:none}</style>', '{ onclick="alert(1)" }', '{: #x onclick="alert(1)" }',
    '" onmouseover="alert(1)', "{{ 7*7 }}", "{% raw %}", "[x](javascript:alert(1))", "<javascript:alert(1)>",
    "---\ntitle: x\n---", "# Heading", "| a | b |", "[^99]", "&lt;script&gt;", "\\", "`code`", "**bold**",
]
WRONG_VALUES = ["[1, 2]", "{a: b}", "123", "yes", "~", "2026-02-30", '""', "[", "'unclosed", "!!python/object:os.system ls",
                "*alias", "&a [x]"]


@dataclass(frozen=True)
class Damage:
    name: str
    file: str          # relative to the repository
    content: bytes | None   # None: the file is deleted


def source_files() -> list[str]:
    out = []
    for p in sorted((ROOT / "source_texts").rglob("*")):
        if p.is_file() and p.suffix in (".txt", ".yml"):
            out.append(str(p.relative_to(ROOT)))
    return out


def _lines(b: bytes) -> list[bytes]:
    return b.split(b"\n")


def damages(seed: int = 1, count: int | None = None) -> list[Damage]:
    """The damages, in a fixed order for a seed; ``count`` draws that many at random."""
    rnd = random.Random(seed)
    out: list[Damage] = []
    files = source_files()
    originals = {f: (ROOT / f).read_bytes() for f in files}

    def add(name, f, content):
        out.append(Damage(name, f, content))

    for f in files:
        b = originals[f]
        lines = _lines(b)
        n = len(lines)
        text_lines = [i for i, ln in enumerate(lines) if ln.strip()]
        # truncations, one of them inside a multi-byte letter
        for cut in (0, len(b) // 3, len(b) // 2):
            add(f"truncate@{cut}", f, b[:cut])
        multi = [i for i, c in enumerate(b) if c >= 0xC0]
        if multi:
            i = rnd.choice(multi)
            add(f"cut-in-letter@{i}", f, b[:i + 1])
        for _ in range(3):
            i = rnd.choice(text_lines)
            add(f"delete-line {i + 1}", f, b"\n".join(lines[:i] + lines[i + 1:]))
            add(f"duplicate-line {i + 1}", f, b"\n".join(lines[:i + 1] + lines[i:]))
            if i + 1 < n:
                add(f"swap-lines {i + 1}", f, b"\n".join(lines[:i] + [lines[i + 1], lines[i]] + lines[i + 2:]))
            j = rnd.randrange(len(b))
            flipped = bytearray(b)
            flipped[j] ^= 1 << rnd.randrange(8)
            add(f"flip-byte@{j}", f, bytes(flipped))
        for ch in (b"]", b":", b'"', b"-", b"("):
            pos = [i for i in range(len(b)) if b[i:i + 1] == ch]
            if pos:
                i = rnd.choice(pos)
                add(f"drop {ch.decode()}@{i}", f, b[:i] + b[i + 1:])
        add("empty", f, b"")
        add("deleted", f, None)
        add("bom", f, b"\xef\xbb\xbf" + b)
        add("crlf", f, b.replace(b"\n", b"\r\n"))
        add("nfd", f, unicodedata.normalize("NFD", b.decode("utf-8")).encode("utf-8"))
        add("latin-1", f, b.decode("utf-8").encode("latin-1", "replace"))
        add("tabs", f, b.replace(b"  ", b"\t"))
        add("nul", f, b[: len(b) // 2] + b"\x00" + b[len(b) // 2:])
        add("zero-width", f, b.replace(" ".encode(), "\u200b ".encode(), 1))
        add("huge-line", f, b + b"\n" + b"a" * 200_000 + b"\n")
        add("huge-file", f, b + (b"\n" + lines[text_lines[-1]]) * (3_000_000 // max(1, len(lines[text_lines[-1]]))))
        i = rnd.choice(text_lines)
        for inj in INJECTIONS:
            s = inj.encode("utf-8")
            if f.endswith(".yml"):
                m = re.match(rb'^(\s*(?:- )?[\w-]+: )(.+)$', lines[i])
                if m:
                    v = '"' + inj.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + ' ' \
                        + m.group(2).decode("utf-8", "replace").strip().strip('"').replace("\\", "\\\\").replace('"', '\\"') + '"'
                    add(f"inject {inj[:20]!r} line {i + 1}", f, b"\n".join(lines[:i] + [m.group(1) + v.encode()] + lines[i + 1:]))
            else:
                add(f"inject {inj[:20]!r} line {i + 1}", f, b"\n".join(lines[:i] + [lines[i] + b" " + s] + lines[i + 1:]))
        if f.endswith(".yml"):
            keyed = [k for k, ln in enumerate(lines) if re.match(rb"^\s*(?:- )?[\w-]+: \S", ln)]
            for k in rnd.sample(keyed, min(4, len(keyed))):
                m = re.match(rb"^(\s*(?:- )?[\w-]+: )", lines[k])
                for v in rnd.sample(WRONG_VALUES, 3):
                    add(f"value {v!r} line {k + 1}", f, b"\n".join(lines[:k] + [m.group(1) + v.encode()] + lines[k + 1:]))
            # a key removed with its nested lines: valid YAML without an optional (or required) field
            for k, ln in enumerate(lines):
                m = re.match(rb"^(\s*)(?:- )?([\w-]+):", ln)
                if m and (not m.group(1) or rnd.random() < 0.15):
                    ind = len(m.group(1))
                    end = k + 1
                    while end < n and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > ind) \
                            and not lines[end].lstrip().startswith(b"- " if not m.group(1) else b"\0"):
                        end += 1
                    if not ln.lstrip().startswith(b"- "):
                        add(f"remove-key {m.group(2).decode()} line {k + 1}", f, b"\n".join(lines[:k] + lines[end:]))
            top = [k for k, ln in enumerate(lines) if re.match(rb"^[\w-]+: ", ln)]
            if top:
                k = rnd.choice(top)
                add(f"duplicate-key line {k + 1}", f, b + b"\n" + lines[k] + b"\n")
            bomb = b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
                b"%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n" % ((98 + j, 98 + j) + (97 + j,) * 9)
                for j in range(9))
            add("alias-bomb", f, bomb + b)
            add("python-tag", f, b"x: !!python/object/apply:os.system [echo hacked]\n" + b)
        else:
            for d in (b"@Lead: bo-cong-an", b"@lead:", b"@lead: khong-co", b"@deadline: 31/2/2026", b"@task: x",
                      b"@unknown", b"@ lead: x", b"@deadline: 2026-02-30", b"@why:"):
                k = rnd.choice(text_lines)
                add(f"directive {d.decode()!r} after line {k + 1}", f, b"\n".join(lines[:k + 1] + [d] + lines[k + 1:]))
    for f, content in (("source_texts/index/meta.yml", originals["source_texts/17-kh-bcd/meta.yml"]),
                       ("source_texts/.hidden/meta.yml", originals["source_texts/17-kh-bcd/meta.yml"]),
                       ("source_texts/without-lead/meta.yml", originals["source_texts/17-kh-bcd/meta.yml"]),
                       ("source_texts/Bad Name/meta.yml", originals["source_texts/17-kh-bcd/meta.yml"]),
                       ("source_texts/17-kh-bcd/vi.text", originals["source_texts/17-kh-bcd/vi.txt"])):
        add("new file", f, content)
    if count is not None and count < len(out):
        out = rnd.sample(out, count)
    return out


@dataclass
class Outcome:
    damage: Damage
    rc: int
    seconds: float
    output: str
    broken: list[str]        # the contract clauses it broke (empty: kept)


def _contract(root: Path, rc: int, out: str, seconds: float) -> list[str]:
    broken = []
    lines = [ln for ln in out.splitlines() if ln.strip()]
    if seconds > TIME_LIMIT:
        broken.append(f"took {seconds:.0f} s (limit {TIME_LIMIT:.0f} s)")
    if rc not in (0, 1):
        broken.append(f"exit status {rc}")
    if "internal error" in out or "Traceback" in out:
        broken.append("internal error")
    last = lines[-1] if lines else ""
    errors = [m for m in map(PROBLEM.match, lines) if m and m["sev"] == "error"]
    if rc == 1:
        if not last.startswith("FAILED:"):
            broken.append(f"last line is not the verdict: {last[:120]!r}")
        if not errors:
            broken.append("exit 1 without a file:line:col: error[code] message")
    if rc == 0 and not last.startswith("OK:"):
        broken.append(f"exit 0 without 'OK:' last: {last[:120]!r}")
    for m in errors:
        p = root / m["file"].rstrip("/")
        if not p.exists() and m["code"] != "missing":
            broken.append(f"message names a file that does not exist: {m.group(0)}")
        elif p.is_file():
            n = p.read_bytes().count(b"\n") + 1
            if int(m["line"]) > n:
                broken.append(f"line {m['line']} is past the end ({n} lines): {m.group(0)}")
    return broken


def _render(root: Path) -> str:
    """What build does after check, without MkDocs: '' or the exception."""
    import datetime as dt

    from build_scripts.pages.render import render_site
    from build_scripts.pages.views import build_views
    from build_scripts.pipeline import load

    try:
        corpus = load(root)
        render_site(build_views(corpus, dt.date(2026, 4, 10)), {})
    except Exception as e:  # noqa: BLE001 - the point is to catch anything
        return f"{type(e).__name__}: {e}"
    return ""


_WORK: Path | None = None


def _worker_root() -> Path:
    """Each worker process keeps one copy of the sources and restores it after each damage."""
    global _WORK
    if _WORK is None:
        _WORK = Path(tempfile.mkdtemp(prefix="damage-"))
        shutil.copytree(ROOT / "source_texts", _WORK / "source_texts")
        shutil.copy(ROOT / "mkdocs.yml", _WORK / "mkdocs.yml")
    return _WORK


def run_one(damage: Damage) -> Outcome:
    from build_scripts.__main__ import main

    root = _worker_root()
    target = root / damage.file
    original = target.read_bytes() if target.exists() else None
    created = [] if target.parent.exists() else [target.parent]
    try:
        if damage.content is None:
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(damage.content)
        buf = io.StringIO()
        t = time.perf_counter()
        with contextlib.redirect_stderr(buf), contextlib.redirect_stdout(buf):
            try:
                rc = main(["--root", str(root), "check"])
            except SystemExit as e:
                rc = e.code if isinstance(e.code, int) else 2
        seconds = time.perf_counter() - t
        out = buf.getvalue()
        broken = _contract(root, rc, out, seconds)
        if rc == 0 and not broken:
            err = _render(root)
            if err:
                broken.append(f"check passed but rendering failed: {err}")
        return Outcome(damage, rc, seconds, out, broken)
    finally:
        if original is None:
            if target.exists():
                target.unlink()
            for d in created:
                shutil.rmtree(d, ignore_errors=True)
        else:
            target.write_bytes(original)


def run_all(items: list[Damage], workers: int = 2) -> list[Outcome]:
    os.environ.pop("BUILD_DEBUG", None)
    if workers <= 1:
        return [run_one(d) for d in items]
    with cf.ProcessPoolExecutor(workers) as ex:
        return list(ex.map(run_one, items, chunksize=4))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=None, help="a random sample of this many (default: all)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--match", default="", help="only damages whose name or file contains this")
    args = ap.parse_args(argv)
    items = [d for d in damages(args.seed, args.count) if args.match in d.name or args.match in d.file]
    t = time.perf_counter()
    outcomes = run_all(items, args.workers)
    bad = [o for o in outcomes if o.broken]
    for o in bad:
        print(f"BROKEN {o.damage.file} [{o.damage.name}] rc={o.rc} {o.seconds:.1f}s: {'; '.join(o.broken)}")
        tail = "\n".join(o.output.strip().splitlines()[-4:])
        print("    " + tail.replace("\n", "\n    "))
    rcs = {rc: sum(o.rc == rc for o in outcomes) for rc in sorted({o.rc for o in outcomes})}
    slow = max(outcomes, key=lambda o: o.seconds) if outcomes else None
    print(f"{len(outcomes)} damages in {time.perf_counter() - t:.0f} s on {args.workers} workers; exit statuses {rcs}; "
          f"contract broken by {len(bad)}; slowest {slow.seconds:.1f} s ({slow.damage.file} [{slow.damage.name}])"
          if slow else "no damages")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
