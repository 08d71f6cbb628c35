"""A Word template compiled once: its tagged parts prepared and their Jinja compiled, then rendered per case."""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Template, meta, nodes
from jinja2 import TemplateError as JinjaError
from lxml import etree
from markupsafe import escape

from docgen.errors import DocgenError, TemplateError
from docgen.render import docxtpl_compat as compat
from docgen.render.diagnose import check_names, runtime_message, template_error
from docgen.render.env import make_environment, to_text
from docgen.render.package import Package, PackageWriter

_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_HAS_TAG = re.compile(r"\{[{%#]|\{_[{%]|[%}]_\}")
_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_CORE_PROPS = ("title", "subject", "creator", "description", "identifier", "language")
_LITERALS = {"{_{": "{{ '{{' }}", "}_}": "{{ '}}' }}", "{_%": "{{ '{%' }}", "%_}": "{{ '%}' }}"}
_LITERAL_RE = re.compile("|".join(re.escape(k) for k in _LITERALS))
# Stands in for a value not known yet (the 文号 before it is allocated); random, so no cell can hold it.
SLOT_TOKEN = "docgenslot" + secrets.token_hex(8)


def _run(template: Template, variables: dict[str, object]) -> str:
    """What `template.render(variables)` gives, without copying the variables for every part: they
    already hold the environment's globals (see `DocxTemplate._render_parts`) and stay unchanged."""
    return template.environment.concat(template.root_render_func(template.new_context(variables, shared=True)))


@dataclass
class _Part:
    """A tagged XML part: fixed text around a compiled Jinja template."""

    name: str
    head: str
    template: Template
    tail: str

    def render(self, variables: dict[str, object]) -> bytes:
        text = _run(self.template, variables)
        if "\x07" in text or "\x0c" in text:
            text = compat.resolve_listing(text)
        return (self.head + text + self.tail).encode("utf-8")


@dataclass
class _CoreProps:
    """docProps/core.xml with the tagged properties rendered as plain text, escaped once."""

    pieces: list[str]
    templates: list[Template]

    def render(self, variables: dict[str, object]) -> bytes:
        out = [self.pieces[0]]
        for template, piece in zip(self.templates, self.pieces[1:]):
            out += (str(escape(_run(template, variables))), piece)
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
        self._trees: list[nodes.Template] = []
        self.fields = self._compile(sources)
        # fields only ever printed as they are: a value can be written in after rendering (`prerender`)
        self._plain = self.fields - set().union(*(_not_plain(tree) for tree in self._trees))
        del self._trees
        rendered = [p.name for p in self._parts] + ([self.package.core] if self._core else [])
        self._writer = PackageWriter(self.package, rendered)
        self._fallback = compat.FallbackRenderer(self.path) if self.fallback_reason else None

    @property
    def fast(self) -> bool:
        return self.fallback_reason is None

    def render(self, context: Mapping[str, object]) -> bytes:
        """The .docx bytes for one case."""
        if self._fallback is None:
            return self._writer.build(self._render_parts(context))
        try:
            return self._fallback.render(context)
        except DocgenError:  # a template error, or a row refused for want of a value (必填)
            raise
        except Exception as exc:  # Jinja runtime errors, type errors in expressions
            raise TemplateError(f"套用模板 {self.path.name} 时出错：{runtime_message(exc)}") from exc

    def check(self, context: Mapping[str, object]) -> None:
        """Render the parts without building a file: raises what `render` would (a row refused for want
        of a value), so a merge can refuse a row before it spends a document number on it."""
        if self._fallback is not None:
            return
        self._render_parts(context)

    def prerender(self, context: Mapping[str, object], slot: str) -> Prerendered | None:
        """Render a case whose `slot` value is not known yet, raising what `render` would; `finish` then
        writes the value in. None (after the same check) when the template uses `slot` otherwise than
        printing it as is, or is rendered by docxtpl: render the whole case again once the value is known."""
        if self._fallback is not None:
            return None
        if slot not in self._plain:
            self.check({**context, slot: ""})
            return None
        return Prerendered(slot, self._render_parts(context, {slot: SLOT_TOKEN}))

    def finish(self, prerendered: Prerendered, value: object) -> bytes:
        """The .docx bytes of a prerendered case, with its slot's value written in."""
        text = str(escape(to_text(value))).encode("utf-8")
        return self._writer.build({name: data.replace(_SLOT_BYTES, text) for name, data in prerendered.parts.items()})

    def _render_parts(
        self, context: Mapping[str, object], more: Mapping[str, object] | None = None
    ) -> dict[str, bytes]:
        """Each tagged part rendered from `context` and `more`; a Jinja error becomes a TemplateError."""
        # one copy for all parts (both environments' globals agree)
        variables = {**self._env.globals, **context, **(more or {})}
        try:
            parts = {p.name: p.render(variables) for p in self._parts}
            if self._core is not None:
                parts[self.package.core] = self._core.render(variables)
            return parts
        except DocgenError:
            raise
        except Exception as exc:
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
            self._trees.append(tree)
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
                self._trees.append(tree)
                element.text = f"\ue000{len(marks)}\ue000"
                marks.append(local)
        if templates and self.fast:
            xml = etree.tostring(root, encoding="UTF-8", standalone=True).decode("utf-8")
            pieces = re.split("\ue000\\d+\ue000", xml)
            self._core = _CoreProps(pieces, templates)
        return fields


_SLOT_BYTES = SLOT_TOKEN.encode("ascii")


@dataclass(frozen=True)
class Prerendered:
    """A case's rendered parts, its one unknown value still a token (see `DocxTemplate.prerender`)."""

    slot: str
    parts: dict[str, bytes]


def _not_plain(tree: nodes.Template) -> set[str]:
    """Names a template uses otherwise than printed as is ({{ x }}): in a filter, test, condition, loop…"""
    printed = {id(child) for output in tree.find_all(nodes.Output) for child in output.nodes}
    return {name.name for name in tree.find_all(nodes.Name) if id(name) not in printed or name.ctx != "load"}


def _text_of(xml: str) -> str:
    return re.sub(r"<[^>]+>", "", xml)
