"""Build the bundled sample register (invented people and cases) and the sample template.

Run:  python samples/make_samples.py            (writes samples/register.xlsx and 答复意见书样例.docx)
      python samples/make_samples.py --rows 10000 --out big.xlsx   (a large register for benchmarks)

Every person, ID number, phone and case here is invented; ID numbers carry a valid checksum.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

from docgen.register.headers import COMMON_COLUMNS

HERE = Path(__file__).resolve().parent

# Every column offices commonly keep, in the usual order, then the columns of the 包案 ledger (包案通报).
CASE_LEAD_COLUMNS = ["办案单位", "办案人员", "定办结时间", "最新进展"]
COLUMNS = list(COMMON_COLUMNS) + CASE_LEAD_COLUMNS

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙"
    "史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂"
)
GIVEN = [
    "建国",
    "秀英",
    "桂兰",
    "志强",
    "丽华",
    "海燕",
    "国庆",
    "红梅",
    "永福",
    "春生",
    "小红",
    "晓东",
    "玉珍",
    "德明",
    "金凤",
    "文杰",
    "淑芬",
    "振华",
    "子涵",
    "雨桐",
    "宏伟",
    "桂芳",
    "长青",
    "爱民",
    "秋菊",
    "大勇",
    "佳怡",
    "俊峰",
    "翠花",
    "新民",
    "凤英",
    "家豪",
    "明辉",
    "素珍",
    "立军",
    "慧敏",
    "天佑",
    "婉婷",
    "永强",
    "月娥",
]
TOWNS = ["城关镇", "河西街道", "清水镇", "石桥镇", "柳林乡", "新河镇", "东山乡", "南湖街道"]
UNITS = [
    "县住房和城乡建设局",
    "县人力资源和社会保障局",
    "县自然资源局",
    "县农业农村局",
    "县卫生健康局",
    "县教育局",
    "县公安局",
    "县生态环境局",
    "县民政局",
] + [f"{t}人民政府" for t in TOWNS[:4]]
CATEGORIES = {
    "城乡建设": ("县住房和城乡建设局", "小区物业停车收费不透明", "要求公开收费依据并退还多收费用"),
    "劳动社保": ("县人力资源和社会保障局", "工地拖欠农民工工资三个月", "要求督促施工单位支付拖欠工资"),
    "国土资源": ("县自然资源局", "宅基地界址与邻居存在争议", "要求重新勘测确认宅基地界址"),
    "农村农业": ("县农业农村局", "土地流转费用未按合同支付", "要求村委会按合同兑付流转费"),
    "卫生健康": ("县卫生健康局", "对乡镇卫生院诊疗收费有异议", "要求核查收费并作出说明"),
    "教育": ("县教育局", "子女入学学区划分不合理", "要求调整学区或允许就近入学"),
    "政法": ("县公安局", "邻里纠纷报警后处理不及时", "要求依法处理并答复"),
    "环境保护": ("县生态环境局", "养殖场粪污直排河道", "要求责令整改并恢复水体"),
    "民政": ("县民政局", "低保资格被取消未说明理由", "要求说明理由并重新审核"),
}
CHANNELS = ["来信", "来访", "网上信访", "电话"]
LEVELS = ["本级"] * 12 + ["赴市"] * 4 + ["赴省"] * 2 + ["进京"]
LEADERS = ["王副县长", "李副县长", "张局长", "陈主任"]
COUNTY_GOVERNMENT = "某县人民政府"
AREA = "341122"  # an invented county's administrative division code


def id_number(rng: random.Random, birth: dt.date, female: bool) -> str:
    """An 18-digit ID with a valid GB 11643 checksum (invented, not a real person's)."""
    seq = rng.randrange(0, 100) * 10 + rng.randrange(0, 5) * 2 + (0 if female else 1)
    body = f"{AREA}{birth:%Y%m%d}{seq:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights))
    return body + "10X98765432"[total % 11]


def make_case(rng: random.Random, number: int, registered: dt.date, today: dt.date) -> dict[str, object]:
    """One invented petition, with a history consistent with the law's deadlines."""
    category = rng.choice(list(CATEGORIES))
    unit, problem, request = CATEGORIES[category]
    if rng.random() < 0.3:
        unit = f"{rng.choice(TOWNS[:4])}人民政府"
    female = rng.random() < 0.45
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    birth = dt.date(rng.randint(1950, 1998), rng.randint(1, 12), rng.randint(1, 28))
    people = rng.choice([1] * 14 + [2, 3] + [rng.randint(5, 40)] * 2)
    town = rng.choice(TOWNS)
    case: dict[str, object] = {c: None for c in COLUMNS}
    case.update(
        {
            "信访编号": f"XF{registered.year}-{number:04d}",
            "登记日期": registered,
            "信访形式": rng.choice(CHANNELS),
            "信访人": name,
            "性别": "女" if female else "男",
            "身份证号": id_number(rng, birth, female),
            "联系电话": f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
            "住址": f"某县{town}{rng.choice(['幸福', '光明', '和平', '新华'])}村{rng.randint(1, 12)}组",
            "所属地区": town,
            "人数": people,
            "问题类别": category,
            "反映问题": problem + ("，多人联名反映" if people >= 5 else ""),
            "诉求": request,
            "上访层级": rng.choice(LEVELS),
            "包案领导": rng.choice(LEADERS) if people >= 5 else None,
        }
    )
    if rng.random() < 0.08:
        case.update(
            {
                "受理情况": "不予受理",
                "受理日期": registered + dt.timedelta(days=rng.randint(2, 10)),
                "不予受理理由": "该事项已进入民事诉讼程序，属于人民法院职权范围",
                "告知去向": "某县人民法院",
            }
        )
        return case
    accepted = registered + dt.timedelta(days=rng.randint(1, 14 if rng.random() < 0.95 else 20))
    if accepted > today:
        return case  # still waiting for the acceptance decision
    case.update(
        {
            "受理情况": "受理",
            "受理日期": accepted,
            "责任单位": unit,
            "交办日期": accepted + dt.timedelta(days=rng.randint(0, 3)),
        }
    )
    extended = rng.random() < 0.12
    if extended:
        case.update({"是否延期": "是", "延期天数": rng.choice([15, 20, 30]), "延期理由": "案情复杂，需进一步调查核实"})
    else:
        case["是否延期"] = "否"
    limit = 60 + (case["延期天数"] or 0)
    finish = accepted + dt.timedelta(days=rng.randint(20, limit + (12 if rng.random() < 0.1 else 0)))
    if finish > today or rng.random() < 0.05:
        return case  # still being handled (some of these are overdue)
    conclusion = rng.choice(["予以支持", "予以支持", "解释说明", "不予支持"])
    replied = finish + dt.timedelta(days=rng.randint(0, 3))
    case.update(
        {
            "办结日期": finish,
            "处理结论": conclusion,
            "处理意见": {
                "予以支持": f"经调查核实，反映的{problem}情况属实，已责成相关单位限期整改并落实{request[2:]}",
                "解释说明": f"经调查，{problem}事出有因，相关做法符合现行规定，已当面向信访人解释说明",
                "不予支持": f"经调查核实，反映的{problem}与事实不符，诉求缺乏政策依据",
            }[conclusion],
            "法律依据": "《信访工作条例》及相关法律法规、政策规定",
            "答复日期": replied,
            "满意度": rng.choice(["满意"] * 6 + ["基本满意"] * 3 + ["不满意"]),
        }
    )
    visit = replied + dt.timedelta(days=rng.randint(5, 20))
    if visit <= today:
        case.update(
            {
                "回访日期": visit,
                "回访方式": rng.choice(["电话", "上门", "短信"]),
                "回访人": rng.choice(["周明", "吴芳", "郑海"]),
                "回访情况": "信访人对处理结果表示认可"
                if case["满意度"] != "不满意"
                else "信访人仍有异议，继续做好解释工作",
                "是否息诉罢访": "是" if case["满意度"] != "不满意" else "否",
            }
        )
    if case["满意度"] == "不满意" and rng.random() < 0.7:
        case["复查申请日期"] = replied + dt.timedelta(days=rng.randint(5, 25))
        case["复查结论"] = rng.choice(["维持", "维持", "变更", "责令重新办理"])
        if case["复查结论"] == "维持" and rng.random() < 0.5:
            case["复核结论"] = "维持"
    return case


def add_case_lead(case: dict[str, object], today: dt.date) -> None:
    """For a case a leader took charge of (包案): who works it, the promised date, the latest progress.

    Some promises were kept late (定办结时间 before 办结日期), an open one is already past its date.
    """
    if not case["包案领导"] or case["受理情况"] == "不予受理":
        return
    rng = random.Random(f"包案{case['信访编号']}")
    case["办案单位"] = case["责任单位"] or rng.choice(UNITS)
    case["办案人员"] = rng.choice(SURNAMES) + rng.choice(GIVEN)
    start = case["受理日期"] or case["登记日期"]
    finished = case["办结日期"]
    days = (finished - start).days + rng.choice([-12, -5, 6, 15]) if finished else rng.randint(10, 45)
    case["定办结时间"] = start + dt.timedelta(days=max(days, 10))
    if finished:
        case["最新进展"] = "已办结，已向信访人书面答复"
    elif case["定办结时间"] < today:
        case["最新进展"] = rng.choice(["多次协调未果，正在研究化解方案", "已约谈相关责任人，尚未落实"])
    else:
        case["最新进展"] = rng.choice(["已完成实地调查，正在核实材料", "已召开协调会，正在推进落实"])


def superior(organ: str) -> str:
    """The next-higher organ (invented county): departments and townships answer to the county government."""
    return "某市人民政府" if organ == COUNTY_GOVERNMENT else COUNTY_GOVERNMENT


def add_chain(case: dict[str, object], today: dt.date) -> None:
    """The 复查/复核 chain of a replied case: organs, dates and opinions, consistent with the 30-day periods.

    Uses its own random stream (seeded by the case number) so the older columns stay as they were.
    """
    if not case["答复日期"]:
        return
    rng = random.Random(str(case["信访编号"]))
    handler = str(case["责任单位"])
    case["复查机关"] = superior(handler)  # named in the 处理意见书's relief clause
    if not case["复查结论"]:
        return
    case["复查日期"] = min(case["复查申请日期"] + dt.timedelta(days=rng.randint(15, 30)), today)
    _, problem, request = CATEGORIES[str(case["问题类别"])]
    if case["复查结论"] == "变更":
        case["复查意见"] = f"对{request[2:]}的诉求予以部分支持，由{handler}自收到本意见之日起30日内落实"
    elif case["复查结论"] == "责令重新办理":
        case["复查意见"] = f"原处理意见对{problem}的有关事实调查不充分"
        return  # handled anew by the original organ; no 复核 follows
    case["复核机关"] = superior(str(case["复查机关"]))  # named in the 复查意见书's relief clause
    if not case["复核结论"]:
        return
    case["复核申请日期"] = min(case["复查日期"] + dt.timedelta(days=rng.randint(5, 25)), today)
    case["复核日期"] = min(case["复核申请日期"] + dt.timedelta(days=rng.randint(15, 30)), today)
    again = case["复核日期"] + dt.timedelta(days=rng.randint(20, 60))
    if again <= today:
        case["再次信访日期"], case["再次信访形式"] = again, rng.choice(CHANNELS)


def make_cases(count: int, seed: int = 20251, today: dt.date = dt.date(2025, 11, 20)) -> list[dict[str, object]]:
    """`count` cases registered from January 2024 up to `today`, in register order."""
    rng = random.Random(seed)
    start = dt.date(2024, 1, 2)
    span = (today - start).days
    dates = sorted(start + dt.timedelta(days=rng.randrange(span)) for _ in range(count))
    per_year: dict[int, int] = {}
    cases = []
    for registered in dates:
        per_year[registered.year] = per_year.get(registered.year, 0) + 1
        case = make_case(rng, per_year[registered.year], registered, today)
        add_chain(case, today)
        add_case_lead(case, today)
        cases.append(case)
    # a repeat petitioner: the same person comes back on the same matter within the year
    if len(cases) > 30:
        for key in ("信访人", "性别", "身份证号", "联系电话", "住址", "所属地区", "问题类别", "诉求"):
            cases[-5][key] = cases[-40][key]
    return cases


def write_register(cases: list[dict[str, object]], path: Path, title: str = "某县信访局信访事项登记台账") -> None:
    """The register as offices keep it: a merged title row, a 填报单位 line, then the header."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = "登记台账"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(["填报单位：某县信访局", None, None, None, "填报人：综合科"])
    sheet.append(COLUMNS)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for case in cases:
        sheet.append([case[c] for c in COLUMNS])
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            if COLUMNS[cell.column - 1] in ("身份证号", "联系电话"):
                cell.number_format = "@"
    widths = {"信访编号": 14, "身份证号": 21, "反映问题": 30, "诉求": 26, "处理意见": 40, "住址": 24}
    for index, column in enumerate(COLUMNS, 1):
        sheet.column_dimensions[sheet.cell(3, index).column_letter].width = widths.get(column, 12)
    sheet.freeze_panes = "C4"
    book.save(path)


def write_big_register(count: int, path: Path) -> None:
    """A large register laid out as Excel saves one (shared strings, dimension), for the benchmark."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "登记台账"
    sheet.append(COLUMNS)
    base = make_cases(200)
    for index in range(count):
        case = dict(base[index % len(base)])
        case["信访编号"] = f"XF-B{index + 1:06d}"
        sheet.append([case[c] for c in COLUMNS])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=0, help="build a large register of this many rows")
    parser.add_argument("--out", type=Path, help="where to write the large register")
    args = parser.parse_args()
    if args.rows:
        write_big_register(args.rows, args.out or HERE / "big.xlsx")
        return
    write_register(make_cases(240), HERE / "register.xlsx")
    from sample_template import write_sample_template

    write_sample_template(HERE / "答复意见书样例.docx")
    print(f"已写入 {HERE / 'register.xlsx'} 和 {HERE / '答复意见书样例.docx'}")


if __name__ == "__main__":
    main()
