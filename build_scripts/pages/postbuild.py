"""Stages on the built HTML, after ``mkdocs build`` and before the search index.

    externalize_html    inline <script> -> assets/javascripts/inline/<sha256>.js
    drop_alternates_html <link rel="alternate" hreflang> in <head> -> removed
    not_found_pages     notfound/ of each language -> 404.html, en/404.html (absolute URLs)

The first two work on one page's HTML, as MkDocs writes it (pages/mkdocs_build.py), so a
page is finished once and stored finished; ``externalize_scripts`` and ``drop_alternates``
apply them to every page of a folder.

Both work on plain HTML: nothing depends on the theme's markup beyond ``<script>`` and the
attributes ``href``, ``src`` and ``action``.

Why: nginx answers an unknown address with the 404 page of its language (status 404), and the
browser resolves that page's links against the address asked for, so the page's URLs must be
absolute. And the server's Content-Security-Policy allows scripts from the site only
(``script-src 'self'``, deploy/nginx/site.conf): the theme's small inline scripts become files
with the same content, loaded in the same place, so they run as before.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

NOT_FOUND = "notfound"              # the page rendered from templates/notfound.md.j2
LANG_PREFIX = {"vi": "", "en": "en/"}
INLINE_DIR = Path("assets") / "javascripts" / "inline"

_URL_ATTR = re.compile(r'(\s(?:href|src|action)=")([^"]*)(")')
_ABSOLUTE = ("#", "/", "http:", "https:", "data:", "mailto:", "javascript:")
# a script element without src whose type is JavaScript (or none); JSON data blocks stay
_INLINE = re.compile(r'<script(?P<attrs>(?:(?!\ssrc=)[^>])*)>(?P<body>.*?)</script>', re.S)
_JS_TYPES = ("", "text/javascript", "application/javascript", "module")


def _absolute(html: str, base: str) -> str:
    def fix(m: re.Match) -> str:
        url = m.group(2)
        if not url or url.startswith(_ABSOLUTE):
            return m.group(0)
        return m.group(1) + urljoin(base, url) + m.group(3)
    html = _URL_ATTR.sub(fix, html)
    # the theme's scripts compute their base from a relative path: make it the site root
    html = re.sub(r'new URL\("(?:\.\.?/?)+",location\)', 'new URL("/",location)', html)
    html = re.sub(r'"base": "[./]*"', '"base": "/"', html)
    return html


def not_found_pages(site: Path, langs=None) -> list[Path]:
    """Write ``404.html`` (``en/404.html``) from each language's ``notfound/`` page, with
    absolute URLs; remove the ``notfound/`` pages and their sitemap entries. ``langs``: the
    languages whose pages are in ``site`` (default: all)."""
    written = []
    for lang, prefix in LANG_PREFIX.items():
        if langs is not None and lang not in langs:
            continue
        page = site / prefix / NOT_FOUND / "index.html"
        if not page.is_file():
            continue
        html = not_found_html(page.read_text(encoding="utf-8"), prefix)
        out = site / prefix / "404.html"
        out.write_text(html, encoding="utf-8")
        shutil.rmtree(page.parent)
        written.append(out)
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():
        xml = sitemap.read_text(encoding="utf-8")
        xml = re.sub(rf"\s*<url>(?:(?!</url>).)*?/{NOT_FOUND}/(?:(?!</url>).)*</url>", "", xml, flags=re.S)
        sitemap.write_text(xml, encoding="utf-8")
        (site / "sitemap.xml.gz").write_bytes(gzip.compress(xml.encode("utf-8"), mtime=0))
    return written


def not_found_html(html: str, prefix: str) -> str:
    """The 404 page of a language from its ``notfound/`` page: every URL absolute (the
    theme's inline scripts too: run this before :func:`externalize_html`), the language links
    leading to each language's home."""
    html = _absolute(html, f"/{prefix}{NOT_FOUND}/")
    for p in LANG_PREFIX.values():
        html = html.replace(f'"/{p}{NOT_FOUND}/"', f'"/{p}"')
    return html


def externalize_html(html: str, site: Path, page: Path, scripts: dict[str, str]) -> str:
    """Move the inline JavaScript of one page (``page``, a file under ``site``) into files
    named by their content; ``scripts`` receives ``{path under site: body}`` to write. Same
    content, same file: builds stay byte-identical."""
    def move(m: re.Match) -> str:
        attrs = m.group("attrs")
        t = re.search(r'\stype="([^"]*)"', attrs)
        if (t.group(1) if t else "") not in _JS_TYPES or not m.group("body").strip():
            return m.group(0)
        body = m.group("body")
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
        name = (INLINE_DIR / f"{digest}.js").as_posix()
        scripts[name] = body
        if page.name == "404.html" or page.parent.name == NOT_FOUND:     # served at any address: absolute
            src = "/" + name
        else:
            src = Path(os.path.relpath(site / name, page.parent)).as_posix()
        return f'<script{attrs} src="{src}"></script>'
    return _INLINE.sub(move, html)


def externalize_scripts(site: Path) -> int:
    """:func:`externalize_html` on every page of ``site``; returns the number of distinct scripts."""
    seen: dict[str, str] = {}
    for f in sorted(site.rglob("*.html")):
        html = f.read_text(encoding="utf-8")
        new = externalize_html(html, site, f, seen)
        if new != html:
            f.write_text(new, encoding="utf-8")
    for name, body in seen.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(body, encoding="utf-8")
    return len(seen)


_ALTERNATE = re.compile(r'\s*<link rel="alternate"[^>]*\bhreflang="[^"]*"[^>]*>')


def drop_alternates_html(html: str) -> str:
    """Remove the ``<link rel="alternate" hreflang=...>`` lines of a page's head.

    The theme fetches ``sitemap.xml`` next to each alternate to map pages between languages;
    with the i18n plugin's per-page alternates that is two 404s per page view. The language
    links in the page (``<a hreflang=...>``) already lead to the same page in the other
    language, so nothing is lost for the reader."""
    return _ALTERNATE.sub("", html)


def drop_alternates(site: Path) -> int:
    """:func:`drop_alternates_html` on every page of ``site``; returns the number changed."""
    n = 0
    for f in sorted(site.rglob("*.html")):
        html = f.read_text(encoding="utf-8")
        new = drop_alternates_html(html)
        if new != html:
            f.write_text(new, encoding="utf-8")
            n += 1
    return n
