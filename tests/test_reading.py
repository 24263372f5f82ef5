"""The reading layer: formats, encodings, page chrome, tables and bad input."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import opencc
import pytest

from planscope.errors import (
    CorruptFile,
    EmptyDocument,
    InputError,
    NoTextLayer,
    TooLarge,
    UndecodableText,
    UnsupportedFormat,
)
from planscope.model import ReadResult
from planscope.reading import read_file

import docmakers as dm

SAMPLE = (
    "某市国民经济和社会发展第十五个五年规划纲要\n"
    "第一章 发展基础\n"
    "“十四五”时期,全市地区生产总值突破3500亿元,年均增长6.5%。\n"
    "第二章 主要目标\n"
    "指标\t2025年\t2030年\t属性\n"
    "地区生产总值(亿元)\t3500\t4800\t预期性\n"
    "研发经费投入强度(%)\t2.1\t2.8\t预期性\n"
    "第三章 保障措施\n"
    "健全规划实施机制,加强监测评估。\n"
)
TRADITIONAL = opencc.OpenCC("s2t").convert(SAMPLE)
CHROME_WORDS = ["首页", "分享到", "评论", "版权所有", "ICP备", "当前位置", "相关阅读", "打印本页", "搜索"]


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def no_space(text: str) -> str:
    return "".join(text.split())


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def check_grids(result: ReadResult) -> None:
    """Every grid cell's span quotes the cell; every row is one tab-joined line."""
    for grid in result.grids:
        assert result.text[grid.start : grid.end].count("\n") == len(grid.cells) - 1
        for cells, spans in zip(grid.cells, grid.spans, strict=True):
            assert [result.text[a:b] for a, b in spans] == cells
            row_start, row_end = spans[0][0], spans[-1][1]
            assert result.text[row_start:row_end] == "\t".join(cells)


# --- plain text and encodings ------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (dm.make_gbk(SAMPLE), "gb18030"),
        (SAMPLE.encode("gbk"), "gb18030"),
        (dm.make_utf16(SAMPLE, "le", bom=True), "utf-16-le"),
        (dm.make_utf16(SAMPLE, "be", bom=True), "utf-16-be"),
        (dm.make_utf16(SAMPLE, "le", bom=False), "utf-16-le"),
        (dm.make_utf16(SAMPLE, "be", bom=False), "utf-16-be"),
        (dm.make_big5(TRADITIONAL), "big5"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "u16le-bom", "u16be-bom", "u16le", "u16be", "big5"],
)
def test_encodings(tmp_path: Path, data: bytes, encoding: str) -> None:
    result = read_file(write(tmp_path, "plan.txt", data))
    assert result.format == "txt"
    assert result.encoding == encoding
    expected = TRADITIONAL if encoding == "big5" else SAMPLE
    assert result.text == expected
    assert result.grids == []


def test_traditional_chinese_in_gbk_is_not_mistaken_for_big5(tmp_path: Path) -> None:
    text = "中共湖南省委關於貫徹落實《意見》的實施意見\n推動中部地區高質量發展,是黨中央作出的重大決策部署。\n"
    result = read_file(write(tmp_path, "trad.txt", text.encode("gbk")))
    assert (result.encoding, result.text) == ("gb18030", text)


def test_text_is_kept_verbatim(tmp_path: Path) -> None:
    text = "第一章\u3000总则\r\n\r\n  (一)指导思想。\t缩进与制表符保留\r\n\xa0\r\n末行无换行"
    result = read_file(write(tmp_path, "crlf.txt", b"\xef\xbb\xbf" + text.encode("utf-8")))
    assert result.text == text


def test_character_cut_off_at_the_end_is_dropped(tmp_path: Path) -> None:
    data = "发展规划纲要".encode()[:-1]
    assert read_file(write(tmp_path, "cut.txt", data)).text == "发展规划纲"


def test_small_utf8_file_reads_fast(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", (SAMPLE * 300).encode("utf-8"))  # ~120 KB
    read_file(path)
    start = time.perf_counter()
    read_file(path)
    assert time.perf_counter() - start < 1.0  # a guard against a pathology, not the figure (bench/ingest.py)


def test_large_text_memory_is_bounded(tmp_path: Path) -> None:
    data = (SAMPLE * (20 * 2**20 // len(SAMPLE.encode("utf-8")))).encode("utf-8")
    path = write(tmp_path, "huge.txt", data)
    size = len(data)
    del data
    tracemalloc.start()
    try:
        result = read_file(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.encoding == "utf-8"
    # the file's bytes + the decoded text (2 bytes a character) + decoding chunks
    assert peak < size + 2 * len(result.text) + 24 * 2**20


# --- html -------------------------------------------------------------------------


def test_html_body_without_chrome(tmp_path: Path) -> None:
    result = read_file(write(tmp_path, "page.html", dm.make_html(SAMPLE)))
    assert result.format == "html"
    assert result.encoding == "utf-8"
    assert lines(result.text) == lines(SAMPLE)
    for word in CHROME_WORDS:
        assert word not in result.text, word
    assert result.metadata["title"].startswith("某市国民经济和社会发展第十五个五年规划纲要")


def test_html_table_is_a_grid(tmp_path: Path) -> None:
    result = read_file(write(tmp_path, "page.html", dm.make_html(SAMPLE)))
    assert len(result.grids) == 1
    grid = result.grids[0]
    assert grid.cells[0] == ["指标", "2025年", "2030年", "属性"]
    assert grid.cells[2] == ["研发经费投入强度(%)", "2.1", "2.8", "预期性"]
    check_grids(result)


def test_html_declared_gbk_charset(tmp_path: Path) -> None:
    data = dm.make_html(SAMPLE, encoding="gbk")
    assert b'charset="gbk"' in data
    result = read_file(write(tmp_path, "page.htm", data))
    assert result.encoding == "gb18030"
    assert lines(result.text) == lines(SAMPLE)


def test_html_detected_from_content_not_extension(tmp_path: Path) -> None:
    result = read_file(write(tmp_path, "saved.txt", dm.make_html(SAMPLE, chrome=False)))
    assert result.format == "html"
    assert lines(result.text) == lines(SAMPLE)


def test_html_blocks_hidden_and_whitespace(tmp_path: Path) -> None:
    page = (
        "<html><head><title> 标题 </title></head><body>"
        "<div id='content'>\n  <p>\n    第一段\n    续写  两个空格保留&nbsp;。\n  </p>"
        "<div>第二段<br>第三段<span>接续</span></div>"
        "<ul><li>项目一</li><li>项目二</li></ul>"
        "<p style='display:none'>隐藏的文字</p>"
        "<table><tr><td><p>单列表格中的段落一</p><p>段落二</p></td></tr></table>"
        "</div></body></html>"
    )
    result = read_file(write(tmp_path, "blocks.html", page.encode("utf-8")))
    assert result.text.split("\n") == [
        "第一段 续写  两个空格保留\xa0。",
        "第二段",
        "第三段接续",
        "项目一",
        "项目二",
        "单列表格中的段落一",
        "段落二",
    ]
    assert result.grids == []
    assert result.metadata == {"title": "标题"}


FORM_PAGE = """<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>通知</title></head>
<body><form method="post" action="./show.aspx" id="form1">
<div class="top">某市人民政府门户网站 <a>无障碍</a></div>
<div class="nav"><a>首页</a><a>政务公开</a></div>
<div class="wz">您当前的位置：<a>首页</a> &gt; 规划计划</div>
<div class="con">
 <div class="bt">某市国民经济和社会发展第十四个五年规划纲要</div>
 <div id="zoom" class="TRS_Editor">
  <p>　　第一章　全面建成小康社会，开启全面建设社会主义现代化新征程</p>
  <p>　　“十三五”时期，面对错综复杂的国内外形势，市委、市政府团结带领全市人民砥砺奋进。</p>
 </div>
 <div class="fx">分享到：<a>微信</a></div>
</div>
<div class="bottom">版权所有：某市人民政府 湘ICP备05002364号</div>
</form></body></html>"""

TABLE_LAYOUT_PAGE = """<html><head><meta charset="utf-8"><title>统计公报</title></head><body>
<table width="1000"><tr><td>
<table><tr>
<td width="200"><ul><li><a>政府信息公开</a></li><li><a>统计数据</a></li></ul></td>
<td>
  <table><tr><td align="center"><b>某市2020年国民经济和社会发展统计公报</b></td></tr>
  <tr><td class="content">
  &nbsp;&nbsp;2020年，面对严峻复杂的国内外环境，全市上下坚持稳中求进工作总基调。<br>
  &nbsp;&nbsp;一、综合<br>
  <table border="1"><tr><td>指标</td><td>绝对数</td></tr><tr><td>地区生产总值</td><td>3508.92</td></tr>
  </table>
  &nbsp;&nbsp;初步核算，全年全市地区生产总值3508.92亿元，比上年增长3.9%。<br>
  </td></tr></table>
</td></tr></table>
</td></tr></table>
<table width="1000"><tr><td>主办：某市人民政府办公室 版权所有 湘ICP备12345号</td></tr></table>
</body></html>"""


def test_html_page_wrapped_in_a_form(tmp_path: Path) -> None:
    """ASP.NET pages put everything in one <form>: chrome, but it holds the article."""
    result = read_file(write(tmp_path, "show.aspx", FORM_PAGE.encode("gb18030")))
    assert result.format == "html"
    assert result.text.split("\n") == [
        "某市国民经济和社会发展第十四个五年规划纲要",
        "　　第一章　全面建成小康社会，开启全面建设社会主义现代化新征程",
        "　　“十三五”时期，面对错综复杂的国内外形势，市委、市政府团结带领全市人民砥砺奋进。",
    ]


def test_html_old_table_layout(tmp_path: Path) -> None:
    result = read_file(write(tmp_path, "gb.htm", TABLE_LAYOUT_PAGE.encode()))
    assert result.text.split("\n") == [
        "某市2020年国民经济和社会发展统计公报",
        "\xa0\xa02020年，面对严峻复杂的国内外环境，全市上下坚持稳中求进工作总基调。",
        "\xa0\xa0一、综合",
        "指标\t绝对数",
        "地区生产总值\t3508.92",
        "\xa0\xa0初步核算，全年全市地区生产总值3508.92亿元，比上年增长3.9%。",
    ]
    assert [grid.cells for grid in result.grids] == [[["指标", "绝对数"], ["地区生产总值", "3508.92"]]]
    check_grids(result)


def test_html_without_text_is_empty(tmp_path: Path) -> None:
    page = (
        "<!DOCTYPE html><html><head><title>空页</title><script>var a = '脚本';</script></head>"
        "<body><div class='pic'><img src='scan.png' alt='扫描件'></div>\n&nbsp;</body></html>"
    ).encode()
    with pytest.raises(EmptyDocument, match=r"^empty\.html: "):
        read_file(write(tmp_path, "empty.html", page))


# --- docx -------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    data = dm.make_docx(SAMPLE, tables=[[["合计", "甲"], ["乙", "丙", "丁"]]], title="纲要")
    result = read_file(write(tmp_path, "plan.docx", data))
    assert result.format == "docx"
    assert lines(result.text) == [*lines(SAMPLE), "合计\t甲", "乙\t丙\t丁"]
    assert result.metadata == {"title": "纲要"}
    assert [grid.cells for grid in result.grids] == [
        [line.split("\t") for line in SAMPLE.splitlines() if "\t" in line],
        [["合计", "甲"], ["乙", "丙", "丁"]],  # the merged cell once, not repeated
    ]
    check_grids(result)


def test_docx_vertical_merge_and_one_column_box(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("正文第一段")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "类别"
    table.cell(0, 1).text = "甲"
    table.cell(1, 1).text = "乙"
    table.cell(2, 0).text = "丙"
    table.cell(2, 1).text = "丁"
    box = document.add_table(rows=1, cols=1)
    box.cell(0, 0).text = "专栏1 重大工程"
    box.cell(0, 0).add_paragraph("(一)交通工程")
    document.add_paragraph("正文末段")
    out = io.BytesIO()
    document.save(out)
    result = read_file(write(tmp_path, "merge.docx", out.getvalue()))
    assert result.text.split("\n") == [
        "正文第一段",
        "类别\t甲",
        "\t乙",
        "丙\t丁",
        "专栏1 重大工程",
        "(一)交通工程",
        "正文末段",
    ]
    assert len(result.grids) == 1
    check_grids(result)


# --- pdf --------------------------------------------------------------------------


def test_pdf_text(tmp_path: Path) -> None:
    text = SAMPLE + "长" * 400 + "\n" + "\n".join(f"第{i}条 规划实施的要求。" for i in range(80))
    result = read_file(write(tmp_path, "plan.pdf", dm.make_pdf(text)))
    assert result.format == "pdf"
    assert no_space(result.text) == no_space(text)


def test_copy_protected_pdf_is_read(tmp_path: Path) -> None:
    result = read_file(write(tmp_path, "nocopy.pdf", dm.make_encrypted_pdf("GDP 3500", "")))
    assert result.text.strip() == "GDP 3500"


# --- bad input --------------------------------------------------------------------


def _xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "指标"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip(members: dict[str, str] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in (members or {"说明.txt": "不是文档"}).items():
            archive.writestr(name, content)
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40)

BAD_INPUTS = [
    ("empty.txt", b"", EmptyDocument, "文件为空"),
    ("blank.txt", b"  \r\n\t\n\xe3\x80\x80\n", EmptyDocument, "whitespace"),
    ("blank16.txt", dm.make_utf16(" \n \n"), EmptyDocument, "whitespace"),
    ("noise.txt", dm.random_bytes(4096), UnsupportedFormat, "binary"),
    ("picture.txt", PNG, UnsupportedFormat, "PNG"),
    ("archive.docx", _zip(), UnsupportedFormat, "zip"),
    ("sheet.xlsx", _xlsx(), UnsupportedFormat, "Excel"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), UnsupportedFormat, ".doc"),
    ("page.mht", b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\n",
     UnsupportedFormat, "MHT"),
    ("latin.txt", "Café résumé naïve façade\n".encode("cp1252") * 20, UndecodableText, "encoding"),
    ("high.txt", bytes(range(0x80, 0x100)) * 8, UndecodableText, "encoding"),
    ("cut.docx", dm.truncate(dm.make_docx(SAMPLE), 2000), CorruptFile, "docx"),
    ("cut2.docx", dm.truncate(dm.make_docx(SAMPLE), 3), CorruptFile, "docx"),
    ("nobody.docx", _zip({"word/document.xml": "<w:document>"}), CorruptFile, "docx"),
    ("junk.pdf", b"%PDF-1.4\nnot really a pdf\n%%EOF\n", CorruptFile, "PDF"),
    ("cut.pdf", dm.truncate(dm.make_pdf(SAMPLE * 5), 3000), CorruptFile, "PDF"),
    ("cut2.pdf", dm.truncate(dm.make_pdf(SAMPLE), 2), CorruptFile, "PDF"),
    ("scan.pdf", dm.make_scanned_pdf(2), NoTextLayer, "OCR"),
    ("locked.pdf", dm.make_encrypted_pdf("机密文件"), CorruptFile, "password"),
    ("blank.docx", dm.make_docx("\n \n"), EmptyDocument, "no text"),
]


@pytest.mark.parametrize(
    ("name", "data", "error", "words"), BAD_INPUTS, ids=[case[0] for case in BAD_INPUTS]
)
def test_bad_input(
    tmp_path: Path, name: str, data: bytes, error: type[InputError], words: str
) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(error) as info:
        read_file(path)
    message = str(info.value)
    assert message.startswith(f"{name}: ")
    assert " / " in message and "\n" not in message
    assert words in message
    assert info.value.path == str(path)


def test_too_large_is_checked_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", SAMPLE.encode("utf-8"))
    with pytest.raises(TooLarge, match=r"^big\.txt: .*limit"):
        read_file(path, max_bytes=100)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^nope\.txt: .*not found"):
        read_file(tmp_path / "nope.txt")


# --- the real documents -----------------------------------------------------------

MAKERS = {
    "docx": dm.make_docx,
    "html": dm.make_html,
    "bare.html": lambda text: dm.make_html(text, chrome=False),
    "gbk.txt": dm.make_gbk,
}


@pytest.mark.corpus
@pytest.mark.parametrize("kind", [*MAKERS, "pdf"])
def test_corpus_round_trip(corpus: Path, tmp_path: Path, kind: str) -> None:
    """Each real document made into another format reads back to the same lines."""
    for source in sorted(corpus.glob("*.txt")):
        original = source.read_text(encoding="utf-8")
        if kind == "pdf":
            result = read_file(write(tmp_path, f"{source.stem}.pdf", dm.make_pdf(original)))
            assert no_space(result.text) == no_space(original), source.name
            continue
        result = read_file(write(tmp_path, f"{source.stem}.{kind}", MAKERS[kind](original)))
        assert lines(result.text) == lines(original), source.name


@pytest.mark.corpus
def test_corpus_plain_text_is_verbatim(corpus: Path) -> None:
    for source in sorted(corpus.glob("*.txt")):
        result = read_file(source)
        assert result.text == source.read_bytes().decode("utf-8-sig"), source.name


def _numbered_docx() -> bytes:
    """Headings numbered by Word itself: 一、 / (一) / 1. and a restart."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "(%2)"), ("decimal", "%3.")]
    lvl_xml = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    w = nsdecls("w")
    abstract = f'<w:abstractNum {w} w:abstractNumId="90">{lvl_xml}</w:abstractNum>'
    numbering.insert(0, parse_xml(abstract))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for level, text in [(0, "总体要求"), (1, "指导思想"), (1, "基本原则"), (2, "坚持党的领导"),
                        (2, "坚持人民至上"), (0, "主要任务"), (1, "发展现代产业")] + [(0, "第")] * 9:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
        ))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_automatic_numbers_are_text(tmp_path: Path) -> None:
    result = read_file(write(tmp_path, "numbered.docx", _numbered_docx()))
    assert result.text.split("\n")[:7] == [
        "一、总体要求", "(一)指导思想", "(二)基本原则", "1.坚持党的领导", "2.坚持人民至上",
        "二、主要任务", "(一)发展现代产业",
    ]  # fmt: skip
    assert result.text.split("\n")[-1] == "十一、第"


def test_html_wrong_declared_charset(tmp_path: Path) -> None:
    """Pages often declare gb2312 but are UTF-8 (or the other way round)."""
    utf8_page = dm.make_html(SAMPLE).replace(b'charset="utf-8"', b'charset="gb2312"')
    gbk_page = dm.make_html(SAMPLE, encoding="gbk").replace(b'charset="gbk"', b'charset="utf-8"')
    for name, page, encoding in [("a.html", utf8_page, "utf-8"), ("b.html", gbk_page, "gb18030")]:
        result = read_file(write(tmp_path, name, page))
        assert (result.encoding, lines(result.text)) == (encoding, lines(SAMPLE))


def test_html_declared_big5(tmp_path: Path) -> None:
    page = dm.make_html(TRADITIONAL, chrome=False, encoding="big5")
    result = read_file(write(tmp_path, "tw.html", page))
    assert (result.encoding, lines(result.text)) == ("big5", lines(TRADITIONAL))


# --- government pages: encodings and metadata rows -----------------------------------

PAGE_FIXTURE = Path(__file__).parent / "fixtures" / "docs" / "shaoxing_work_report_page_utf8.html"
_UTF8_META = '<meta charset="utf-8">'


def _page_variant(declared: str | None, codec: str) -> bytes:
    page = PAGE_FIXTURE.read_text("utf-8")
    meta = "" if declared is None else f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">'
    return page.replace(_UTF8_META, meta).encode(codec)


@pytest.mark.parametrize(("declared", "codec"), [
    ("gb2312", "gbk"), ("GBK", "gbk"), ("gb18030", "gb18030"), (None, "gbk"), (None, "gb18030"),
    ("utf-8", "utf-8"), (None, "utf-8"), ("gb2312", "utf-8"),  # a wrong declaration loses to the bytes
])
def test_government_page_reads_the_same_in_every_chinese_encoding(
        tmp_path: Path, declared: str | None, codec: str) -> None:
    reference = read_file(PAGE_FIXTURE)
    result = read_file(write(tmp_path, "page.html", _page_variant(declared, codec)))
    assert result.format == "html"
    assert result.text == reference.text
    assert "发布机构： 绍兴市人民政府办公室" in result.text


def test_page_metadata_table_is_lines_not_a_grid_and_navigation_is_dropped() -> None:
    result = read_file(PAGE_FIXTURE)
    assert result.grids == []
    first = result.text.splitlines()[:2]
    assert first[0].startswith("索引号：") and first[1].startswith("发布机构：")
    for chrome in ("走进绍兴", "当前位置", "网站标识码", "ICP备", "相关链接", "分享到"):
        assert chrome not in result.text, chrome


def test_page_metadata_outside_the_chosen_article_is_kept(tmp_path: Path) -> None:
    """The headline inside the article's content box: the reader stops at that box,
    and the 发布机构/成文日期 table beside it must still be read."""
    page = PAGE_FIXTURE.read_text("utf-8")
    page = page.replace("<h1>政府工作报告</h1>\n", "").replace(
        '<div class="article-content">', '<div class="article-content">\n<h1>政府工作报告</h1>')
    result = read_file(write(tmp_path, "inner.html", page.encode("utf-8")))
    text = result.text
    assert text.index("成文日期： 2026-01-20") < text.index("政府工作报告\n——2026年1月14日")
    assert result.grids == []
