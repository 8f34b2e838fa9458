"""CONTRIBUTING.md works as written: its worked example adds a plan that builds and shows on
the site, and its table lists every message code the build scripts can print."""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from tests.conftest import ROOT, copy_repo, run_build

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def _codes_in_code() -> set[str]:
    """Every code passed to Problems.error/warning, and the note[...] codes printed by check."""
    codes: set[str] = set()
    for p in (ROOT / "build_scripts").rglob("*.py"):
        src = p.read_text(encoding="utf-8")
        for n in ast.walk(ast.parse(src)):
            if (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in ("error", "warning")
                    and len(n.args) >= 2 and isinstance(n.args[1], ast.Constant) and isinstance(n.args[1].value, str)):
                codes.add(n.args[1].value)
        codes.update(re.findall(r"note\[([a-z-]+)\]", src))
    return codes


def test_every_message_code_is_explained_with_an_example():
    table = dict(re.findall(r"^\| `([a-z-]+)` \| [^|]+ \|[^|]+\| `([^`]+)` \|$", GUIDE, re.M))
    in_code = _codes_in_code()
    assert len(in_code) > 30
    assert not in_code - set(table), f"codes without an entry in CONTRIBUTING.md: {sorted(in_code - set(table))}"
    assert not set(table) - in_code, f"entries for codes the scripts never print: {sorted(set(table) - in_code)}"
    for code, example in table.items():
        assert re.match(rf"^source_texts/\S+:\d+:\d+: (error|warning|note)\[{code}\]: ", example), (code, example)


def _example_files() -> dict[str, str]:
    files = dict(re.findall(r"^File `([^`]+)`:\n\n```[a-z]*\n(.*?)```", GUIDE, re.M | re.S))
    assert set(files) == {f"source_texts/99-kh-vd/{n}" for n in ("seed.txt", "vi.txt", "meta.yml", "en.txt")}, files.keys()
    return files


def test_the_worked_example_adds_a_plan_that_builds_and_shows(tmp_path):
    root = copy_repo(tmp_path / "repo")
    before = run_build(root, "check")
    assert before.returncode == 0, before.stderr[-2000:]
    for rel, content in _example_files().items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(content, encoding="utf-8")
    after = run_build(root, "check")
    assert after.returncode == 0, after.stderr[-3000:]
    count = lambda out: int(re.search(r"^OK: (\d+) documents, (\d+) tasks", out, re.M).group(2))
    assert count(after.stderr) == count(before.stderr) + 2
    assert "99-kh-vd" not in "\n".join(l for l in after.stderr.splitlines() if "warning[" in l)
    built = run_build(root)
    assert built.returncode == 0, built.stderr[-3000:]
    site = root / "site"
    plan = (site / "plans" / "99-kh-vd" / "index.html").read_text(encoding="utf-8")
    assert "Kết nối Cơ sở dữ liệu quốc gia về dân cư".lower() in plan.lower()
    assert (site / "en" / "plans" / "99-kh-vd" / "index.html").read_text(encoding="utf-8").count("Government Office") >= 2
    assert "99-kh-vd" in (site / "agencies" / "bo-cong-an" / "index.html").read_text(encoding="utf-8")
    assert "99-kh-vd" in (site / "agencies" / "van-phong-chinh-phu" / "index.html").read_text(encoding="utf-8")
    assert "99-kh-vd" in (site / "deadlines" / "2026-06" / "index.html").read_text(encoding="utf-8")
    assert "99-kh-vd" in (site / "deadlines" / "2026-12" / "index.html").read_text(encoding="utf-8")
    assert "99-kh-vd" in (site / "plans" / "index.html").read_text(encoding="utf-8")
    tasks = {t["id"]: t for t in json.loads((site / "data" / "tasks.json").read_text(encoding="utf-8"))["tasks"]}
    assert tasks["99-kh-vd/II.1"]["lead"] == ["bo-cong-an"]
    assert tasks["99-kh-vd/II.2"]["lead"] == ["van-phong-chinh-phu"]
