"""The reading layer: one file in, its original text (and real tables) out.

``read_file`` decides the format from the bytes -- ``%PDF`` is a PDF, a zip with a
``word/`` part is a docx, text whose first tags look like a web page is HTML, any
other text is plain text -- and uses the extension only to break ties (a file cut
off inside its magic number).  Every failure is an ``InputError`` subclass whose
message names the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from planscope.errors import InputError
from planscope.model import ReadResult

from . import html, sniff, txt

__all__ = ["DEFAULT_MAX_BYTES", "read_file"]

DEFAULT_MAX_BYTES = 200 * 2**20

_HTML_EXTENSIONS = {".html", ".htm", ".shtml", ".xhtml", ".mht", ".jsp", ".asp", ".aspx", ".php"}
_ANY_TAG = re.compile(rb"<(?:[a-zA-Z][a-zA-Z0-9]*|!--)[\s>/]")


def read_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    """Read a txt, html, docx or pdf file into its original text."""
    path = Path(path)
    sniff.check_size(path, max_bytes)
    head = sniff.read_head(path)
    container = sniff.sniff(path, head)
    if container == "pdf":
        from . import pdf  # pdfminer is loaded only when a PDF comes

        return pdf.read_pdf(path)
    data = _read_all(path)
    if container == "zip":
        from . import docx  # python-docx and lxml are loaded only when a docx comes

        return docx.read_docx(path, data)
    if html.looks_like_html(data) or _html_by_extension(path, head):
        return html.read_html(path, data)
    return txt.read_txt(path, data)


def _read_all(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"无法读取文件 / cannot read the file ({exc.strerror})") from None


def _html_by_extension(path: Path, head: bytes) -> bool:
    """An .html file whose markup does not start the file still has tags near the top."""
    return path.suffix.lower() in _HTML_EXTENSIONS and _ANY_TAG.search(head[:4096]) is not None
