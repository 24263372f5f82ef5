"""Every error planscope reports to a user.

    PlanscopeError                 base; ``str(err)`` is a one-line message for people
    ├── InputError                 a file that cannot be read as a document
    │   ├── UnsupportedFormat      extension/content planscope does not read
    │   ├── EmptyDocument          no text at all (empty file, blank page, whitespace)
    │   ├── UndecodableText        bytes that are no known Chinese text encoding
    │   ├── CorruptFile            a truncated or damaged docx/pdf/html
    │   ├── NoTextLayer            a scanned PDF without a text layer
    │   └── TooLarge               over the configured size limit
    ├── OverrideError              an --region/--type/--period value that does not parse
    ├── NotFound                   a document id or name that is not in the library
    ├── StoreError                 the database cannot be opened or migrated, or refuses the work
    │                              (busy, full, read-only, another program's, a newer planscope's)
    ├── AccountError               a user, role, region, password or token that is not acceptable
    ├── PermissionDenied           the acting user's role or region does not allow the action;
    │                              nothing was written
    ├── SupervisionError           a task, unit, update, revision or period that is not acceptable
    │   └── ConflictError          someone else changed the same task first: nothing was written
    └── OutputError                a file planscope was asked to write (-o/--output) and cannot

Messages name the file and say what to do next, in Chinese with the English after
a " / ", so both readers can act on them.
"""

from __future__ import annotations

from pathlib import Path


class PlanscopeError(Exception):
    """Base class of all planscope errors."""


class InputError(PlanscopeError):
    """A file that cannot be read as a document."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{Path(path).name}: {reason}")


class UnsupportedFormat(InputError):
    pass


class EmptyDocument(InputError):
    pass


class UndecodableText(InputError):
    pass


class CorruptFile(InputError):
    pass


class NoTextLayer(InputError):
    pass


class TooLarge(InputError):
    pass


class OverrideError(PlanscopeError):
    pass


class NotFound(PlanscopeError):
    pass


class StoreError(PlanscopeError):
    pass


class AccountError(PlanscopeError):
    """Unknown role or region, a weak or empty password, a name taken, an unknown user or token."""


class PermissionDenied(PlanscopeError):
    """The acting user may not do this (role or region); the message names the region.
    Raised before anything is written, or inside the transaction that it rolls back."""


class SupervisionError(PlanscopeError):
    """A task, unit, progress update, revision or period that cannot be taken: a task that does not
    exist, a unit outside the region, a deadline that cannot be read, a late update without a reason."""


class ConflictError(SupervisionError):
    """Someone else changed the same task since it was read: the message says who and when;
    nothing of this write was stored (read the task again and repeat)."""


class OutputError(PlanscopeError):
    """A file planscope was asked to write and cannot: the message names the file as given
    and the reason (missing folder, a folder given as the file, no permission, read-only)."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: 无法写入 / cannot write: {reason}")
