"""`make serve` as an editor uses it: a live preview that rebuilds after an edit and tells
the browser to reload; a busy port is said plainly, before any build."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from tests.conftest import AS_OF_EPOCH, ROOT, _free_port, copy_repo, document_pages


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode("utf-8")


def test_preview_rebuilds_after_an_edit_and_reloads(tmp_path):
    root = copy_repo(tmp_path)
    port = _free_port()
    env = dict(os.environ, SOURCE_DATE_EPOCH=AS_OF_EPOCH)
    proc = subprocess.Popen([sys.executable, "-m", "build_scripts", "--root", str(root), "serve", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 180
        while time.time() < deadline:
            try:
                first = _get(base + "/plans/17-kh-bcd/")
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read()
                time.sleep(0.5)
        else:
            raise AssertionError("the preview did not start")
        assert "/__build" in first                      # the reload line, added by the preview only
        assert "/__build" not in (root / "site" / "plans" / "17-kh-bcd" / "index.html").read_text(encoding="utf-8")
        before = _get(base + "/__build")
        f = root / "source_texts" / "17-kh-bcd" / "vi.txt"
        f.write_text(f.read_text(encoding="utf-8").replace("Tham mưu kiện toàn thành viên", "Tham mưu kiện toàn (sửa thử) thành viên", 1),
                     encoding="utf-8")
        deadline = time.time() + 180
        while time.time() < deadline and _get(base + "/__build") == before:
            time.sleep(1)
        assert _get(base + "/__build") != before, "no rebuild after the edit"
        # III.2.b.1 is on the page of the plan with section III (pages/parts.py)
        (url,) = [u for u, h in document_pages(root / "site", "17-kh-bcd") if 'id="iii-2-b-1"' in h]
        assert "(sửa thử)" in _get(f"{base}/{url}")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_a_busy_port_is_said_plainly_and_nothing_is_built(tmp_path):
    root = copy_repo(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "build_scripts", "--root", str(root), "serve", "--port", str(port)],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in proc.stderr and f"PORT={port + 1}" in proc.stderr
    assert "internal error" not in proc.stderr and not (root / "site").exists()


def test_only_an_edit_of_documents_texts_is_shown_first_by_a_quick_build(tmp_path):
    from build_scripts.publish.serve import edited_documents

    cases = [  # (changed files, documents built quickly first)
        (["source_texts/17-kh-bcd/vi.txt"], {"17-kh-bcd"}),
        (["source_texts/17-kh-bcd/vi.txt", "source_texts/350-qd-ttg/appendix.en.yml"], {"17-kh-bcd", "350-qd-ttg"}),
        (["source_texts/17-kh-bcd/vi.txt", "source_texts/agencies.yml"], set()),   # every page may name the agency
        (["source_texts/glossary.yml"], set()),
        (["build_scripts/pages/templates/plan.md.j2"], set()),
        (["mkdocs.yml"], set()),
    ]
    for changed, expected in cases:
        assert edited_documents(tmp_path, [str(tmp_path / c) for c in changed]) == expected, changed
