"""Shared test fixtures: the real corpus (when present), databases, the CLI runner."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from planscope.store import Database

from locations import CORPUS, CORPUS_DEV, EVAL


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir() or not any(CORPUS.glob("*.txt")):
        pytest.skip(f"real corpus not found at {CORPUS} (set PLANSCOPE_CORPUS)")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_dev() -> Path:
    if not CORPUS_DEV.is_dir() or not any(CORPUS_DEV.glob("*.txt")):
        pytest.skip(f"development corpus not found at {CORPUS_DEV} (set PLANSCOPE_CORPUS_DEV)")
    return CORPUS_DEV


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    if not (EVAL / "corpus.json").is_file():
        pytest.skip(f"annotations not found at {EVAL}")
    return EVAL


@pytest.fixture(autouse=True)
def _quick_argon2_in_web_tests(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The web tests make many users: their passwords are hashed with light argon2 parameters
    (the parameters themselves are tested in test_accounts)."""
    if not request.module.__name__.startswith("test_web"):
        return
    from argon2 import PasswordHasher

    from planscope.accounts import passwords

    quick = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(passwords, "hasher", lambda: quick)


@pytest.fixture(scope="session")
def sample_library_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite library holding the sample documents, ingested once per test session."""
    from webtools import ingest_samples

    path = tmp_path_factory.mktemp("samples") / "samples.db"
    database = Database(f"sqlite:///{path}")
    ingest_samples(database)
    database.dispose()
    return path


@pytest.fixture
def sample_lib(sample_library_file: Path, tmp_path: Path) -> Iterator[Database]:
    """A fresh copy of the sample library (SQLite's backup API: the copy is whole, WAL included)."""
    import sqlite3

    target = tmp_path / "web.db"
    source, copy = sqlite3.connect(sample_library_file), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    database = Database(f"sqlite:///{target}")
    yield database
    database.dispose()


def _pg_url() -> str | None:
    return os.environ.get("PLANSCOPE_TEST_PG")


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A fresh library on SQLite, and on PostgreSQL when PLANSCOPE_TEST_PG is set.

    In CI (CI=true) a missing PostgreSQL server is a failure, not a skip.
    """
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'lib.db'}")
        yield database
        database.dispose()
        return
    url = _pg_url()
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("PLANSCOPE_TEST_PG is not set in CI: .ci/run must start PostgreSQL")
        pytest.skip("PostgreSQL tests need PLANSCOPE_TEST_PG=postgresql://… (see .ci/run)")
    database = Database(url)
    _reset(database)
    yield database
    _reset(database)
    database.dispose()


def _reset(database: Database) -> None:
    from sqlalchemy import text

    from planscope.store.models import (
        AlignmentRow,
        AlignmentRun,
        ApiToken,
        DocTable,
        Document,
        ImportRow,
        LoginFailure,
        ObservationRow,
        SectionRow,
        TargetRow,
        TextChunk,
        User,
    )
    from planscope.store.supervision_models import Milestone, OrgUnit, Revision, Task, TaskUnit, TaskUpdate

    with database.session() as session:
        for model in (TaskUpdate, TaskUnit, Milestone, Task, OrgUnit, Revision,  # supervision (migration 0008)
                      AlignmentRow, AlignmentRun, ObservationRow, ImportRow, TargetRow, DocTable, SectionRow,
                      TextChunk, Document, ApiToken, LoginFailure, User):
            session.query(model).delete()
        # the audit log refuses DELETE (its triggers); the test database's owner lifts them for the reset only
        session.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        session.execute(text("DELETE FROM audit_log"))
        session.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))


@pytest.fixture
def lib(sample_lib: Database) -> Database:
    """The library of the web tests: a fresh copy of the six sample documents (a module may
    give its own, as the sign-in tests give an empty one)."""
    return sample_lib


@pytest.fixture
def app(lib: Database, tmp_path: Path) -> object:
    """The workbench over ``lib``, with real accounts (``webtools.make_app``)."""
    from webtools import make_app

    return make_app(lib, tmp_path / "uploads")
