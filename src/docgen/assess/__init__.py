"""Unit assessment (考核) from a rules file: scoring, ranking, the 通报 and the traceable workbook."""

from docgen.assess.assessment import Assessment, assess_cases, assess_register, resolve_period
from docgen.assess.conditions import Condition, parse_condition
from docgen.assess.ranking import Ranked, rank
from docgen.assess.rules import Item, Rules, load_rules, parse_rules
from docgen.assess.scoring import CaseRef, Entry, UnitScore, score_item, score_unit, score_units

__all__ = [
    "Assessment",
    "CaseRef",
    "Condition",
    "Entry",
    "Item",
    "Ranked",
    "Rules",
    "UnitScore",
    "assess_cases",
    "assess_register",
    "load_rules",
    "parse_condition",
    "parse_rules",
    "rank",
    "resolve_period",
    "score_item",
    "score_unit",
    "score_units",
]
