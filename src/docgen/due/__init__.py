"""Overdue and due-soon cases grouped by responsible unit, their workbook and 督办函 letters."""

from docgen.due.select import DueItem, DueList, due_item, find_due, group_by_unit, left_out, select_due

__all__ = ["DueItem", "DueList", "due_item", "find_due", "group_by_unit", "left_out", "select_due"]
