"""Ctrl-C (SIGINT) during a long write, handled so that what went in is known.

``InterruptGuard`` replaces the SIGINT handler while a command writes.  Deferred (the
ingest of many files): the first Ctrl-C asks to stop after the current file, which is
finished and committed; a second one stops at once, and the current file's transaction
is rolled back.  Immediate (one import): Ctrl-C stops at once and rolls back, except once
``defer()`` was called — the commit then completes and the interrupt is only noted, so a
commit is never cut in half and never reported wrongly.  Once interrupted, the process
is on its way out: a further Ctrl-C while it reports what went in is ignored.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType, TracebackType
from typing import Any

EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C


class InterruptGuard:
    def __init__(self, *, immediate: bool = False, on_first: Callable[[], None] | None = None,
                 exiting: bool = True) -> None:
        self.requested = False
        self._exiting = exiting  # the process ends after an interrupt: further Ctrl-C are ignored
        self._immediate = immediate
        self._on_first = on_first
        self._previous: Any = None
        self._installed = False

    def defer(self) -> None:
        """From now on an interrupt is only noted (the work in hand finishes)."""
        self._immediate = False

    def _handle(self, _signum: int, _frame: FrameType | None) -> None:
        if self._immediate or self.requested:
            self.requested = True
            raise KeyboardInterrupt
        self.requested = True
        if self._on_first is not None:
            self._on_first()

    def __enter__(self) -> InterruptGuard:
        if threading.current_thread() is threading.main_thread():  # signals reach the main thread only
            self._previous = signal.signal(signal.SIGINT, self._handle)
            self._installed = True
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._installed:
            ignore = self.requested and self._exiting  # no traceback from a Ctrl-C while saying goodbye
            signal.signal(signal.SIGINT, signal.SIG_IGN if ignore else self._previous)
            self._installed = False
