"""What docgen takes from docxtpl: its tag preparation, and its full render as the fallback."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from pathlib import Path

import docxtpl
from docx.oxml.ns import qn

from docgen.render.env import make_environment
from docgen.render.tidy import core_properties, restore_core_prefix, tidy_docx

restore_core_prefix()  # docxtpl imports docxcompose, which remaps "cp" for the whole process

# Tags whose handling needs docxtpl's rewriting of the table or run structure.
_FALLBACK_TAGS = (
    (re.compile(r"\{%tc |\{\{tc |\{#tc "), "表格列循环或删列 {%tc %}/{#tc #}"),
    (re.compile(r"\{%\s*(?:colspan|cellbg)\s"), "单元格 colspan/cellbg"),
    (re.compile(r"\{%\s*[vh]m\s*%\}"), "循环合并单元格 {% vm %}/{% hm %}"),
    (re.compile(r"\{\{r |\{%r "), "富文本 {{r }}"),
    (re.compile(r"\{\{p "), "子文档 {{p }}"),
)
_LOOP = re.compile(r"\{%-?\s*(?:tr |p |)\s*for\s")
_TAG_BODY = re.compile(r"(?<=\{[{%])(.*?)(?=[}%]\})")
_ENTITIES = {"&amp;": "&", "&quot;": '"', "&apos;": "'", "&#8217;": "'", "&#8220;": '"', "&#8221;": '"'}
_ENTITY_RE = re.compile("|".join(_ENTITIES))


def patch_xml(xml: str) -> str:
    """docxtpl's own preparation (joins split tags, handles {%p %}/{%tr %}/...), then entities
    inside tags unescaped, which docxtpl leaves as &amp; (its quirk 2)."""
    patched = docxtpl.DocxTemplate.patch_xml(None, xml)
    return _TAG_BODY.sub(lambda m: _ENTITY_RE.sub(lambda e: _ENTITIES[e.group(0)], m.group(0)), patched)


def resolve_listing(xml: str) -> str:
    """docxtpl's markers in values: \\a a new paragraph, \\f a page break (and \\n, \\t)."""
    return docxtpl.DocxTemplate.resolve_listing(None, xml)


def needs_fallback(sources: Mapping[str, str]) -> str | None:
    """Why a template must go through docxtpl's full render, or None for the fast path."""
    for xml in sources.values():
        text = re.sub(r"<[^>]+>", "", xml)
        for pattern, reason in _FALLBACK_TAGS:
            if pattern.search(text):
                return reason
        if "<wp:docPr" in xml and _LOOP.search(text):
            return "循环中的图片"
    return None


class _Template(docxtpl.DocxTemplate):
    """docxtpl with docgen's tag preparation and properties rendered once, as typed."""

    text_env = make_environment(xml=False)

    def patch_xml(self, src_xml: str) -> str:
        return patch_xml(src_xml)

    def render_properties(self, context, jinja_env=None) -> None:
        props = core_properties(self.docx)
        for name in ("author", "comments", "identifier", "language", "subject", "title"):
            initial = getattr(props, name)
            if initial and ("{{" in initial or "{%" in initial):
                setattr(props, name, self.text_env.from_string(initial).render(context))


class FallbackRenderer:
    """Renders with docxtpl for templates the fast path does not cover."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.env = make_environment(inline_breaks=False)

    def render(self, context: Mapping[str, object]) -> bytes:
        template = _Template(str(self.path))
        template.render(dict(context), jinja_env=self.env, autoescape=True)
        _blank_merged_continuations(template.docx.element.body)
        buffer = io.BytesIO()
        template.save(buffer)
        return tidy_docx(buffer.getvalue())


def _blank_merged_continuations(body) -> None:
    """Empty the text of vMerge=continue cells: docxtpl's {% vm %} leaves it there (quirk 3)."""
    for merge in body.iter(qn("w:vMerge")):
        if merge.get(qn("w:val"), "continue") != "continue":
            continue
        cell = merge.getparent().getparent()
        for text in cell.iter(qn("w:t")):
            text.text = ""
