"""Web pages: the article's body text, one paragraph per line, and its tables.

The page is decoded like a text file (honouring ``<meta charset>``), parsed with
selectolax (lexbor) and copied into a small tree of ``_El`` nodes that leaves out
what never is article text (scripts, styles, forms controls) and marks the page
chrome: ``nav``/``header``/``footer``/``aside`` elements and elements whose id or
class names navigation, sharing, comments, breadcrumbs, footers, copyright, related
links and the like.  Chrome is dropped unless it holds half the page's text (an
ASP.NET page wraps everything in one ``<form>``).

The article is the element that holds the page's Chinese text: starting at
``<body>`` we step into the child holding most of the text outside links while it
keeps at least 80% of it, then step back up to take in a title heading just outside.

Block elements end lines; whitespace runs that contain a line break or tab become
one space (as a browser shows them), runs of plain spaces are kept.  A data table
becomes a ``GridTable`` and one tab-separated line per row; layout tables (nested
tables, one column, or a cell that holds the article) are read as blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from planscope.errors import EmptyDocument
from planscope.extraction.pagemeta import count_keys
from planscope.model import ReadResult

from .sniff import utf16_layout
from .txt import LineBuilder, decode

# Elements whose content is never article text.
_SKIP_TAGS = {
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "svg",
    "canvas", "object", "embed", "iframe", "frame", "frameset", "noframes", "map", "audio",
    "video", "select", "textarea", "button", "input", "option", "img",
}  # fmt: skip
# Page chrome by element name.
_CHROME_TAGS = {"nav", "header", "footer", "aside", "form", "dialog", "menu"}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
    "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table", "thead", "tbody", "tfoot",
    "caption", "blockquote", "address", "figure", "figcaption", "center", "hr", "pre",
    "fieldset", "legend", "details", "summary", "body", "html", "header", "footer", "nav",
    "aside", "form",
}  # fmt: skip
_HEADING_TAGS = {"h1", "h2", "h3"}
_ROW_GROUPS = {"thead", "tbody", "tfoot"}
_CELL_TAGS = {"td", "th"}

# Page chrome by id/class: substrings, and whole words of a hyphenated name.
_CHROME_NAME = re.compile(
    r"nav|menu|share|comment|footer|breadcrumb|crumb|sidebar|copyright|toolbar|pagination"
    r"|pager|related|qrcode|banner|login|search|advert|friendlink|social|jiathis|bdshare"
    r"|weixin|wechat|gotop|backtop",
    re.IGNORECASE,
)
_CHROME_WORDS = {
    "top", "foot", "side", "ad", "ads", "logo", "tool", "tools", "tags", "print", "close",
    "bottom", "fx", "bq", "dqwz", "wz", "weizhi", "location", "position", "sitemap", "links",
    "fontsize", "prev", "next", "ewm", "popup", "modal", "cookie",
}  # fmt: skip
_NAME_WORD = re.compile(r"[^a-z0-9]+")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# title, tit, bt/biaoti (标题), headline as a class or id word
_TITLE_NAME = re.compile(r"title|(?:^|[^a-z])(?:tit|bt|biaoti|headline)(?:$|[^a-z])", re.I)
_BOLD_TAGS = {"b", "strong"}
_BOLD_TITLE_MIN = 6  # Han characters

_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_BREAKING_SPACE = re.compile(r"[ \t\n\r\f]*[\t\n\r\f][ \t\n\r\f]*")
_ASCII_SPACE = " \t\n\r\f"

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_MARKUP_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|div|meta"
    r"|title|p|table|span|section|article|center|font|link|script|style|h[1-6]|br|ul|form"
    r"|iframe|frameset)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
_MARKUP_ANYWHERE = re.compile(r"<(?:!doctype\s+html|html|body)[\s>]", re.IGNORECASE)
_SNIFF_BYTES = 2048
_MAX_DEPTH = 400

_DESCEND_SHARE = 0.8  # step into a child holding at least this share of the text
_CHROME_KEEP_SHARE = 0.5  # chrome holding this share of the page's text is kept
_HEADING_EXTRA = 0.3  # a title heading may add this share of the article's text
_HEADING_EXTRA_MIN = 100
_LAYOUT_CELL_SHARE = 0.5  # a table cell holding this share of the page is layout
_META_MIN_KEYS = 2  # a metadata block names two keys or more (索引号：…, 发布机构：…)
_META_HAN_PER_KEY = 40  # and holds little else: at most this many Han characters per key


def looks_like_html(data: bytes) -> bool:
    """Markup near the start: a doctype, ``<html>``, ``<body>``, ``<div>`` ..."""
    head = _head_text(data[:_SNIFF_BYTES])
    return bool(_MARKUP_START.match(head) or _MARKUP_ANYWHERE.search(head[:1024]))


def _head_text(head: bytes) -> str:
    has_bom = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    codec = "utf-16" if has_bom else utf16_layout(head) or "latin-1"
    return head.decode(codec, errors="ignore").lstrip("\ufeff")


def read_html(path: Path, data: bytes) -> ReadResult:
    text, encoding = decode(path, data, declared=_declared_charset(data))
    tree = LexborHTMLParser(text)
    out = LineBuilder()
    body = tree.body or tree.root
    if body is not None:
        root = _build(body, None, 0, in_article=False)
        _prune_chrome(root, root.score)
        chosen = _choose(root)
        before, after = _meta_blocks(root, chosen)
        _render([*before, chosen, *after], out)
    if out.empty:
        raise EmptyDocument(path, "网页中没有正文文字 / the page has no body text")
    metadata = {}
    title = _title(tree)
    if title:
        metadata["title"] = title
    return ReadResult(
        path=str(path),
        format="html",
        text=out.text(),
        encoding=encoding,
        grids=out.grids,
        metadata=metadata,
    )


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:8192])
    return match.group(1).decode("ascii") if match else None


def _title(tree: LexborHTMLParser) -> str:
    node = tree.css_first("title")
    return _collapse(node.text()) if node is not None else ""


# --- the element tree -------------------------------------------------------------


@dataclass(eq=False)
class _El:
    tag: str
    names: str  # id and class, for chrome and title detection
    parent: _El | None
    children: list[_El | str] = field(default_factory=list)
    chrome: bool = False
    score: int = 0  # Han characters outside links in this subtree
    total: int = 0  # all Han characters in this subtree

    def elements(self) -> list[_El]:
        return [child for child in self.children if isinstance(child, _El)]

    def descendants(self) -> list[_El]:
        out: list[_El] = []
        stack = self.elements()
        while stack:
            el = stack.pop()
            out.append(el)
            stack.extend(el.elements())
        return out


def _build(node: LexborNode, parent: _El | None, depth: int, *, in_article: bool) -> _El:
    tag = node.tag or ""
    attrs = node.attributes
    names = " ".join(v for k, v in attrs.items() if k in ("id", "class") and v)
    el = _El(tag=tag, names=names, parent=parent)
    el.chrome = _is_chrome(tag, names, in_article)
    in_article = in_article or tag in ("article", "main")
    if depth >= _MAX_DEPTH:
        el.children.append(node.text())
    else:
        _build_children(node, el, depth, in_article=in_article)
    _score(el)
    return el


def _build_children(node: LexborNode, el: _El, depth: int, *, in_article: bool) -> None:
    for child in node.iter(include_text=True):
        if child.is_text_node:
            el.children.append(child.text_content or "")
        elif child.is_element_node and _wanted(child):
            el.children.append(_build(child, el, depth + 1, in_article=in_article))


def _wanted(node: LexborNode) -> bool:
    if node.tag in _SKIP_TAGS:
        return False
    attrs = node.attributes
    style = attrs.get("style") or ""
    return not (_HIDDEN.search(style) or "hidden" in attrs)


def _is_chrome(tag: str, names: str, in_article: bool) -> bool:
    if tag in _CHROME_TAGS:
        return not (tag == "header" and in_article)
    if not names or tag in ("body", "html"):
        return False
    if _CHROME_NAME.search(names):
        return True
    return any(word in _CHROME_WORDS for word in _NAME_WORD.split(names.lower()))


def _han(text: str) -> int:
    return len(_HAN.findall(text))


def _prune_chrome(el: _El, page_score: int) -> None:
    """Drop chrome elements, except chrome that holds half of the page's text."""
    kept: list[_El | str] = []
    for child in el.children:
        if isinstance(child, _El):
            if child.chrome and child.score < _CHROME_KEEP_SHARE * page_score:
                continue
            _prune_chrome(child, page_score)
        kept.append(child)
    el.children = kept
    _score(el)


def _score(el: _El) -> None:
    own = sum(_han(child) for child in el.children if isinstance(child, str))
    kids = el.elements()
    el.total = own + sum(child.total for child in kids)
    el.score = 0 if el.tag == "a" else own + sum(child.score for child in kids)


# --- choosing the article ---------------------------------------------------------


def _choose(root: _El) -> _El:
    node = root
    while True:
        kids = node.elements()
        if not kids:
            break
        best = max(kids, key=lambda kid: kid.score)
        if best.score == 0 or best.score < _DESCEND_SHARE * node.score:
            break
        node = best
    node = _out_of_grid(node, root.score)
    return _with_heading(node)


def _out_of_grid(node: _El, page_score: int) -> _El:
    """Never stop inside a data table: take the whole table."""
    cursor: _El | None = node
    while cursor is not None:
        if cursor.tag == "table" and _is_grid(cursor, page_score):
            return cursor
        cursor = cursor.parent
    return node


def _with_heading(node: _El) -> _El:
    """Step up (at most three levels) to take in a title heading just outside.

    Each step may add little text (links included), so that unlabelled link lists
    next to the article stay out.
    """
    allowed = max(_HEADING_EXTRA * node.score, _HEADING_EXTRA_MIN)
    inside = {id(el) for el in node.descendants()} | {id(node)}
    chosen = node
    cursor = node
    for _ in range(3):
        parent = cursor.parent
        if parent is None or parent.total - node.total > allowed:
            break
        if any(_is_heading(el) for el in parent.descendants() if id(el) not in inside):
            chosen = parent
        cursor = parent
    return chosen


def _is_heading(el: _El) -> bool:
    """An h1-h3, an element named like a title, or a bold line of some length."""
    if el.score == 0:
        return False
    if el.tag in _HEADING_TAGS or _TITLE_NAME.search(el.names):
        return True
    return el.tag in _BOLD_TAGS and el.score >= _BOLD_TITLE_MIN


# --- page metadata ----------------------------------------------------------------


def _is_meta(el: _El) -> bool:
    """A block of "key：value" page metadata (索引号, 发布机构, 成文日期 …): two keys or
    more, and little other text."""
    text = "".join(_all_text(el))
    keys = count_keys(text)
    return keys >= _META_MIN_KEYS and _han(text) <= _META_HAN_PER_KEY * keys


def _meta_blocks(root: _El, chosen: _El) -> tuple[list[_El], list[_El]]:
    """The metadata blocks outside the chosen article, before and after it in page
    order, so that a page's issuer and date are read as they are from a copied page."""
    above = {id(el) for el in _ancestors(chosen)}
    if not above:  # the whole page was chosen
        return [], []
    before: list[_El] = []
    after: list[_El] = []
    passed = False

    def walk(el: _El) -> None:
        nonlocal passed
        for child in el.elements():
            if child is chosen:
                passed = True
            elif id(child) in above:
                walk(child)
            elif child.total and _is_meta(child):
                (after if passed else before).append(child)
            elif count_keys("".join(_all_text(child))) >= _META_MIN_KEYS:
                walk(child)

    walk(root)
    return before, after


def _ancestors(el: _El) -> list[_El]:
    out = []
    cursor = el.parent
    while cursor is not None:
        out.append(cursor)
        cursor = cursor.parent
    return out


# --- tables -----------------------------------------------------------------------


def _rows(table: _El) -> list[list[_El]]:
    rows: list[list[_El]] = []
    for child in table.elements():
        trs = [child] if child.tag == "tr" else []
        if child.tag in _ROW_GROUPS:
            trs = [tr for tr in child.elements() if tr.tag == "tr"]
        for tr in trs:
            rows.append([cell for cell in tr.elements() if cell.tag in _CELL_TAGS])
    return rows


def _is_grid(table: _El, page_score: int) -> bool:
    """A data table: no nested table, two or more columns, no cell holding the article."""
    if any(el.tag == "table" for el in table.descendants()):
        return False
    rows = _rows(table)
    if not any(len(row) >= 2 for row in rows):
        return False
    limit = _LAYOUT_CELL_SHARE * page_score
    return not any(cell.score > limit and cell.score > 500 for row in rows for cell in row)


# --- rendering --------------------------------------------------------------------


def _collapse(text: str) -> str:
    return _BREAKING_SPACE.sub(" ", text).strip(_ASCII_SPACE)


class _Renderer:
    def __init__(self, out: LineBuilder, page_score: int) -> None:
        self.out = out
        self.page_score = page_score
        self.buffer: list[str] = []

    def flush(self) -> None:
        line = _collapse("".join(self.buffer))
        self.buffer.clear()
        self.emit(line)

    def emit(self, line: str) -> None:
        if line.strip():  # also drops lines of &nbsp; or ideographic spaces only
            self.out.add_line(line)

    def visit(self, el: _El) -> None:
        for child in el.children:
            if isinstance(child, str):
                self.buffer.append(child)
            elif child.tag == "br":
                self.flush()
            elif child.tag == "table" and _is_meta(child):
                self.flush()
                for row in _rows(child):
                    self.emit(" ".join(t for t in (self.cell_text(c) for c in row) if t))
            elif child.tag == "table" and _is_grid(child, self.page_score):
                self.flush()
                self.out.add_grid([[self.cell_text(c) for c in row] for row in _rows(child)])
            elif child.tag == "pre":
                self.flush()
                self.pre(child)
            else:
                self.block(child)

    def block(self, el: _El) -> None:
        is_block = el.tag in _BLOCK_TAGS
        if is_block:
            self.flush()
        self.visit(el)
        if is_block:
            self.flush()

    def pre(self, el: _El) -> None:
        text = "".join(_all_text(el))
        for line in text.splitlines():
            self.emit(line.rstrip())

    def cell_text(self, cell: _El) -> str:
        inner = LineBuilder()
        _Renderer(inner, self.page_score).block(cell)
        return " ".join(inner.text().split("\n"))


def _all_text(el: _El) -> list[str]:
    parts: list[str] = []
    for child in el.children:
        parts.extend([child] if isinstance(child, str) else _all_text(child))
    return parts


def _render(els: list[_El], out: LineBuilder) -> None:
    root = els[0]
    while root.parent is not None:
        root = root.parent
    # Visit a wrapper so that a chosen data table is itself seen as a table.
    wrapper = _El(tag="div", names="", parent=None, children=list(els))
    _Renderer(out, root.score).visit(wrapper)
