"""Effective formatting of a paragraph or run: direct formatting over styles over document defaults."""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document
from docx.oxml.ns import qn
from lxml import etree

_THEME = "主题字体"
_IND_ATTRS = ("firstLine", "firstLineChars", "hanging", "hangingChars", "left", "start", "right", "end", "rightChars")


@dataclass(frozen=True)
class RunFormat:
    """What a run looks like: East Asian and Latin font, size in points, colour (hex or None)."""

    east_asian: str | None
    latin: str | None
    size: float | None
    color: str | None


@dataclass(frozen=True)
class ParagraphFormat:
    """What a paragraph's layout is: alignment, line spacing and indents (points or characters)."""

    align: str
    line: float | None  # points when exact or at least, a multiple of single when auto
    line_rule: str
    first_line: float  # points; negative for a hanging indent
    first_line_chars: float | None
    left: float
    right: float
    right_chars: float | None


class Resolver:
    """Follows a document's style chains (basedOn) and docDefaults."""

    def __init__(self, document: Document) -> None:
        root = document.styles.element
        self._styles = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
        defaults = root.find(qn("w:docDefaults"))
        self._rpr_default = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
        self._ppr_default = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}") if defaults is not None else None
        default_para = [s for s in self._styles.values() if s.get(qn("w:type")) == "paragraph" and _on(s, "default")]
        self._default_para = default_para[0].get(qn("w:styleId")) if default_para else None

    def run(self, paragraph: etree._Element, run: etree._Element) -> RunFormat:
        layers = [self._rpr_default]
        layers += [s.find(qn("w:rPr")) for s in self._chain(self._para_style_id(paragraph))]
        rpr = run.find(qn("w:rPr"))
        char_style = rpr.find(qn("w:rStyle")) if rpr is not None else None
        if char_style is not None:
            layers += [s.find(qn("w:rPr")) for s in self._chain(char_style.get(qn("w:val")))]
        layers.append(rpr)
        east, latin, size, color = None, None, None, None
        for layer in layers:
            if layer is None:
                continue
            fonts = layer.find(qn("w:rFonts"))
            if fonts is not None:
                east = _THEME if fonts.get(qn("w:eastAsiaTheme")) else fonts.get(qn("w:eastAsia"), east)
                latin = _THEME if fonts.get(qn("w:asciiTheme")) else fonts.get(qn("w:ascii"), latin)
            sz = layer.find(qn("w:sz"))
            if sz is not None and sz.get(qn("w:val")):
                size = int(sz.get(qn("w:val"))) / 2
            col = layer.find(qn("w:color"))
            if col is not None and col.get(qn("w:val")):
                color = col.get(qn("w:val")).upper()
        return RunFormat(east, latin, size, color)

    def paragraph(self, paragraph: etree._Element) -> ParagraphFormat:
        layers = [self._ppr_default]
        layers += [s.find(qn("w:pPr")) for s in self._chain(self._para_style_id(paragraph))]
        layers.append(paragraph.find(qn("w:pPr")))
        values: dict[str, str] = {}
        for layer in layers:
            if layer is None:
                continue
            jc = layer.find(qn("w:jc"))
            if jc is not None:
                values["jc"] = jc.get(qn("w:val"), "left")
            spacing = layer.find(qn("w:spacing"))
            if spacing is not None:
                for attr in ("line", "lineRule"):
                    if spacing.get(qn(f"w:{attr}")) is not None:
                        values[attr] = spacing.get(qn(f"w:{attr}"))
            ind = layer.find(qn("w:ind"))
            if ind is not None:
                for attr in _IND_ATTRS:
                    value = ind.get(qn(f"w:{attr}"))
                    if value is not None:
                        values[attr] = value
                        if attr in ("hanging", "hangingChars"):
                            values.pop("firstLine", None)
                            values.pop("firstLineChars", None)
                        if attr in ("firstLine", "firstLineChars"):
                            values.pop("hanging", None)
                            values.pop("hangingChars", None)
        rule = values.get("lineRule", "auto")
        line = values.get("line")
        first = -_pt(values["hanging"]) if "hanging" in values else _pt(values.get("firstLine", "0"))
        first_chars = values.get("firstLineChars")
        return ParagraphFormat(
            align=values.get("jc", "left"),
            line=(int(line) / 240 if rule == "auto" else int(line) / 20) if line else None,
            line_rule=rule,
            first_line=first,
            first_line_chars=int(first_chars) / 100 if first_chars is not None else None,
            left=_pt(values.get("left", values.get("start", "0"))),
            right=_pt(values.get("right", values.get("end", "0"))),
            right_chars=int(values["rightChars"]) / 100 if "rightChars" in values else None,
        )

    def _para_style_id(self, paragraph: etree._Element) -> str | None:
        ppr = paragraph.find(qn("w:pPr"))
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        return style.get(qn("w:val")) if style is not None else self._default_para

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and the styles it is based on, base first."""
        chain: list[etree._Element] = []
        seen: set[str] = set()
        while style_id and style_id in self._styles and style_id not in seen:
            seen.add(style_id)
            style = self._styles[style_id]
            chain.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return chain[::-1]


def _on(element: etree._Element, attr: str) -> bool:
    return element.get(qn(f"w:{attr}")) in ("1", "true", "on")


def _pt(twips: str) -> float:
    try:
        return int(float(twips)) / 20
    except ValueError:
        return 0.0
