"""GB/T 9704-2012 official format: page setup, fonts, styles, page numbers, letterhead, templates, checker."""

from docgen.official.document import PROFILES, OfficialDocument, signature_indent
from docgen.official.fonts import BODY_FONT, BODY_SIZE, HEI_FONT, KAI_FONT, SONG_FONT, TITLE_FONT, TITLE_SIZE
from docgen.official.layout import A4, PageSpec, apply_page_setup

__all__ = [
    "A4",
    "BODY_FONT",
    "BODY_SIZE",
    "HEI_FONT",
    "KAI_FONT",
    "PROFILES",
    "SONG_FONT",
    "TITLE_FONT",
    "TITLE_SIZE",
    "OfficialDocument",
    "PageSpec",
    "apply_page_setup",
    "signature_indent",
]
