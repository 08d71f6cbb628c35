"""What a template can use besides the register's columns: the organ, the date, computed fields."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable

from docgen.config import Config

ORGAN_FIELDS = {
    "发文机关": "name",
    "机关简称": "short_name",
    "上一级机关": "superior",
    "机关地址": "address",
    "邮政编码": "postcode",
    "机关联系人": "contact",
    "机关联系电话": "phone",
    "印章": "seal",
}
DATE_FIELDS = {"成文日期": "生成文书的日期（默认今天，可用 --date 指定）"}


def organ_context(config: Config, issued: dt.date) -> dict[str, object]:
    """The organ's details from docgen.toml and the date the documents bear."""
    context: dict[str, object] = {name: getattr(config.organ, attr) for name, attr in ORGAN_FIELDS.items()}
    context["印章"] = config.organ.seal or config.organ.name
    context["成文日期"] = issued
    return context


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    """The closest known field name, for "did you mean" messages (诉球 → 诉求)."""
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.5)
    return matches[0] if matches else None
