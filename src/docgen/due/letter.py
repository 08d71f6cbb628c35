"""督办函 for overdue cases: the official template when present, else a plain one built here."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from docgen.config import Config
from docgen.due.select import DueItem
from docgen.errors import DocgenError
from docgen.official.catalog import packaged, resolve_template
from docgen.pipeline import MergeResult, Progress, merge

LETTER_NAME = "督办函.docx"
BODY_FONT, TITLE_FONT = "仿宋_GB2312", "方正小标宋简体"
BODY_SIZE, TITLE_SIZE, LINE = 16, 22, Pt(28.95)


def official_template(config: Config) -> Path | None:
    """templates/督办函.docx beside the config or in the current folder (an edited copy), else the built-in one."""
    for folder in (config.folder, Path.cwd()):
        candidate = folder / "templates" / LETTER_NAME
        if candidate.is_file():
            return candidate
    return packaged(LETTER_NAME)


def write_plain_template(path: Path, columns: Iterable[str], config: Config) -> Path:
    """A plain 督办函 template using only fields `columns` and the computed fields provide."""
    present = set(columns)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _paragraph(document, "督办函", font=TITLE_FONT, size=TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(document, "", indent=False)
    addressee = "{{ 责任单位 }}：" if "责任单位" in present else "有关单位："
    _paragraph(document, addressee, indent=False)
    when = "{{ 登记日期 }}登记的" if "登记日期" in present else ""
    about = "，反映{{ 反映问题 }}" if "反映问题" in present else ""
    _paragraph(
        document,
        f"{when}{{{{ 信访人 }}}}信访事项（编号：{{{{ 信访编号 }}}}）{about}，"
        "依照《信访工作条例》的规定，其办理期限已于{{ 当前截止日期 }}届满，"
        "至今已超过期限{{ 超期天数 }}日，尚未办结。",
    )
    _paragraph(
        document,
        "根据《信访工作条例》的有关规定，现予督办。请你单位抓紧依法办理，"
        f"并于收到本函之日起{config.rules.supervision_reply_days}日内将办理情况和结果书面反馈{{{{ 发文机关 }}}}。",
    )
    _paragraph(document, "特此函告。")
    _paragraph(document, "", indent=False)
    _paragraph(document, "{{ 发文机关 }}", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, right=4)
    _paragraph(document, "{{ 成文日期 }}", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, right=4)
    if config.organ.contact or config.organ.phone:
        _paragraph(document, "", indent=False)
        _paragraph(document, "（联系人：{{ 机关联系人 }}　联系电话：{{ 机关联系电话 }}）")
    _set_default_font(document)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _paragraph(
    document, text: str, *, font: str = BODY_FONT, size: float = BODY_SIZE, align=None, indent: bool = True, right=0
):
    paragraph = document.add_paragraph()
    layout = paragraph.paragraph_format
    layout.line_spacing = LINE
    layout.space_before = layout.space_after = Pt(0)
    if indent:
        layout.first_line_indent = Pt(size * 2)
    if right:
        layout.right_indent = Pt(size * right)
    if align is not None:
        paragraph.alignment = align
    if text:
        _font(paragraph.add_run(text), font, size)
    return paragraph


def _font(run, name: str, size: float) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _set_default_font(document) -> None:
    style = document.styles["Normal"]
    style.font.name = BODY_FONT
    style.font.size = Pt(BODY_SIZE)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)


def write_letters(
    register: str | Path,
    overdue: Sequence[DueItem],
    outdir: str | Path,
    *,
    config: Config,
    columns: Iterable[str],
    template: str | Path | None = None,
    plain: bool = False,
    sheet: str | None = None,
    header_row: int | None = None,
    as_of: dt.date | None = None,
    issued: dt.date | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> tuple[MergeResult, Path | None]:
    """One 督办函 per overdue case through the merge pipeline; returns the result and the template used.

    `template` (a file or a built-in name) wins; else templates/督办函.docx or the built-in one unless `plain`;
    else a plain letter built here (the second value is then None).
    """
    if not overdue:
        raise DocgenError("没有超期的信访事项，无需生成督办函")
    chosen = resolve_template(template) if template else (None if plain else official_template(config))
    folder = None
    try:
        if chosen is None:
            folder = Path(tempfile.mkdtemp(prefix="docgen-letter-"))
            used = write_plain_template(folder / LETTER_NAME, columns, config)
        else:
            used = chosen
        result = merge(
            register,
            used,
            outdir,
            config=config,
            sheet=sheet,
            header_row=header_row,
            rows=",".join(str(item.row) for item in overdue),
            force=force,
            as_of=as_of,
            issued=issued,
            jobs=1,
            progress=progress,
        )
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    return result, chosen
