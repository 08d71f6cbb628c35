"""The fast path gives docxtpl's text for the sample and official templates on real sample cases."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from conftest import SAMPLES
from docxtext import dump, formatting
from docxtpl import DocxTemplate as Docxtpl
from jinja2 import Environment

from docgen.config import load_config
from docgen.context import organ_context
from docgen.errors import MissingDataError
from docgen.official.catalog import PACKAGED_DIR
from docgen.petition import cases
from docgen.register import Register
from docgen.render import DocxTemplate
from docgen.render.env import to_text
from docgen.render.filters import FILTERS, GLOBALS

TEMPLATES = [SAMPLES / "答复意见书样例.docx", *sorted(PACKAGED_DIR.glob("*.docx"))]


def contexts(count: int = 12) -> list[dict[str, object]]:
    """Sample cases with every field a template may use."""
    config = load_config(SAMPLES / "docgen.toml")
    book = Register(SAMPLES / "register.xlsx", config.register)
    history = cases.build_history(book)
    found = []
    for record in book.records():
        values = {**organ_context(config, dt.date(2025, 12, 1)), **record.values}
        values.update(cases.compute(values, cases.COMPUTED_FIELDS, config=config, as_of=dt.date(2025, 12, 1),
                                    history=history))  # fmt: skip
        values["文号"] = f"某信〔2025〕{record.row}号"
        values["交办文号"] = f"某信交〔2025〕{record.row}号" if record.row % 2 else ""
        if len(found) == 1:  # data as clerks type it: line breaks, tabs, markup characters
            values["反映问题"] = "第一行\n第二行\t（附件）& <补充>"
        found.append(values)
        if len(found) == count:
            break
    return found


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
def test_fast_path_equals_docxtpl(template: Path) -> None:
    """The first 12 sample cases each template writes for; a row it refuses (必填) docxtpl refuses too."""
    compiled = DocxTemplate(template)
    assert compiled.fast
    env = Environment(autoescape=True, finalize=to_text)  # docgen prints dates the official way
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    compared = refused = 0
    for context in contexts(count=240):
        oracle = Docxtpl(template)
        try:
            ours = compiled.render(context)
        except MissingDataError as exc:
            if refused < 2:
                with pytest.raises(MissingDataError, match=exc.field or ""):
                    oracle.render(context, jinja_env=env, autoescape=True)
            refused += 1
            continue
        oracle.render(context, jinja_env=env, autoescape=True)
        buffer = io.BytesIO()
        oracle.save(buffer)
        theirs = buffer.getvalue()
        assert dump(ours) == dump(theirs)
        assert formatting(ours) == formatting(theirs)
        compared += 1
        if compared == 12:
            break
    assert compared
