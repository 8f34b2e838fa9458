"""``mkdocs build`` of one language: ``python -m build_scripts.pages.mkdocs_lang CONFIG LANG``.

mkdocs-static-i18n builds the languages one after the other in one process (its
``on_post_build`` runs ``build()`` again for each further language). The writer runs one of
these per language instead, side by side on two cores, each into its own folder, and merges
them; the pages are the same as those of one ``mkdocs build --strict`` (tests/test_scale.py
compares the two). Strict as ``mkdocs build --strict``: a warning fails the build.
"""
from __future__ import annotations

import logging
import sys


def main(argv: list[str]) -> int:
    config_file, lang = argv
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    class _Count(logging.Handler):
        warnings = 0

        def emit(self, record):
            if record.levelno >= logging.WARNING:
                _Count.warnings += 1
                print(f"{record.levelname}: {record.getMessage()}", file=sys.stderr)

    log = logging.getLogger("mkdocs")
    log.addHandler(_Count())
    log.setLevel(logging.WARNING)
    log.propagate = False
    try:
        cfg = load_config(config_file, strict=True)
        i18n = cfg.plugins["i18n"]
        i18n.current_language = lang     # the plugin's own state: the language of this build
        i18n.building = True             # and no other (its on_post_build builds the rest otherwise)
        build(cfg)
    except exceptions.MkDocsException as e:
        print(f"ERROR: {e}", file=sys.stderr)
        return 1
    return 1 if _Count.warnings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
