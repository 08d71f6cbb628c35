"""A numbered row is rendered once: while it is checked, with its 文号 written in after allocation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import all_text, case_row, write_template, write_xlsx

from docgen.cli import cli
from docgen.official.catalog import BY_NAME
from docgen.render import DocxTemplate
from docgen.render.template import SLOT_TOKEN

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_prerendered_case_is_byte_identical_to_a_full_render(tmp_path: Path) -> None:
    template = DocxTemplate(
        write_template(tmp_path / "函.docx", ["{{ 文号 }}", "{{ 信访人 }}：{{ 诉求 }}", "抄送：{{ 文号 }}"])
    )
    context = {"信访人": "张三", "诉求": "A&B <c>"}
    prerendered = template.prerender(context, "文号")
    assert prerendered is not None
    for number in ("某信受〔2025〕12号", "A&B〔2025〕1号"):  # a prefix with & is escaped once
        assert template.finish(prerendered, number) == template.render({**context, "文号": number})
    assert SLOT_TOKEN not in all_text_of(template.finish(prerendered, "某信受〔2025〕12号"), tmp_path)


def all_text_of(data: bytes, folder: Path) -> str:
    path = folder / "out.docx"
    path.write_bytes(data)
    return all_text(path)


@pytest.mark.parametrize(
    "line",
    [
        "{{ 文号|default('待定') }}",
        "{% if 文号 %}{{ 文号 }}{% endif %}",
        "{{ 文号 ~ '号' }}",
        "{% set n = 文号 %}{{ n }}",
    ],
)
def test_number_used_otherwise_than_printed_is_rendered_again_with_the_real_number(tmp_path: Path, line: str) -> None:
    template = DocxTemplate(write_template(tmp_path / "函.docx", [line, "{{ 信访人 }}"]))
    assert template.prerender({"信访人": "张三"}, "文号") is None


def test_prerender_raises_what_render_raises(tmp_path: Path) -> None:
    template = DocxTemplate(write_template(tmp_path / "函.docx", ["{{ 文号 }}", "{{ 信访人|必填('信访人') }}"]))
    with pytest.raises(Exception) as prerendered:
        template.prerender({"信访人": ""}, "文号")
    with pytest.raises(Exception) as rendered:
        template.render({"信访人": "", "文号": "x"})
    assert type(prerendered.value) is type(rendered.value)
    assert str(prerendered.value) == str(rendered.value)


@pytest.mark.parametrize("name", ["受理告知书", "转送交办函", "处理意见书"])
def test_builtin_templates_numbered_by_prerender_equal_a_second_full_render(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same merge with and without prerendering (two fresh ledgers, same date) writes the same bytes."""
    assert name in BY_NAME
    outputs = []
    for mode in ("prerender", "full"):
        work = tmp_path / mode
        work.mkdir()
        shutil.copy(SAMPLES / "register.xlsx", work / "register.xlsx")
        shutil.copy(SAMPLES / "docgen.toml", work / "docgen.toml")
        if mode == "full":
            monkeypatch.setattr(
                DocxTemplate, "prerender", lambda self, context, slot: self.check({**context, slot: ""})
            )
        result = run(
            "merge", work / "register.xlsx", name, "-o", work / "out", "--config", work / "docgen.toml",
            "--date", "2025-01-06", "--rows", "2-40", "--jobs", "1",
        )  # fmt: skip
        assert result.exit_code in (0, 1), result.output
        outputs.append({p.name: p.read_bytes() for p in (work / "out").glob("*.docx")})
    assert outputs[0] and outputs[0] == outputs[1]
    assert all("〔2025〕" in all_text_of(data, tmp_path) for data in outputs[0].values())


def test_numbers_in_register_order_with_workers(tmp_path: Path) -> None:
    register = write_xlsx(tmp_path / "r.xlsx", [case_row(n, f"人{n}") for n in range(1, 41)])
    template = write_template(tmp_path / "受理告知书.docx", ["{{ 文号 }}", "{{ 信访人 }}"])
    (tmp_path / "docgen.toml").write_text('[organ]\nshort_name = "某信"\n', encoding="utf-8")
    out = tmp_path / "out"
    result = run("merge", register, template, "-o", out, "--config", tmp_path / "docgen.toml", "--date", "2025-06-01",
                 "--jobs", "2", "--name", "{信访人}")  # fmt: skip
    assert result.exit_code == 0, result.output
    for n in range(1, 41):
        assert all_text(out / f"人{n}.docx").splitlines()[:2] == [f"某信受〔2025〕{n}号", f"人{n}"]
