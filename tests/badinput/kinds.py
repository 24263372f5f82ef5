"""The kinds of bad input a user gives planscope, and the answer each must get.

Each ``Kind`` writes its input under a fresh folder and returns the command line (after
``planscope --db URL``).  The test (``test_badinput.py``) runs it against a copy of a small
library and asserts what a user relies on:

* the exit status (1 for bad input; 0 where nothing is wrong with asking, e.g. a file
  imported a second time);
* one line naming the file (or value) and the reason, in the words of ``reason``;
* no traceback;
* nothing half-written: the library's documents, targets, observations and imports are
  exactly as before (or, for good files beside bad ones, hold exactly the good ones more).

Every file here is generated; none is a real document.
"""

from __future__ import annotations

import gzip
import io
import os
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "planscope" / "samples"
GOOD_TEXT = SAMPLES / "shili_city_bulletin_2022.txt"
GOOD_DOCX = SAMPLES / "shili_province_14th_outline.docx"
GOOD_CSV = SAMPLES / "observations_2023.csv"
HEADER = "地区,指标,年份,数值,单位,来源\n"

Make = Callable[[Path], list[str]]


@dataclass(frozen=True)
class Kind:
    name: str
    area: str  # ingest | import | add | template | output | database
    make: Make  # writes the input under a folder, returns the command line after --db URL
    names: str  # the file (or value) the message must name
    reason: str  # a regular expression the message line must match
    exit: int = 1
    adds_documents: int = 0  # good files beside the bad ones that must still go in
    database: Callable[[Path, Path], str] | None = None  # (folder, library file) → URL to use instead
    subprocess: bool = False  # must run in a real process (resource limits, locks)
    file_size_limit: int | None = None  # RLIMIT_FSIZE for the process, bytes (the library grows past it)
    holds_lock: bool = False  # another process holds the library's write lock meanwhile
    needs: tuple[str, ...] = field(default=())  # "postgres", "non_root" …


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _file(name: str, data: bytes | str, *before: str) -> Make:
    """Ingest one file holding ``data``."""
    return lambda tmp: [*before, "ingest", str(_write(tmp / name, data))]


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _blank_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(100, 100, 200, 200)  # a drawing, no text: what a scan without OCR looks like
    c.showPage()
    c.save()
    return buf.getvalue()


def _fifo(tmp: Path) -> list[str]:
    path = tmp / "pipe.txt"
    os.mkfifo(path)
    return ["ingest", str(path)]


def _empty_folder(tmp: Path) -> list[str]:
    (tmp / "empty_folder").mkdir()
    return ["ingest", str(tmp / "empty_folder")]


def _broken_link(tmp: Path) -> list[str]:
    (tmp / "gone.txt").symlink_to(tmp / "nowhere.txt")
    return ["ingest", str(tmp / "gone.txt")]


def _good_beside_bad(tmp: Path) -> list[str]:
    folder = tmp / "mixed"
    _write(folder / "good.txt", GOOD_TEXT.read_bytes())
    _write(folder / "broken.docx", b"PK\x03\x04 not really a zip")
    return ["ingest", str(folder)]


def _override(option: str, value: str) -> Make:
    return lambda tmp: ["ingest", option, value, str(_write(tmp / "good.txt", GOOD_TEXT.read_bytes()))]


# ---------------------------------------------------------------- spreadsheets


def _csv(name: str, text: str, encoding: str = "utf-8") -> Make:
    return lambda tmp: ["observe", "import", str(_write(tmp / name, text.encode(encoding)))]


def _file_import(name: str, data: bytes) -> Make:
    return lambda tmp: ["observe", "import", str(_write(tmp / name, data))]


def _xlsx_bytes(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _xlsx(name: str, rows: list[list[object]]) -> Make:
    return lambda tmp: ["observe", "import", str(_write(tmp / name, _xlsx_bytes(rows)))]


def _truncated_xlsx(tmp: Path) -> list[str]:
    data = _xlsx_bytes([HEADER.strip().split(","), ["示例市", "地区生产总值", 2023, 10520.6, "亿元", "统计局"]])
    return ["observe", "import", str(_write(tmp / "cut.xlsx", data[: len(data) // 2]))]


def _twice(tmp: Path) -> list[str]:
    """The sample CSV is already in the library (see the test's library): import it again."""
    return ["observe", "import", str(_write(tmp / "again.csv", GOOD_CSV.read_bytes()))]


def _import_folder(tmp: Path) -> list[str]:
    (tmp / "sheets").mkdir()
    return ["observe", "import", str(tmp / "sheets")]


def _add(indicator: str, value: str, year: str = "2023", region: str = "示例市", unit: str | None = None) -> Make:
    extra = ["--unit", unit] if unit else []
    return lambda tmp: ["observe", "add", "--region", region, "--indicator", indicator, "--year", year,
                        "--value", value, *extra, "--by", "测试员"]


# ---------------------------------------------------------------- outputs


def _output(*command: str, target: str = "missing/dir/out.xlsx") -> Make:
    def make(tmp: Path) -> list[str]:
        if target.startswith("file/"):
            _write(tmp / "file", "a regular file, not a folder")
        if target == "folder":
            (tmp / "folder").mkdir()
        return [*command, "-o", str(tmp / target)]

    return make


# ---------------------------------------------------------------- databases


def _db_file(name: str, data: bytes | str) -> Callable[[Path, Path], str]:
    return lambda tmp, _lib: f"sqlite:///{_write(tmp / name, data)}"


def _other_program(tmp: Path, _lib: Path) -> str:
    path = tmp / "accounts.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO customers (name) VALUES ('张三')")
    con.commit()
    con.close()
    return f"sqlite:///{path}"


def _newer_schema(tmp: Path, lib: Path) -> str:
    con = sqlite3.connect(lib)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    return f"sqlite:///{lib}"


def _ingest_good(tmp: Path) -> list[str]:
    return ["ingest", str(_write(tmp / "good.txt", GOOD_TEXT.read_bytes()))]


def _big_text(tmp: Path) -> list[str]:
    text = GOOD_TEXT.read_text("utf-8")
    body = "\n".join(f"{line}（第{i}段）" for i, line in enumerate(text.splitlines() * 40))
    return ["ingest", str(_write(tmp / "big.txt", body))]


KINDS: list[Kind] = [
    # ---- documents to ingest
    Kind("empty text file", "ingest", _file("empty.txt", b""), "empty.txt", "空|empty"),
    Kind("whitespace only", "ingest", _file("blank.txt", " \n\t\n\u3000\n"), "blank.txt", "空|empty|no text"),
    Kind("binary bytes named .txt", "ingest", _file("binary.txt", bytes(range(256)) * 8), "binary.txt",
         "编码|encoding|二进制|binary|不是文本|not text"),
    Kind("bytes of no Chinese encoding", "ingest", _file("garbled.txt", b"\x81\x30\xff\xfe\x80" * 200),
         "garbled.txt", "编码|encoding"),
    Kind("truncated docx", "ingest", _file("cut.docx", GOOD_DOCX.read_bytes()[:400]), "cut.docx",
         "损坏|corrupt|damaged|truncated"),
    Kind("a Word body of broken XML", "ingest",
         _file("broken_xml.docx", _zip({"[Content_Types].xml": b"<Types/>",
                                        "word/document.xml": b"<w:document><w:body"})),
         "broken_xml.docx", "损坏|corrupt|damaged|not a"),
    Kind("zip without a Word body", "ingest", _file("shell.docx", _zip({"readme.txt": b"hello"})),
         "shell.docx", "损坏|corrupt|damaged|not a"),
    Kind("empty docx", "ingest", _file("zero.docx", b""), "zero.docx", "空|empty|损坏|corrupt"),
    Kind("damaged PDF", "ingest", _file("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n%%garbage"),
         "broken.pdf", "损坏|corrupt|damaged|文字|text"),
    Kind("PDF without a text layer", "ingest", _file("scan.pdf", _blank_pdf()), "scan.pdf",
         "文字层|text layer|扫描|scan|空|empty"),
    Kind("unsupported format", "ingest", _file("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64), "photo.jpg",
         "格式|format|不支持|unsupported|不是可读取|not a readable"),
    Kind("gzip named .html", "ingest", _file("page.html", gzip.compress("<html>正文</html>".encode())),
         "page.html", "不是可读取|not a readable|损坏|corrupt|格式|format"),
    Kind("HTML page without text", "ingest",
         _file("nav.html", "<html><head><title></title></head><body><nav></nav></body></html>"),
         "nav.html", "空|empty|没有正文|no body text"),
    Kind("a FIFO", "ingest", _fifo, "pipe.txt", "普通文件|regular file|FIFO|管道"),
    Kind("an empty folder", "ingest", _empty_folder, "empty_folder", "没有|no .*files?|空|empty"),
    Kind("a missing path", "ingest", lambda tmp: ["ingest", str(tmp / "missing.txt")], "missing.txt",
         "不存在|does not exist|not found|找不到"),
    Kind("a broken symbolic link", "ingest", _broken_link, "gone.txt", "不存在|does not exist|not found|找不到"),
    Kind("a file over the size limit", "ingest",
         lambda tmp: ["ingest", "--max-size", "0.001", str(_write(tmp / "large.txt", GOOD_TEXT.read_bytes()))],
         "large.txt", "大小|size|上限|limit|large"),
    Kind("a good file beside a broken one", "ingest", _good_beside_bad, "broken.docx",
         "损坏|corrupt|damaged|not a", adds_documents=1),
    Kind("an unknown region override", "ingest", _override("--region", "火星市"), "火星市", "地区|region"),
    Kind("a period that does not parse", "ingest", _override("--period", "二十五五"), "二十五五",
         "规划期|period"),
    Kind("a date that does not exist", "ingest", _override("--date", "2026-13-45"), "2026-13-45", "日期|date"),
    Kind("an unknown document type", "ingest", _override("--type", "poem"), "poem", "类型|type"),
    # ---- spreadsheets to import
    Kind("CSV named .xlsx", "import", _csv("values.xlsx", HEADER + "示例市,地区生产总值,2023,10520.6,亿元,统计局\n"),
         "values.xlsx", "xlsx|损坏|corrupt|不是|not an?"),
    Kind("truncated xlsx", "import", _truncated_xlsx, "cut.xlsx", "损坏|corrupt|damaged|truncated|xlsx"),
    Kind("old .xls workbook", "import", _file_import("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504),
         "old.xls", "xls|另存|save"),
    Kind("empty CSV", "import", _csv("empty.csv", ""), "empty.csv", "空|empty|列|column"),
    Kind("indicator column deleted", "import",
         _csv("no_indicator.csv", "地区,年份,数值,单位,来源\n示例市,2023,10520.6,亿元,统计局\n"), "no_indicator.csv",
         "缺少|missing.*(指标|indicator)"),
    Kind("only unknown columns", "import", _csv("strange.csv", "甲,乙,丙\n1,2,3\n"), "strange.csv",
         "缺少|missing|未知|unknown"),
    Kind("CSV of no Chinese encoding", "import",
         _file_import("garbled.csv", HEADER.encode() + b"\x81\x30\xff\xfe" * 50),
         "garbled.csv", "编码|encoding"),
    Kind("a folder given as a sheet", "import", _import_folder, "sheets",
         "文件夹|folder|directory|不是文件|not a file"),
    Kind("a missing sheet", "import", lambda tmp: ["observe", "import", str(tmp / "nowhere.csv")], "nowhere.csv",
         "不存在|does not exist|not found|找不到"),
    Kind("the same file imported twice", "import", _twice, "again.csv", "已导入|already imported", exit=0),
    Kind("a formula without a cached value", "import",
         _xlsx("formula.xlsx", [HEADER.strip().split(","), ["示例市", "地区生产总值", 2023, "=1+1", "亿元", "统计局"]]),
         "formula.xlsx", "公式|formula"),
    Kind("a share of 123456 %", "import",
         _csv("share.csv", HEADER + "示例市,常住人口城镇化率,2023,123456,%,统计局\n"), "share.csv",
         "超出|outside|不合理|implausible|范围|range"),
    # ---- values entered by hand
    Kind("an unknown indicator", "add", _add("幸福指数增长值", "5"), "幸福指数增长值", "指标|indicator"),
    Kind("an unknown region", "add", _add("地区生产总值", "100", region="火星市"), "火星市", "地区|region"),
    Kind("a value that is no number", "add", _add("地区生产总值", "很多"), "很多", "数值|number|value"),
    Kind("a year far outside any plan", "add", _add("地区生产总值", "100", year="3000"), "3000", "年份|year"),
    Kind("a share of 123456 % by hand", "add", _add("常住人口城镇化率", "123456"), "123456",
         "超出|outside|不合理|implausible|范围|range"),
    Kind("negative years of schooling", "add", _add("劳动年龄人口平均受教育年限", "-3"), "-3",
         "负|negative|超出|outside|不合理|implausible"),
    Kind("a GDP of 1e29 yuan", "add", _add("地区生产总值", "1e29", unit="元"), "1e29",
         "超出|outside|不合理|implausible|范围|range"),
    # ---- outputs
    Kind("template into a missing folder", "template", _output("template", "示例市"), "out.xlsx",
         "不存在|does not exist"),
    Kind("template for an unknown region", "template", lambda tmp: ["template", "火星市", "-o", str(tmp / "t.xlsx")],
         "火星市", "地区|region"),
    Kind("tables xlsx into a missing folder", "output", _output("tables", "1", "--format", "xlsx"), "out.xlsx",
         "不存在|does not exist"),
    Kind("targets csv onto a folder", "output", _output("targets", "--format", "csv", target="folder"), "folder",
         "文件夹|folder|directory"),
    Kind("progress json under a regular file", "output",
         _output("progress", "--format", "json", target="file/progress.json"), "progress.json",
         "不是文件夹|not a folder|not a directory|文件夹"),
    # A command called wrongly is a usage error: click's usage lines and exit status 2.
    Kind("align xlsx without a file", "output", lambda tmp: ["align", "--format", "xlsx"], "xlsx",
         "-o|--output|必填|required", exit=2),
    Kind("show a document that is not there", "output", lambda tmp: ["show", "999"], "999",
         "找不到|not found|没有|no document"),
    Kind("targets of a document that is not there", "output", lambda tmp: ["targets", "--doc", "无此文件.txt"],
         "无此文件.txt", "找不到|not found|没有|no document"),
    Kind("annotations that name no corpus", "output",
         lambda tmp: ["eval", str(_write(tmp / "gold.json", '{"documents": {"a.txt": {"targets": []}}}'))],
         "gold.json", "corpus"),
    # ---- the database
    Kind("a text file as the database", "database", _ingest_good, "notes.db",
         "数据库|database", database=_db_file("notes.db", "这是笔记，不是数据库。\n" * 20)),
    Kind("random bytes as the database", "database", _ingest_good, "noise.db",
         "数据库|database", database=_db_file("noise.db", os.urandom(4096))),
    Kind("another program's database", "database", _ingest_good, "accounts.db",
         "数据库|database|planscope", database=_other_program),
    Kind("a library from a newer planscope", "database", _ingest_good, "9999",
         "版本|version|newer|更新", database=_newer_schema),
    Kind("a library locked by another process", "database", _ingest_good, "library.db",
         "锁|lock|busy|占用", subprocess=True, holds_lock=True),
    Kind("a full disk during ingest", "database", _big_text, "big.txt",
         "空间|space|full|上限|limit|写入|write", subprocess=True, file_size_limit=50_000),
]
