"""docxtpl's own feature templates: docgen gives the oracle's text, except where docxtpl is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docxtext import dump

from docgen.errors import TemplateError
from docgen.render import DocxTemplate
from docgen.render.docxtpl_compat import FallbackRenderer

CORPUS = Path(__file__).parent / "data" / "docxtpl"
NAMES = sorted(p.stem for p in CORPUS.glob("*.docx"))

# docxtpl's defects (corpus README, "docxtpl quirks"): docgen prints the data as typed instead.
CORRECTIONS = {
    "doc_properties_tpl": [
        ("title: 信访事项受理告知书 &lt;第1号&gt; &amp; 附件", "title: 信访事项受理告知书 <第1号> & 附件"),
    ],
    "header_footer_entities_tpl": [("P: Testé&amp;xx;", "P: Testé&xx;")],
    "vertical_merge_tpl": [
        ("T1R3C1[vMerge=continue] P: 本月信访量", "T1R3C1[vMerge=continue] P: "),
        ("T1R4C1[vMerge=continue] P: 本月信访量", "T1R4C1[vMerge=continue] P: "),
    ],
}
FALLBACK = {
    "comments_tpl",
    "dynamic_table_tpl",
    "horizontal_merge_tpl",
    "less_cells_after_loop_tpl",
    "vertical_merge_nested_tpl",
    "vertical_merge_tpl",
}


def expected(name: str) -> str:
    text = (CORPUS / "expected" / f"{name}.txt").read_text(encoding="utf-8")
    for wrong, right in CORRECTIONS.get(name, []):
        assert wrong in text, f"the oracle no longer shows the defect {wrong!r}"
        text = text.replace(wrong, right)
    return text


def context(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))


def test_corpus_is_complete() -> None:
    assert len(NAMES) == 20


@pytest.mark.parametrize("name", NAMES)
def test_same_text_as_docxtpl(name: str) -> None:
    template = DocxTemplate(CORPUS / f"{name}.docx")
    assert template.fast == (name not in FALLBACK)
    assert dump(template.render(context(name))) == expected(name)


@pytest.mark.parametrize("name", sorted(set(NAMES) - FALLBACK))
def test_fallback_agrees_with_fast_path(name: str) -> None:
    """Every fast-path template also renders identically through the docxtpl fallback."""
    fallback = FallbackRenderer(CORPUS / f"{name}.docx")
    assert dump(fallback.render(context(name))) == expected(name)


def test_broken_template_is_a_clear_error() -> None:
    with pytest.raises(TemplateError) as info:
        DocxTemplate(CORPUS / "errors" / "template_error_tpl.docx")
    assert "template_error_tpl.docx" in str(info.value) and "endif" in str(info.value)
