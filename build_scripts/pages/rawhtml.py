"""A Python-Markdown extension (mkdocs.yml, ``markdown_extensions``): HTML that a template
has written whole passes through untouched, without being parsed.

A template writes such HTML (the tables that list tasks on agency, month and deadline pages)
between two marker lines::

    <!--raw-->
    <div class="task-list"><table class="cards">...</table></div>
    <!--/raw-->

Python-Markdown would otherwise read that HTML tag by tag to find where it ends, and MkDocs
read it again to find its ``id``s: on the pages that list tasks, most of the time a build
spends in MkDocs. This preprocessor, which runs before both, puts each block in
Python-Markdown's own store of raw HTML (put back unchanged in the output) and notes its
``id``s in :data:`IDS`, which pages/mkdocs_build.py adds to the page's anchors, so MkDocs still
checks every link to an anchor.

What a template writes there is final HTML: text escaped for HTML, links as the URLs readers
follow (render.page_url), table captions and column labels (what captions.py adds to the
tables of Markdown). MkDocs neither rewrites nor checks those links; tests/test_site.py checks
every link and anchor of the built site.
"""
from __future__ import annotations

import re

from markdown import Extension
from markdown.preprocessors import Preprocessor

START, END = "<!--raw-->", "<!--/raw-->"
_ID = re.compile(r'\sid="([^"]*)"')

# The ids of the raw blocks of the document converted last (read right after the conversion).
IDS: set[str] = set()


class RawBlocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        IDS.clear()
        if START not in lines:
            return lines
        out: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.strip() != START:
                out.append(line)
                i += 1
                continue
            try:
                j = next(k for k in range(i + 1, len(lines)) if lines[k].strip() == END)
            except StopIteration:        # not closed: left to Markdown as it is
                out.append(line)
                i += 1
                continue
            html = "\n".join(lines[i + 1:j])
            IDS.update(_ID.findall(html))
            out += ["", self.md.htmlStash.store(html), ""]
            i = j + 1
        return out


class RawHtmlExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # after whitespace is normalised (30), before MkDocs reads raw HTML for ids (21) and
        # Python-Markdown parses raw HTML blocks (20)
        md.preprocessors.register(RawBlocks(md), "raw_blocks", 25)


def makeExtension(**kwargs):
    return RawHtmlExtension(**kwargs)
