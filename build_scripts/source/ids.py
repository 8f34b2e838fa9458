"""Ids an editor chooses (document folders, agencies) become file names and URLs: they must be
plain slugs, and must not take the name of a page the build makes itself."""
from __future__ import annotations

import re

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID = 64
# plans/index.md, plans/without-lead.md, plans/by-year/ ... and names a web server or MkDocs treat apart.
RESERVED_DOCUMENT_IDS = frozenset({"index", "without-lead", "by-year", "all", "search", "assets", "data", "source-texts",
                                   "en", "vi", "404", "sitemap", "tasks", "calendar", "none", "ongoing", "roadmap"})
# agencies/index.md, agencies/provinces.md, data/calendar/all.ics
RESERVED_AGENCY_IDS = frozenset({"index", "provinces", "all", "404"})


def id_problem(name: str, reserved=RESERVED_DOCUMENT_IDS) -> str:
    """Why ``name`` cannot be an id, or ''."""
    if not SLUG.match(name):
        return "lower-case letters a-z, digits and single hyphens only (no dots, spaces, accents or capitals)"
    if len(name) > MAX_ID:
        return f"at most {MAX_ID} characters"
    if name in reserved:
        return f"'{name}' is the name of a page the build makes itself"
    return ""
