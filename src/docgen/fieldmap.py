"""Where each field a template uses comes from: a register column, a computed rule, the organ, the ledger."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from docgen.context import DATE_FIELDS, ORGAN_FIELDS, suggest
from docgen.ledger.numbering import EARLIER_FIELDS, NUMBER_FIELD
from docgen.petition import cases


@dataclass(frozen=True)
class FieldSource:
    """One template field: its source in words, and for a missing one the closest name (是不是…)."""

    name: str
    source: str
    missing: bool = False
    suggestion: str | None = None


def field_sources(fields: Iterable[str], columns: Iterable[str] | None) -> list[FieldSource]:
    """Each of `fields` (sorted) with its source; `columns` None means no register to check against."""
    known = set(columns or ())
    found = []
    for name in sorted(fields):
        if name in known or (columns is None and name not in _BUILT_IN):
            found.append(FieldSource(name, "台账列"))
        elif name in cases.COMPUTED_FIELDS:
            found.append(FieldSource(name, f"计算字段：{cases.COMPUTED_FIELDS[name][0]}"))
        elif name in ORGAN_FIELDS:
            found.append(FieldSource(name, "机关信息（docgen.toml [organ]）"))
        elif name in DATE_FIELDS:
            found.append(FieldSource(name, DATE_FIELDS[name]))
        elif name == NUMBER_FIELD:
            found.append(FieldSource(name, "发文字号（由发文登记簿自动分配）"))
        elif name in EARLIER_FIELDS:
            found.append(FieldSource(name, f"本件{EARLIER_FIELDS[name]}的发文字号（从发文登记簿查出）"))
        else:
            hint = suggest(name, known | set(cases.COMPUTED_FIELDS))
            found.append(FieldSource(name, "台账中没有", missing=True, suggestion=hint))
    return found


_BUILT_IN = {*cases.COMPUTED_FIELDS, *ORGAN_FIELDS, *DATE_FIELDS, NUMBER_FIELD, *EARLIER_FIELDS}
