"""Publishing (build_scripts/publish/release.py) and the server configuration
(deploy/nginx/site.conf), with the real nginx started from that file on 127.0.0.1 (its
`listen` and `root` lines rewritten, as an operator would) and Chromium for the CSP.

The expensive part, two real publishes of a repository copy, runs once per module.
"""
from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from build_scripts.publish import release as R

from .conftest import AS_OF_EPOCH, ROOT, _free_port, copy_repo, server_conf, start_nginx

# one worker runs this module (make test: --dist loadgroup), so the two publishes happen once
pytestmark = pytest.mark.xdist_group("publish")

MARK = "(bản thử)"          # added to the site name for the second release: every page shows it


def publish(root: Path, to: str, *extra: str, env: dict | None = None):
    e = dict(os.environ, SOURCE_DATE_EPOCH=AS_OF_EPOCH, **(env or {}))
    return subprocess.run([sys.executable, "-m", "build_scripts", "--root", str(root), "publish", "--to", to, *extra],
                          cwd=ROOT, capture_output=True, text=True, env=e, stdin=subprocess.DEVNULL)


def get(url: str, headers: dict | None = None):
    """(status, headers, body); a 404 is a response, not an exception."""
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    """A repository copy published once to DIR, and nginx serving DIR/current."""
    tmp = tmp_path_factory.mktemp("publish")
    repo = copy_repo(tmp / "repo")
    dest = tmp / "srv"
    proc = publish(repo, str(dest))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    port = _free_port()
    prefix = tmp / "nginx"
    prefix.mkdir()
    ng = start_nginx(server_conf(prefix, port, dest / "current"), port)
    yield {"repo": repo, "dest": dest, "base": f"http://127.0.0.1:{port}", "first": proc.stdout}
    ng.terminate()
    ng.wait(timeout=10)


def test_first_publish_prints_every_step_and_points_current(deployed):
    out = deployed["first"]
    for step in ("1/5 build", "2/5 verify", "3/5 copy", "4/5 switch", "5/5 keep", "done:"):
        assert step in out, out
    current = os.readlink(deployed["dest"] / "current")
    assert current.startswith("releases/") and R.NAME.match(current.split("/", 1)[1])
    assert (deployed["dest"] / current / "index.html").is_file()


@pytest.mark.parametrize("path,ctype", [
    ("/", "text/html"), ("/en/", "text/html"), ("/plans/17-kh-bcd/", "text/html"),
    ("/en/agencies/bo-cong-an/", "text/html"), ("/search/", "text/html"),
    ("/search-index/vi/manifest.json", "application/json"), ("/search-index/en/t/da.json", "application/json"),
    ("/data/tasks.json", "application/json"), ("/data/tasks.csv", "text/csv"),
    ("/data/calendar/bo-cong-an.ics", "text/calendar"), ("/sitemap.xml", "application/xml"),
    ("/assets/javascripts/search.js", "application/javascript"), ("/assets/stylesheets/search.css", "text/css"),
])
def test_pages_and_data_with_their_types(deployed, path, ctype):
    status, headers, body = get(deployed["base"] + path)
    assert status == 200, path
    assert headers["Content-Type"].split(";")[0] == ctype, (path, headers["Content-Type"])
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_gzip_for_pages_and_index(deployed):
    for path in ("/plans/17-kh-bcd/", "/search-index/vi/t/da.json", "/data/tasks.csv"):
        status, headers, body = get(deployed["base"] + path, {"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] == "gzip", path
        assert len(gzip.decompress(body)) > len(body)


def test_each_language_has_its_404_page_with_status_404(deployed):
    status, headers, body = get(deployed["base"] + "/plans/no-such-plan/")
    html = body.decode("utf-8")
    assert status == 404 and 'lang="vi"' in html and "Không tìm thấy trang" in html
    assert headers["Content-Security-Policy"]
    status, _, body = get(deployed["base"] + "/en/plans/no-such-plan/")
    html = body.decode("utf-8")
    assert status == 404 and 'lang="en"' in html and "Page not found" in html
    # its links and scripts are absolute: they work at any address
    assert 'href="/en/plans/"' in html and re.search(r'<script src="/assets/javascripts/inline/[0-9a-f]+\.js">', html)


def test_security_and_cache_headers(deployed):
    base = deployed["base"]
    _, page, body = get(base + "/plans/17-kh-bcd/")
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert page["Referrer-Policy"] and page["X-Frame-Options"] == "DENY"
    assert "no-cache" in page["Cache-Control"]
    bundle = re.search(r'src="((?:\.\./)*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"', body.decode()).group(1)
    _, asset, _ = get(base + "/" + bundle.lstrip("./"))
    assert "max-age=31536000" in asset["Cache-Control"] and "immutable" in asset["Cache-Control"]
    assert asset["Content-Security-Policy"] == csp and asset["X-Content-Type-Options"] == "nosniff"
    _, shard, _ = get(base + "/search-index/vi/manifest.json")
    assert "max-age=3600" in shard["Cache-Control"]


def test_no_inline_script_in_any_page(deployed):
    site = deployed["dest"] / "current"
    for f in site.rglob("*.html"):
        for attrs, body in re.findall(r"<script((?:(?!\ssrc=)[^>])*)>(.*?)</script>", f.read_text(encoding="utf-8"), re.S):
            assert 'type="application/json"' in attrs or not body.strip(), (f, body[:80])


def test_pages_break_no_rule_of_the_csp_in_chromium(deployed, browser):
    """Every kind of page, both languages, the search box and the results page at work: the
    browser reports no Content-Security-Policy violation."""
    context = browser.new_context()
    context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', "
                            "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI), true);")
    console: list[str] = []
    try:
        pg = context.new_page()
        pg.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
        base = deployed["base"]
        for path in ("/", "/plans/17-kh-bcd/", "/agencies/bo-cong-an/", "/deadlines/2026-06/", "/citations/",
                     "/glossary/", "/en/", "/en/plans/350-qd-ttg/", "/en/agencies/", "/no-such-page/",
                     "/en/no-such-page/"):
            pg.goto(base + path)
            pg.wait_for_selector("#site-search-input")      # the scripts ran
            assert pg.evaluate("window.__csp") == [], path
        pg.goto(base + "/search/?q=dang+uy+cong+an")
        pg.wait_for_selector("#search-page-results li")
        pg.locator("#site-search-input").press_sequentially("VPTW")
        pg.wait_for_selector("#site-search-results [role=option]")
        assert pg.evaluate("window.__csp") == []
        assert console == []
    finally:
        context.close()


def _reader(base: str, urls: list[str], stop: threading.Event, counts: dict) -> None:
    while not stop.is_set():
        for u in urls:
            try:
                status, _, body = get(base + u)
                ok = status == 200 and body
            except OSError as e:                     # refused, reset: a failure too
                ok, status = False, repr(e)
            counts["requests"] += 1
            if not ok:
                counts["failures"].append((u, status))


def test_second_release_switches_with_no_failed_request_then_rolls_back(deployed):
    base, repo, dest = deployed["base"], deployed["repo"], deployed["dest"]
    first = os.readlink(dest / "current")
    # what a reader fetches: pages in both languages and every asset and data file they load
    pages = ["/", "/en/", "/plans/17-kh-bcd/", "/en/plans/46-tb-tgv/", "/agencies/bo-noi-vu/", "/deadlines/",
             "/search-index/vi/manifest.json", "/data/tasks.json"]
    assets = set()
    for p in pages[:6]:
        html = get(base + p)[2].decode("utf-8")
        for ref in re.findall(r'(?:src|href)="([^"#]+\.(?:js|css))"', html):
            assets.add("/" + os.path.normpath(os.path.join(p, ref)).lstrip("/"))
    urls = pages + sorted(assets)
    cfg = repo / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace('hạn nào"', f'hạn nào {MARK}"', 1), encoding="utf-8")
    counts = {"requests": 0, "failures": []}
    stop = threading.Event()
    readers = [threading.Thread(target=_reader, args=(base, urls, stop, counts)) for _ in range(2)]
    for t in readers:
        t.start()
    try:
        proc = publish(repo, str(dest))
    finally:
        time.sleep(0.5)                              # and a little after the switch
        stop.set()
        for t in readers:
            t.join(timeout=30)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    print(f"reader loop: {counts['requests']} requests, {len(counts['failures'])} failed")
    assert counts["requests"] > 50
    assert counts["failures"] == []
    second = os.readlink(dest / "current")
    assert second != first
    assert MARK in get(base + "/")[2].decode("utf-8")
    # rollback: the first release is served again
    back = subprocess.run([sys.executable, "-m", "build_scripts", "publish", "--to", str(dest), "--rollback"],
                          cwd=ROOT, capture_output=True, text=True)
    assert back.returncode == 0, back.stdout + back.stderr
    assert os.readlink(dest / "current") == first
    assert MARK not in get(base + "/")[2].decode("utf-8")


def test_broken_source_is_refused_and_the_old_release_still_served(deployed, tmp_path):
    dest, base = deployed["dest"], deployed["base"]
    before = os.readlink(dest / "current")
    page = get(base + "/plans/17-kh-bcd/")[2]
    repo = copy_repo(tmp_path / "broken")
    f = repo / "source_texts" / "17-kh-bcd" / "vi.txt"
    text = f.read_text(encoding="utf-8")
    anchor = "Hoàn thành trước ngày 22/12/2026."          # a task of 17-KH/BCĐ; an override with a typo
    assert anchor in text
    f.write_text(text.replace(anchor, anchor + "\n@lead: bo-cong-ann\n@why: test", 1), encoding="utf-8")
    proc = publish(repo, str(dest))
    assert proc.returncode == 1
    assert "REFUSED" in proc.stdout and "current was not changed" in proc.stdout
    assert "bo-cong-ann" in proc.stderr                       # the editor's message, with its place
    assert os.readlink(dest / "current") == before
    assert get(base + "/plans/17-kh-bcd/")[2] == page
    assert not list((dest / "releases").glob("*.partial"))


# --- the release folder without a build ----------------------------------------------------------

def _fake_release(d: Path, name: str) -> None:
    (d / "releases" / name).mkdir(parents=True)
    (d / "releases" / name / "index.html").write_text(name)


def test_keep_prunes_old_releases_but_never_the_current_one(tmp_path):
    names = [f"2026120{i}T000000Z-abc1234" for i in range(1, 8)]
    for n in names:
        _fake_release(tmp_path, n)
    os.symlink(f"releases/{names[1]}", tmp_path / "current")      # rolled back to an old one
    removed = R.prune(R.Target(str(tmp_path)), 3)
    left = sorted(p.name for p in (tmp_path / "releases").iterdir())
    assert left == sorted(names[-3:] + [names[1]])
    assert set(removed) == set(names) - set(left)


def test_rollback_without_a_previous_release_is_refused(tmp_path, capsys):
    _fake_release(tmp_path, "20261201T000000Z-abc1234")
    os.symlink("releases/20261201T000000Z-abc1234", tmp_path / "current")
    assert R.rollback(str(tmp_path)) == 1
    assert "REFUSED" in capsys.readouterr().out
    assert os.readlink(tmp_path / "current") == "releases/20261201T000000Z-abc1234"


def test_an_incomplete_build_is_refused(tmp_path, built, capsys):
    root = tmp_path / "repo"
    shutil.copytree(built / "site", root / "site")
    (root / "site" / "en" / "404.html").unlink()
    shutil.rmtree(root / "site" / "en" / "plans" / "17-kh-bcd")
    dest = tmp_path / "srv"
    assert R.publish(root, str(dest), build=lambda r: True) == 1
    out = capsys.readouterr().out
    assert "REFUSED: the build is incomplete" in out and "en/404.html" in out and "en/plans/17-kh-bcd/index.html" in out
    assert not (dest / "current").exists()


def test_publish_over_ssh_uses_rsync_and_the_ssh_command_of_the_ci(tmp_path, built):
    """user@host:DIR: rsync and the switch go through PUBLISH_SSH; here an ssh stand-in that
    runs the command on this machine, as sshd would on the server."""
    shim = tmp_path / "fake-ssh"
    log = tmp_path / "ssh.log"
    shim.write_text("#!/bin/sh\n"                 # ssh [-l user] [options] host command
                    "user=''\nwhile [ $# -gt 0 ]; do case \"$1\" in -l) user=\"$2@\"; shift 2;; -*) shift;; *) break;; esac; done\n"
                    f'host="$1"; shift\necho "$user$host $*" >> {log}\nexec sh -c "$*"\n')
    shim.chmod(0o755)
    root = tmp_path / "repo"
    shutil.copytree(built / "site", root / "site")
    dest = tmp_path / "remote"
    env = {"PUBLISH_SSH": str(shim)}
    old = os.environ.get("PUBLISH_SSH")
    os.environ.update(env)
    try:
        assert R.publish(root, f"deploy@intranet:{dest}", build=lambda r: True) == 0
        assert R.publish(root, f"deploy@intranet:{dest}", build=lambda r: True) == 0
    finally:
        os.environ.pop("PUBLISH_SSH") if old is None else os.environ.update(PUBLISH_SSH=old)
    calls = log.read_text()
    assert "deploy@intranet rsync --server" in calls and "mv -Tf" in calls
    releases = sorted((dest / "releases").iterdir())
    assert len(releases) == 2 and os.readlink(dest / "current") == f"releases/{releases[-1].name}"
    # unchanged files of the second release are hard links to the first (rsync --link-dest)
    a, b = (r / "plans" / "17-kh-bcd" / "index.html" for r in releases)
    assert a.stat().st_ino == b.stat().st_ino


def test_a_folder_without_its_slash_redirects_relatively(deployed):
    import http.client
    host, port = deployed["base"].rsplit("//", 1)[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", "/en/plans")
    r = conn.getresponse()
    assert r.status == 301 and r.getheader("Location") == "/en/plans/"
    assert r.getheader("X-Frame-Options") == "DENY"
    conn.close()
