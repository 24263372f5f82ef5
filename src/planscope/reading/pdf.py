"""PDF: the text layer, extracted page by page with pdfminer.six.

The file is parsed from disk (not read into memory) and each page's text is taken
with pdfminer's layout analysis, then the pages are joined with ``\\n``.  A file
that lacks its closing ``%%EOF`` is truncated (pdfminer would quietly read what is
left), a file that needs a password is reported as such, and a PDF without any
text -- a scan -- is ``NoTextLayer``: it has to go through OCR first.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from pdfminer.converter import TextConverter
from pdfminer.layout import LAParams
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from planscope.errors import CorruptFile, InputError, NoTextLayer
from planscope.model import ReadResult

from .sniff import corrupt_container

_TAIL_BYTES = 4096
_UNMAPPED = re.compile(r"\(cid:\d+\)")
_MAX_UNMAPPED_SHARE = 0.5

# pdfminer logs a warning for every odd object in real-world files.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def read_pdf(path: Path) -> ReadResult:
    try:
        with path.open("rb") as fh:
            _check_complete(path, fh)
            pages = list(_pages(path, fh))
    except OSError as exc:
        raise InputError(path, f"无法读取文件 / cannot read the file ({exc.strerror})") from None
    if not pages:
        raise corrupt_container(path, "PDF", "no pages")
    text = "\n".join(pages)
    _check_text_layer(path, text)
    return ReadResult(path=str(path), format="pdf", text=text)


def _check_complete(path: Path, fh: BinaryIO) -> None:
    size = fh.seek(0, io.SEEK_END)
    fh.seek(max(0, size - _TAIL_BYTES))
    tail = fh.read()
    fh.seek(0)
    if b"%%EOF" not in tail:
        raise corrupt_container(path, "PDF", "no closing %%EOF")


def _pages(path: Path, fh: BinaryIO) -> Iterator[str]:
    """Each page's text, without pdfminer's closing form feed."""
    document = _document(path, fh)
    manager = PDFResourceManager(caching=True)
    buffer = io.StringIO()
    device = TextConverter(manager, buffer, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    try:
        for page in PDFPage.create_pages(document):
            buffer.seek(0)
            buffer.truncate()
            interpreter.process_page(page)
            yield buffer.getvalue().removesuffix("\f")
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many kinds of errors on damaged files
        raise corrupt_container(path, "PDF", type(exc).__name__) from None
    finally:
        device.close()


def _document(path: Path, fh: BinaryIO) -> PDFDocument:
    try:
        return PDFDocument(PDFParser(fh), password="")
    except PDFPasswordIncorrect:
        raise CorruptFile(
            path,
            "PDF 已加密,需要密码才能打开;请先去除密码 / "
            "the PDF is encrypted and needs a password; remove the password first",
        ) from None
    except PDFEncryptionError as exc:
        raise CorruptFile(
            path, f"PDF 的加密方式无法处理 / the PDF's encryption is not supported ({exc})"
        ) from None
    except Exception as exc:  # pdfminer raises many kinds of errors on damaged files
        raise corrupt_container(path, "PDF", type(exc).__name__) from None


def _check_text_layer(path: Path, text: str) -> None:
    if not text or text.isspace():
        raise NoTextLayer(
            path,
            "PDF 没有文字层(可能是扫描件),需先做 OCR / "
            "the PDF has no text layer (probably scanned); run OCR on it first",
        )
    unmapped = sum(len(m) for m in _UNMAPPED.findall(text))
    visible = len(text) - sum(text.count(ch) for ch in " \n\t\f")
    if unmapped > _MAX_UNMAPPED_SHARE * visible:
        raise NoTextLayer(
            path,
            "PDF 的文字无法还原为 Unicode(字体缺少映射),需先做 OCR / "
            "the PDF's text cannot be mapped to Unicode (fonts lack a mapping); run OCR on it",
        )
