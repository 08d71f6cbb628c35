"""Which columns hold ID numbers, phones, counts and dates: docgen.toml, else the usual spellings."""

from __future__ import annotations

from collections.abc import Callable

from docgen import values
from docgen.config import RegisterSettings

ID, PHONE, COUNT, DATE = "身份证号", "电话", "人数", "日期"
# Headers offices use for the typed columns, recognised without a config.
ID_NAMES = frozenset(["身份证号", "身份证号码", "证件号码", "公民身份号码", "身份证", "证件号", "居民身份证号码"])
PHONE_NAMES = frozenset(["联系电话", "联系方式", "手机号码", "手机号", "手机", "电话", "电话号码", "联系号码"])
PHONE_ENDINGS = ("电话", "手机", "手机号", "手机号码", "联系方式")
COUNT_NAMES = frozenset(["人数", "信访人数", "来访人数", "上访人数"])
# How `docgen fields` says what a typed column is read as.
LABELS = {ID: "身份证号（查位数、校验位、出生日期）", PHONE: "电话号码", COUNT: "人数（整数）", DATE: "日期"}
COERCERS: dict[str, Callable[[object], object]] = {
    ID: values.to_id_number,
    PHONE: values.to_phone,
    COUNT: values.to_int,
    DATE: values.to_date,
}


def kind_of(name: str, settings: RegisterSettings) -> str | None:
    """The kind of values column `name` (a field name) holds, or None for plain values."""
    if name in settings.id_columns or name in ID_NAMES:
        return ID
    if name in settings.phone_columns or name in PHONE_NAMES or name.endswith(PHONE_ENDINGS):
        return PHONE
    if name in settings.integer_columns or name in COUNT_NAMES:
        return COUNT
    if name.endswith(tuple(settings.date_suffixes)):
        return DATE
    return None
