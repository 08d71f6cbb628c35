"""Library entry points: merge a register into a template, one document per case (no Click here).

A merge is a `Merge` object with visible steps: plan (select rows, check, allocate numbers in batches),
write (render and write, in worker processes when asked), record (ledger and manifest, in batches) and
extras (print file, PDFs, archive). `merge(...)` runs them all; `preview(...)` only plans
(no file written, no number allocated). Both take the choices as one frozen `MergeOptions` or as its fields.
"""

from __future__ import annotations

from docgen.pipeline.merge import Merge, merge
from docgen.pipeline.options import MergeOptions
from docgen.pipeline.preview import Preview, preview
from docgen.pipeline.result import MergeResult, Progress

__all__ = ["Merge", "MergeOptions", "MergeResult", "Preview", "Progress", "merge", "preview"]
