"""The petition rules as pure functions: deadlines, status, collective and repeat petitions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from docgen.config import Config

# name -> (description for README and `docgen fields`, register columns it reads)
COMPUTED_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {}


def needs_history(names: Iterable[str]) -> bool:
    """Whether computing `names` needs a pass over the whole register first."""
    return False


def build_history(register: object) -> object:
    """What repeat detection needs to know of every case in `register` (one extra pass)."""
    return None


def compute(
    values: Mapping[str, object],
    names: Iterable[str],
    *,
    config: Config,
    as_of: dt.date,
    history: object = None,
) -> dict[str, object]:
    """The computed fields `names` for one case."""
    return {}
