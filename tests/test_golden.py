"""The generated pages of the fixture corpus equal the reviewed golden files (tests/golden/)."""
import difflib

import pytest

from tests.golden import GOLDEN, render

RENDERED = render()


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_golden(name):
    content = RENDERED[name]
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    if content != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), content.splitlines(True),
                                            f"tests/golden/{name}", "rendered", n=2))
        pytest.fail(f"{name} differs from its golden file; if intended, run `make golden` and review:\n{diff[:6000]}")


def test_every_golden_file_is_still_rendered():
    stale = sorted(str(p.relative_to(GOLDEN)) for p in GOLDEN.rglob("*") if p.is_file()
                   and str(p.relative_to(GOLDEN)) not in RENDERED)
    assert not stale, f"golden files no page renders any more (delete them): {stale}"
