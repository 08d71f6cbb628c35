"""One exception base for docgen; every error carries what a clerk needs to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

INTERRUPTED = "已中断。已写完的文件完整可用，未写完的没有留下。"
_SENTENCE_ENDS = ("。", "？", "！", "：", "\n")


@dataclass(frozen=True)
class Location:
    """Where in a register a value sits: file, sheet, Excel row, column letter, header."""

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    header: str | None = None

    def describe(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(f"文件 {Path(self.file).name}")
        if self.sheet:
            parts.append(f"工作表「{self.sheet}」")
        if self.row is not None:
            parts.append(f"单元格 {self.column}{self.row}" if self.column else f"第 {self.row} 行")
        elif self.column:
            parts.append(f"{self.column} 列")
        text = "，".join(parts)
        return f"{text}（{self.header}）" if self.header else text


class DocgenError(Exception):
    """Base of every error docgen reports to a user: a message, a place and a hint."""

    def __init__(
        self,
        message: str,
        *,
        where: Location | None = None,
        value: object = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.value = value
        self.hint = hint

    def __str__(self) -> str:
        text = self.message
        if self.where is not None:
            place = self.where.describe()
            if place:
                text = f"{place}：{text}"
        if self.value is not None and self.value != "":
            text += f"（值：{self.value!r}）" if not isinstance(self.value, str) else (f"（值：「{self.value}」）")
        if self.hint:
            text += ("" if text.endswith(_SENTENCE_ENDS) else "。") + self.hint
        return text


class ConfigError(DocgenError):
    """docgen.toml or a rules file is unreadable or wrong."""


class RegisterError(DocgenError):
    """The register as a whole cannot be read (file, sheet, header row)."""


class CellError(DocgenError):
    """One cell's value cannot be read; the row is skipped, the others go on."""


class MissingDataError(CellError):
    """A document cannot say what the law asks because the row lacks a value (`field`, a header)."""

    def __init__(self, message: str, *, field: str | None = None, **details: object) -> None:
        super().__init__(message, **details)  # type: ignore[arg-type]
        self.field = field

    def __reduce__(self):  # keep the field and hint across worker processes
        return (_missing, (self.message, self.field, self.hint))


def _missing(message: str, field: str | None, hint: str | None) -> MissingDataError:
    return MissingDataError(message, field=field, hint=hint)


class CalendarError(DocgenError):
    """A deadline needs a year whose official holidays the calendar does not know."""

    def __init__(self, message: str, *, year: int, **details: object) -> None:
        super().__init__(message, **details)  # type: ignore[arg-type]
        self.year = year


class TemplateError(DocgenError):
    """A template cannot be read, compiled or rendered."""


class UnknownFieldsError(TemplateError):
    """The template uses fields the register does not have."""

    def __init__(self, template: str, unknown: list[tuple[str, str | None]]) -> None:
        lines = []
        for name, suggestion in unknown:
            line = f"  {{{{ {name} }}}}"
            if suggestion:
                line += f"  —— 是不是「{suggestion}」？"
            lines.append(line)
        message = f"模板 {Path(template).name} 用到了台账里没有的字段，未生成任何文件：\n" + "\n".join(lines)
        super().__init__(
            message,
            hint="请改正模板中的字段名，或在台账中添加该列，或在 docgen.toml 的 [register.aliases] 中设置别名",
        )
        self.unknown = unknown


class OutputError(DocgenError):
    """An output cannot be written (exists, unsafe name, no permission, converter missing)."""


@dataclass
class Problem:
    """A problem found in one row, kept so a run can report every one at the end."""

    where: Location
    message: str
    value: object = None
    hint: str | None = None
    severity: str = "error"  # "error" or "warning"
    extra: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return str(DocgenError(self.message, where=self.where, value=self.value, hint=self.hint))

    @property
    def cell(self) -> str:
        """The cell for a problem table: B5, else 第 5 行 when no column is known, else "" (no row)."""
        row, column = self.where.row, self.where.column
        if row and column:
            return f"{column}{row}"
        return f"第 {row} 行" if row else ""

    @classmethod
    def from_error(cls, error: DocgenError, severity: str = "error") -> Problem:
        return cls(
            where=error.where or Location(),
            message=error.message,
            value=error.value,
            hint=error.hint,
            severity=severity,
        )


class WriteRefusedError(OutputError):
    """The disk or folder refuses every write (full, read-only, no permission): a batch stops at the first."""
