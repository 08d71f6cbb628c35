"""Library entry points of the bulletins: from a register to the figures, numbered document and workbook."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from docgen.bulletins.document import ownership_document, supervision_document
from docgen.bulletins.figures import Supervision, reminder_index, supervise
from docgen.bulletins.ownership import Ownership, own
from docgen.config import Config
from docgen.errors import Problem
from docgen.ledger.store import ACTIVE, Ledger, ledger_path
from docgen.official import OfficialDocument
from docgen.petition.caselist import load_cases
from docgen.petition.periods import Period
from docgen.register import Register

SUPERVISION, OWNERSHIP = "督查通报", "包案通报"
KINDS = (SUPERVISION, OWNERSHIP)
REMINDER = "督办函"


@dataclass
class Bulletin:
    """A bulletin worked out: its figures, the register's warnings, and the document once numbered."""

    kind: str
    period: Period
    figures: Supervision | Ownership
    problems: list[Problem] = field(default_factory=list)

    def document(self, config: Config, *, issued: dt.date, number: str = "") -> OfficialDocument:
        settings = config.bulletin
        common = dict(
            organ=config.organ.name,
            issued=issued,
            number=number,
            copies_to=settings.copies_to,
            addressee=settings.addressee,
        )
        if isinstance(self.figures, Supervision):
            return supervision_document(self.figures, **common)
        return ownership_document(self.figures, label=self.period.label, **common)


def make_bulletin(register: Register, config: Config, kind: str, period: Period, *, as_of: dt.date) -> Bulletin:
    """The figures of `kind` for `period`, cases seen as of `as_of` (督办函 counts read from the ledger)."""
    found = load_cases(register, config, as_of=as_of)
    if kind == OWNERSHIP:
        figures: Supervision | Ownership = own(found.cases, register.fields, as_of, until=period.end)
    else:
        figures = supervise(found.cases, period, as_of, config.bulletin, reminders(config, register.path, as_of))
    return Bulletin(kind, period, figures, found.problems)


def reminders(config: Config, register: Path, as_of: dt.date) -> dict[str, list[str]]:
    """信访编号 → 督办函 numbers in the ledger issued by `as_of`; none when there is no ledger yet."""
    path = ledger_path(config, register)
    if not path.is_file():
        return {}
    with Ledger(path, config=config) as ledger:
        entries = ledger.entries(kind=REMINDER, voided=False)
    return reminder_index(((e.case_no, e.number, e.issued) for e in entries if e.status == ACTIVE), as_of)
