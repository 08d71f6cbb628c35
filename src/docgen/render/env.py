"""The Jinja environment: sandboxed, autoescaped, strict; values print the official way."""

from __future__ import annotations

import datetime as dt
import re

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from docgen.render.filters import FILTERS, GLOBALS, chinese_date

# XML 1.0 forbids these; \a and \f stay, as docxtpl's paragraph and page-break markers.
_FORBIDDEN = re.compile("[\x00-\x06\x08\x0b\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# A line break or tab inside a value, written inside the run that prints it.
_INLINE = {
    "\n": '</w:t><w:br/><w:t xml:space="preserve">',
    "\t": '</w:t><w:tab/><w:t xml:space="preserve">',
}
_INLINE_RE = re.compile("[\n\t]")


def to_text(value: object) -> str:
    """How a value prints: dates in Chinese, nothing for None, XML-forbidden characters dropped."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return chinese_date(value)
    if isinstance(value, str):
        return _FORBIDDEN.sub("", value) if _FORBIDDEN.search(value) else value
    return str(value)


def _finalize_xml(value: object) -> object:
    """Finalize for text inside <w:t>: plain text goes on to Jinja's escaping; line breaks and
    tabs are escaped here and written as Word breaks and tabs."""
    if type(value) is str:
        if _FORBIDDEN.search(value):
            value = _FORBIDDEN.sub("", value)
    elif isinstance(value, Markup):
        return value
    else:
        value = to_text(value)
    if "\n" in value or "\t" in value:
        return Markup(_INLINE_RE.sub(lambda m: _INLINE[m.group(0)], str(escape(value))))
    return value


def make_environment(*, xml: bool = True, inline_breaks: bool = True) -> ImmutableSandboxedEnvironment:
    """A sandboxed, strict environment with docgen's filters.

    `xml=True` autoescapes for document parts; `inline_breaks` writes line breaks and tabs in
    values as Word breaks and tabs directly (the fast path); without it they stay as characters
    for a later pass (docxtpl's own, in the fallback). `xml=False` is for plain text such as
    document properties.
    """
    env = ImmutableSandboxedEnvironment(
        autoescape=xml,
        undefined=StrictUndefined,
        finalize=_finalize_xml if (xml and inline_breaks) else to_text,
    )
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    return env
