"""Charts as PNG bytes with matplotlib (Agg): categories, the monthly trend, channels; Chinese in a CJK font."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from functools import lru_cache

import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from docgen.errors import DocgenError

# Sans-serif CJK families in order of preference; the first one installed is used.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "Noto Sans CJK JP",
)
FONT_HINT = (
    "请安装中文字体：Debian/Ubuntu 上运行 sudo apt-get install fonts-noto-cjk（Windows 自带的黑体、微软雅黑也可以）"
)
DPI = 200
TEXT_SIZE = 10.5  # 五号
BAR = "#2F5597"
BASE = "#A6A6A6"
PALETTE = ("#2F5597", "#C55A11", "#548235", "#7F6000", "#7030A0", "#1F6E6E", "#843C0C", "#595959")
NO_DATA = "本期无数据"
SLOT = "图表:"
MM = 1 / 25.4


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """The family name of an installed CJK sans-serif font (Noto Sans CJK SC on Debian)."""
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    raise DocgenError("找不到可以显示中文的字体，无法绘制统计图", hint=FONT_HINT)


def _figure(width_mm: float, height_mm: float) -> Figure:
    """A figure on the Agg canvas (no GUI backend, no global pyplot state)."""
    figure = Figure(figsize=(width_mm * MM, height_mm * MM), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _style() -> dict[str, object]:
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [cjk_font()],
        "font.size": TEXT_SIZE,
        "axes.unicode_minus": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def _png(draw: Callable[[Figure], None], width_mm: float, height_mm: float) -> bytes:
    """Draw on a new figure with the CJK font and return it as PNG (no timestamps: same data, same bytes)."""
    with matplotlib.rc_context(_style()):
        figure = _figure(width_mm, height_mm)
        draw(figure)
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None}, facecolor="white")
    return out.getvalue()


def _no_data(figure: Figure) -> None:
    ax = figure.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, NO_DATA, ha="center", va="center", color="#595959", transform=ax.transAxes)


def category_chart(items: Sequence[tuple[str, int]], width_mm: float = 150, height_mm: float = 80) -> bytes:
    """Horizontal bars of cases per category, the largest on top, each labelled with its count."""

    def draw(figure: Figure) -> None:
        shown = [(n, c) for n, c in items if c]
        if not shown:
            _no_data(figure)
            return
        ax = figure.add_subplot()
        names = [n for n, _ in reversed(shown)]
        counts = [c for _, c in reversed(shown)]
        bars = ax.barh(names, counts, color=BAR, height=0.6)
        ax.bar_label(bars, labels=[f"{c}件" for c in counts], padding=3)
        ax.set_xlabel("件数")
        ax.set_xlim(0, max(counts) * 1.18)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="x", color="#D9D9D9", linewidth=0.6)
        ax.set_axisbelow(True)

    return _png(draw, width_mm, height_mm)


def month_label(month: dt.date, first: bool) -> str:
    """7月; the first month and every January with the year: 2025年1月."""
    return f"{month.year}年{month.month}月" if first or month.month == 1 else f"{month.month}月"


def trend_chart(
    points: Sequence[tuple[dt.date, int | None, int | None]],
    width_mm: float = 150,
    height_mm: float = 75,
    labels: tuple[str, str] = ("登记件数", "上年同期"),
) -> bytes:
    """Cases per month as a line, with the same months a year earlier as a grey line where known."""

    def draw(figure: Figure) -> None:
        if not points or not any(p[1] for p in points):
            _no_data(figure)
            return
        ax = figure.add_subplot()
        x = list(range(len(points)))
        now = [p[1] for p in points]
        ax.plot(x, [v if v is not None else float("nan") for v in now], marker="o", color=BAR, label=labels[0])
        for i, value in enumerate(now):
            if value is not None:
                ax.annotate(str(value), (i, value), textcoords="offset points", xytext=(0, 5), ha="center")
        if any(p[2] is not None for p in points):
            old = [p[2] if p[2] is not None else float("nan") for p in points]
            ax.plot(x, old, marker="s", color=BASE, linestyle="--", label=labels[1])
            ax.legend(frameon=False, loc="upper left", ncols=2)
        ax.set_xticks(x, [month_label(p[0], i == 0) for i, p in enumerate(points)])
        if len(points) > 6:
            for label in ax.get_xticklabels():
                label.set(rotation=40, ha="right", rotation_mode="anchor")
        top = max(v for p in points for v in p[1:] if v is not None)
        ax.set_ylim(0, top * 1.25 + 1)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylabel("件数")
        ax.grid(axis="y", color="#D9D9D9", linewidth=0.6)

    return _png(draw, width_mm, height_mm)


def channel_chart(items: Sequence[tuple[str, int]], width_mm: float = 150, height_mm: float = 70) -> bytes:
    """A ring of cases per channel (信访形式), each labelled with its count and share."""

    def draw(figure: Figure) -> None:
        shown = [(n, c) for n, c in items if c]
        if not shown:
            _no_data(figure)
            return
        ax = figure.add_subplot()
        total = sum(c for _, c in shown)
        labels = [f"{n}\n{c}件（{_share(c, total)}）" for n, c in shown]
        ax.pie(
            [c for _, c in shown],
            labels=labels,
            colors=PALETTE[: len(shown)],
            startangle=90,
            counterclock=False,
            wedgeprops={"width": 0.42, "edgecolor": "white"},
            labeldistance=1.18,
            textprops={"multialignment": "center"},
        )
        ax.text(0, 0, f"共{total}件", ha="center", va="center")
        ax.set_aspect("equal")

    return _png(draw, width_mm, height_mm)


def _share(part: int, total: int) -> str:
    from docgen.reports.compare import percent_text, share

    return percent_text(share(part, total))


def placeholder(name: str, width_mm: float, height_mm: float) -> bytes:
    """The grey box a report template shows where chart `name` will be drawn."""

    def draw(figure: Figure) -> None:
        figure.set_layout_engine("none")
        ax = figure.add_axes((0.005, 0.005, 0.99, 0.99))
        ax.set_xticks([])
        ax.set_yticks([])
        for side in ax.spines.values():
            side.set_visible(True)
            side.set_color("#A6A6A6")
        ax.set_facecolor("#F2F2F2")
        text = f"统计图：{name}\n生成报告时在此绘制（图片的可选文字：{SLOT}{name}）"
        ax.text(0.5, 0.5, text, ha="center", va="center", color="#595959", transform=ax.transAxes, wrap=True)

    return _png(draw, width_mm, height_mm)
