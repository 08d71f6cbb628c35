"""Template errors in Chinese: which paragraph (or table cell) holds the broken tag, and what is wrong with it."""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

from docgen.errors import TemplateError

DOCGEN_FILTERS = "中文日期、大写日期、加天数、脱敏、成句"
_BLOCKS = ("if", "for", "with", "macro", "call", "filter", "block", "raw", "autoescape")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_BLOCK_TAG = re.compile(r"\{%-?\s*(\w+)")
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_CELL_TAGS = re.compile(r"<w:tc[ >]|</w:tc>")
_FULL_WIDTH = "（）“”‘’，：；！｜＝【】｛｝《》"
_FIX_SYMBOLS = '标签里的括号、引号、竖线、逗号要用英文半角符号，例如 default("待定")，不是 default（“待定”）'
_PAIRS = "字段要写成 {{ 字段 }}，条件写成 {% if … %}…{% endif %}，两边的大括号、百分号要成对"


@dataclass(frozen=True)
class Place:
    """Where a broken tag sits: the part's Chinese name, whether in a table cell, and its text."""

    part: str
    in_table: bool
    text: str

    def describe(self) -> str:
        where = "表格单元格" if self.in_table else "段落"
        if self.part != "正文":
            where = f"{self.part}的{where}" if self.in_table else self.part
        return f"{where}「{_shorten(self.text)}」"


def check_names(tree: nodes.Template, env: SandboxedEnvironment) -> None:
    """Fail on a filter or test the environment lacks, even inside an {% if %} Jinja would defer it to."""
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        known = env.filters if isinstance(node, nodes.Filter) else env.tests
        if node.name not in known:
            kind = "filter" if isinstance(node, nodes.Filter) else "test"
            raise TemplateSyntaxError(f"No {kind} named {node.name!r}.", node.lineno)


def template_error(
    env: SandboxedEnvironment, source: str, part: str, template: str, original: str | None = None
) -> TemplateError:
    """The Chinese TemplateError for a part whose (prepared) source does not compile; `original` is the
    part before docxtpl's preparation, whose paragraphs are quoted as the clerk typed them."""
    lines = _PARAGRAPH_START.sub(r"\n<w:p\1", source).split("\n")
    try:
        tree = env.parse("\n".join(lines))
        check_names(tree, env)
        env.from_string(tree)
    except TemplateSyntaxError as exc:
        problem, hint, line = _explain(exc, env, lines)
        place = _place(lines, line, part, original)
        tag = _tag_in(place.text, exc)
        if tag and tag != place.text.strip():
            problem = f"标签「{tag}」中的{problem}"
        return TemplateError(f"模板 {template} 的{place.describe()}有错：{problem}", hint=hint)
    return TemplateError(f"模板 {template} 的{_PART_NAMES.get(part, part)}无法解析", hint=_PAIRS)


def runtime_message(exc: Exception) -> str:
    """A Jinja or Python error raised while rendering one case, in Chinese."""
    text = str(exc)
    if match := re.fullmatch(r"'(.+?)' object has no attribute '(.+?)'", text):
        kind = {"str": "文字", "int": "数字", "NoneType": "空值"}.get(match.group(1), match.group(1))
        return f"这一行的值是{kind}，不能用「.{match.group(2)}」（单元格是空的，或不是日期？）"
    if match := re.fullmatch(r"'(.+?)' is undefined", text):
        return f"没有字段「{match.group(1)}」"
    if "unsafe" in text or "access to attribute" in text:
        return "模板用到了不允许的写法（出于安全，模板里不能访问对象的内部属性）"
    if isinstance(exc, TypeError):
        return "模板里的运算用到了类型不对的值（例如文字和数字相加）"
    return "模板无法套用这一行的数据"


# -- explaining ---------------------------------------------------------------------------------
def _explain(exc: TemplateSyntaxError, env: SandboxedEnvironment, lines: list[str]) -> tuple[str, str, int]:
    """(what is wrong, what to do, the line holding the broken tag)."""
    message = exc.message or ""
    line = exc.lineno or 1
    if match := re.fullmatch(r"No (filter|test) named '(.+)'\.", message):
        kind, name = match.groups()
        known = env.filters if kind == "filter" else env.tests
        close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.5)
        label = "过滤器" if kind == "filter" else "判断"
        problem = f"{label}「{name}」不存在" + (f"，是不是「{close[0]}」？" if close else "")
        hint = f"docgen 的过滤器有 {DOCGEN_FILTERS}，Jinja 自带的 default、truncate 等也可以用"
        return problem, hint, line
    if match := re.match(r"unexpected char '(.)'", message):
        char = match.group(1)
        if char in _FULL_WIDTH:
            return f"有中文（全角）符号「{char}」", _FIX_SYMBOLS, line
        return f"有不能识别的字符「{char}」", _PAIRS, line
    if message.startswith("Unexpected end of template") or message.startswith("unexpected end of template"):
        block = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
        if block:
            opened = _unclosed(lines) or line
            return f"「{{% {block.group(1)} %}}」没有对应的「{{% end{block.group(1)} %}}」", _PAIRS, opened
        return "标签没有写完：「{{」或「{%」后面缺少对应的「}}」或「%}」", _PAIRS, _last_open(lines) or line
    if match := re.match(r"Encountered unknown tag '(\w+)'\.", message):
        tag = match.group(1)
        block = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
        if block:
            return f"「{{% {tag} %}}」与前面的「{{% {block.group(1)} %}}」不配对", _PAIRS, line
        if tag.startswith("end"):
            return f"「{{% {tag} %}}」前面没有对应的「{{% {tag[3:]} … %}}」", _PAIRS, line
        return f"不认识的标签「{{% {tag} %}}」", "常用的标签有 {% if %}…{% endif %}、{% for %}…{% endfor %}", line
    if message.startswith("unexpected '}'"):
        return "大括号不成对（多了一个「}」，或「{{ … }}」的结尾少写了一个「}」）", _PAIRS, line
    if match := re.match(r"expected token 'end of print statement', got '(.+)'", message):
        got = match.group(1)
        return f"「{{{{ … }}}}」里多了「{got}」（两个字段要分别写成 {{{{ 甲 }}}}{{{{ 乙 }}}}）", _PAIRS, line
    if match := re.match(r"unexpected '(.+)', expected '(.+)'", message):
        return f"在「{match.group(1)}」处应是「{match.group(2)}」（括号或引号不成对？）", _PAIRS, line
    return "标签的写法有误", _PAIRS, line


def _unclosed(lines: list[str]) -> int | None:
    """The line (1-based) of the innermost block tag left open."""
    stack: list[int] = []
    for number, line in enumerate(lines, 1):
        for match in _BLOCK_TAG.finditer(_text(line)):
            word = match.group(1)
            if word in _BLOCKS:
                stack.append(number)
            elif word.startswith("end") and word[3:] in _BLOCKS and stack:
                stack.pop()
    return stack[-1] if stack else None


def _last_open(lines: list[str]) -> int | None:
    """The last line with a «{{» or «{%» not closed on it."""
    found = None
    for number, line in enumerate(lines, 1):
        text = _TAG.sub("", _text(line))
        if "{{" in text or "{%" in text:
            found = number
    return found


_PART_NAMES = {"header": "页眉", "footer": "页脚", "footnotes": "脚注", "endnotes": "尾注", "core": "文档属性"}


def _place(lines: list[str], line: int, part: str, original: str | None) -> Place:
    """The paragraph on `line` (1-based): its text and whether it sits in a table cell."""
    index = min(max(line, 1), len(lines)) - 1
    xml = lines[index]
    inside, _, after = xml.rpartition("</w:p>")
    text = _text(inside) if inside else _text(xml)
    # a {%p %} or {%tr %} tag replaces its paragraph and ends up after the one before it
    if inside and _TAG.search(_text(after)) and not _TAG.search(text):
        text = _text(after)
    cells = 0
    for match in _CELL_TAGS.finditer("".join(lines[:index])):
        cells += -1 if match.group(0) == "</w:tc>" else 1
    name = re.sub(r"\d*\.xml$", "", part.rsplit("/", 1)[-1])
    return Place(_PART_NAMES.get(name, "正文"), cells > 0, _as_typed(text, original))


def _as_typed(text: str, original: str | None) -> str:
    """The paragraph of the unprepared part that `text` starts with: docxtpl's preparation joins a
    tag left open with the paragraphs after it, and turns {%p if %} into {% if %}."""
    if not original:
        return text
    wanted = _comparable(text)
    best = ""
    for paragraph in _PARAGRAPH_START.sub(r"\n<w:p\1", original).split("\n"):
        typed = _text(re.sub(r"</w:p>.*", "", paragraph, flags=re.S))
        plain = _comparable(typed)
        if plain and wanted.startswith(plain) and len(typed) > len(best):
            best = typed
    return best or text


def _comparable(text: str) -> str:
    """Text as docxtpl's preparation leaves it: no {%p/{%tr prefixes, straight quotes, no spaces."""
    return re.sub(r"\s+", "", _PREFIXES.sub(r"\1", text).translate(_QUOTES))


_PREFIXES = re.compile(r"(\{[{%#])(?:p|tr|tc|r)\s")
_QUOTES = str.maketrans("“”‘’", "\"\"''")


def _tag_in(text: str, exc: TemplateSyntaxError) -> str | None:
    """The tag of `text` an unknown filter or test error is about."""
    match = re.fullmatch(r"No (?:filter|test) named '(.+)'\.", exc.message or "")
    if not match:
        return None
    name = re.escape(match.group(1))
    for tag in _TAG.findall(text):
        if re.search(rf"(\||\bis\s+(not\s+)?)\s*{name}\b", tag):
            return tag
    return None


def _text(xml: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", xml))


def _shorten(text: str, width: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= width else text[: width - 1] + "…"
