"""Word documents (.docx): the body in order, one paragraph per line, tables as grids.

The body is walked in document order (paragraphs and tables interleaved, content
controls opened).  A paragraph's text is read from its runs -- including runs
inside hyperlinks, fields, insertions and content controls, which python-docx's
``Paragraph.text`` skips -- with ``<w:tab/>`` as ``\\t`` and line breaks as new
lines.  Text boxes are left out (their text is anchored, not in the flow).

A table row becomes one line with its cells joined by ``\\t``: each real ``<w:tc>``
once, so a horizontally merged cell is not repeated and a vertically merged one
is empty below its first row.  A one-column table (a box around text, such as a
专栏) is read as paragraphs instead.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from lxml import etree

from planscope.errors import UnsupportedFormat
from planscope.model import ReadResult

from .sniff import corrupt_container, not_a_document
from .txt import LineBuilder, clean_cell, ensure_not_blank

_P = qn("w:p")
_TBL = qn("w:tbl")
_TR = qn("w:tr")
_TC = qn("w:tc")
_R = qn("w:r")
_SDT = qn("w:sdt")
_SDT_CONTENT = qn("w:sdtContent")
_CUSTOM_XML = qn("w:customXml")
_TXBX = qn("w:txbxContent")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_RUN_TEXT = {
    qn("w:t"): None,  # its own text
    qn("w:tab"): "\t",
    qn("w:ptab"): "\t",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
}
_WRAPPERS = {_SDT, _SDT_CONTENT, _CUSTOM_XML}

_OTHER_ZIPS = (
    ("xl/", "Excel 工作簿 (.xlsx)", "an Excel workbook (.xlsx)"),
    ("ppt/", "PowerPoint 演示文稿 (.pptx)", "a PowerPoint presentation (.pptx)"),
    ("OFD.xml", "OFD 版式文件(请另存为 PDF)", "an OFD document (export it as PDF)"),
    ("Doc_0/", "OFD 版式文件(请另存为 PDF)", "an OFD document (export it as PDF)"),
    ("content.xml", "OpenDocument 文件(请另存为 .docx)", "an OpenDocument file (save as .docx)"),
    ("META-INF/container.xml", "EPUB 电子书", "an EPUB e-book"),
)


def read_docx(path: Path, data: bytes) -> ReadResult:
    _check_zip(path, data)
    document = _open(path, data)
    out = LineBuilder()
    try:
        _Body(out, _Numbering.of(document)).walk(document.element.body)
        title = (document.core_properties.title or "").strip()
    except (etree.LxmlError, ValueError, KeyError) as exc:
        raise corrupt_container(path, "docx", type(exc).__name__) from None
    text = out.text()
    ensure_not_blank(path, text, "Word 文档")
    metadata = {"title": title} if title else {}
    return ReadResult(
        path=str(path), format="docx", text=text, grids=out.grids, metadata=metadata
    )


def _check_zip(path: Path, data: bytes) -> None:
    """A readable zip with a ``word/`` part; otherwise say what it is."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        if b"word/" in data or path.suffix.lower() == ".docx":
            raise corrupt_container(path, "docx", str(exc)) from None
        damaged = not_a_document("损坏的 ZIP 压缩包", "a damaged zip archive")
        raise UnsupportedFormat(path, damaged) from None
    if any(name.startswith("word/") for name in names):
        _check_parts(path, data, names)
        return
    for marker, chinese, english in _OTHER_ZIPS:
        if any(name.startswith(marker) for name in names):
            raise UnsupportedFormat(path, not_a_document(chinese, english))
    raise UnsupportedFormat(path, not_a_document("ZIP 压缩包", "a zip archive"))


_CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}Types"


def _check_parts(path: Path, data: bytes, names: list[str]) -> None:
    """The package's XML parts parse and its content-type list is one: python-docx meets a
    broken part with whatever error its code runs into (AttributeError, TypeError …), which
    cannot be told from a bug, so a damaged package is named here, before it opens it."""
    parts = [n for n in names if n == "[Content_Types].xml" or (n.startswith("word/") and n.endswith(".xml"))]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in parts:
            try:
                root = etree.fromstring(archive.read(name))
            except (etree.LxmlError, zipfile.BadZipFile, EOFError, OSError) as exc:
                raise corrupt_container(path, "docx", f"{name}: {type(exc).__name__}") from None
            if name == "[Content_Types].xml" and root.tag != _CONTENT_TYPES:
                raise corrupt_container(path, "docx", f"{name}: not a content-type list")


def _open(path: Path, data: bytes) -> DocxDocument:
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except ValueError as exc:
        if "content type" in str(exc):
            raise UnsupportedFormat(
                path, "不是普通 Word 文档(可能是模板或宏文档) / not a plain Word document"
            ) from None
        raise corrupt_container(path, "docx", str(exc)) from None
    except (KeyError, OpcError, etree.LxmlError, zipfile.BadZipFile) as exc:  # a part missing or damaged
        raise corrupt_container(path, "docx", type(exc).__name__) from None


class _Body:
    """Walks a body or table cell in document order into a ``LineBuilder``."""

    def __init__(self, out: LineBuilder, numbering: _Numbering) -> None:
        self.out = out
        self.numbering = numbering

    def walk(self, container: etree._Element) -> None:
        for child in _block_children(container):
            if child.tag == _P:
                for line in self.paragraph(child).split("\n"):
                    if line.strip():
                        self.out.add_line(line)
            elif child.tag == _TBL:
                self.table(child)

    def paragraph(self, p: etree._Element) -> str:
        """The paragraph's text after its automatic list number, if it has one."""
        number = self.numbering.label(p)
        text = paragraph_text(p)
        return number + text if number and text.strip() else text

    def table(self, tbl: etree._Element) -> None:
        rows = [list(_cells(tr)) for tr in _block_children(tbl) if tr.tag == _TR]
        if all(len(row) <= 1 for row in rows):
            for row in rows:
                for tc in row:
                    self.walk(tc)
            return
        self.out.add_grid([[self.cell_text(tc) for tc in row] for row in rows])

    def cell_text(self, tc: etree._Element) -> str:
        lines = (self.paragraph(p) for p in tc.iter(_P) if not _in_text_box(p, tc))
        return clean_cell(" ".join(line for line in lines if line.strip()))


def _block_children(container: etree._Element) -> Iterator[etree._Element]:
    for child in container:
        if child.tag in _WRAPPERS:
            yield from _block_children(child)
        else:
            yield child


def paragraph_text(p: etree._Element) -> str:
    parts: list[str] = []
    for run in p.iter(_R):
        if _in_text_box(run, p):
            continue
        for item in run:
            if item.tag in _RUN_TEXT:
                fixed = _RUN_TEXT[item.tag]
                parts.append(item.text or "" if fixed is None else fixed)
    return "".join(parts)


def _in_text_box(run: etree._Element, p: etree._Element) -> bool:
    for ancestor in run.iterancestors():
        if ancestor is p:
            return False
        if ancestor.tag in (_TXBX, _FALLBACK):
            return True
    return False


def _cells(tr: etree._Element) -> Iterator[etree._Element]:
    for child in _block_children(tr):
        if child.tag == _TC:
            yield child


# --- automatic list numbers -------------------------------------------------------

_VAL = qn("w:val")
_MAX_LEVELS = 9
_STYLE_DEPTH = 10
_LEVEL_REF = re.compile(r"%([1-9])")


@dataclass(frozen=True)
class _Level:
    start: int
    fmt: str  # w:numFmt, e.g. decimal, chineseCounting, bullet
    text: str  # w:lvlText, e.g. "%1、", "(%1)", "第%1章"
    suffix: str  # what follows the number: tab, space or nothing
    legal: bool  # w:isLgl: every level shown as decimal
    style: str | None  # the paragraph style bound to this level


class _Numbering:
    """Word's automatic list numbers ("一、", "(一)", "第一章"), rendered as text.

    Numbers come from a paragraph's ``w:numPr`` or its style's (through ``basedOn``).
    Counters run per list in document order; a deeper level restarts when a higher
    one advances.  Bullets are left out: their glyphs are symbol-font code points.
    """

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self.levels: dict[str, dict[int, _Level]] = {}
        self.links: dict[str, str] = {}  # abstractNumId -> numbering style (numStyleLink)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> abstract, starts
        self.styles: dict[str, tuple[str | None, str | None, int | None]] = {}
        self.counters: dict[str, list[int | None]] = {}
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    @classmethod
    def of(cls, document: DocxDocument) -> _Numbering:
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering = None
        try:
            styles = document.styles.element
        except (KeyError, NotImplementedError):
            styles = None
        return cls(numbering, styles)

    def _read_numbering(self, root: etree._Element) -> None:
        for abstract in root.iter(qn("w:abstractNum")):
            key = abstract.get(qn("w:abstractNumId"), "")
            self.levels[key] = {
                int(lvl.get(qn("w:ilvl"), "0")): _level(lvl) for lvl in abstract.iter(qn("w:lvl"))
            }
            link = _child_val(abstract, "w:numStyleLink")
            if link:
                self.links[key] = link
        for num in root.iter(qn("w:num")):
            starts = {
                int(override.get(qn("w:ilvl"), "0")): int(_child_val(override, "w:startOverride"))
                for override in num.iter(qn("w:lvlOverride"))
                if _child_val(override, "w:startOverride").isdigit()
            }
            self.nums[num.get(qn("w:numId"), "")] = (_child_val(num, "w:abstractNumId"), starts)

    def _read_styles(self, root: etree._Element) -> None:
        for style in root.iter(qn("w:style")):
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            num_id = _child_val(num_pr, "w:numId") if num_pr is not None else ""
            ilvl = _child_val(num_pr, "w:ilvl") if num_pr is not None else ""
            self.styles[style.get(qn("w:styleId"), "")] = (
                _child_val(style, "w:basedOn") or None,
                num_id or None,
                int(ilvl) if ilvl.isdigit() else None,
            )

    def label(self, p: etree._Element) -> str:
        """The number shown before paragraph ``p`` ("" if none), advancing its list."""
        style = _child_val(p.find(qn("w:pPr")), "w:pStyle") or None
        num_id, ilvl = self._num_ref(p, style)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract, starts = self.nums[num_id]
        levels = self._abstract_levels(abstract)
        if ilvl is None:
            ilvl = next((k for k, lvl in levels.items() if style and lvl.style == style), 0)
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self._advance(num_id if starts else abstract, levels, starts, ilvl)
        return _render_label(level, levels, starts, counters)

    def _num_ref(self, p: etree._Element, style: str | None) -> tuple[str | None, int | None]:
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        num_id = _child_val(num_pr, "w:numId") if num_pr is not None else ""
        ilvl = _child_val(num_pr, "w:ilvl") if num_pr is not None else ""
        level = int(ilvl) if ilvl.isdigit() else None
        if num_id:
            return num_id, level
        style_num, style_level = self._style_num(style)
        return style_num, level if level is not None else style_level

    def _style_num(self, style: str | None) -> tuple[str | None, int | None]:
        for _ in range(_STYLE_DEPTH):
            if style is None or style not in self.styles:
                break
            based_on, num_id, ilvl = self.styles[style]
            if num_id:
                return num_id, ilvl
            style = based_on
        return None, None

    def _abstract_levels(self, abstract: str) -> dict[int, _Level]:
        levels = self.levels.get(abstract, {})
        if levels or abstract not in self.links:
            return levels
        num_id, _ = self._style_num(self.links[abstract])
        linked = self.nums.get(num_id or "")
        return self.levels.get(linked[0], {}) if linked else {}

    def _advance(
        self, key: str, levels: dict[int, _Level], starts: dict[int, int], ilvl: int
    ) -> list[int | None]:
        counters = self.counters.setdefault(key, [None] * _MAX_LEVELS)
        current = counters[ilvl]
        counters[ilvl] = _start(levels, starts, ilvl) if current is None else current + 1
        for deeper in range(ilvl + 1, _MAX_LEVELS):
            counters[deeper] = None
        return counters


def _level(lvl: etree._Element) -> _Level:
    start = _child_val(lvl, "w:start")
    return _Level(
        start=int(start) if start.isdigit() else 1,
        fmt=_child_val(lvl, "w:numFmt") or "decimal",
        text=_child_val(lvl, "w:lvlText"),
        suffix=_child_val(lvl, "w:suff") or "tab",
        legal=lvl.find(qn("w:isLgl")) is not None,
        style=_child_val(lvl, "w:pStyle") or None,
    )


def _child_val(el: etree._Element | None, tag: str) -> str:
    if el is None:
        return ""
    child = el.find(qn(tag))
    return child.get(_VAL, "") if child is not None else ""


def _start(levels: dict[int, _Level], starts: dict[int, int], ilvl: int) -> int:
    if ilvl in starts:
        return starts[ilvl]
    level = levels.get(ilvl)
    return level.start if level else 1


def _render_label(
    level: _Level, levels: dict[int, _Level], starts: dict[int, int], counters: list[int | None]
) -> str:
    if level.fmt in ("bullet", "none"):
        return ""

    def number(match: re.Match[str]) -> str:
        k = int(match.group(1)) - 1
        value = counters[k] if counters[k] is not None else _start(levels, starts, k)
        fmt = "decimal" if level.legal else levels.get(k, level).fmt
        return format_number(value or 0, fmt)

    label = _LEVEL_REF.sub(number, level.text)
    return label + ("" if level.suffix == "nothing" or not label else " ")


_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CN_TRAD_LEGAL_DIGITS = "零壹貳參肆伍陸柒捌玖"
_CN_UNITS = ("", "十", "百", "千")
_CN_LEGAL_UNITS = ("", "拾", "佰", "仟")
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PARENTHESIZED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULL_STOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip


def format_number(n: int, fmt: str) -> str:
    """A list number in one of Word's number formats (decimal where unknown)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "koreanCounting"):  # fmt: skip
        return _chinese(n, _CN_DIGITS, _CN_UNITS, short_ten=True)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _CN_LEGAL_DIGITS, _CN_LEGAL_UNITS, short_ten=False)
    if fmt in ("ideographLegalTraditional", "japaneseLegal"):
        return _chinese(n, _CN_TRAD_LEGAL_DIGITS, _CN_LEGAL_UNITS, short_ten=False)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n)).replace("零", "〇")
    cyclic = {"ideographTraditional": _TIANGAN, "ideographZodiac": _DIZHI}
    if fmt in cyclic:
        return cyclic[fmt][(n - 1) % len(cyclic[fmt])]
    enclosed = {
        "decimalEnclosedCircle": _CIRCLED,
        "decimalEnclosedCircleChinese": _CIRCLED,
        "decimalEnclosedParen": _PARENTHESIZED,
        "decimalEnclosedFullstop": _FULL_STOP,
    }
    if fmt in enclosed and 1 <= n <= len(enclosed[fmt]):
        return enclosed[fmt][n - 1]
    return _latin_number(n, fmt)


def _latin_number(n: int, fmt: str) -> str:
    if fmt in ("upperLetter", "lowerLetter") and n >= 1:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 1 <= n < 4000:
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _chinese(n: int, digits: str, units: tuple[str, ...], *, short_ten: bool) -> str:
    """Chinese numerals below 10000: 十一, 二十, 一百零五 (or 壹拾壹 in legal style)."""
    if n <= 0 or n >= 10000:
        return str(n)
    out: list[str] = []
    pending_zero = False
    places = str(n)
    for i, ch in enumerate(places):
        d = int(ch)
        if d == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append(digits[0])
            pending_zero = False
        out.append(digits[d] + units[len(places) - 1 - i])
    text = "".join(out)
    return text[1:] if short_ten and 10 <= n < 20 else text
