"""The local web page's routes with Flask's test client on real files: success, each error path, limits, CSRF."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from conftest import HEADER, SAMPLES, case_row, write_template, write_xlsx
from docx import Document
from ooxml import assert_valid_docx

from docgen.config import load_config
from docgen.web import create_app
from docgen.web.workspace import Workspace

pytest.importorskip("flask")


@pytest.fixture
def app(tmp_path: Path):
    application = create_app(load_config(SAMPLES / "docgen.toml"), workspace=Workspace(tmp_path / "space"),
                             folder=tmp_path)  # fmt: skip
    application.config["DOCGEN_LEDGER"] = tmp_path / "发文登记.sqlite"
    application.config["DOCGEN_CONFIG"].numbering.ledger = str(tmp_path / "发文登记.sqlite")
    return application


@pytest.fixture
def client(app):
    return app.test_client()


def _csrf(client) -> str:
    return re.search(r'name="csrf" value="(\w+)"', client.get("/merge").text).group(1)


def _upload(client, csrf: str, path: Path, url: str = "/register", name: str | None = None):
    with path.open("rb") as stream:
        return client.post(url, data={"csrf": csrf, "file": (stream, name or path.name)},
                           content_type="multipart/form-data")  # fmt: skip


def _wait(client, location: str) -> dict:
    job = location.split("job=")[1]
    for _ in range(240):
        state = client.get(f"/jobs/{job}").json
        if state["state"] != "running":
            return state
        time.sleep(0.25)
    raise AssertionError("job did not finish")


def test_merge_end_to_end_with_numbers_and_downloads(client, tmp_path: Path):
    csrf = _csrf(client)
    assert _upload(client, csrf, SAMPLES / "register.xlsx", name="我的台账.xlsx").status_code == 302
    assert client.post("/merge/template", data={"csrf": csrf, "builtin": "受理告知书"}).status_code == 302
    page = client.get("/merge").text
    assert "当前台账：<b>我的台账.xlsx</b>" in page
    form = r'<form class="upload" method="post" action="([^"]+)".*?name="back" value="([^"]+)"'
    assert re.search(form, page, re.S).groups() == ("/register", "/merge")  # the one upload route, back here
    assert re.search(r"模板的 \d+ 个字段，台账都有。台账共 240 行。", page)
    assert client.post("/merge/filters", data={"csrf": csrf, "column": "受理情况", "value": "受理"}).status_code == 302
    page = client.get("/merge").text
    assert "按当前条件将生成 <b>220</b> 份文书" in page  # the merge's own plan step, dry: no file, no number
    assert "某信受〔" not in page.split("预览第一份")[1] and "（待分配）" in page.split("预览第一份")[1]
    assert not (tmp_path / "发文登记.sqlite").exists()
    response = client.post("/merge/run", data={"csrf": csrf, "date": "2025-10-15"})
    state = _wait(client, response.location)
    assert (state["state"], state["summary"]) == ("done", "已生成 220 份")
    page = client.get(response.location.split("?")[0] + "?" + response.location.split("?")[1]).text
    assert "<td>XF2024-0001-汪慧敏-受理告知书.docx</td><td>某信受〔2025〕1号</td>" in page
    job = response.location.split("job=")[1]
    archive = client.get(f"/download/{job}/0")
    assert archive.status_code == 200
    with zipfile.ZipFile(io.BytesIO(archive.data)) as packed:
        names = [n for n in packed.namelist() if n.endswith("受理告知书.docx")]
        assert len(names) == 220
        text = "\n".join(p.text for p in Document(io.BytesIO(packed.read(names[0]))).paragraphs)
        (tmp_path / "first.docx").write_bytes(packed.read(names[0]))
    assert_valid_docx(tmp_path / "first.docx")
    assert "某信受〔2025〕" in text and "2025年10月15日" in text
    preview = client.get(f"/merge/preview?job={job}").text
    assert "汪慧敏" in preview
    ledger = client.get("/ledger").text
    assert "某信受〔2025〕220号" in ledger and "XF2024-0001-汪慧敏-受理告知书.docx" in ledger


def test_unknown_field_is_shown_with_a_suggestion_and_blocks_generation(client, tmp_path: Path):
    csrf = _csrf(client)
    register = write_xlsx(tmp_path / "台账.xlsx", [case_row(1)])
    template = write_template(tmp_path / "告知书.docx", ["{{ 信访人 }}：你反映的{{ 反映问提 }}问题"])
    _upload(client, csrf, register)
    _upload(client, csrf, template, url="/merge/template")
    page = client.get("/merge").text
    assert "{{ 反映问提 }} —— 是不是「反映问题」？" in page
    assert re.search(r'<button type="submit" class="primary"\s+disabled>生成文书</button>', page)


def test_duplicate_case_numbers_and_empty_selections_show_before_generating(client, tmp_path: Path):
    csrf = _csrf(client)
    rows = [[*case_row(1), "受理"], [*case_row(2), "受理"], [*case_row(1, "李四"), "受理"]]
    register = write_xlsx(tmp_path / "台账.xlsx", rows, header=[*HEADER, "受理情况"])
    _upload(client, csrf, register)
    lines = ["{{ 文号 }}", "{{ 信访人 }}：你于{{ 登记日期 }}反映的{{ 反映问题 }}问题"]
    template = write_template(tmp_path / "受理告知书.docx", lines)
    _upload(client, csrf, template, url="/merge/template")
    page = client.get("/merge").text
    assert "按当前条件将生成 <b>2</b> 份文书" in page
    assert "XF2025-001" in page.split('class="problems"')[1]  # row 4 repeats row 2's 信访编号
    client.post("/merge/filters", data={"csrf": csrf, "rows": "50-60"})
    assert "按当前条件将生成 <b>0</b> 份文书：没有符合条件的行" in client.get("/merge").text


def test_row_problems_are_listed_with_their_cell(client, tmp_path: Path):
    csrf = _csrf(client)
    register = write_xlsx(tmp_path / "台账.xlsx", [case_row(1), case_row(2, 登记日期="2025-13-45")])
    _upload(client, csrf, register)
    client.post("/merge/template", data={"csrf": csrf, "builtin": "受理告知书"})
    page = client.get("/merge").text
    assert "<td>B3</td><td>登记日期</td><td>2025-13-45</td>" in page


def test_post_without_csrf_is_refused(client):
    client.get("/merge")
    response = client.post("/merge/template", data={"builtin": "受理告知书"})
    assert response.status_code == 403
    assert "缺少安全校验码" in response.text


def test_oversize_and_wrong_uploads_are_refused(app, client, tmp_path: Path):
    csrf = _csrf(client)
    wrong = tmp_path / "台账.txt"
    wrong.write_text("x", encoding="utf-8")
    response = _upload(client, csrf, wrong)
    assert response.status_code == 400 and "「台账.txt」不是可用的文件类型" in response.text
    app.config["MAX_CONTENT_LENGTH"] = 1000
    big = tmp_path / "大台账.xlsx"
    big.write_bytes(b"0" * 5000)
    response = _upload(client, csrf, big)
    assert response.status_code == 413 and "上传的文件太大" in response.text


def test_file_names_never_become_paths(client, tmp_path: Path):
    csrf = _csrf(client)
    _upload(client, csrf, SAMPLES / "register.xlsx", name="../../evil.xlsx")
    assert not (tmp_path / "evil.xlsx").exists() and not (tmp_path.parent / "evil.xlsx").exists()
    assert "当前台账：<b>evil.xlsx</b>" in client.get("/merge").text
    assert client.get("/download/nojob/0").status_code == 404


def test_two_browser_sessions_do_not_share_files(app):
    first, second = app.test_client(), app.test_client()
    _upload(first, _csrf(first), SAMPLES / "register.xlsx", name="甲.xlsx")
    assert "当前台账" not in second.get("/merge").text
    _upload(second, _csrf(second), SAMPLES / "register.xlsx", name="乙.xlsx")
    assert "甲.xlsx" in first.get("/merge").text and "乙.xlsx" in second.get("/merge").text


def test_validate_page_lists_problems_and_offers_the_annotated_copy(client, tmp_path: Path):
    csrf = _csrf(client)
    register = write_xlsx(tmp_path / "台账.xlsx", [case_row(1), case_row(2, 身份证号="110101199003071235")])
    _upload(client, csrf, register)
    response = client.post("/validate/run", data={"csrf": csrf, "as_of": "2025-06-01"})
    assert re.fullmatch(r"共发现 \d+ 个错误、\d+ 个警告", _wait(client, response.location)["summary"])
    page = client.get(response.location).text
    assert "<td>E3</td><td>身份证号</td>" in page and "标出问题的台账副本" in page
    job = response.location.split("job=")[1]
    assert client.get(f"/download/{job}/0").data[:2] == b"PK"


def test_due_page_lists_overdue_cases_and_writes_letters(client):
    csrf = _csrf(client)
    _upload(client, csrf, SAMPLES / "register.xlsx")
    response = client.post("/due/run", data={"csrf": csrf, "as_of": "2025-11-20", "within": "7", "letters": "1",
                                             "date": "2025-11-21"})  # fmt: skip
    state = _wait(client, response.location)
    assert state["state"] == "done", state
    assert re.search(r"截至 2025年11月20日：已超期 \d+ 件", state["summary"]) and "督办函：已生成" in state["summary"]
    page = client.get(response.location).text
    assert "到期清单（.xlsx）" in page and "督办函（压缩包）" in page


def test_report_page_writes_the_report(client):
    csrf = _csrf(client)
    _upload(client, csrf, SAMPLES / "register.xlsx")
    response = client.post("/report/run", data={"csrf": csrf, "period": "2025Q3", "date": "2025-10-15"})
    state = _wait(client, response.location)
    assert state["state"] == "done" and state["summary"].startswith("2025年第三季度共 "), state
    job = response.location.split("job=")[1]
    report = Document(io.BytesIO(client.get(f"/download/{job}/0").data))
    assert any("2025年第三季度" in p.text for p in report.paragraphs)


def test_bad_period_is_a_chinese_error(client):
    csrf = _csrf(client)
    _upload(client, csrf, SAMPLES / "register.xlsx")
    response = client.post("/report/run", data={"csrf": csrf, "period": "去年"})
    assert response.status_code == 400 and "无法识别的统计期间「去年」" in response.text


def test_assess_page_shows_rule_errors_then_ranks(client, tmp_path: Path):
    csrf = _csrf(client)
    _upload(client, csrf, SAMPLES / "register.xlsx")
    bad = tmp_path / "细则.toml"
    bad.write_text("name = \n", encoding="utf-8")
    _upload(client, csrf, bad, url="/assess/rules")
    page = client.get("/assess").text
    assert "<p>考核细则 细则.toml 第 1 行第 8 列：值的写法不对" in page.split('class="error rules-error"')[1]
    assert re.search(r'<button type="submit" class="primary"\s+disabled>开始考核</button>', page)
    _upload(client, csrf, SAMPLES / "考核细则.toml", url="/assess/rules")
    response = client.post("/assess/run", data={"csrf": csrf, "period": "2025", "as_of": "2026-01-10",
                                                "date": "2026-01-15"})  # fmt: skip
    state = _wait(client, response.location)
    assert state["state"] == "done", state
    page = client.get(response.location).text
    assert '<table class="ranking">' in page and "考核通报（.docx）" in page


def test_ledger_page_without_a_ledger(client):
    assert "登记簿中还没有发文字号" in client.get("/ledger").text


def test_errors_are_pages_never_tracebacks(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and "没有这个页面或文件" in response.text and "Traceback" not in response.text
    csrf = _csrf(client)
    response = client.post("/merge/run", data={"csrf": csrf})
    assert response.status_code == 400 and "请先上传台账并选择模板" in response.text


def test_password_is_required_when_set(tmp_path: Path):
    app = create_app(load_config(SAMPLES / "docgen.toml"), password="秘密", workspace=Workspace(tmp_path / "s"),
                     folder=tmp_path)  # fmt: skip
    client = app.test_client()
    assert client.get("/merge").status_code == 401
    assert client.get("/merge", auth=("任意", "秘密")).status_code == 200


def test_messages_name_the_file_as_the_clerk_called_it(client, tmp_path: Path):
    csrf = _csrf(client)
    empty = tmp_path / "空白.xlsx"
    write_xlsx(empty, [], header=["甲", "乙"])
    _upload(client, csrf, empty, name="三季度台账.xlsx")
    client.post("/merge/template", data={"csrf": csrf, "builtin": "受理告知书"})
    page = client.get("/merge").text
    assert "三季度台账.xlsx" in page and "register.xlsx" not in page


def test_report_period_picker_starts_with_the_last_finished_quarter():
    from docgen.web.pages_documents import _periods

    assert _periods(dt.date(2026, 11, 29))[:2] == [
        ("2026Q3", "2026年第三季度"),
        ("2026Q2", "2026年第二季度"),
    ]
    assert _periods(dt.date(2026, 2, 1))[0] == ("2025Q4", "2025年第四季度")


def test_serve_refuses_other_hosts_without_a_password(monkeypatch: pytest.MonkeyPatch):
    from click.testing import CliRunner

    from docgen.cli import cli

    monkeypatch.delenv("DOCGEN_WEB_PASSWORD", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--no-browser"])
    assert result.exit_code == 2
    assert "错误：要在 0.0.0.0 上提供网页（别的电脑也能访问），必须先设置密码" in result.output


def test_serve_starts_on_loopback_and_cleans_up_on_ctrl_c(tmp_path: Path):
    import os
    import signal
    import subprocess
    import sys
    import urllib.request

    env = {**os.environ, "TMPDIR": str(tmp_path)}
    command = [sys.executable, "-m", "docgen", "serve", "--no-browser"]
    process = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        line = process.stdout.readline()  # the first line: the address
        address = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        assert line.startswith("docgen 网页已启动：")
        with urllib.request.urlopen(address, timeout=10) as response:
            assert "生成文书" in response.read().decode("utf-8")
        assert [p.name for p in tmp_path.glob("docgen-web-*")]
    finally:
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=30)
    assert "已停止，临时文件已删除。" in out
    assert not list(tmp_path.glob("docgen-web-*"))


def test_document_text_reads_a_file_or_its_bytes_alike(tmp_path: Path):
    from docgen.web.views import docx_text

    document = write_template(tmp_path / "d.docx", ["第一段", ["分成", "两段"]], table=[["甲", "乙"], ["1", "2"]])
    expected = ["第一段", "分成两段", "甲 | 乙", "1 | 2"]
    assert docx_text(document) == expected
    assert docx_text(document.read_bytes()) == expected  # the preview's first document, read in memory


def test_many_rows_dated_after_their_deadline_are_summed_up_above_the_full_table(client, tmp_path: Path):
    header = ["信访编号", "信访人", "受理日期", "交办日期"]
    rows = [[f"XF-{d}", f"人{d}", dt.date(2025, 1, d), dt.date(2025, 1, d)] for d in (6, 7, 8, 9, 10)]
    csrf = _csrf(client)
    _upload(client, csrf, write_xlsx(tmp_path / "台账.xlsx", rows, header=header))
    template = write_template(tmp_path / "转送交办函.docx", ["请于{{ 原办理截止日期 }}前办结。"])
    _upload(client, csrf, template, url="/merge/template")
    today = dt.date.today()
    summary = (
        "警告：文件 台账.xlsx，工作表「台账」，第 2–6 行共 5 份文书的成文日期 {day} "
        "晚于文中写明的60日办理期限的截止日期（最早 2025年3月7日，最晚 2025年3月11日），这些期限已经过去。"
        "补打以前的文书请在「成文日期」中填 2025年1月10日，写上当时的成文日期（下表逐行列出）"
    )
    page = client.get("/merge").text  # the dry run dates them today
    assert summary.format(day=f"{today.year}年{today.month}月{today.day}日") in page
    response = client.post("/merge/run", data={"csrf": csrf, "date": "2025-11-20"})
    assert _wait(client, response.location)["summary"] == "已生成 5 份"
    page = client.get(response.location).text.split('data-job="')[1]
    assert page.count(summary.format(day="2025年11月20日")) == 1
    assert page.count('<tr class="warning"><td>警告</td><td>第 ') == 5  # every row still in the table
    assert (
        "<td>第 2 行</td><td></td><td></td><td>成文日期 2025年11月20日 晚于文中写明的60日办理期限的截止日期"
        "（2025年3月7日），文书所说的期限已经过去</td><td>补打以前的文书请在「成文日期」中填 2025年1月6日，"
        "写上当时的成文日期</td>"
    ) in page  # the page has no --date: its own date field
