"""Decide what a file is from its bytes, using the extension only as a tiebreaker.

``sniff`` looks at the first bytes of a file and answers ``"pdf"``, ``"zip"`` or
``"text"`` (plain text or markup, told apart after decoding), or raises
``UnsupportedFormat`` for things that are clearly not documents: images, archives,
executables, legacy Office files and plain binary junk.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from planscope.errors import CorruptFile, EmptyDocument, InputError, TooLarge, UnsupportedFormat

Container = Literal["pdf", "zip", "text"]

HEAD_BYTES = 64 * 1024

_PDF_MAGIC = b"%PDF"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

# (magic, offset, Chinese name, English name) of binary formats handed in by mistake.
_BINARY_MAGICS: tuple[tuple[bytes, int, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "PNG 图片", "a PNG image"),
    (b"\xff\xd8\xff", 0, "JPEG 图片", "a JPEG image"),
    (b"GIF87a", 0, "GIF 图片", "a GIF image"),
    (b"GIF89a", 0, "GIF 图片", "a GIF image"),
    (b"II*\x00", 0, "TIFF 图片", "a TIFF image"),
    (b"MM\x00*", 0, "TIFF 图片", "a TIFF image"),
    (b"WEBP", 8, "WebP 图片", "a WebP image"),
    (b"ftyp", 4, "音视频或 HEIC 图片", "a video, audio or HEIC file"),
    (b"Rar!\x1a\x07", 0, "RAR 压缩包", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7z 压缩包", "a 7z archive"),
    (b"\x1f\x8b", 0, "gzip 压缩文件", "a gzip file"),
    (b"\xfd7zXZ\x00", 0, "xz 压缩文件", "an xz file"),
    (b"BZh91AY&SY", 0, "bzip2 压缩文件", "a bzip2 file"),
    (b"\x7fELF", 0, "可执行程序", "an executable"),
    (b"SQLite format 3\x00", 0, "SQLite 数据库", "an SQLite database"),
    (b"{\\rtf", 0, "RTF 文档(请另存为 .docx)", "an RTF document (save it as .docx)"),
    (b"%!PS", 0, "PostScript 文件", "a PostScript file"),
    (b"OggS", 0, "音频文件", "an audio file"),
    (b"ID3", 0, "MP3 音频", "an MP3 file"),
)

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE2_KINDS = {
    ".doc": "旧版 Word (.doc) 文件,请另存为 .docx / a legacy Word .doc file; save it as .docx",
    ".wps": "WPS 文字 (.wps) 文件,请另存为 .docx / a WPS .wps file; save it as .docx",
    ".xls": "旧版 Excel (.xls) 工作簿 / a legacy Excel .xls workbook",
    ".et": "WPS 表格 (.et) 文件 / a WPS spreadsheet",
    ".ppt": "旧版 PowerPoint (.ppt) 文件 / a legacy PowerPoint .ppt file",
}
_OLE2_DEFAULT = (
    "Office 97-2003 格式 (OLE2) 文件,请另存为 .docx / "
    "an Office 97-2003 (OLE2) file; save it as .docx"
)

# A web page saved as one MIME file (.mht/.mhtml, also Word's "single file web page").
_MHT = re.compile(rb"^MIME-Version:.*?Content-Type:\s*multipart/related", re.I | re.S)
_MHT_REASON = (
    "MHT 网页存档,请在浏览器中另存为 .html / an MHT web archive; save it as .html in a browser"
)

# C0 control bytes that never occur in text (tab, LF, VT, FF, CR, SUB and ESC do).
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\x0b\x0c\r\x1a\x1b")
_BINARY_SHARE = 0.01

_UTF_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def check_size(path: Path, max_bytes: int) -> int:
    """The file size; raises for a missing file, a directory, an empty or too large file."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(path, "文件不存在 / file not found") from None
    except OSError as exc:
        raise InputError(path, f"无法读取文件 / cannot read the file ({exc.strerror})") from None
    if path.is_dir():
        raise InputError(path, "这是一个目录,不是文件 / this is a directory, not a file")
    if not path.is_file():  # a FIFO, socket or device: reading it may block or never end
        raise InputError(path, "不是普通文件（管道、设备或套接字）/ not a regular file (a pipe, device or socket)")
    if size == 0:
        raise EmptyDocument(path, "文件为空 / the file is empty")
    if size > max_bytes:
        raise TooLarge(
            path,
            f"文件大小 {_mib(size)} 超过上限 {_mib(max_bytes)} / "
            f"the file is {_mib(size)}, over the limit of {_mib(max_bytes)}",
        )
    return size


def _mib(n: int) -> str:
    return f"{n / 2**20:.1f} MiB" if n >= 2**20 else f"{n / 2**10:.1f} KiB"


def read_head(path: Path, n: int = HEAD_BYTES) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(n)
    except OSError as exc:
        raise InputError(path, f"无法读取文件 / cannot read the file ({exc.strerror})") from None


def sniff(path: Path, head: bytes) -> Container:
    """What container the bytes are; raises ``UnsupportedFormat`` for non-documents."""
    ext = path.suffix.lower()
    if _PDF_MAGIC in head[:1024]:
        return "pdf"
    if head.startswith(_ZIP_MAGICS):
        return "zip"
    _reject_known_binary(path, head, ext)
    if head.startswith(_UTF_BOMS) or utf16_layout(head) is not None:
        return "text"
    truncated = _truncated_magic(head, ext)
    if truncated is not None:
        return truncated
    if _looks_binary(head):
        raise UnsupportedFormat(
            path, "看起来是二进制数据,不是文本文档 / looks like binary data, not a text document"
        )
    return "text"


def _reject_known_binary(path: Path, head: bytes, ext: str) -> None:
    if _MHT.search(head[:2048]):
        raise UnsupportedFormat(path, _MHT_REASON)
    if head.startswith(_OLE2_MAGIC):
        raise UnsupportedFormat(path, _OLE2_KINDS.get(ext, _OLE2_DEFAULT))
    for magic, offset, chinese, english in _BINARY_MAGICS:
        if head[offset : offset + len(magic)] == magic:
            raise UnsupportedFormat(path, not_a_document(chinese, english))


def not_a_document(chinese: str, english: str) -> str:
    """The reason for an ``UnsupportedFormat``: what the file is instead."""
    return f"这是{chinese},不是可读取的文档 / this is {english}, not a readable document"


def _truncated_magic(head: bytes, ext: str) -> Container | None:
    """A .pdf/.docx cut off inside its own magic number (a few bytes long)."""
    if len(head) >= 4:
        return None
    if ext == ".pdf" and _PDF_MAGIC.startswith(head):
        return "pdf"
    if ext == ".docx" and _ZIP_MAGICS[0].startswith(head):
        return "zip"
    return None


def _looks_binary(head: bytes) -> bool:
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > len(head) * _BINARY_SHARE


def utf16_layout(head: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NUL bytes sit at odd/even positions only.

    In UTF-16 every ASCII character (newlines, digits, ASCII punctuation) has a NUL
    high byte, while CJK characters have none; 8-bit encodings have no NULs at all.
    The caller still checks that the bytes decode to plausible text.
    """
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    if odd > 0 and even * 10 <= odd:
        return "utf-16-le"
    if even > 0 and odd * 10 <= even:
        return "utf-16-be"
    return None


def corrupt_container(path: Path, what: str, detail: str) -> CorruptFile:
    """A ``CorruptFile`` for a damaged docx or pdf, with the parser's complaint."""
    return CorruptFile(
        path, f"{what} 文件已损坏或不完整 / the {what} file is damaged or truncated ({detail})"
    )
