"""docxtpl's DocxTemplate with two repairs, each for a document that would otherwise come out
silently wrong.

A section break on a {%p %} paragraph. Word keeps a section break (w:sectPr) on the last
paragraph of its section; when that paragraph holds a {%p … %} tag, docxtpl replaces the whole
paragraph by the bare tag, and the break goes with it: two sections become one, with one set of
headers, footers, page orientation and margins. So before filling, the break is lifted out of
the paragraph and left bare in the body, on the side of the tag where it stays whatever the tag
decides; after filling, it is put into an empty paragraph of its own, as Word keeps a break.
Bare, not in a new paragraph before filling: docxtpl hands Jinja a paragraph a line, and an
added paragraph would shift the paragraph numbers mistakes are reported by.

The footnotes filled once. docxtpl fills them once per section, each time from what the
previous time made of them: a literal {{ (written {_{ in Word) became a tag the second time.
"""
from __future__ import annotations

import copy
import re
from typing import Any

from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from lxml import etree

from generator.render.diagnostics import FOOTNOTES
from generator.render.tagscan import check_scan

_TAG = re.compile(r"^\s*\{[%{#]-?\s*(\w*)")


class WordTemplate(DocxTemplate):
    def patch_xml(self, src_xml: str) -> str:
        check_scan(src_xml)  # docxtpl's patterns run in C, where the watchdog cannot stop them
        return str(super().patch_xml(src_xml))

    def build_xml(self, context: Any, jinja_env: Any = None) -> str:
        _lift_section_breaks(self)
        return super().build_xml(context, jinja_env)

    def map_tree(self, tree: Any) -> None:
        for section in tree.findall(qn("w:sectPr")):
            if section.getnext() is None:  # the body's own, last in it
                continue
            paragraph = etree.Element(qn("w:p"))
            section.addprevious(paragraph)
            etree.SubElement(paragraph, qn("w:pPr")).append(section)
        super().map_tree(tree)

    def render_footnotes(self, context: Any, jinja_env: Any = None) -> None:
        for part in self.docx.part.package.parts:
            if part.content_type == FOOTNOTES:
                xml = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
                part._blob = self.render_xml_part(self.patch_xml(xml), part, context, jinja_env).encode("utf-8")


def _lift_section_breaks(doc: DocxTemplate) -> None:
    """Each section break on a paragraph docxtpl replaces by its tag, moved beside the paragraph:
    after a closing tag ({%p endif %}), before an opening one ({%p if … %}), on both sides of
    {%p else %} and {%p elif … %}, the end of one branch and the start of the other."""
    for paragraph in doc.docx.element.body.findall(qn("w:p")):
        section = paragraph.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if section is None:
            continue
        patched = doc.patch_xml(doc.xml_to_string(paragraph))
        tag = _TAG.match(patched)
        if tag is None or "sectPr" in patched:  # not a {%p %} paragraph: docxtpl keeps it whole
            continue
        name = tag.group(1)
        if name in ("else", "elif"):
            paragraph.addprevious(copy.deepcopy(section))
        if name.startswith("end") or name in ("else", "elif"):
            paragraph.addnext(section)
        else:
            paragraph.addprevious(section)
