"""Long lists shown a page at a time: the library page (``?page=&per=``) and the API's
list endpoints (``?offset=&limit=``, the whole count in ``X-Total-Count`` and the next and
previous pages in a ``Link`` header, RFC 8288).

A library of a thousand documents is read in pages by people and programs alike; sending
it whole costs the server a thousand rows rendered per request (bench/web.py).  The rows
are paged after filtering, so the count and the pages are those of what the filter keeps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import urlencode

from fastapi import Response
from starlette.datastructures import URL

T = TypeVar("T")
PAGE_SIZES = (20, 50, 100, 200)  # rows a page of the library page, the first its smallest
DEFAULT_PER = 50
API_LIMIT = 100  # rows an API list answers unless asked for more
API_MAX_LIMIT = 1000


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    total: int  # rows before paging
    offset: int
    limit: int

    @property
    def number(self) -> int:
        return self.offset // self.limit + 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))

    @property
    def first(self) -> int:
        """1-based index of the first row shown (0 when none)."""
        return self.offset + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.offset + len(self.rows)

    @property
    def has_previous(self) -> bool:
        return self.offset > 0

    @property
    def has_next(self) -> bool:
        return self.offset + self.limit < self.total


def slice_rows(rows: Sequence[T], offset: int, limit: int) -> Page[T]:
    """Rows ``offset`` to ``offset + limit`` of ``rows``."""
    return Page(list(rows[offset:offset + limit]), len(rows), offset, limit)


def page_number(rows: Sequence[T], number: int, per: int) -> Page[T]:
    """Page ``number`` (1-based, clamped to the pages there are) of ``per`` rows; ``per``
    outside ``PAGE_SIZES`` is the default."""
    per = per if per in PAGE_SIZES else DEFAULT_PER
    pages = max(1, -(-len(rows) // per))
    number = min(max(number, 1), pages)
    return slice_rows(rows, (number - 1) * per, per)


def page_query(params: dict[str, str], number: int, per: int) -> str:
    """The query string of page ``number`` with the other parameters (filters) kept."""
    kept = {k: v for k, v in params.items() if v and k not in ("page", "per")}
    return urlencode({**kept, "page": number, **({"per": per} if per != DEFAULT_PER else {})})


def link_headers(response: Response, url: URL, page: Page[T]) -> None:
    """``X-Total-Count`` and, when there are, the ``next``/``prev`` links of an API list."""
    response.headers["X-Total-Count"] = str(page.total)
    links = []
    if page.has_next:
        links.append(f'<{url.include_query_params(offset=page.offset + page.limit, limit=page.limit)}>; rel="next"')
    if page.has_previous:
        links.append(f'<{url.include_query_params(offset=max(0, page.offset - page.limit), limit=page.limit)}>; '
                     'rel="prev"')
    if links:
        response.headers["Link"] = ", ".join(links)
