"""Checking ID numbers (GB 11643: checksum, region, birth date) and phone numbers, as pure functions."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_DIGITS = "10X98765432"
# Province-level codes of GB/T 2260 (the first two digits of an ID number).
_PROVINCES = frozenset(
    str(code)
    for first, last in ((11, 15), (21, 23), (31, 37), (41, 46), (50, 54), (61, 65), (71, 71), (81, 83))
    for code in range(first, last + 1)
)
_FULLWIDTH_DIGITS = {0xFF10 + i: 0x30 + i for i in range(10)} | {0xFF38: 0x58, 0xFF58: 0x58}
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"(?:\(?(0\d{2,3})\)?[-－—\s]?)(\d{7,8})(?:(?:-|转|ext\.?)\d{1,6})?", re.IGNORECASE)
_LOCAL = re.compile(r"[2-9]\d{6,7}")
_SERVICE = re.compile(r"(?:400|800)[-\s]?\d{3}[-\s]?\d{4}")
_SEPARATORS = re.compile(r"[、,，;；/／\n]+")


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a value: message, hint, and whether it is an error or a warning."""

    message: str
    hint: str = ""
    severity: str = "error"


def check_digit(body: str) -> str:
    """The GB 11643 check character of the first 17 digits of an ID number."""
    return _CHECK_DIGITS[sum(int(d) * w for d, w in zip(body, _WEIGHTS)) % 11]


def birth_date(id_number: str) -> dt.date | None:
    """The birth date an 18- or 15-digit ID number carries, or None when it is no real date."""
    digits = id_number[6:14] if len(id_number) == 18 else "19" + id_number[6:12]
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def id_gender(id_number: str) -> str:
    """男 or 女 from the sequence digit (odd: male), "" when the number is too short."""
    digit = id_number[16:17] if len(id_number) == 18 else id_number[14:15]
    return ("男" if int(digit) % 2 else "女") if digit.isdigit() else ""


def check_id_number(value: str, *, latest: dt.date | None = None) -> list[Finding]:
    """Problems with an ID number: format, full-width digits, region, birth date, checksum."""
    found: list[Finding] = []
    text = value.translate(_FULLWIDTH_DIGITS).replace(" ", "").upper()
    if text != value.replace(" ", "").upper():
        found.append(Finding("身份证号含全角字符", "请改用半角数字和字母 X", "warning"))
    if not re.fullmatch(r"\d{17}[\dX]|\d{15}", text):
        count = len(text)
        return [*found, Finding(f"身份证号应是 18 位（最后一位可以是 X），现有 {count} 位", "请对照证件核对号码")]
    if len(text) == 15:
        found.append(Finding("这是 15 位的旧身份证号", "如有条件，请换成 18 位新号码", "warning"))
    if text[:2] not in _PROVINCES:
        found.append(Finding(f"身份证号前两位「{text[:2]}」不是有效的省级行政区划代码", "请对照证件核对号码"))
    born = birth_date(text)
    if born is None:
        found.append(Finding("身份证号中的出生日期不存在", "请对照证件核对第 7–14 位"))
    elif born.year < 1900 or (latest is not None and born > latest):
        found.append(Finding(f"身份证号中的出生日期 {born:%Y-%m-%d} 不可能", "请对照证件核对第 7–14 位"))
    if len(text) == 18 and check_digit(text[:17]) != text[17]:
        found.append(Finding("身份证号校验位不对，号码中有数字录错", "请对照证件逐位核对"))
    return found


def check_phone(value: str) -> list[Finding]:
    """Problems with a phone cell: each number must be an 11-digit mobile or a landline with area code."""
    found: list[Finding] = []
    parts = [p.strip() for p in _SEPARATORS.split(value.translate(_FULLWIDTH_DIGITS)) if p.strip()]
    for part in parts:
        numbers = [part] if _phone_kind(part) != "bad" else part.split()
        for number in numbers:
            kind = _phone_kind(number)
            if kind == "local":
                found.append(Finding(f"固定电话「{number}」缺少区号", "请写成 0551-1234567 的形式", "warning"))
            elif kind == "service":
                found.append(Finding(f"「{number}」是 400/800 服务号码，不是个人电话", "请核对", "warning"))
            elif kind == "bad":
                found.append(
                    Finding(
                        f"「{number}」既不是 11 位手机号，也不是带区号的固定电话",
                        "手机写 13812345678，固定电话写 0551-1234567；多个号码用顿号分隔",
                    )
                )
    return found


def _phone_kind(text: str) -> str:
    compact = re.sub(r"[\s\-－—]", "", text)
    if compact.startswith("+86"):
        compact = compact[3:]
    elif compact.startswith("86") and len(compact) == 13:
        compact = compact[2:]
    if _MOBILE.fullmatch(compact):
        return "mobile"
    landline = _LANDLINE.fullmatch(text.strip())
    if landline and _area_fits(landline.group(1), landline.group(2)):
        return "landline"
    if _LOCAL.fullmatch(compact):
        return "local"
    if _SERVICE.fullmatch(text.strip()):
        return "service"
    return "bad"


def _area_fits(area: str, number: str) -> bool:
    """Area codes 010 and 02x take 8-digit numbers; other codes have four digits."""
    if area == "010" or (len(area) == 3 and area[1] == "2"):
        return len(number) == 8
    return len(area) == 4
