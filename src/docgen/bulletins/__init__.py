"""月督查、季通报: the supervision bulletin by unit and the leaders' case-ownership (包案) bulletin."""

from __future__ import annotations

from docgen.bulletins.figures import Supervision, UnitFigures, supervise
from docgen.bulletins.ownership import Ownership, own

__all__ = ["Ownership", "Supervision", "UnitFigures", "own", "supervise"]
