"""Output names that survive a Windows share, on any OS.

Device names, trailing dots and spaces, the characters <>:"/\\|?* and the 260-character path limit;
Python's PureWindowsPath is the independent judge where it has a rule.
"""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

import pytest

from docgen.errors import OutputError
from docgen.outputs.naming import MAX_PATH_CHARS, NamePattern, Namer, reserved, safe_component, windows_length

DEVICES = ["CON", "con", "Prn", "AUX", "NUL", "COM1", "com9", "LPT1", "LPT9", "COM¹", "LPT³", "CONIN$", "CONOUT$"]


@pytest.mark.parametrize("name", [*DEVICES, "CON.docx", "nul.txt", "AUX.tar.gz", "CON .docx", "NUL  ", "Com1.x.docx"])
def test_a_device_name_never_becomes_a_file_name(name: str) -> None:
    assert reserved(name)
    cleaned = safe_component(name)
    assert cleaned.startswith("_") and not reserved(cleaned)
    assert not PureWindowsPath(cleaned).is_reserved()  # Python's own Windows rule agrees


@pytest.mark.parametrize("name", ["CONSOLE.docx", "COM10", "NULL", "LPT", "con-告知书.docx", "张三CON.docx", "AUXI"])
def test_names_that_only_look_like_devices_are_kept(name: str) -> None:
    assert not reserved(name) and safe_component(name) == name


@pytest.mark.parametrize("value", DEVICES)
def test_a_device_name_in_a_cell_gives_a_usable_file(value: str) -> None:
    name = NamePattern("{信访人}.docx").name({"信访人": value})
    assert name == f"_{value}.docx" and not PureWindowsPath(name).is_reserved()
    folder = NamePattern("{责任单位}/{信访人}.docx").name({"责任单位": value, "信访人": "张三"})
    assert folder == f"_{value}/张三.docx"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("县住建局.", "县住建局"),
        ("县住建局 ", "县住建局"),
        ("县住建局. . ", "县住建局"),
        (" .县公安局", "县公安局"),
        ("...", "未命名"),
    ],
)
def test_trailing_dots_and_spaces_leave_folder_names(value: str, expected: str) -> None:
    assert safe_component(value) == expected
    name = NamePattern("{责任单位}/{信访人}.docx").name({"责任单位": value, "信访人": "张三. "})
    assert name == f"{expected}/张三.docx"
    for part in name.split("/"):
        assert part == part.rstrip(" .") and part == PureWindowsPath(part).name


def test_a_shortened_name_does_not_end_in_a_dot() -> None:
    value = "a" * 79 + ".b" * 30  # cut at 80 characters, just after the dot
    name = NamePattern("{责任单位}/{信访人}.docx").name({"责任单位": value, "信访人": value})
    folder, file = name.split("/")
    assert folder == "a" * 79 and file == "a" * 79 + ".docx"


def test_windows_forbidden_characters_are_replaced() -> None:
    value = 'a<b>c:d"e/f\\g|h?i*j'
    name = NamePattern("{信访人}-告知书.docx").name({"信访人": value})
    assert name == "a_b_c_d_e_f_g_h_i_j-告知书.docx"
    assert PureWindowsPath(name).name == name and not any(c in name for c in '<>:"/\\|?*')


def test_the_whole_path_stays_within_windows_limit(tmp_path: Path) -> None:
    folder = tmp_path / ("输出" * 40)
    namer = Namer(folder)
    long_name = "XF2025-001-" + "很长的信访人姓名" * 20 + "-答复意见书.docx"
    first, second = namer.claim(long_name), namer.claim(long_name)
    for path in (first, second):
        assert windows_length(str(path)) <= MAX_PATH_CHARS and path.suffix == ".docx"
        assert path.parent == folder.resolve() and path.name.startswith("XF2025-001-很长的")
        assert path.stem == path.stem.rstrip(" .")
    assert first != second and second.stem.endswith("-2")
    assert namer.claim("短名.docx") == folder.resolve() / "短名.docx"


def test_characters_beyond_the_bmp_count_twice(tmp_path: Path) -> None:
    namer = Namer(tmp_path / ("输出" * 60))
    path = namer.claim("𠀀" * 100 + ".docx")  # U+20000: two UTF-16 units each
    assert windows_length(str(path)) <= MAX_PATH_CHARS < len(str(path)) * 2
    assert set(path.stem) == {"𠀀"}


def test_an_output_folder_too_deep_for_windows_is_a_clear_error(tmp_path: Path) -> None:
    namer = Namer(tmp_path / ("很深的文件夹" * 45))
    with pytest.raises(OutputError, match="输出路径太长") as caught:
        namer.claim("XF2025-001-张三-答复意见书.docx")
    assert "较短的路径" in (caught.value.hint or "")
