"""``mkdocs build --strict`` of one language, in this process, with two additions of ours.

The writer (pages/writer.py) runs one of these per language side by side, each in its own
process, each into its own folder, then merges them. mkdocs-static-i18n would build the
languages one after the other in one process (its ``on_post_build`` builds the others); here
its state is set to the one language of this build.

The plugin :class:`PageCache`, registered after the configured ones:

- **keeps memory flat**: MkDocs converts every page before it writes any, holding all of
  their HTML; the plugin moves each page's HTML to a file in ``stash`` as soon as it is made
  and takes it back just before the page's template is rendered, so only one page's HTML is
  in memory at a time, however large the archive;
- **does each page once**: the finished HTML of a page is stored (cache.Store) under a hash
  of its Markdown, its path, the list of every page of the build and everything else that
  shapes it (:func:`fingerprint`); when the same page comes again, its Markdown is not
  converted and its template not rendered: the stored HTML is written, and the anchors it
  has and links to are restored, so MkDocs still checks every link to an anchor;
- **finishes the HTML** of each page (pages/postbuild.py): inline scripts become files, the
  ``<link rel="alternate" hreflang>`` lines are dropped, before the page is stored.

Pages of the navigation are always built (the theme takes their titles from them).
"""
from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

from mkdocs.plugins import BasePlugin, event_priority

from ..cache import Store, code_version, digest
from . import rawhtml
from .postbuild import LANG_PREFIX, NOT_FOUND, drop_alternates_html, externalize_html, not_found_html

CACHED_TEMPLATE = "_page_cache.html"
_THEME_DIR = Path(__file__).parent / "theme_cache"


def fingerprint(root: Path, config_text: str, lang: str, pages: list[str]) -> str:
    """What shapes a page's HTML besides its own Markdown and path: the build's code and
    packages, the site configuration, the theme overrides, the language, the date the
    build is as of, and the list of every page (a link's URL, and whether MkDocs accepts it,
    depend on which pages exist)."""
    parts = [code_version(), config_text, lang, os.environ.get("SOURCE_DATE_EPOCH", ""), "\n".join(sorted(pages))]
    for folder in ("overrides",):
        base = root / folder
        if base.is_dir():
            for f in sorted(base.rglob("*")):
                if f.is_file():
                    parts += [str(f.relative_to(root)), f.read_bytes()]
    return digest(*parts)


class PageCache(BasePlugin):
    def __init__(self, store: Store | None, fingerprint: str, stash: Path, keep: frozenset[str] = frozenset()):
        super().__init__()
        self.store, self.fp, self.stash, self.keep = store, fingerprint, Path(stash), keep
        self.stash.mkdir(parents=True, exist_ok=True)
        self.hits: dict[str, dict] = {}
        self.keys: dict[str, str] = {}
        self.stashed: dict[str, Path] = {}
        self.built = 0

    def on_config(self, config):
        config.theme.dirs.append(str(_THEME_DIR))
        return config

    # before the i18n plugin's (50), which reads every line of a page's Markdown for admonition
    # titles to translate: a stored page has no Markdown left to read (the key is taken on
    # the page as written; what the plugin makes of it depends on the configuration only,
    # which is in the fingerprint)
    @event_priority(60)
    def on_page_markdown(self, markdown, page, config, files):
        uri = page.file.src_uri
        if self.store is None or uri in self.keep:
            return markdown
        key = self.keys[uri] = digest(self.fp, uri, markdown)
        entry = self.store.get(key)
        if entry is None:
            return markdown
        self.hits[uri] = entry
        page.meta["template"] = CACHED_TEMPLATE        # nothing to render: the HTML is stored
        return ""

    def on_page_content(self, html, page, config, files):
        uri = page.file.src_uri
        entry = self.hits.get(uri)
        if entry is not None:
            page.present_anchor_ids = set(entry["anchors"])
            links = {}
            for target, anchors in entry["links"].items():
                f = files.get_file_from_path(target)
                if f is not None:
                    links[f] = dict(anchors)
            page.links_to_anchors = links
            return ""
        # the ids of the HTML the templates wrote whole (pages/rawhtml.py): anchors too
        page.present_anchor_ids = (page.present_anchor_ids or set()) | rawhtml.IDS
        path = self.stash / f"{len(self.stashed)}.html"
        path.write_text(html, encoding="utf-8")
        self.stashed[uri] = path
        page.markdown = ""
        return ""

    def on_page_context(self, context, page, config, nav):
        path = self.stashed.get(page.file.src_uri)
        if path is not None:
            page.content = path.read_text(encoding="utf-8")
        return context

    def on_post_page(self, output, page, config):
        uri = page.file.src_uri
        site = Path(config.site_dir)
        dest = Path(page.file.abs_dest_path)
        entry = self.hits.get(uri)
        if entry is not None:
            for name, body in entry["scripts"].items():
                _write_script(site, name, body)
            return entry["html"]
        scripts: dict[str, str] = {}
        if dest.parent.name == NOT_FOUND:      # becomes the 404 page (postbuild.not_found_pages)
            output = not_found_html(output, LANG_PREFIX.get(uri.split("/", 1)[0], ""))
        output = externalize_html(output, site, dest, scripts)
        for name, body in scripts.items():
            _write_script(site, name, body)
        output = drop_alternates_html(output)
        self.built += 1
        if self.store is not None and uri in self.keys:
            self.store.put(self.keys[uri], {
                "html": output, "scripts": scripts, "anchors": sorted(page.present_anchor_ids or ()),
                "links": {f.src_uri: dict(a) for f, a in (page.links_to_anchors or {}).items()}})
        page.content = None
        return output


def _write_script(site: Path, name: str, body: str) -> None:
    path = site / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")


def build_language(config_file: str, lang: str, store: Store | None, fp: str, stash: Path,
                   keep: frozenset[str], out) -> tuple[bool, dict]:
    """Build one language; strict as ``mkdocs build --strict`` (a warning fails the build).
    Messages go to ``out``. Returns (success, figures)."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    class _Count(logging.Handler):
        warnings = 0

        def emit(self, record):
            if record.levelno >= logging.WARNING:
                _Count.warnings += 1
                print(f"{record.levelname}: {record.getMessage()}", file=out)

    log = logging.getLogger("mkdocs")
    handler = _Count()
    log.addHandler(handler)
    log.setLevel(logging.WARNING)
    log.propagate = False
    cache = PageCache(store, fp, stash, keep)
    try:
        cfg = load_config(config_file, strict=True)
        i18n = cfg.plugins["i18n"]
        i18n.current_language = lang     # the plugin's own state: the language of this build
        i18n.building = True             # and no other (its on_post_build builds the rest otherwise)
        cfg.plugins["site-page-cache"] = cache
        build(cfg)
    except exceptions.MkDocsException as e:
        print(f"ERROR: {e}", file=out)
        return False, {}
    finally:
        log.removeHandler(handler)
    figures = {"pages_built": cache.built, "pages_cached": len(cache.hits)}
    return _Count.warnings == 0, figures


def main(argv: list[str]) -> int:
    """``python -m build_scripts.pages.mkdocs_build CONFIG LANG``: one language, no cache."""
    import tempfile

    config_file, lang = argv
    ok, figures = build_language(config_file, lang, None, "", Path(tempfile.mkdtemp()), frozenset(), sys.stderr)
    print(json.dumps(figures))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
