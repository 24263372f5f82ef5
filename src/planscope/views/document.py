"""One document: its facts, outline and rebuilt tables, and — for a reader of the text — the
original text with every target and reported actual at its span (``planscope show``,
``planscope tables``, the web's document page)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from planscope.library import document_record, document_targets, get_document, outline_tree, table_record
from planscope.model import Fact
from planscope.records import TargetItem
from planscope.views.library import DocRow


@dataclass(frozen=True)
class FactRow:
    name: str  # title, issuer, region, region_code, level, doc_type, date, period_start …
    fact: Fact  # value, how it was found (fact_source label), its span and a note


@dataclass(frozen=True)
class SectionNode:
    """A heading of the outline and the span of its section."""

    kind: str  # part, chapter, section, item, box (专栏) …
    number: str | None
    title: str
    start: int
    end: int
    children: list[SectionNode] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.number or ''} {self.title}".strip()


@dataclass(frozen=True)
class TableItem:
    """A rebuilt table: columns, rows of cells (None: empty) and what each row is."""

    number: str | None
    title: str
    layout: str
    columns: list[str]
    rows: list[list[str | None]]
    row_info: list[dict[str, Any]]  # kind (header/category/data/sub/note), number, category, parent, span
    notes: list[str]
    start: int
    end: int

    @property
    def label(self) -> str:
        return f"{self.number or ''} {self.title}".strip()

    def as_dict(self) -> dict[str, Any]:
        """The public shape (``planscope tables --format json``)."""
        return {"title": self.title, "number": self.number, "layout": self.layout, "columns": self.columns,
                "rows": self.rows, "row_info": self.row_info, "notes": self.notes, "start": self.start,
                "end": self.end}


@dataclass(frozen=True)
class DocumentView:
    doc: DocRow
    facts: list[FactRow]
    outline: list[SectionNode]
    tables: list[TableItem]
    text: str | None = None  # the original text (``with_text``)
    targets: list[TargetItem] = field(default_factory=list)  # with_text: spans into ``text``
    actuals: list[TargetItem] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The public shape of ``planscope show --format json``."""
        return {**self.doc.as_dict(), "facts": {f.name: _fact_dict(f.fact) for f in self.facts},
                "outline": [_node_dict(n) for n in self.outline]}


def document_view(session: Session, ref: str, with_text: bool = False) -> DocumentView:
    """A document by id or file name; ``with_text`` adds its original text and its records."""
    d = get_document(session, ref)
    facts = [FactRow(name, Fact(**fact)) for name, fact in (d.facts or {}).items()]
    tables = [TableItem(**table_record(t)) for t in d.tables]
    view = DocumentView(DocRow.of(document_record(d)), facts, [_node(n) for n in outline_tree(d)], tables)
    if not with_text:
        return view
    targets, actuals = document_targets(session, d)
    return DocumentView(view.doc, facts, view.outline, tables, d.original_text, targets, actuals)


def _node(tree: dict[str, Any]) -> SectionNode:
    return SectionNode(tree["kind"], tree["number"], tree["title"], tree["start"], tree["end"],
                       [_node(c) for c in tree["children"]])


def _node_dict(node: SectionNode) -> dict[str, Any]:
    return {"kind": node.kind, "number": node.number, "title": node.title, "start": node.start, "end": node.end,
            "children": [_node_dict(c) for c in node.children]}


def _fact_dict(fact: Fact) -> dict[str, Any]:
    return {"value": fact.value, "source": fact.source, "start": fact.start, "end": fact.end, "note": fact.note}
