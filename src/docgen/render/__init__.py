"""Rendering templates: sandboxed Jinja, filters, compile-once .docx templates."""

from docgen.render.template import DocxTemplate

__all__ = ["DocxTemplate"]
