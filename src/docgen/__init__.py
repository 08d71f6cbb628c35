"""docgen: Excel registers of petition offices into the Word documents they must issue.

Layers, bottom to top (docs/architecture.md; tests/test_architecture.py keeps the arrows down):
errors/config/values → render → outputs → register → petition → ledger → official → pipeline
→ reports/assess/due/bulletins → cli/web.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__", "merge"]


def __getattr__(name: str) -> object:
    """`docgen.merge` without importing the whole pipeline for `import docgen`."""
    if name == "merge":
        from docgen.pipeline import merge

        return merge
    raise AttributeError(f"module 'docgen' has no attribute {name!r}")
