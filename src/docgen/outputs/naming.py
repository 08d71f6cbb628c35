"""Output file names from a pattern: safe characters, never outside the folder, no collisions."""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from docgen.errors import OutputError
from docgen.outputs.paths import refuse_links
from docgen.render.env import to_text

_UNSAFE = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')
_ENDS = re.compile(r"^[\s.]+|[\s.]+$")  # Windows drops trailing dots and spaces; leading ones hide a file
# Device names Windows reserves in any folder, also with an extension or trailing spaces (CON.docx, "NUL .txt").
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {f"{d}{n}" for d in ("COM", "LPT") for n in "0123456789¹²³"}
)
MAX_STEM_CHARS = 80
MAX_COMPONENT_BYTES = 200
MAX_PATH_CHARS = 259  # Windows' MAX_PATH (260) less the final NUL, counted in UTF-16 units
_MIN_STEM_CHARS = 8  # a name shortened below this says too little: the folder's path is too long


def visible(text: str) -> str:
    """`text` without invisible format characters (bidi overrides such as U+202E that make a name read
    backwards, zero-width spaces and joiners), line separators as spaces, lone surrogates as _."""
    if text.isprintable():  # none of those (nor any other control or separator but the space)
        return text
    out = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cf":
            continue
        out.append(" " if category in ("Zl", "Zp") else "_" if category == "Cs" else char)
    return "".join(out)


def safe_component(text: str) -> str:
    """One path component: invisible and unsafe characters gone, no leading dots, not too long."""
    cleaned = _ENDS.sub("", _UNSAFE.sub("_", visible(text)))
    if not cleaned:
        cleaned = "未命名"
    if reserved(cleaned):
        cleaned = "_" + cleaned
    return cleaned


def reserved(component: str) -> bool:
    """A name Windows takes for a device (CON, NUL, COM1, LPT¹…), whatever follows its first dot."""
    return component.partition(".")[0].rstrip(" ").upper() in _RESERVED


def windows_length(text: str) -> int:
    """Length as Windows counts it: UTF-16 units (a character beyond U+FFFF counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def _shorten(stem: str, suffix: str) -> str:
    stem = stem[:MAX_STEM_CHARS]
    while len((stem + suffix).encode("utf-8")) > MAX_COMPONENT_BYTES:
        stem = stem[:-1]
    return stem.rstrip(" .") + suffix  # Windows drops a trailing dot or space: the name would change


def _formatted(value: object, spec: str) -> str:
    """A date with a strftime spec such as {登记日期:%Y%m%d}; any other value as text."""
    if spec and hasattr(value, "strftime"):
        try:
            return format(value, spec)
        except (ValueError, OverflowError):
            pass
    return to_text(value)


class NamePattern:
    """A pattern like {信访编号}-{信访人}-{模板}.docx; literal / in the pattern makes subfolders."""

    def __init__(self, pattern: str, suffix: str = ".docx") -> None:
        self.pattern = pattern
        self.suffix = suffix
        try:
            self._parsed = list(string.Formatter().parse(pattern.replace("\\", "/")))
        except ValueError as exc:
            raise OutputError(f"文件名模式「{pattern}」写法有误：{exc}", hint="字段请写成 {信访编号}") from exc
        self.fields = [f for _, f, _, _ in self._parsed if f is not None]
        if any(not f.strip() for f in self.fields):
            raise OutputError(f"文件名模式「{pattern}」中有空的字段 {{}}", hint="花括号里要写台账的列名，如 {信访编号}")
        parts = PurePosixPath(pattern.replace("\\", "/")).parts
        if pattern.startswith(("/", "\\")) or ".." in parts:
            raise OutputError(f"文件名模式「{pattern}」会把文件写到输出文件夹之外", hint="请只用相对的名字")

    def name(self, values: Mapping[str, object]) -> str:
        """The relative file name for one case (components separated by /)."""
        pieces = []
        for literal, field, spec, _ in self._parsed:
            pieces.append(literal)
            if field is None:
                continue
            if field not in values:
                raise OutputError(
                    f"文件名模式中的字段「{field}」不是台账的列",
                    hint="可用的字段：" + "、".join(list(values)[:30]),
                )
            value = values[field]
            text = _formatted(value, spec)
            pieces.append(_UNSAFE.sub("_", text.replace("\n", " ")))
        components = [safe_component(c) for c in "".join(pieces).split("/") if c.strip()]
        if not components:
            components = ["未命名"]
        components = [_shorten(c, "") for c in components[:-1]] + components[-1:]
        last = components[-1]
        stem = last[: -len(self.suffix)] if last.lower().endswith(self.suffix) else last
        components[-1] = _shorten(stem, self.suffix)
        return "/".join(components)


class Namer:
    """Hands out unique names in a run: a second case with the same name gets -2, then -3."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()
        # hashes of the names given (casefolded): 100,000 names cost 3 MB, not 30; two names sharing a
        # 64-bit hash would only give the second a needless -2
        self._used: set[int] = set()

    def claim(self, relative: str) -> Path:
        """A unique path under the folder for `relative`, its name shortened to keep the whole path
        within Windows' 260 characters (the files are copied to Windows shares)."""
        stem, dot, suffix = relative.rpartition(".")
        if not dot:
            stem, suffix = relative, ""
        number = 1
        candidate = self._fit(stem, dot + suffix)
        while hash(candidate.casefold()) in self._used:
            number += 1
            candidate = self._fit(stem, f"-{number}{dot}{suffix}")
        self._used.add(hash(candidate.casefold()))
        parts = candidate.split("/")
        if any(part in ("", ".", "..") or part != safe_component(part) for part in parts):
            raise OutputError(f"文件名「{candidate}」会落到输出文件夹之外，已拒绝")
        refuse_links(self.folder, parts)
        return self.folder.joinpath(*parts)

    def _fit(self, stem: str, ending: str) -> str:
        """`stem` + `ending`, the file name's own stem cut so the full path stays within MAX_PATH_CHARS."""
        folders, slash, base = stem.rpartition("/")
        full = str(self.folder.joinpath(*(folders + slash + base + ending).split("/")))
        excess = windows_length(full) - MAX_PATH_CHARS
        if excess > 0:
            while base and excess > 0:
                excess -= windows_length(base[-1])
                base = base[:-1]
            base = base.rstrip(" .")
            if len(base) < _MIN_STEM_CHARS:
                raise OutputError(
                    f"输出路径太长（超过 Windows 的 {MAX_PATH_CHARS + 1} 个字符），"
                    f"文件复制到 Windows 电脑上将无法打开：{full}",
                    hint="请把输出文件夹放在较短的路径下，或用 --name 换一个较短的文件名模式",
                )
        return folders + slash + base + ending
