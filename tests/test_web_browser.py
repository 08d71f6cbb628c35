"""The web page in a real headless Chromium (Debian's): upload, choose, check, generate, download; other pages.

Skipped when Chromium or Playwright is missing, unless DOCGEN_REQUIRE_BROWSER=1 (CI). With
DOCGEN_WEB_SCREENSHOTS=folder the run also saves a screenshot of each page there (docs/web/ in the repository).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLES
from docx import Document

from docgen.config import load_config
from docgen.web import create_app
from docgen.web.workspace import Workspace

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRED = os.environ.get("DOCGEN_REQUIRE_BROWSER") == "1"
SHOTS = os.environ.get("DOCGEN_WEB_SCREENSHOTS")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None

if not REQUIRED and (CHROMIUM is None or sync_playwright is None):
    pytest.skip("需要 Chromium 和 Playwright（CI 中必须运行）", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from waitress.server import create_server

    folder = tmp_path_factory.mktemp("web")
    config = load_config(SAMPLES / "docgen.toml")
    config.numbering.ledger = str(folder / "发文登记.sqlite")
    app = create_app(config, workspace=Workspace(folder / "space"), folder=folder)
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


@pytest.fixture(scope="module")
def page(server):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1200, "height": 900}, locale="zh-CN")
        yield context.new_page()
        browser.close()


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        if page.locator(".job").count():
            page.locator(".job").scroll_into_view_if_needed()
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def test_generate_from_the_sample_register(page, server, tmp_path: Path):
    page.goto(f"{server}/merge")
    assert page.title() == "生成文书 — docgen 信访文书"
    page.set_input_files("#step-register input[type=file]", str(SAMPLES / "register.xlsx"))
    page.wait_for_selector("text=当前台账：")
    page.click("#step-template button:has-text('受理告知书')")
    page.wait_for_selector("#step-check")
    assert re.search(r"模板的 \d+ 个字段，台账都有", page.inner_text("#step-check"))
    page.select_option("#filter-column", "受理情况")
    page.select_option("#filter-value", "受理")
    page.click("#filters button:has-text('应用')")
    page.wait_for_selector(".chip:has-text('受理情况=受理')")
    page.fill("input[name=date]", "2025-10-15")
    _shot(page, "merge-check")
    page.click("#step-run button.primary")
    page.wait_for_selector(".job .summary", timeout=120_000)
    assert page.inner_text(".job .summary") == "已生成 220 份"
    assert page.inner_text(".documents tr:nth-child(1) td:nth-child(2)") == "某信受〔2025〕1号"
    _shot(page, "merge-done")
    with page.expect_download() as download:
        page.click("text=下载：全部文书（压缩包）")
    saved = tmp_path / "文书.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as packed:
        first = sorted(n for n in packed.namelist() if n.endswith(".docx") and "合并打印" not in n)[0]
        text = "\n".join(p.text for p in Document(io.BytesIO(packed.read(first))).paragraphs)
    assert "某信受〔2025〕1号" in text and "汪慧敏" in text


def test_problem_table_for_a_register_with_mistakes(page, server, tmp_path: Path):
    from conftest import case_row, write_xlsx

    register = write_xlsx(tmp_path / "有错的台账.xlsx", [case_row(1), case_row(2, 登记日期="2025-13-45")])
    page.goto(f"{server}/merge")
    page.set_input_files("#step-register input[type=file]", str(register))
    page.wait_for_selector("table.problems")
    row = page.inner_text("table.problems tbody tr")
    assert "B3" in row and "登记日期" in row and "2025-13-45" in row


def test_validate_and_report_pages(page, server):
    page.goto(f"{server}/validate")
    page.set_input_files("form.upload input[type=file]", str(SAMPLES / "register.xlsx"))
    page.wait_for_selector("text=当前台账：")
    page.click("button:has-text('开始检查')")
    page.wait_for_selector(".job .summary", timeout=60_000)
    assert page.inner_text(".job .summary").startswith(("共发现", "检查通过"))
    _shot(page, "validate")
    page.goto(f"{server}/report")
    page.select_option("#period", "2025Q3")
    page.fill("input[name=date]", "2025-10-15")
    page.click("button:has-text('生成报告')")
    page.wait_for_selector(".job .summary", timeout=120_000)
    assert page.inner_text(".job .summary").startswith("2025年第三季度共 ")
    _shot(page, "report")
    page.goto(f"{server}/ledger")
    assert "某信受〔2025〕220号" in page.inner_text("table")
    _shot(page, "ledger")
