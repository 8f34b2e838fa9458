"""A Python-Markdown extension (mkdocs.yml, ``markdown_extensions``): every table gets a
``<caption>``, so a screen reader announces what a table is before reading its cells, and
its cells their column's name (``data-label``, for the phone layout).

The caption is the ``data-caption`` of the ``<div>`` that wraps the table in a template
(shown, unless the div is a key-value table, class ``kv``), or else the heading just above
the table (hidden on screen, where the heading already says it: class ``visually-hidden``,
site.css). A table with neither stays without.
Independent of the theme: it works on the HTML tree Python-Markdown builds.
"""
from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _text(el: etree.Element) -> str:
    """A heading's words, without its permalink (the "¶" the toc extension adds)."""
    parts = [el.text or ""]
    for child in el:
        if child.get("class", "").split() and "headerlink" in child.get("class", "").split():
            parts.append(child.tail or "")
            continue
        parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _label_cells(table: etree.Element) -> None:
    """Each cell carries its column's header as ``data-label``, and a table of three columns
    or more the class ``cards``: on a phone, site.css stacks its rows as cards, each cell on
    its own line after its label, so no table is wider than the screen."""
    head = table.find("thead")
    ths = head.findall("tr/th") if head is not None else []
    labels = ["".join(th.itertext()).strip() for th in ths]
    if len(labels) < 3 or not any(labels):
        return
    table.set("class", (table.get("class", "") + " cards").strip())
    body = table.find("tbody")
    for tr in body.findall("tr") if body is not None else []:
        for label, td in zip(labels, tr.findall("td")):
            if label:
                td.set("data-label", label)


def _key_value(table: etree.Element) -> None:
    """A two-column table whose header cells are all empty (``| | |``: the key-value tables
    of the templates, class ``kv``) has no header row: it loses the empty one, and each
    row's first cell becomes its header (``<th scope="row">``)."""
    head = table.find("thead")
    if head is None or any("".join(th.itertext()).strip() for th in head.iter("th")):
        return
    table.remove(head)
    body = table.find("tbody")
    for tr in body.findall("tr") if body is not None else []:
        first = tr.find("td")
        if first is not None:
            first.tag = "th"
            first.set("scope", "row")


class CaptionTables(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self._walk(root, None)

    def _walk(self, parent: etree.Element, heading: str | None) -> str | None:
        for el in list(parent):
            if el.tag in HEADINGS:
                heading = _text(el)
            elif el.tag == "table":
                _key_value(el)
                self._caption(el, parent.get("data-caption"), heading,
                              hidden="kv" in parent.get("class", "").split())
                heading = None          # a heading names the first table below it only
            elif len(el):
                inner = self._walk(el, heading)
                heading = inner if el.tag == "div" else heading
        return heading

    @staticmethod
    def _caption(table: etree.Element, given: str | None, heading: str | None, hidden: bool = False) -> None:
        _label_cells(table)
        if table.find("caption") is not None or not (given or heading):
            return
        cap = etree.Element("caption")
        cap.text = given or heading
        if hidden or not given:
            cap.set("class", "visually-hidden")
        table.insert(0, cap)


class CaptionExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # after the toc extension (priority 5) has added permalinks, before serialisation
        md.treeprocessors.register(CaptionTables(md), "table_captions", 4)


def makeExtension(**kwargs):
    return CaptionExtension(**kwargs)
