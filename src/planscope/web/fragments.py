"""Parts of pages rendered once per state of the library and kept (``views.cache``).

A document's text with its records marked, or a region's progress table, depends on the
library and the reader's language only — not on who reads it (the route checks that first)
nor on the request.  Rendered, such a part is a few dozen kilobytes of HTML that a thousand
readers would otherwise render again each time (an outline: ~17 ms of a request's CPU).
The HTML is kept compressed (zlib level 1, a fifth of its size; undone in well under a
millisecond): text, which Python's garbage collector never walks, unlike the records it was
made from.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Hashable
from typing import Any

from markupsafe import Markup
from sqlalchemy.orm import Session

from planscope.views.cache import cached
from planscope.web.i18n import Words


def render(name: str, lang: str, **context: Any) -> Markup:
    """The template ``name`` rendered with the words of ``lang`` (no request, user or token:
    a part that is the same for every reader)."""
    from planscope.web.app import TEMPLATES

    return Markup(TEMPLATES.env.get_template(name).render(w=Words(lang), lang=lang, **context))


def kept(session: Session, key: tuple[Hashable, ...], make: Callable[[Session], str]) -> Markup:
    """``make(session)`` (HTML) as of the library's current state, made once per state."""
    packed = cached(session, ("fragment", *key), lambda s: zlib.compress(make(s).encode("utf-8"), 1))
    return Markup(zlib.decompress(packed).decode("utf-8"))
