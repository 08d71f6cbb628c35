"""The local web page (`docgen serve`): the same library calls as the command line, for staff who never open one."""

from __future__ import annotations

from docgen.web.app import create_app

__all__ = ["create_app"]
