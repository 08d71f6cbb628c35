"""Quarterly and monthly analysis reports: figures, 同比/环比, prose, charts, the Word report and its workbook."""

from docgen.reports.analysis import Analysis, PeriodFigures, analyse, period_figures
from docgen.reports.prose import Prose, write

__all__ = ["Analysis", "PeriodFigures", "Prose", "analyse", "period_figures", "write"]
