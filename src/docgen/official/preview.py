"""Contexts for previewing templates: register rows with organ, computed fields and a sample number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from docgen.config import Config
from docgen.context import organ_context
from docgen.ledger.numbering import EARLIER_DATES, EARLIER_FIELDS, NUMBER_FIELD
from docgen.ledger.store import format_number, kind_of, prefix_for
from docgen.petition import cases
from docgen.register import Register

__all__ = ["NUMBER_FIELD", "case_contexts", "sample_number"]


def case_contexts(
    register: str | Path,
    config: Config,
    *,
    as_of: dt.date,
    issued: dt.date,
) -> Iterator[tuple[int, dict[str, object]]]:
    """(Excel row, context) for every readable row: what `docgen merge` gives a template, the
    template's own number aside (earlier documents get sample numbers, e.g. 某信交〔2025〕7号)."""
    book = Register(register, config.register)
    history = cases.build_history(book)
    base = organ_context(config, issued)
    names = list(cases.COMPUTED_FIELDS)
    for record in book.records():
        if not record.ok:
            continue
        context = {**base, **record.values}
        context.update(cases.compute(record.values, names, config=config, as_of=as_of, history=history))
        for field, kind in EARLIER_FIELDS.items():
            when = context.get(EARLIER_DATES.get(field, ""))  # numbered in the year it was issued
            year = when.year if isinstance(when, dt.date) else issued.year
            context[field] = format_number(prefix_for(kind, config), year, record.row)
        yield record.row, context


def sample_number(template: str | Path, config: Config, year: int, seq: int = 1) -> str:
    """The number a template of this kind would get, without touching a ledger."""
    return format_number(prefix_for(kind_of(template), config), year, seq)
