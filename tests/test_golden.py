"""The generated Markdown of Plan 17 equals the reviewed golden files (tests/golden/)."""
import difflib

import pytest

from tests.golden import GOLDEN, render


@pytest.mark.parametrize("name,content", sorted(render().items()))
def test_golden(name, content):
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    if content != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), content.splitlines(True),
                                            f"tests/golden/{name}", "rendered", n=2))
        pytest.fail(f"{name} differs from its golden file; if intended, run `make golden` and review:\n{diff[:6000]}")
