"""Uploaded files into the library: each file is kept under the upload folder (re-ingest
reads it again) and ingested by ``library.ingest_file``, which gives the same one-line
outcome the command line prints, under the uploader's name (audited; a document of a region
outside the uploader's is refused by the library's one permission rule and nothing is
stored); a file that is not ingested is not kept."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import BinaryIO

from planscope.library import IngestOutcome, ingest_file
from planscope.store import Database
from planscope.web.auth import User

CHUNK = 1 << 20


def safe_name(name: str | None) -> str:
    """The file name without any folder part (a browser may send a path); never empty."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].replace("\x00", "").strip()
    if base in ("", ".", ".."):
        return "upload"
    while len(base.encode("utf-8")) > 200:  # leave room under the file system's 255 bytes
        stem, dot, ext = base.rpartition(".")
        base = (stem[:-1] + dot + ext) if dot and stem else base[:-1]
    return base


def ingest_upload(db: Database, folder: Path, name: str | None, data: BinaryIO, user: User) -> IngestOutcome:
    """Save one uploaded file and ingest it; the file is removed again unless it went in."""
    keep = folder / uuid.uuid4().hex
    path = keep / safe_name(name)
    try:
        keep.mkdir(parents=True)
        with path.open("wb") as out:
            shutil.copyfileobj(data, out, CHUNK)
    except OSError as err:
        shutil.rmtree(keep, ignore_errors=True)
        return IngestOutcome(path, False, error=f"{path.name}: 无法保存上传的文件 / cannot save the upload "
                                                f"({err.strerror})")
    outcome = ingest_file(db, path, actor=user)
    if not outcome.ok:
        shutil.rmtree(keep, ignore_errors=True)
    return outcome
