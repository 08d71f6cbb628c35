"""The ten official templates: name, format, purpose and builder; the built copies ship in docgen/templates/."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docgen.config import Config
from docgen.errors import OutputError, TemplateError
from docgen.official import forms, letters, notices, opinions
from docgen.official.document import OfficialDocument, signature_indent

PACKAGED_DIR = Path(__file__).resolve().parents[1] / "templates"  # package data, rebuilt by `templates build`


@dataclass(frozen=True)
class TemplateSpec:
    """One shipped template. `name` is its file stem and its document kind (发文字号 prefix key)."""

    name: str
    profile: str
    purpose: str
    build: Callable[[OfficialDocument, Config], None]
    numbered: bool = True

    @property
    def filename(self) -> str:
        return f"{self.name}.docx"


CATALOG: tuple[TemplateSpec, ...] = (
    TemplateSpec("受理告知书", "公文", "告知信访人已受理、办理机关和60日办理期限", notices.acceptance),
    TemplateSpec("不予受理告知书", "公文", "告知不予受理的理由和应当向哪个机关提出", notices.refusal),
    TemplateSpec("不再受理告知书", "公文", "复核终结后告知同一事实和理由不再受理", notices.final_refusal),
    TemplateSpec("转送交办函", "信函", "将信访事项交责任单位办理，明确期限和报告要求", letters.assignment),
    TemplateSpec("督办函", "信函", "督促责任单位办理超期或推诿的信访事项", letters.supervision),
    TemplateSpec("延期办理告知书", "公文", "告知延期理由和延长后的办理期限（不超过30日）", notices.extension),
    TemplateSpec("处理意见书", "公文", "答复信访请求、事实、处理意见及依据和复查途径", opinions.reply),
    TemplateSpec("复查意见书", "公文", "答复复查请求：维持、变更或责令重新办理，及复核途径", opinions.review),
    TemplateSpec("复核意见书", "公文", "答复复核请求，说明复核为最终意见", opinions.reexamination),
    TemplateSpec("回访记录表", "公文", "记录回访情况、满意度和是否息诉罢访", forms.visit_record, numbered=False),
)
BY_NAME = {spec.name: spec for spec in CATALOG}


def build_document(spec: TemplateSpec, config: Config | None = None) -> OfficialDocument:
    """The template `spec` as an OfficialDocument (not yet saved)."""
    config = config or Config()
    doc = OfficialDocument(spec.profile, organ_chars=len(config.organ.name) or 5)
    spec.build(doc, config)
    doc.set_properties(spec.name, spec.purpose)
    return doc


def build_templates(outdir: str | Path, config: Config | None = None, *, force: bool = False) -> list[Path]:
    """Write every template into `outdir`; existing files are kept unless `force`."""
    outdir = Path(outdir)
    existing = [outdir / spec.filename for spec in CATALOG if (outdir / spec.filename).exists()]
    if existing and not force:
        names = "、".join(p.name for p in existing)
        raise OutputError(
            f"文件夹「{outdir}」里已有同名模板：{names}，未覆盖",
            hint="如需用程序重新生成（会丢失在 Word 中所做的修改），请加 --force",
        )
    outdir.mkdir(parents=True, exist_ok=True)
    return [build_document(spec, config).save(outdir / spec.filename) for spec in CATALOG]


def default_build_dir() -> Path:
    """Where `templates build` writes without -o: the package's own folder in a source checkout, else ./templates."""
    in_checkout = (PACKAGED_DIR.parents[2] / "pyproject.toml").is_file() and PACKAGED_DIR.parents[1].name == "src"
    return PACKAGED_DIR if in_checkout else Path("templates")


def packaged(name: str) -> Path | None:
    """The built-in template called `name` (with or without .docx), or None."""
    stem = name.removesuffix(".docx")
    path = PACKAGED_DIR / f"{stem}.docx"
    return path if stem in BY_NAME and path.is_file() else None


def resolve_template(value: str | Path) -> Path:
    """A template file: `value` when that file exists, else the built-in template of that name."""
    path = Path(value)
    if path.exists():
        return path
    builtin = packaged(str(value)) if len(path.parts) == 1 else None
    if builtin is not None:
        return builtin
    raise TemplateError(
        f"找不到模板 {value}",
        hint="请检查文件名和路径；也可以直接写自带模板的名称：" + "、".join(BY_NAME),
    )


__all__ = [
    "BY_NAME",
    "CATALOG",
    "PACKAGED_DIR",
    "TemplateSpec",
    "build_document",
    "build_templates",
    "default_build_dir",
    "packaged",
    "resolve_template",
    "signature_indent",
]
