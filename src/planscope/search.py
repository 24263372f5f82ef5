"""Search across the plan library's stored text: one interface, two backends.

``search(session, q)`` finds every place the text ``q`` occurs in the documents' original
text (``TextChunk``), case-insensitively, and in either script: a query in Simplified
characters also finds the Traditional spelling (OpenCC ``s2t``) and the other way round.
The query is data, never SQL nor FTS syntax: it is bound as a parameter, quoted as one FTS5
phrase, and its ``%``, ``_`` and ``\\`` are escaped in LIKE patterns.

* SQLite: an FTS5 table with the ``trigram`` tokenizer (migration 0006), kept in step with
  ``text_chunks`` by triggers, so ingest, re-ingest and delete update it in their own
  transaction.  A phrase of trigrams matches exactly the texts that contain it.  Terms of
  one or two characters have no trigram: they scan the chunks with LIKE.
* PostgreSQL: ``pg_trgm``'s GIN index on ``text_chunks.body``, queried with ILIKE (terms of
  one or two characters with ``strpos`` on the lowered text: there is no trigram to look up).

Hits across chunk boundaries: the text is stored in pieces of 256k characters, and the index
sees each piece alone.  So every query also looks at each seam between two pieces of the same
document (the last characters of one and the first of the next, a few more than the query's
length) and keeps the occurrences that cross it.  Documents under 256k characters have no seam;
a query spans at most two pieces as long as it is no longer than one (256k characters).

The database says which pieces hold the query; the offsets of each occurrence are then found
in those pieces (Python ``re``, case-insensitive), so each ``Hit`` has the offset into the
original text — the same offsets as targets' spans — and a snippet around it with the
occurrence marked by offsets (``mark_start``/``mark_end`` within ``snippet``), not by HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import opencc
from sqlalchemy import Row, select, text
from sqlalchemy.orm import Session

from planscope.accounts.roles import covers
from planscope.reading.text import to_simplified
from planscope.store import Document, TextChunk

DocRow = Row[int, str, str | None, str | None, str | None]  # id, file, title, region, region_code
CHUNK_SHIFT = 20  # search_fts rowid = document_id << 20 | seq (migration 0006)
CONTEXT = 30  # characters of context either side of a hit
MIN_TRIGRAM = 3
BATCH = 50  # candidate documents read at a time


@dataclass(frozen=True)
class Hit:
    """One occurrence of the query in a document."""

    doc_id: int
    file: str
    title: str | None
    region: str | None
    region_code: str | None
    offset: int  # into the document's original text
    length: int
    snippet: str  # the text around the hit, line breaks shown as spaces
    mark_start: int  # the hit within the snippet
    mark_end: int
    occurrences: int  # of the query in this document, all of them

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def search(session: Session, q: str, regions: Iterable[str] | None = None, limit: int = 50,
           per_document: int = 5) -> list[Hit]:
    """Occurrences of ``q`` in the library's documents, in library order (document id), at most
    ``per_document`` from one document and ``limit`` in all; ``Hit.occurrences`` counts them
    all in the document.  ``regions`` (codes) keeps the documents of those regions and
    everything below them (a document without a region only for the nation's scope); None
    keeps all.  Only the documents needed to fill ``limit`` are read."""
    terms = variants(q)
    if not terms:
        return []
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    hits: list[Hit] = []
    for doc in _documents(session, _candidates(session, terms), regions):
        found = _occurrences(session, doc.id, pattern, max(map(len, terms)))
        for offset, length, snippet, start, end in found[:per_document]:
            hits.append(Hit(doc.id, doc.file_name, doc.title, doc.region, doc.region_code, offset, length, snippet,
                            start, end, len(found)))
            if len(hits) >= limit:
                return hits
    return hits


def variants(q: str) -> list[str]:
    """The query as given, in Simplified and in Traditional characters (distinct, non-empty)."""
    term = q.strip()
    if not term:
        return []
    return list(dict.fromkeys([term, to_simplified(term), _to_traditional(term)]))


@cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def _to_traditional(term: str) -> str:
    converted = _s2t().convert(term)
    return converted if len(converted) == len(term) else term


# ---------------------------------------------------------------- which chunks


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _candidates(session: Session, terms: list[str]) -> set[int]:
    """Documents that may hold a term: in one chunk (the index) or across a seam."""
    docs: set[int] = set()
    params: dict[str, str] = {}
    if _postgres(session):
        conditions = []
        for i, term in enumerate(terms):
            params[f"t{i}"] = term.lower() if len(term) < MIN_TRIGRAM else _like(term)
            conditions.append(f"strpos(lower(body), :t{i}) > 0" if len(term) < MIN_TRIGRAM
                              else f"body ILIKE :t{i} ESCAPE '\\'")
        sql = f"SELECT DISTINCT document_id FROM text_chunks WHERE {' OR '.join(conditions)}"
        docs.update(session.execute(text(sql), params).scalars())
    else:
        long_terms = [t for t in terms if len(t) >= MIN_TRIGRAM]
        short_terms = [t for t in terms if len(t) < MIN_TRIGRAM]
        if long_terms:
            phrase = " OR ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
            rows = session.execute(text("SELECT rowid FROM search_fts WHERE search_fts MATCH :q"), {"q": phrase})
            docs.update(rowid >> CHUNK_SHIFT for rowid in rows.scalars())
        if short_terms:
            conditions = []
            for i, term in enumerate(short_terms):
                params[f"t{i}"] = _like(term)
                conditions.append(f"body LIKE :t{i} ESCAPE '\\'")
            sql = f"SELECT DISTINCT document_id FROM text_chunks WHERE {' OR '.join(conditions)}"
            docs.update(session.execute(text(sql), params).scalars())
    docs.update(_seam_candidates(session, terms))
    return docs


def _seam_candidates(session: Session, terms: list[str]) -> set[int]:
    """Documents where a term crosses the seam between two of their chunks."""
    width = max(map(len, terms)) - 1
    if width < 1:
        return set()
    tail, head = ("right(a.body, :k)", "left(b.body, :k)") if _postgres(session) else (
        "substr(a.body, -:k)", "substr(b.body, 1, :k)")
    sql = (f"SELECT a.document_id, {tail}, {head} FROM text_chunks a JOIN text_chunks b "
           "ON b.document_id = a.document_id AND b.seq = a.seq + 1")
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    found = set()
    for doc_id, left, right in session.execute(text(sql), {"k": width}):
        if any(m.start() < len(left) < m.end() for m in _all_matches(pattern, left + right)):
            found.add(doc_id)
    return found


def _all_matches(pattern: re.Pattern[str], joined: str) -> list[re.Match[str]]:
    """Every match, overlapping ones too (a seam may cut the second of two overlapping hits)."""
    out, pos = [], 0
    while (m := pattern.search(joined, pos)) is not None:
        out.append(m)
        pos = m.start() + 1
    return out


def _documents(session: Session, ids: set[int], regions: Iterable[str] | None) -> Iterator[DocRow]:
    """The candidates' names and regions (not whole documents), in id order, within the scopes,
    read a batch at a time: a search that fills its limit early reads no more."""
    scopes = None if regions is None else list(regions)
    ordered = sorted(ids)
    columns = (Document.id, Document.file_name, Document.title, Document.region, Document.region_code)
    for start in range(0, len(ordered), BATCH):
        batch = ordered[start:start + BATCH]
        rows = session.execute(select(*columns).where(Document.id.in_(batch)).order_by(Document.id))
        yield from (d for d in rows if scopes is None or any(covers(s, d.region_code) for s in scopes))


# ---------------------------------------------------------------- where in the text


def _occurrences(session: Session, doc_id: int, pattern: re.Pattern[str],
                 longest: int) -> list[tuple[int, int, str, int, int]]:
    """(offset, length, snippet, mark start, mark end) of every occurrence in one document, in
    text order.  The chunks are read one at a time with the end of the one before, so a hit
    across a seam is found like any other."""
    out: list[tuple[int, int, str, int, int]] = []
    carry, carry_start = "", 0  # the previous chunk's last characters, and where they start
    bodies = session.execute(select(TextChunk.body).where(TextChunk.document_id == doc_id).order_by(TextChunk.seq))
    keep = longest - 1 + CONTEXT
    for (body,) in bodies:
        piece, base = carry + body, carry_start
        for m in pattern.finditer(piece):
            if m.end() <= len(carry):
                continue  # wholly inside the carried tail: found with the previous chunk
            out.append(_hit(piece, base, m))
        carry_start = base + len(piece) - min(keep, len(piece))
        carry = piece[-keep:] if keep else ""
    return _dedupe(out)


def _hit(piece: str, base: int, m: re.Match[str]) -> tuple[int, int, str, int, int]:
    left = max(m.start() - CONTEXT, 0)
    snippet = re.sub(r"[\r\n\t]", " ", piece[left:m.end() + CONTEXT])
    return base + m.start(), m.end() - m.start(), snippet, m.start() - left, m.end() - left


def _dedupe(hits: list[tuple[int, int, str, int, int]]) -> list[tuple[int, int, str, int, int]]:
    seen: set[int] = set()
    out = []
    for h in hits:
        if h[0] not in seen:
            seen.add(h[0])
            out.append(h)
    return out
