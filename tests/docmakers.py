"""Turn a plain text (one paragraph per line) into the other formats planscope reads.

Used by tests across the project.  A block of consecutive lines that contain a tab
is a table: in docx and HTML it becomes a real table at that place, one row per
line and one cell per tab-separated field.  Blank lines are dropped from docx, HTML
and PDF output (they carry no text).
"""

from __future__ import annotations

import html
import io
import random
from collections.abc import Iterator

PDF_FONT = "STSong-Light"  # a built-in CID font: no font file needed

Block = tuple[str, list[str]]  # ("p", [line]) or ("table", [tab lines])


def blocks(text: str) -> Iterator[Block]:
    """Non-blank lines grouped into paragraphs and tables."""
    table: list[str] = []
    for line in text.splitlines():
        if "\t" in line:
            table.append(line)
            continue
        if table:
            yield "table", table
            table = []
        if line.strip():
            yield "p", [line]
    if table:
        yield "table", table


def _rows(lines: list[str]) -> list[list[str]]:
    return [line.split("\t") for line in lines]


# --- docx -------------------------------------------------------------------------


def make_docx(
    text: str, tables: list[list[list[str]]] | None = None, title: str | None = None
) -> bytes:
    """A Word document: one paragraph per line, tab-line blocks and ``tables`` as tables.

    ``tables`` (rows of cells) are appended after the text.  A row shorter than the
    widest row has its last cell merged across the remaining columns.
    """
    import docx

    document = docx.Document()
    if title:
        document.core_properties.title = title
    for kind, lines in blocks(text):
        if kind == "p":
            document.add_paragraph(lines[0])
        else:
            _docx_table(document, _rows(lines))
    for rows in tables or []:
        _docx_table(document, rows)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_table(document: object, rows: list[list[str]]) -> None:
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)  # type: ignore[attr-defined]
    for r, row in enumerate(rows):
        cells = table.rows[r].cells
        if len(row) < width:
            cells[len(row) - 1].merge(cells[width - 1])
        for c, value in enumerate(row):
            table.cell(r, c).text = value


# --- pdf --------------------------------------------------------------------------


def make_pdf(text: str, font_size: float = 10.5) -> bytes:
    """A multi-page A4 PDF in STSong-Light, long lines wrapped to the page width."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    width, height = A4
    margin = 56.0
    leading = font_size * 1.6
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    y = height - margin
    for line in text.splitlines():
        if not line.strip():
            continue
        for piece in _wrap(line.replace("\t", "    "), width - 2 * margin, font_size):
            if y < margin:
                pdf.showPage()
                y = height - margin
            pdf.setFont(PDF_FONT, font_size)
            pdf.drawString(margin, y, piece)
            y -= leading
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _wrap(line: str, width: float, font_size: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pieces: list[str] = []
    current = ""
    for ch in line:
        if current and stringWidth(current + ch, PDF_FONT, font_size) > width:
            pieces.append(current)
            current = ""
        current += ch
    pieces.append(current)
    return pieces


def make_scanned_pdf(pages: int = 1) -> bytes:
    """A PDF whose pages hold only an image (a 'scan'): no text layer at all."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (400, 560), color=255)
    draw = ImageDraw.Draw(image)
    for y in range(40, 520, 24):
        draw.rectangle((40, y, 360, y + 10), fill=30)  # lines of "print"
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for _ in range(pages):
        pdf.drawImage(ImageReader(image), 50, 100, width=400, height=560)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def make_encrypted_pdf(text: str, password: str = "secret") -> bytes:
    """A one-line PDF encrypted with a user ``password``.

    With ``password=""`` anyone may open it and only copying is forbidden (an
    owner password), as on many government sites.  reportlab leaves the strings of
    CID font dictionaries unencrypted, so a reader decrypting them correctly loses
    the Chinese: use ASCII ``text`` when the PDF is meant to be read.
    """
    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "Helvetica" if text.isascii() else PDF_FONT
    if font == PDF_FONT:
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    out = io.BytesIO()
    encrypt = pdfencrypt.StandardEncryption(password, ownerPassword="owner", canCopy=0)
    pdf = canvas.Canvas(out, encrypt=encrypt)
    pdf.setFont(font, 12)
    pdf.drawString(56, 780, text)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


# --- html -------------------------------------------------------------------------

_NAV = ["首页", "政务公开", "政务服务", "互动交流", "走进本市", "专题专栏"]
_RELATED = ["关于印发全市重点项目建设方案的通知", "市政府常务会议研究部署重点工作"]

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{charset}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}_市人民政府门户网站</title>
<link rel="stylesheet" href="/css/style.css">
<style>.article-content p {{ text-indent: 2em; }} .nav li {{ float: left; }}</style>
<script>var siteName = "市人民政府门户网站"; function share() {{ alert("分享到微信"); }}</script>
</head>
<body>
<div class="header">
  <div class="logo"><img src="/images/logo.png" alt="市人民政府门户网站">市人民政府门户网站</div>
  <div class="search"><form action="/search"><input type="text" placeholder="请输入关键词">
  <button type="submit">搜索</button></form></div>
</div>
<div class="nav"><ul>{nav}</ul></div>
<div class="container">
  <div class="breadcrumb">当前位置:<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a>
  &gt; <a href="/zwgk/ghjh/">规划计划</a></div>
  <div class="article">
    <h1 class="article-title">{heading}</h1>
    <div class="toolbar">字号:<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>
    <a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a>
    </div>
    <div class="article-content">
{body}
    </div>
    <div class="share">分享到:<a href="#" onclick="share()">微信</a> <a href="#">微博</a>
    <a href="#">QQ空间</a></div>
  </div>
  <div class="comment-box"><h3>网友评论</h3><textarea>请输入评论内容</textarea>
  <p class="comment-tip">发表评论需遵守相关法律法规,评论仅代表网友个人观点。</p>
  <button>发表评论</button></div>
  <div class="related"><h3>相关阅读</h3><ul>{related}</ul></div>
</div>
<div class="footer">
  <p>版权所有:市人民政府办公室 主办单位:市人民政府办公室 承办单位:市大数据中心</p>
  <p><a href="https://beian.miit.gov.cn">湘ICP备05001234号</a> 网站标识码:4303810001</p>
  <p>地址:人民路1号 联系电话:0731-00000000</p>
</div>
<script>document.getElementById("x"); // 统计代码 访问量</script>
</body>
</html>
"""

_BARE_PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>{title}</title></head>
<body><div class="article-content">
{body}
</div></body></html>
"""


def make_html(text: str, chrome: bool = True, encoding: str = "utf-8") -> bytes:
    """A government web page carrying ``text`` as its article.

    With ``chrome`` the article sits among a header, nav menu, breadcrumb, toolbar,
    share links, comment box, related links and a footer with 版权所有/ICP备案, and
    the first line is the page's ``<h1>``.  Tab-line blocks become ``<table>``s.
    ``encoding`` (e.g. ``"gbk"``) is declared in ``<meta charset>`` and used.
    """
    parts = list(blocks(text))
    heading = ""
    if chrome and parts and parts[0][0] == "p":
        heading = parts.pop(0)[1][0]
    title = (heading or _first_line(text)).strip()
    body = "\n".join(_html_block(kind, lines) for kind, lines in parts)
    template = _PAGE if chrome else _BARE_PAGE
    page = template.format(
        charset=encoding,
        title=html.escape(title),
        heading=html.escape(heading),
        body=body,
        nav="".join(f'<li><a href="/{i}/">{item}</a></li>' for i, item in enumerate(_NAV)),
        related="".join(f'<li><a href="/a/{i}.html">{t}</a></li>' for i, t in enumerate(_RELATED)),
    )
    return page.encode(encoding, errors="xmlcharrefreplace")


def _first_line(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "")


def _html_block(kind: str, lines: list[str]) -> str:
    if kind == "p":
        return f"      <p>{html.escape(lines[0])}</p>"
    rows = "\n".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
        for row in _rows(lines)
    )
    return f'      <table border="1" cellspacing="0">\n<tbody>\n{rows}\n</tbody>\n</table>'


# --- encodings and damage ---------------------------------------------------------


def make_gbk(text: str) -> bytes:
    """GBK bytes; the few characters GBK lacks (e.g. U+00A0) in GB18030, its superset."""
    return text.encode("gb18030")


def make_utf16(text: str, endian: str = "le", bom: bool = True) -> bytes:
    """UTF-16 bytes, little- or big-endian, with or without a byte-order mark."""
    data = text.encode(f"utf-16-{endian}")
    if not bom:
        return data
    return (b"\xff\xfe" if endian == "le" else b"\xfe\xff") + data


def make_big5(text: str) -> bytes:
    return text.encode("cp950")


def truncate(data: bytes, n: int) -> bytes:
    """The first ``n`` bytes (a negative ``n`` drops that many from the end)."""
    return data[:n]


def random_bytes(n: int, seed: int = 0) -> bytes:
    return random.Random(seed).randbytes(n)
