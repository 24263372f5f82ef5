"""Plain text: decode the bytes of a Chinese text file without changing a character.

Detection order (the first that fits wins):

1. a byte-order mark: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE (the mark is dropped);
2. UTF-16 without a mark: NUL bytes at odd (LE) or even (BE) positions only;
3. strict UTF-8 (text in another encoding almost never passes as UTF-8, so this
   comes before a declared charset, which pages often get wrong);
4. a charset declared by the caller (an HTML ``<meta charset>``), when it is a
   Chinese encoding and the bytes decode strictly with it (Big5 vs GB18030);
5. strict GB18030 (a superset of GBK and GB2312) -- unless the text reads far better
   as Big5, which GB18030 also accepts byte for byte;
6. charset-normalizer on a sample, accepted only for a Chinese/Unicode encoding
   whose result is plausible Chinese text.

An incomplete multi-byte sequence at the very end (a file cut off mid-character)
is dropped; anything else that does not decode is ``UndecodableText``.  Decoding
works on the file's single ``bytes`` object through memoryviews, so a large file
costs its bytes plus the decoded string.

This module also holds ``LineBuilder``, which the HTML and docx readers use to
assemble their one-paragraph-per-line text and the spans of table cells.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path

from planscope.errors import EmptyDocument, UndecodableText
from planscope.model import GridTable, ReadResult
from planscope.reading.text import to_simplified

from .sniff import utf16_layout

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # (mark, codec, reported name); UTF-32 first: its LE mark starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

# Declared charsets we trust, mapped to the codec that decodes them best.
_DECLARED = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "gb18030": "gb18030",
    "gb_2312-80": "gb18030",
    "euc-cn": "gb18030",
    "big5": "big5",
    "big5-hkscs": "big5hkscs",
    "cp950": "big5",
}
_CODEC_FOR = {"big5": "cp950", "big5hkscs": "big5hkscs"}

# charset-normalizer answers accepted as Chinese or Unicode text.
_CHINESE_CODECS = {
    "utf_8",
    "utf_16",
    "utf_16_le",
    "utf_16_be",
    "gb2312",
    "gbk",
    "gb18030",
    "big5",
    "big5hkscs",
    "cp950",
    "hz",
}

SAMPLE_CHARS = 100_000
_SAMPLE_BYTES = 256 * 1024

# Characters that do not occur in real text: C0/C1 controls other than the usual
# whitespace, private-use code points and the replacement character.
_JUNK = re.compile("[\x00-\x08\x0e-\x19\x1c-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff]")
_CJK = re.compile(
    "[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u2010-\u206f]"
)
_NON_ASCII_VISIBLE = re.compile(r"[^\x00-\x7f\s]")
_HAN = re.compile("[\u4e00-\u9fff]")

_MAX_JUNK_SHARE = 0.01
_MIN_CJK_SHARE = 0.6
_MIN_GB2312_SHARE = 0.9
_SHARE_SAMPLE = 20_000


class _NotText(Exception):
    """Internal: the bytes do not decode cleanly with the codec tried."""


def decode(path: Path, data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode a whole text/HTML file; returns ``(text, encoding)``."""
    for attempt in (_by_bom, _by_utf16_layout, _by_utf8):
        found = attempt(data)
        if found is not None:
            return _accept(path, found)
    if declared is not None:
        found = _by_declared(data, declared)
        if found is not None:
            return _accept(path, found)
    for attempt in (_by_gb18030, _by_charset_normalizer):
        found = attempt(data)
        if found is not None:
            return _accept(path, found)
    raise UndecodableText(
        path,
        "无法识别文字编码(不是 UTF-8、GB18030/GBK、UTF-16 或 Big5) / "
        "the bytes are in no known Chinese text encoding (UTF-8, GB18030/GBK, UTF-16, Big5)",
    )


def _accept(path: Path, found: tuple[str, str]) -> tuple[str, str]:
    text, encoding = found
    if _junk_share(text[:SAMPLE_CHARS]) > _MAX_JUNK_SHARE:
        raise UndecodableText(
            path,
            f"按 {encoding} 解码后多为控制符或乱码 / decoded as {encoding} the text is "
            "mostly control or private-use characters",
        )
    return text, encoding


# The C-level decoders take any buffer and copy nothing but the result; the
# Python-level incremental decoders of the UTF codecs would concatenate the input.
_UTF_DECODERS = {
    "utf-8": codecs.utf_8_decode,
    "utf-16-le": codecs.utf_16_le_decode,
    "utf-16-be": codecs.utf_16_be_decode,
    "utf-32-le": codecs.utf_32_le_decode,
    "utf-32-be": codecs.utf_32_be_decode,
}


_CHUNK = 4 * 2**20


def _strict(buffer: bytes | memoryview, codec: str) -> str:
    """Decode strictly, dropping only an incomplete sequence at the very end."""
    try:
        utf = _UTF_DECODERS.get(codec)
        if utf is not None:
            return _chunked(utf, memoryview(buffer))
        return codecs.getincrementaldecoder(codec)("strict").decode(buffer, final=False)
    except UnicodeDecodeError as exc:
        raise _NotText(codec) from exc


def _chunked(utf: Callable[..., tuple[str, int]], view: memoryview) -> str:
    """Decode in chunks: one call on 50 MB would briefly hold ~3x the input."""
    parts = []
    pos = 0
    while pos < len(view):
        part, consumed = utf(view[pos : pos + _CHUNK], "strict", False)
        if consumed == 0:
            break  # an incomplete sequence at the very end
        parts.append(part)
        pos += consumed
    return "".join(parts)


def _by_bom(data: bytes) -> tuple[str, str] | None:
    for mark, codec, name in _BOMS:
        if data.startswith(mark):
            try:
                return _strict(memoryview(data)[len(mark) :], codec), name
            except _NotText:
                return None
    return None


def _by_utf16_layout(data: bytes) -> tuple[str, str] | None:
    codec = utf16_layout(data[:_SAMPLE_BYTES])
    if codec is None:
        return None
    try:
        text = _strict(data, codec)
    except _NotText:
        return None
    return (text, codec) if _plausible(text[:SAMPLE_CHARS], printable=True) else None


def _by_declared(data: bytes, declared: str) -> tuple[str, str] | None:
    name = _DECLARED.get(declared.strip().lower())
    if name is None:
        return None
    try:
        return _strict(data, _CODEC_FOR.get(name, name)), name
    except _NotText:
        return None


def _by_utf8(data: bytes) -> tuple[str, str] | None:
    try:
        return _strict(data, "utf-8"), "utf-8"
    except _NotText:
        return None


def _by_gb18030(data: bytes) -> tuple[str, str] | None:
    try:
        text = _strict(data, "gb18030")
    except _NotText:
        return None
    sample = text[:SAMPLE_CHARS]
    gb_score = _gb2312_share(sample)
    if gb_score < _MIN_GB2312_SHARE:
        big5 = _big5_if_better(data, gb_score)
        if big5 is not None:
            return big5
    return text, "gb18030"


def _big5_if_better(data: bytes, gb_score: float) -> tuple[str, str] | None:
    """Big5 bytes also decode as GB18030, into rare characters; prefer Big5 then."""
    try:
        sample = _strict(data[:_SAMPLE_BYTES], "cp950")[:SAMPLE_CHARS]
    except _NotText:
        return None
    if _gb2312_share(sample) < gb_score + 0.1:
        return None
    try:
        return _strict(data, "cp950"), "big5"
    except _NotText:
        return None


def _by_charset_normalizer(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:_SAMPLE_BYTES]).best()
    if best is None or best.encoding not in _CHINESE_CODECS:
        return None
    try:
        text = _strict(data, best.encoding)
    except _NotText:
        return None
    if not _plausible(text[:SAMPLE_CHARS], printable=False):
        return None
    return text, codecs.lookup(best.encoding).name


def _junk_share(sample: str) -> float:
    if not sample:
        return 0.0
    return len(_JUNK.findall(sample)) / len(sample)


def _plausible(sample: str, *, printable: bool) -> bool:
    """Chinese-looking text: little junk, and mostly CJK among the non-ASCII characters.

    With ``printable`` a text made only of ASCII also passes (UTF-16 English).
    """
    if _junk_share(sample) > _MAX_JUNK_SHARE:
        return False
    non_ascii = len(_NON_ASCII_VISIBLE.findall(sample))
    if non_ascii == 0:
        return printable
    return len(_CJK.findall(sample)) / non_ascii >= _MIN_CJK_SHARE


def _gb2312_share(sample: str) -> float:
    """Share of Han characters that are common ones (in GB2312, once simplified)."""
    han = "".join(_HAN.findall(sample[:_SHARE_SAMPLE]))
    if not han:
        return 1.0
    share = _in_gb2312(han)
    if share < _MIN_GB2312_SHARE:  # traditional text is common once simplified
        share = _in_gb2312(to_simplified(han))
    return share


def _in_gb2312(han: str) -> float:
    missing = han.encode("gb2312", errors="replace").count(b"?")
    return 1 - missing / len(han)


def ensure_not_blank(path: Path, text: str, what: str = "文件") -> None:
    if not text or text.isspace():
        raise EmptyDocument(
            path, f"{what}中没有文字(只有空白) / the document has no text (whitespace only)"
        )


def read_txt(path: Path, data: bytes) -> ReadResult:
    text, encoding = decode(path, data)
    ensure_not_blank(path, text)
    return ReadResult(path=str(path), format="txt", text=text, encoding=encoding)


_CELL_BREAKS = re.compile(r"[\t\r\n]+")


def clean_cell(text: str) -> str:
    """A table cell's text fit for one tab-separated line."""
    return _CELL_BREAKS.sub(" ", text).strip()


class LineBuilder:
    """Assemble text one line at a time, keeping the offsets of lines and cells."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._end = 0
        self.grids: list[GridTable] = []

    def add_line(self, line: str) -> tuple[int, int]:
        """Append a line (without its newline); returns its span in the final text."""
        start = self._end + 1 if self._lines else 0
        self._lines.append(line)
        self._end = start + len(line)
        return start, self._end

    def add_grid(self, rows: list[list[str]]) -> None:
        """Append a table, one tab-separated line per row, and record it as a grid."""
        rows = [[clean_cell(cell) for cell in row] for row in rows]
        rows = [row for row in rows if any(row)]
        if not rows:
            return
        spans: list[list[tuple[int, int]]] = []
        for row in rows:
            start, _ = self.add_line("\t".join(row))
            spans.append(_cell_spans(row, start))
        self.grids.append(
            GridTable(cells=rows, spans=spans, start=spans[0][0][0], end=spans[-1][-1][1])
        )

    @property
    def empty(self) -> bool:
        return not self._lines

    def text(self) -> str:
        return "\n".join(self._lines)


def _cell_spans(row: list[str], start: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    for cell in row:
        spans.append((pos, pos + len(cell)))
        pos += len(cell) + 1
    return spans
