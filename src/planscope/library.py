"""The plan library: ingest documents and read back what planscope knows of them.

``ingest_file`` runs the pipeline for one file — read → normalise → facts → tables →
outline → store — in one transaction, so a failure leaves the database as it was.
The same content (SHA-256 of the bytes) is the same document: ingesting it again
replaces everything derived from it and keeps its id.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session, defer

from planscope import __version__, audit
from planscope.accounts.roles import Principal, local_operator, require
from planscope.catalogue.indicator_filter import indicator_filter
from planscope.catalogue.regions import load_regions
from planscope.errors import InputError, NotFound, PlanscopeError, StoreError
from planscope.extraction.bulletins import select_headlines, select_work_report
from planscope.extraction.facts import apply_overrides, body_end, detect_facts, doc_type_flags
from planscope.extraction.targets import TargetRecord, extract_targets
from planscope.model import DocumentFacts, Section, Table
from planscope.monitoring.plausibility import flags_of
from planscope.reading import read_file
from planscope.reading.text import normalize
from planscope.records import TargetItem
from planscope.store import Database, DocTable, Document, SectionRow, TargetRow, TextChunk
from planscope.store.models import Base
from planscope.structure.outline import edge_lines, outline
from planscope.structure.tables import find_tables

DEFAULT_MAX_BYTES = 200 * 2**20
SKIPPED_NAMES = (".", "~$")  # hidden files and Office lock files


@dataclass
class Analysis:
    """Everything planscope derives from one file, before it is stored."""

    path: Path
    checksum: str
    size: int
    format: str
    encoding: str | None
    original: str
    body_end: int
    facts: DocumentFacts
    sections: list[Section]
    tables: list[Table]
    targets: list[TargetRecord]


@dataclass
class IngestOutcome:
    path: Path
    ok: bool
    document_id: int | None = None
    replaced: bool = False
    error: str | None = None
    fatal: bool = False  # the database refused the work (busy, full, read-only): the loop stops here
    summary: dict[str, Any] = field(default_factory=dict)


def analyse(path: Path, overrides: dict[str, str] | None = None,
            max_bytes: int = DEFAULT_MAX_BYTES) -> Analysis:
    """Read one file and derive everything planscope stores for it, without storing it:
    the text, the document facts (``overrides`` such as ``{"region": "示例市"}`` replace
    detected ones), outline, tables and targets with their plausibility flags.

    Bad input (unreadable, unsupported, empty, damaged, over ``max_bytes``) raises an
    ``InputError``; anything else that goes wrong is a bug and is not disguised as one.
    """
    raw = read_file(path, max_bytes=max_bytes)
    data_hash, size = _identity(path)
    norm = normalize(raw.text)
    end = body_end(edge_lines(norm.text), len(norm.text))
    facts = detect_facts(norm.text)
    if overrides:
        facts = apply_overrides(facts, overrides)
    tables = find_tables(norm.text[:end], raw.grids)
    sections = outline(_blank_tables(norm.text, tables), end)
    targets = extract_targets(norm.text, raw.text, sections, tables, facts, end)
    behaviour = doc_type_flags(str(facts.doc_type.value))
    if behaviour.headlines_only:  # a bulletin's headline facts, not every number in it
        targets = select_headlines([t for t in targets if t.is_actual], raw.text, tables)
    elif behaviour.targets_and_headlines:  # a work report's targets and headline facts, not every number of the review
        reviewed = facts.base_year.value if isinstance(facts.base_year.value, int) else None
        targets = select_work_report(targets, raw.text, reviewed)
    level = facts.level.value if isinstance(facts.level.value, str) else None
    for t in targets:  # kept and shown with the flag, never dropped
        t.flags = flags_of(t.indicator_id, t.kind, t.unit_normalized, [t.value_normalized, t.low, t.high], level)
    return Analysis(path, data_hash, size, raw.format, raw.encoding, raw.text,
                    end, facts, sections, tables, targets)


def _identity(path: Path) -> tuple[str, int]:
    """The file's checksum and size; the file gone or unreadable since it was read is bad input."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(path, f"无法读取文件 / cannot read the file ({exc.strerror})") from None
    return digest.hexdigest(), size


def _blank_tables(text: str, tables: list[Table]) -> str:
    """The text with table bodies blanked out (same length), so cells are not headings."""
    if not tables:
        return text
    parts, pos = [], 0
    for table in sorted(tables, key=lambda t: t.start):
        body_start = max(pos, _first_row_start(table))
        parts.append(text[pos:body_start])
        parts.append("".join("\n" if ch == "\n" else " " for ch in text[body_start:table.end]))
        pos = max(pos, table.end)
    parts.append(text[pos:])
    return "".join(parts)


def _first_row_start(table: Table) -> int:
    starts = [row.start for row in table.rows if row.end > row.start]
    return min(starts) if starts else table.end


# ---------------------------------------------------------------- storing


def store(session: Session, analysis: Analysis, actor: Principal | None = None) -> tuple[int, bool]:
    """Insert or replace the document; returns (id, replaced).  The write is audited
    (``document.ingest`` or ``document.reingest``) in the same transaction, under ``actor``
    (default: the local operator), whose role must allow ``ingest`` in the document's region
    (and in its old region, for a document ingested again under other facts).

    Sections and tables go in with bulk inserts, in batches: a 50 MB document has tens
    of thousands of sections, too many to hold as ORM objects.
    """
    actor = actor or local_operator()
    doc = session.scalar(select(Document).where(Document.checksum == analysis.checksum))
    replaced = doc is not None
    before = document_audit(doc) if doc is not None else None
    require(actor, "ingest", _str(analysis.facts.region_code.value))
    if doc is not None:
        require(actor, "ingest", doc.region_code)
    if doc is None:
        doc = Document(checksum=analysis.checksum)
        session.add(doc)
    else:
        session.execute(delete(TargetRow).where(TargetRow.document_id == doc.id))
        session.execute(delete(TextChunk).where(TextChunk.document_id == doc.id))
        session.execute(delete(SectionRow).where(SectionRow.document_id == doc.id))
        session.execute(delete(DocTable).where(DocTable.document_id == doc.id))
    _fill_document(doc, analysis)
    session.flush()
    _insert_batches(session, TextChunk, _text_chunks(analysis.original, doc.id), size=1)
    _insert_batches(session, SectionRow, _section_rows(analysis.sections, doc.id))
    _insert_batches(session, DocTable, _table_rows(analysis.tables, doc.id))
    _insert_batches(session, TargetRow, _target_rows(analysis.targets, doc.id))
    session.expire(doc, ["text_chunks", "sections", "tables", "targets"])
    after = {**document_audit(doc), "targets": sum(1 for t in analysis.targets if not t.is_actual),
             "actuals": sum(1 for t in analysis.targets if t.is_actual)}
    audit.record(session, actor, "document.reingest" if replaced else "document.ingest", "document", doc.id,
                 doc.region_code, before, after, detail=str(analysis.path))
    return doc.id, replaced


def document_audit(doc: Document) -> dict[str, Any]:
    """What the audit log keeps of a document's state."""
    return {"id": doc.id, "file": doc.file_name, "title": doc.title, "region": doc.region,
            "region_code": doc.region_code, "level": doc.level, "type": doc.doc_type,
            "period_start": doc.period_start, "period_end": doc.period_end, "date": doc.date,
            "checksum": doc.checksum}


def delete_document(session: Session, ref: str, actor: Principal | None = None) -> dict[str, Any]:
    """Delete a document (by id or file name) and everything derived from it — text, outline,
    tables, targets and its search entries; audited as ``document.delete``.  Returns the
    document's record as it was (``document_record``).  ``actor`` (default: the local
    operator) needs ``delete_document`` in the document's region."""
    actor = actor or local_operator()
    doc = get_document(session, ref)
    require(actor, "delete_document", doc.region_code)
    record = document_record(doc)
    audit.record(session, actor, "document.delete", "document", doc.id, doc.region_code, document_audit(doc), None)
    session.execute(delete(Document).where(Document.id == doc.id))  # the rest goes by ON DELETE CASCADE
    session.expunge(doc)
    return record


TEXT_CHUNK = 1 << 18  # characters per stored piece of the original text


def _text_chunks(text: str, doc_id: int) -> Iterator[dict[str, Any]]:
    for seq, start in enumerate(range(0, max(len(text), 1), TEXT_CHUNK)):
        yield {"document_id": doc_id, "seq": seq, "body": text[start:start + TEXT_CHUNK]}


def _target_rows(targets: list[TargetRecord], doc_id: int) -> Iterator[dict[str, Any]]:
    for i, t in enumerate(targets):
        yield {"document_id": doc_id, "ord": i, **t.as_dict()}


def _insert_batches(session: Session, model: type[Base],
                    rows: Iterable[dict[str, Any]], size: int = 2000) -> None:
    connection = session.connection()  # Core executemany: no ORM bookkeeping per row
    statement = insert(Base.metadata.tables[model.__tablename__])
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            connection.execute(statement, batch)
            batch = []
    if batch:
        connection.execute(statement, batch)


def _fill_document(doc: Document, a: Analysis) -> None:
    f = a.facts
    doc.file_name, doc.source_path = a.path.name, str(a.path.resolve())
    doc.format, doc.encoding, doc.size_bytes = a.format, a.encoding, a.size
    doc.chars, doc.body_end = len(a.original), a.body_end
    doc.title, doc.issuer = _str(f.title.value), _str(f.issuer.value)
    doc.region, doc.region_code, doc.level = _str(f.region.value), _str(f.region_code.value), _str(f.level.value)
    doc.doc_type, doc.date = _str(f.doc_type.value), _str(f.date.value)
    doc.period_start, doc.period_end = _int(f.period_start.value), _int(f.period_end.value)
    doc.base_year = _int(f.base_year.value)
    doc.facts = {name: asdict(fact) for name, fact in f.as_dict().items()}
    doc.ingested_at = datetime.now(UTC).replace(tzinfo=None)
    doc.version = __version__


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _int(value: str | int | None) -> int | None:
    return None if value is None else int(value)


def _section_rows(roots: list[Section], doc_id: int) -> Iterator[dict[str, Any]]:
    """The outline in pre-order, each node with its parent's position."""
    counter = 0
    stack: list[tuple[Section, int | None, int]] = [(r, None, 0) for r in reversed(roots)]
    while stack:
        node, parent, depth = stack.pop()
        ord_ = counter
        counter += 1
        yield {"document_id": doc_id, "ord": ord_, "parent_ord": parent, "depth": depth, "kind": node.kind,
               "number": node.number, "ordinal": node.ordinal, "title": node.title, "start": node.start,
               "end": node.end, "heading_end": node.heading_end}
        stack.extend((child, ord_, depth + 1) for child in reversed(node.children))


def _table_rows(tables: list[Table], doc_id: int) -> Iterator[dict[str, Any]]:
    for i, t in enumerate(tables):
        yield {"document_id": doc_id, "ord": i, "number": t.number, "title": t.title, "layout": t.layout,
               "columns": t.columns, "rows": [asdict(r) for r in t.rows], "notes": t.notes,
               "start": t.start, "end": t.end}


# ---------------------------------------------------------------- ingest


def ingest_file(db: Database, path: Path, overrides: dict[str, str] | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES,
                accept: Callable[[Analysis], None] | None = None, actor: Principal | None = None) -> IngestOutcome:
    """Ingest one file; a bad file gives an outcome with its one-line error, not a raise, and
    so does a file ``actor`` may not ingest (its region is outside the actor's).
    A database that refuses the work gives a ``fatal`` outcome: no other file can go in either.
    ``accept`` sees the analysis before anything is stored and may refuse it by raising a
    ``PlanscopeError`` (the web refuses a document of a region outside the user's).
    Any other exception is a bug of planscope's and is raised, not reported as a bad file."""
    try:
        analysis = analyse(path, overrides, max_bytes)
        if accept is not None:
            accept(analysis)
        with db.session() as session:
            doc_id, replaced = store(session, analysis, actor)
    except StoreError as err:
        return IngestOutcome(path, False, error=f"{path.name} 未入库 / not ingested — {err}", fatal=True)
    except InputError as err:
        return IngestOutcome(path, False, error=str(err))
    except PlanscopeError as err:
        return IngestOutcome(path, False, error=f"{path.name}: {err}")
    except UnicodeDecodeError as err:  # text a reader took for one encoding and is not
        return IngestOutcome(path, False, error=f"{path.name}: 无法读取 / cannot read: {err}")
    return IngestOutcome(path, True, doc_id, replaced, summary=_summary(analysis))


def _summary(a: Analysis) -> dict[str, Any]:
    f = a.facts
    return {"title": f.title.value, "region": f.region.value, "level": f.level.value,
            "type": f.doc_type.value, "period": _period_text(f),
            "sections": sum(len(r.walk()) for r in a.sections), "tables": len(a.tables),
            "targets": sum(1 for t in a.targets if not t.is_actual),
            "actuals": sum(1 for t in a.targets if t.is_actual)}


def _period_text(f: DocumentFacts) -> str | None:
    if f.period_start.value is None:
        return None
    if f.period_start.value == f.period_end.value:
        return str(f.period_start.value)
    return f"{f.period_start.value}–{f.period_end.value}"


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and every file under a folder (sorted, hidden files skipped)."""
    for path in paths:
        if path.is_dir():
            children = [child for child in sorted(p for p in path.rglob("*") if p.is_file())
                        if not any(part.startswith(SKIPPED_NAMES) for part in child.relative_to(path).parts)]
            yield from children or [path]  # an empty folder is reported, not passed over
        else:
            yield path


def ingest_paths(db: Database, paths: Iterable[Path], overrides: dict[str, str] | None = None,
                 on_done: Callable[[IngestOutcome], None] | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES,
                 should_stop: Callable[[], bool] | None = None,
                 actor: Principal | None = None) -> list[IngestOutcome]:
    """Ingest files one at a time, each in its own transaction.  Stops before the next file
    when ``should_stop()`` says so (an interrupt) or the database refused the last one."""
    outcomes: list[IngestOutcome] = []
    for path in paths:
        if (should_stop and should_stop()) or (outcomes and outcomes[-1].fatal):
            break
        if not path.exists():
            outcome = IngestOutcome(path, False, error=f"{path.name}: 文件不存在 / no such file")
        elif path.is_dir():
            outcome = IngestOutcome(path, False, error=f"{path.name}: 文件夹中没有文件 / the folder holds no files")
        else:
            outcome = ingest_file(db, path, overrides, max_bytes, actor=actor)
        outcomes.append(outcome)
        if on_done:
            on_done(outcome)
    return outcomes


# ---------------------------------------------------------------- reading back


def list_documents(session: Session) -> list[Document]:
    return list(session.scalars(select(Document).order_by(Document.id)))


def outline_and_table_counts(session: Session) -> dict[int, tuple[int, int]]:
    """Sections and tables of every document, counted in two queries (not one load per document)."""
    sections: dict[int, int] = {doc_id: n for doc_id, n in session.execute(
        select(SectionRow.document_id, func.count()).group_by(SectionRow.document_id))}
    tables: dict[int, int] = {doc_id: n for doc_id, n in session.execute(
        select(DocTable.document_id, func.count()).group_by(DocTable.document_id))}
    return {doc_id: (sections.get(doc_id, 0), tables.get(doc_id, 0)) for doc_id in {*sections, *tables}}


def get_document(session: Session, ref: str) -> Document:
    """A document by id or by file name; a clear error when absent or ambiguous."""
    if ref.isdigit():
        doc = session.get(Document, int(ref))
        if doc:
            return doc
    name = Path(ref).name
    docs = list(session.scalars(select(Document).where(Document.file_name == name)))
    if len(docs) == 1:
        return docs[0]
    if len(docs) > 1:
        ids = ", ".join(str(d.id) for d in docs)
        raise NotFound(f"有多个文件名为 {name} 的文件（id {ids}），请用 id / "
                       f"several documents are named {name} (ids {ids}); use an id")
    raise NotFound(f"库中没有文件 {ref}；用 planscope docs 查看已入库文件 / "
                   f"no document {ref!r} in the library; see `planscope docs`")


_RECORD_COLUMNS = (Document.id, Document.file_name, Document.title, Document.issuer, Document.region,
                   Document.region_code, Document.level, Document.doc_type, Document.period_start,
                   Document.period_end, Document.base_year, Document.date, Document.format, Document.encoding,
                   Document.checksum, Document.chars)


def document_records(session: Session) -> list[dict[str, Any]]:
    """``document_record`` of every document, in library order, read as columns: no Document
    objects, and of the facts only the title's source (a document's facts are a JSON value
    of their own: decoding 1,000 of them was most of the library page)."""
    counts = outline_and_table_counts(session)
    title_source = Document.facts[("title", "source")].as_string()
    query = select(*_RECORD_COLUMNS, title_source).order_by(Document.id)
    out = []
    for (doc_id, file_name, title, issuer, region, region_code, level, doc_type, period_start, period_end,
         base_year, date, format_, encoding, checksum, chars, source) in session.execute(query):
        sections, tables = counts.get(doc_id, (0, 0))
        out.append({"id": doc_id, "file": file_name, "title": title, "title_derived": source == "derived",
                    "issuer": issuer, "region": region, "region_code": region_code, "level": level,
                    "type": doc_type, "period_start": period_start, "period_end": period_end,
                    "base_year": base_year, "date": date, "format": format_, "encoding": encoding,
                    "checksum": checksum, "chars": chars, "sections": sections, "tables": tables})
    return out


def document_regions(session: Session) -> list[tuple[str, str | None]]:
    """Each (region code, region name) of the library's documents once (the region pickers)."""
    query = select(Document.region_code, Document.region).where(Document.region_code.is_not(None)).distinct()
    return [(code, name) for code, name in session.execute(query) if code]


def document_record(doc: Document, counts: tuple[int, int] | None = None) -> dict[str, Any]:
    """The public JSON shape of a document (``planscope docs --format json``); ``counts``:
    its sections and tables when already counted (else they are loaded)."""
    title_source = ((doc.facts or {}).get("title") or {}).get("source")
    return {"id": doc.id, "file": doc.file_name, "title": doc.title, "title_derived": title_source == "derived",
            "issuer": doc.issuer,
            "region": doc.region, "region_code": doc.region_code, "level": doc.level,
            "type": doc.doc_type, "period_start": doc.period_start, "period_end": doc.period_end,
            "base_year": doc.base_year, "date": doc.date, "format": doc.format,
            "encoding": doc.encoding, "checksum": doc.checksum, "chars": doc.chars,
            "sections": counts[0] if counts else len(doc.sections),
            "tables": counts[1] if counts else len(doc.tables)}


def table_record(table: DocTable) -> dict[str, Any]:
    """The public JSON shape of a rebuilt table (``planscope tables --format json``)."""
    return {"title": table.title, "number": table.number, "layout": table.layout,
            "columns": table.columns, "rows": [r["cells"] for r in table.rows],
            "row_info": [{k: r[k] for k in ("kind", "number", "category", "parent", "start", "end",
                                            "unplaced")} for r in table.rows],
            "notes": table.notes, "start": table.start, "end": table.end}


def outline_tree(doc: Document) -> list[dict[str, Any]]:
    """The stored outline as nested dicts."""
    nodes: dict[int, dict[str, Any]] = {}
    roots: list[dict[str, Any]] = []
    for s in doc.sections:
        node: dict[str, Any] = {"kind": s.kind, "number": s.number, "title": s.title, "start": s.start,
                "end": s.end, "children": []}
        nodes[s.ord] = node
        (nodes[s.parent_ord]["children"] if s.parent_ord is not None else roots).append(node)
    return roots


# ---------------------------------------------------------------- targets


@dataclass(frozen=True)
class TargetFilter:
    doc: str | None = None
    region: str | None = None
    year: int | None = None
    indicator: str | None = None
    actuals: bool = False


def list_targets(session: Session, f: TargetFilter) -> list[TargetItem]:
    """Targets (or reported actuals) as public records, filtered."""
    query = (select(TargetRow, Document).join(Document).options(defer(Document.facts))  # a record has no facts
             .where(TargetRow.is_actual == f.actuals))
    if f.doc:
        query = query.where(TargetRow.document_id == get_document(session, f.doc).id)
    if f.region:
        region = load_regions().resolve(f.region)
        query = query.where(Document.region_code == region.code)
    if f.year is not None:
        query = query.where(TargetRow.year == f.year)
    if f.indicator:
        query = query.where(indicator_filter(f.indicator).where(TargetRow.indicator_id, TargetRow.indicator))
    rows = session.execute(query.order_by(Document.id, TargetRow.ord))
    return [target_record(t, d) for t, d in rows]


def document_targets(session: Session, doc: Document) -> tuple[list[TargetItem], list[TargetItem]]:
    """A document's targets and its reported actuals, in its order: one query for both."""
    rows = session.scalars(select(TargetRow).where(TargetRow.document_id == doc.id).order_by(TargetRow.ord))
    records = [target_record(t, doc) for t in rows]
    return [r for r in records if not r.actual], [r for r in records if r.actual]


def target_record(t: TargetRow, d: Document) -> TargetItem:
    """The public record of a stored target (``planscope targets --format jsonl``: ``as_dict``)."""
    return TargetItem(doc=d.file_name, doc_id=d.id, region=d.region, region_code=d.region_code,
                      indicator=t.indicator, indicator_id=t.indicator_id, value=t.value, unit=t.unit,
                      value_normalized=t.value_normalized, unit_normalized=t.unit_normalized, low=t.low,
                      high=t.high, comparator=t.comparator, kind=t.kind, year=t.year,
                      year_implied=t.year_implied, baseline_value=t.baseline_value,
                      baseline_year=t.baseline_year, attribute=t.attribute, inherited=t.inherited,
                      source=t.source, path=t.path, start=t.start, end=t.end, value_start=t.value_start,
                      value_end=t.value_end, quote=t.quote, match=t.match, notes=t.notes, flags=t.flags or [],
                      actual=t.is_actual)


def extract_file_records(path: Path, actuals: bool = False) -> list[TargetItem]:
    """Analyse one file without storing it and return its target (or actual) records in
    the public shape, with the 1-based ``line`` of each value: what ``planscope eval`` scores."""
    analysis = analyse(path)
    f = analysis.facts
    doc = Document(file_name=path.name, region=_str(f.region.value), region_code=_str(f.region_code.value),
                   id=None)
    rows = [TargetRow(**t.as_dict()) for t in analysis.targets if t.is_actual == actuals]
    breaks = [i for i, ch in enumerate(analysis.original) if ch == "\n"]
    return [replace(target_record(t, doc), line=bisect_right(breaks, t.value_start - 1) + 1) for t in rows]


def stored_tables(doc: Document) -> list[Table]:
    """The stored tables of a document as pipeline ``Table`` objects."""
    from planscope.model import TableRow

    return [Table(title=t.title, columns=t.columns, rows=[TableRow(**r) for r in t.rows], start=t.start,
                  end=t.end, layout=t.layout, number=t.number, notes=t.notes) for t in doc.tables]


def stored_plan(doc: Document) -> Any:
    """The plan facts the target extractor uses, from a stored document."""
    from planscope.extraction.targets.prose import Plan

    base = doc.period_end if doc_type_flags(doc.doc_type).reports_past else doc.base_year
    return Plan(period_end=doc.period_end, base_year=base, kind=doc.doc_type or "other")
