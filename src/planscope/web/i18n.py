"""The words of the pages, Chinese by default and English by a switch.

Labels of codes (levels, document types, statuses, relations) come from
``planscope.labels`` — the words the terminal shows; the pages' own words (menus, buttons,
column heads) from ``data/web.toml``, each with ``zh`` and ``en``.  The language is the
``lang`` cookie (set by ``?lang=en`` / ``?lang=zh``), Chinese when absent.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from starlette.requests import Request

from planscope import datafiles, labels

LANGS = ("zh", "en")
COOKIE = "lang"


@lru_cache(maxsize=1)
def _strings() -> dict[str, dict[str, str]]:
    return {key: {"zh": e["zh"], "en": e["en"]} for key, e in datafiles.raw("web.toml")["strings"].items()}


def strings() -> dict[str, dict[str, str]]:
    """Every page string by key: {"zh": …, "en": …}."""
    return _strings()


def language(request: Request) -> str:
    """``?lang=`` first (the switch), then the cookie, then Chinese."""
    wanted = request.query_params.get("lang") or request.cookies.get(COOKIE)
    return wanted if wanted in LANGS else "zh"


@dataclass(frozen=True)
class Words:
    """What a template calls: ``t("library")`` for a page string, ``lab("status", code)`` for a code."""

    lang: str

    def t(self, key: str, **fields: object) -> str:
        """The page string ``key`` in the request's language, ``{name}`` fields filled in."""
        entry = _strings().get(key)
        if entry is None:
            raise KeyError(f"page string {key!r} is not in data/web.toml")
        return entry[self.lang].format(**fields) if fields else entry[self.lang]

    def lab(self, group: str, code: str | None, default: str = "") -> str:
        found = labels.label(group, code)
        if found is None:
            return default or (code or "")
        return found.zh if self.lang == "zh" else found.en

    def role(self, code: str | None) -> str:
        """A role's name (data/roles.toml), the code when unknown."""
        from planscope.accounts.roles import roles

        info = roles().get(code or "")
        if info is None:
            return code or ""
        return info.zh if self.lang == "zh" else info.en

    @property
    def other(self) -> str:
        return "en" if self.lang == "zh" else "zh"
