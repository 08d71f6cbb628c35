"""A small register with hand-counted figures for the report tests (2024Q1, 2024Q4, 2025Q1 and one later case)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import write_xlsx

D = dt.date
HEADER = [
    "信访编号", "登记日期", "信访形式", "信访人", "身份证号", "联系电话", "所属地区", "人数",
    "问题类别", "上访层级", "受理情况", "受理日期", "责任单位", "办结日期", "满意度",
]  # fmt: skip


def id_number(serial: int) -> str:
    """A well-formed 18-digit ID (GB 11643 check digit) for invented person `serial`."""
    body = f"341122198{serial % 10}0{(serial % 9) + 1}1{serial % 10}{serial:03d}"[:17]
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


# fmt: off
PEOPLE = {
    f"P{n}": (name, id_number(n), f"139{n:08d}")
    for n, name in enumerate(
        ["", "欧阳明华", "司马晓东", "诸葛丽娟", "上官建平", "皇甫志强", "慕容秀英", "东方海燕", "令狐建国",
         "尉迟春梅", "长孙卫东", "宇文淑珍", "公孙振华", "夏侯玉兰", "端木德胜"]
    )
    if name
}


def row(number, registered, channel, person, area, people, category, level, decision="", accepted="",
        unit="", finished="", satisfaction=""):  # fmt: skip
    name, id_no, phone = PEOPLE[person]
    return [f"XF-{number:02d}", registered, channel, name, id_no, phone, area, people, category, level,
            decision, accepted, unit, finished, satisfaction]  # fmt: skip


ROWS = [
    # 2024Q1 (the 同比 base of 2025Q1), seen as of 2024-03-31
    row(1, D(2024, 1, 10), "来信", "P1", "清水镇", 1, "城乡建设", "本级", "受理", D(2024, 1, 12), "县住建局",
        D(2024, 2, 20), "满意"),
    row(2, D(2024, 2, 5), "来访", "P2", "城关镇", 6, "劳动社保", "赴省", "受理", D(2024, 2, 7), "县人社局",
        D(2024, 3, 1), "不满意"),
    row(3, D(2024, 3, 3), "电话", "P3", "城关镇", 1, "城乡建设", "本级", "受理", D(2024, 3, 4), "县住建局"),
    row(4, D(2024, 3, 20), "网上信访", "P4", "清水镇", 2, "教育", "赴市"),
    # 2024Q4 (the 环比 base), seen as of 2024-12-31
    row(5, D(2024, 10, 8), "来信", "P5", "城关镇", 1, "民政", "本级", "受理", D(2024, 10, 9), "县民政局",
        D(2024, 11, 15), "满意"),
    row(6, D(2024, 11, 4), "来信", "P11", "城关镇", 1, "民政", "本级", "受理", D(2024, 11, 5), "县民政局",
        D(2024, 12, 1), "基本满意"),
    row(7, D(2024, 11, 20), "来访", "P12", "新河镇", 12, "环境保护", "赴省", "受理", D(2024, 11, 21),
        "县生态环境局", D(2024, 12, 20), "满意"),
    row(8, D(2024, 12, 10), "电话", "P13", "清水镇", 1, "城乡建设", "本级", "受理", D(2024, 12, 11), "县住建局",
        D(2025, 1, 15), "满意"),
    row(9, D(2024, 12, 28), "网上信访", "P14", "东山乡", 1, "教育", "本级", "受理", D(2025, 1, 3), "县教育局",
        D(2025, 2, 20), "满意"),
    # 2025Q1 (the period reported on), seen as of 2025-03-31
    row(10, D(2025, 1, 5), "来信", "P1", "清水镇", 1, "城乡建设", "本级", "受理", D(2025, 1, 6), "县住建局",
        D(2025, 2, 10), "满意"),
    row(11, D(2025, 1, 20), "来访", "P6", "城关镇", 8, "劳动社保", "进京", "受理", D(2025, 1, 21), "县人社局",
        D(2025, 4, 10), "满意"),
    row(12, D(2025, 2, 10), "电话", "P1", "清水镇", 1, "城乡建设", "赴市", "受理", D(2025, 2, 11), "县住建局"),
    row(13, D(2025, 2, 15), "网上信访", "P7", "新河镇", 5, "环境保护", "赴省", "受理", D(2025, 2, 17),
        "县生态环境局", D(2025, 3, 10), "不满意"),
    row(14, D(2025, 3, 1), "来信", "P8", "清水镇", "", "城乡建设", "本级", "不予受理", D(2025, 3, 5)),
    row(15, D(2025, 3, 25), "来信", "P9", "", 1, "教育", "本级"),
    # 2025Q2: after the period, never counted in 2025Q1
    row(16, D(2025, 4, 2), "来访", "P10", "城关镇", 20, "城乡建设", "进京", "受理", D(2025, 4, 3), "县住建局"),
]
# fmt: on

# Every full name, ID number and phone number of the register: none may appear in a report.
PERSONAL = [text for name, id_no, phone in PEOPLE.values() for text in (name, id_no, phone)]


def write_register(path: Path) -> Path:
    return write_xlsx(path, ROWS, header=HEADER)
