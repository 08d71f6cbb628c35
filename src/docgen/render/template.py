"""A Word template compiled once: its tagged parts prepared and their Jinja compiled, then rendered per case."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError as JinjaError
from jinja2 import meta
from lxml import etree
from markupsafe import escape

from docgen.errors import TemplateError
from docgen.render import docxtpl_compat as compat
from docgen.render.diagnose import check_names, runtime_message, template_error
from docgen.render.env import make_environment
from docgen.render.package import Package, PackageWriter

_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_HAS_TAG = re.compile(r"\{[{%#]|\{_[{%]|[%}]_\}")
_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_CORE_PROPS = ("title", "subject", "creator", "description", "identifier", "language")
_LITERALS = {"{_{": "{{ '{{' }}", "}_}": "{{ '}}' }}", "{_%": "{{ '{%' }}", "%_}": "{{ '%}' }}"}
_LITERAL_RE = re.compile("|".join(re.escape(k) for k in _LITERALS))


@dataclass
class _Part:
    """A tagged XML part: fixed text around a compiled Jinja template."""

    name: str
    head: str
    template: object
    tail: str

    def render(self, context: Mapping[str, object]) -> bytes:
        text = self.template.render(context)
        if "\x07" in text or "\x0c" in text:
            text = compat.resolve_listing(text)
        return (self.head + text + self.tail).encode("utf-8")


@dataclass
class _CoreProps:
    """docProps/core.xml with the tagged properties rendered as plain text, escaped once."""

    pieces: list[str]
    templates: list[object]

    def render(self, context: Mapping[str, object]) -> bytes:
        out = [self.pieces[0]]
        for template, piece in zip(self.templates, self.pieces[1:]):
            out += (str(escape(template.render(context))), piece)
        return "".join(out).encode("utf-8")


class DocxTemplate:
    """A .docx template ready to render many cases.

    The fast path renders the tagged parts with Jinja and copies every other part as stored.
    Templates that need docxtpl's table rewriting (column loops, merges, rich text, sub-documents)
    are rendered by docxtpl itself, with docgen's environment and its defects corrected.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.name = self.path.stem
        self.package = Package.read(self.path)
        self._env = make_environment()
        self._text_env = make_environment(xml=False)
        sources = self._sources()
        self.fallback_reason = compat.needs_fallback(sources)
        self._parts: list[_Part] = []
        self._core: _CoreProps | None = None
        self.fields = self._compile(sources)
        rendered = [p.name for p in self._parts] + ([self.package.core] if self._core else [])
        self._writer = PackageWriter(self.package, rendered)
        self._fallback = compat.FallbackRenderer(self.path) if self.fallback_reason else None

    @property
    def fast(self) -> bool:
        return self.fallback_reason is None

    def render(self, context: Mapping[str, object]) -> bytes:
        """The .docx bytes for one case."""
        try:
            if self._fallback is not None:
                return self._fallback.render(context)
            parts = {p.name: p.render(context) for p in self._parts}
            if self._core is not None:
                parts[self.package.core] = self._core.render(context)
            return self._writer.build(parts)
        except TemplateError:
            raise
        except Exception as exc:  # Jinja runtime errors, type errors in expressions
            raise TemplateError(f"套用模板 {self.path.name} 时出错：{runtime_message(exc)}") from exc

    # -- preparation ----------------------------------------------------------------------
    def _sources(self) -> dict[str, str]:
        """Each part's XML as docxtpl sees it before patching (tagged parts only)."""
        package = self.package
        found: dict[str, str] = {}
        root = etree.fromstring(package.xml(package.document), _PARSER)
        body = root.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body")
        if body is None:
            raise TemplateError(f"模板 {self.path.name} 的正文结构无法识别")
        found[package.document] = etree.tostring(body, encoding="unicode")
        for name in package.headers_footers:
            found[name] = etree.tostring(etree.fromstring(package.xml(name), _PARSER), encoding="unicode")
        for name in package.footnotes:
            found[name] = package.xml(name).decode("utf-8")
        return {name: xml for name, xml in found.items() if _HAS_TAG.search(_text_of(xml))}

    def _compile(self, sources: dict[str, str]) -> set[str]:
        fields: set[str] = set()
        for name, xml in sources.items():
            patched = compat.patch_xml(xml)
            source = _LITERAL_RE.sub(lambda m: _LITERALS[m.group(0)], patched)
            tree = self._parse(source, name, xml)
            try:
                template = self._env.from_string(tree)
            except JinjaError:
                raise template_error(self._env, source, name, self.path.name, xml) from None
            fields |= meta.find_undeclared_variables(tree)
            if self.fast:
                head, tail = self._frame(name)
                self._parts.append(_Part(name, head, template, tail))
        fields |= self._compile_core()
        return fields - set(self._env.globals)

    def _frame(self, name: str) -> tuple[str, str]:
        """Text before and after the rendered XML in the written part."""
        if name == self.package.document:
            root = etree.fromstring(self.package.xml(name), _PARSER)
            body = root[-1] if root[-1].tag.endswith("}body") else root.find("{*}body")
            marker = etree.SubElement(root, "docgen-marker")
            root.replace(body, marker)
            text = etree.tostring(root, encoding="UTF-8", standalone=True).decode("utf-8")
            head, tail = text.split("<docgen-marker/>")
            return head, tail
        if name in self.package.footnotes:
            return "", ""
        return _DECLARATION, ""

    def _parse(self, source: str, part: str, original: str):
        """The checked Jinja syntax tree of a part; an error names the paragraph holding the broken tag."""
        try:
            tree = self._env.parse(source)
            check_names(tree, self._env)
            return tree
        except JinjaError:
            raise template_error(self._env, source, part, self.path.name, original) from None

    def _compile_core(self) -> set[str]:
        core = self.package.core
        if core is None:
            return set()
        root = etree.fromstring(self.package.xml(core))
        fields: set[str] = set()
        templates, marks = [], []
        for element in root:
            local = element.tag.rsplit("}", 1)[-1]
            if local in _CORE_PROPS and element.text and _HAS_TAG.search(element.text):
                text = element.text
                try:
                    tree = self._text_env.parse(text)
                    check_names(tree, self._text_env)
                    templates.append(self._text_env.from_string(tree))
                except JinjaError:
                    raise template_error(self._text_env, text, core, self.path.name) from None
                fields |= meta.find_undeclared_variables(tree)
                element.text = f"\ue000{len(marks)}\ue000"
                marks.append(local)
        if templates and self.fast:
            xml = etree.tostring(root, encoding="UTF-8", standalone=True).decode("utf-8")
            pieces = re.split("\ue000\\d+\ue000", xml)
            self._core = _CoreProps(pieces, templates)
        return fields


def _text_of(xml: str) -> str:
    return re.sub(r"<[^>]+>", "", xml)
