"""A register: header found under title rows, merged cells spread, rows typed by column."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from openpyxl.utils.cell import get_column_letter

from docgen import values
from docgen.config import MAX_HEADER_ROW, RegisterSettings
from docgen.errors import CellError, Location, Problem, RegisterError
from docgen.register.cells import RowTyping, picker, typed_cell
from docgen.register.diagnose import describe_sheets, likely_header, row_text
from docgen.register.headers import KNOWN_FIELDS, apply_aliases, detect_header_row, header_score, normalize_header
from docgen.register.kinds import COERCERS, kind_of
from docgen.register.sources import Source, open_source

HEADER_SCAN_ROWS = MAX_HEADER_ROW


@dataclass(frozen=True)
class Column:
    """A register column: position, Excel letter, header as typed, field name."""

    index: int
    letter: str
    header: str
    field: str


@dataclass
class Record:
    """One petition: its typed values, where it sits, and what could not be read."""

    row: int
    values: dict[str, object]
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


class Register:
    """An opened register; `records()` streams its rows as often as needed."""

    def __init__(
        self,
        path: str | Path,
        settings: RegisterSettings | None = None,
        *,
        sheet: str | None = None,
        header_row: int | None = None,
        stream: bool = False,
    ) -> None:
        """`stream` reads an .xlsx row by row, so that `records(stop_after=…)` stops reading there."""
        self.path = Path(path)
        self.settings = settings or RegisterSettings()
        self.source: Source = open_source(self.path, sheet or self.settings.sheet or None, stream=stream)
        self.sheet = self.source.sheet
        self.header_row, self.columns = self._find_header(header_row or self.settings.header_row)
        self.fields = [c.field for c in self.columns]
        self._by_field = {c.field: c for c in self.columns}
        self.kinds = {c.field: kind for c in self.columns if (kind := kind_of(c.field, self.settings))}
        self._coercers = {c.field: COERCERS.get(self.kinds.get(c.field, ""), values.to_value) for c in self.columns}

    def typed_columns(self) -> list[tuple[Column, str]]:
        """The columns read as ID numbers, phones, counts or dates, with that kind, in sheet order."""
        return [(c, self.kinds[c.field]) for c in self.columns if c.field in self.kinds]

    # -- header ---------------------------------------------------------------------------
    def _find_header(self, given: int) -> tuple[int, list[Column]]:
        head = list(islice(self.source.rows(), HEADER_SCAN_ROWS))
        if not head:
            raise RegisterError(f"台账 {self.path.name} 是空的", where=self._where())
        aliases = self.settings.aliases
        known = frozenset(KNOWN_FIELDS | {normalize_header(k) for k in aliases} | set(aliases.values()))
        if given:
            match = [cells for number, cells in head if number == given]
            if not match:
                raise RegisterError(f"表头行 {given} 超出了前 {HEADER_SCAN_ROWS} 行", where=self._where())
            number, cells = given, match[0]
            self._check_given_header(number, cells, head, known)
        else:
            index = detect_header_row([cells for _, cells in head], known)
            if index is None:
                raise self._no_header(known)
            number, cells = head[index]
        return number, self._columns(number, self._with_merged_headers(number, cells, dict(head)))

    def _check_given_header(
        self, number: int, cells: tuple[object, ...], head: list[tuple[int, tuple[object, ...]]], known: frozenset[str]
    ) -> None:
        """A --header-row that names a title, data or empty row is an error showing what the row holds."""
        score = header_score(cells, known)
        likely = likely_header(head, known)
        if score[0] or likely == number or (likely is None and score[1] >= 2):
            return
        hint = f"表头看起来在第 {likely} 行，请改用 --header-row {likely}" if likely else "请打开台账核对表头所在的行号"
        raise RegisterError(
            f"第 {number} 行看起来不是表头，这一行是：{row_text(cells)}",
            where=self._where(row=number),
            hint=hint + "；不加 --header-row 时 docgen 会自己找表头",
        )

    def _no_header(self, known: frozenset[str]) -> RegisterError:
        """No header in the sheet read: name the other sheets and what they hold, or ask for --header-row."""
        names = self.source.sheets
        where = self._where()
        if len(names) > 1:
            lines, found = describe_sheets(self.path, names, known, HEADER_SCAN_ROWS)
            hint = f"请用 --sheet {_quoted(found) if found else '工作表名'} 指定台账所在的工作表"
            return RegisterError(
                f"工作表「{self.sheet}」的前 {HEADER_SCAN_ROWS} 行找不到表头；"
                f"台账 {self.path.name} 有 {len(names)} 个工作表：" + "；".join(lines),
                where=where,
                hint=hint + "，或在 docgen.toml 的 [register] 中设 sheet",
            )
        return RegisterError(
            f"在台账 {self.path.name} 的前 {HEADER_SCAN_ROWS} 行找不到表头",
            where=where,
            hint="请用 --header-row 指定表头所在的行号",
        )

    def _with_merged_headers(
        self, number: int, cells: tuple[object, ...], head: dict[int, tuple[object, ...]]
    ) -> tuple[object, ...]:
        """A two-row header: a name merged down from the row above (序号, 信访编号 spanning both
        header rows while 基本情况 groups the columns beside them) fills the empty cell below it."""
        filled = list(cells)
        for c1, r1, c2, r2 in self.source.merges:
            if r1 < number <= r2:
                above = head.get(r1, ())
                value = above[c1 - 1] if c1 - 1 < len(above) else None
                for column in range(c1, c2 + 1):
                    while len(filled) < column:
                        filled.append(None)
                    if filled[column - 1] is None or not str(filled[column - 1]).strip():
                        filled[column - 1] = value
        return tuple(filled)

    def _columns(self, number: int, cells: tuple[object, ...]) -> list[Column]:
        typed = [(i, str(c).strip()) for i, c in enumerate(cells) if c is not None and str(c).strip()]
        names = apply_aliases([normalize_header(h) for _, h in typed], self.settings.aliases)
        columns: list[Column] = []
        seen: dict[str, int] = {}
        for (index, header), name in zip(typed, names):
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:
                name = f"{name}{seen[name]}"
            columns.append(Column(index, get_column_letter(index + 1), header, name))
        if not columns:
            raise RegisterError("表头行是空的", where=self._where(row=number), hint="请用 --header-row 指定表头行")
        return columns

    # -- rows -----------------------------------------------------------------------------
    def _cells(self, columns: list[Column], stop_after: int | None) -> Iterator[tuple[int, Sequence[object]]]:
        """(Excel row, raw values of `columns`) for each row not blank in them, merged cells spread
        over the rows and columns they span; nothing after row `stop_after` is read."""
        indices = [c.index for c in columns]
        width = max(indices, default=0) + 1
        pick = picker(indices)
        starts: dict[int, list[tuple[int, int, int, int]]] = {}
        wanted = {i + 1 for i in indices}
        for span in self.source.merges:
            c1, r1, c2, _ = span
            if r1 > self.header_row and any(c1 <= i <= c2 for i in wanted):
                starts.setdefault(r1, []).append(span)
                wanted.add(c1)
        active: list[tuple[int, int, int, object]] = []  # first col, last col, last row, value
        header = self.header_row
        for number, cells in self.source.raw_rows(frozenset(wanted)):
            if number <= header:
                continue
            if stop_after is not None and number > stop_after:
                return
            if len(cells) < width:
                cells = (*cells, *(None,) * (width - len(cells)))
            row = pick(cells)
            if active:
                active = [a for a in active if a[2] >= number]
            for c1, _r1, c2, r2 in starts.get(number, ()) if starts else ():
                active.append((c1, c2, r2, cells[c1 - 1] if c1 <= len(cells) else None))
            for value in row:  # blank: nothing but empty cells and spaces (merged values do not count)
                if value is not None and (value.__class__ is not str or value.strip()):  # type: ignore[attr-defined]
                    break
            else:
                continue
            if active:
                row = list(row)
                for c1, c2, _r2, value in active:
                    for k, index in enumerate(indices):
                        if c1 - 1 <= index <= c2 - 1 and (row[k] is None or row[k] == ""):
                            row[k] = value
            yield number, row

    def records(self, fields: Iterable[str] | None = None, *, stop_after: int | None = None) -> Iterator[Record]:
        """Typed records of `fields` (default: every column) and the required columns, up to row `stop_after`."""
        names = self.fields if fields is None else [f for f in self.fields if f in set(fields)]
        required = [f for f in self.settings.required if f in self._by_field]
        names = list(dict.fromkeys([*names, *required]))
        typing = RowTyping(names, self.kinds)
        for number, row in self._cells([self._by_field[name] for name in names], stop_after):
            failed: frozenset[str] | set[str] = frozenset()
            try:
                record = Record(row=number, values=typing(row))
            except CellError:
                record, failed = self._typed_one_by_one(number, names, row)
            for name in required:
                if record.values[name] == "" and name not in failed:
                    record.problems.append(
                        Problem(self.location(number, name), f"必填列「{name}」为空", hint="请补填后重试")
                    )
            yield record

    def _typed_one_by_one(self, number: int, names: list[str], row: Sequence[object]) -> tuple[Record, set[str]]:
        """A row with a cell that cannot be read: each such cell a problem at its Excel cell, left ""."""
        record = Record(row=number, values={})
        failed = set()
        for name, value in zip(names, row):
            try:
                record.values[name] = typed_cell(self._coercers[name], value)
            except CellError as exc:
                exc.where = self.location(number, name)
                record.problems.append(Problem.from_error(exc))
                record.values[name] = ""
                failed.add(name)
        return record, failed

    def estimated_rows(self) -> int:
        """About how many data rows follow the header."""
        return max(self.source.estimated_rows() - self.header_row, 0)

    # -- helpers --------------------------------------------------------------------------
    def location(self, row: int | None = None, name: str | None = None) -> Location:
        column = self._by_field.get(name) if name else None
        return Location(
            file=str(self.path),
            sheet=self.sheet,
            row=row,
            column=column.letter if column else None,
            header=(column.header if column else name),
        )

    def _where(self, row: int | None = None) -> Location:
        return Location(file=str(self.path), sheet=self.sheet, row=row)


def _quoted(name: str) -> str:
    return f'"{name}"' if any(c.isspace() for c in name) else name
