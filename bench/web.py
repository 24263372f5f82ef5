"""Web benchmark: the workbench under 50 concurrent clients, over a generated library of
1,000 documents, on SQLite and (with ``--pg URL``) on PostgreSQL.

    .venv/bin/python bench/web.py [--docs 1000] [--clients 50] [--think 1] [--seconds 10] [--requests N]
                                  [--pg postgresql://…/db] [--no-sqlite] [--only NAME …]
                                  [--keep DIR [--reuse]] [--profile DIR] [--no-pin] [--snapshot DIR]

What it does, per database:

1. writes the library of ``bench/webgen.py`` (an invented province of cities and counties,
   ten documents a region: outline, 建议, bulletins 2020–2025, two work reports) and stores it
   with the library's own ``analyse`` and ``store`` — the real pipeline, 50 documents a
   transaction; a signed-in user: an admin of the province with an API token
   (``accounts.users.create_user``, ``accounts.tokens.create_token``); then lets the database
   settle as it would minutes after a bulk load (``VACUUM ANALYZE`` on PostgreSQL, a WAL
   checkpoint and ``PRAGMA optimize`` on SQLite: ``settle``);
2. starts the workbench as ``planscope serve`` does — ``uvicorn.run(cli.serve.workbench(db),
   host, port, log_level="warning")``, or with ``--workers N`` uvicorn's worker processes, on a
   free loopback port, in a subprocess (sessions signed with a random ``PLANSCOPE_SECRET`` of
   the run); the clients sign in with the token (``Authorization: Bearer``), which the app
   checks against the accounts on every request, as it does for any API client;
3. for each endpoint in turn, ``--clients`` clients (asyncio, one keep-alive connection
   each) request it for ``--seconds`` (or ``--requests`` in all, whichever comes first),
   twice: as users who read what they get (``--think``: a pause after each response,
   exponential, mean 1 s), then with no pause at all (the server saturated: a closed loop,
   where the latency is the queue, clients / throughput).  A request counts from the
   moment it is sent to the last byte of the body; a status other than 200, or no answer
   within 30 s, is an error.  It prints requests/s, p50/p95/p99 in ms and the server's CPU
   time per request (all its processes, from /proc: what the machine's other work does not
   change) for both.
   Regions and documents are drawn at random (seeded) from the whole province and library.

The endpoints: a static file (the floor: what uvicorn and Starlette cost with no planscope
code), region dashboard, document view, ``GET /api/v1/documents``, ``GET /api/v1/targets
?region=``, ``GET /api/v1/progress?region=``, library page (the two lists a page at a time, as
they are served: a page drawn at random, of 100 documents for the API, of 50 for the page).
Target (issue 12): p95 < 100 ms
for all but the static file, for the users.

The server is pinned to the last CPU and the clients to the first (``--no-pin``: not), so
neither takes the other's core; PostgreSQL's own processes are not pinned.  The machine
(cores, CPU, load average, Python, SQLite, PostgreSQL, uvicorn) is printed first: the
figures mean little without it.  The PostgreSQL database given is emptied first.  Nothing
outside 127.0.0.1 is contacted, and the server is stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import math
import os
import platform
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import webgen  # noqa: E402

TARGET_MS = 100.0
USER = "bench-admin"
BATCH = 50  # documents per transaction while storing


# ---------------------------------------------------------------- the library


@dataclass
class Library:
    url: str
    regions: list[str]  # codes of every region of the province
    doc_ids: list[int]
    token: str
    summary: str


def fill(url: str, paths: list[Path], province: str) -> Library:
    """Store ``paths`` (analysed once each, stored in batches) and create the bench user."""
    from sqlalchemy import func, select

    from planscope.accounts.roles import local_operator
    from planscope.accounts.tokens import create_token
    from planscope.accounts.users import create_user
    from planscope.library import analyse, store
    from planscope.store import Database, Document, TargetRow

    db = Database(url)
    t0 = time.perf_counter()
    for start in range(0, len(paths), BATCH):
        analyses = [analyse(p) for p in paths[start:start + BATCH]]
        with db.session() as session:
            for a in analyses:
                store(session, a)
    stored = time.perf_counter() - t0
    with db.session() as session:
        create_user(session, local_operator(), USER, secrets.token_urlsafe(16), "admin", province)
        token = create_token(session, local_operator(), USER)
    with db.session() as session:
        ids = list(session.scalars(select(Document.id).order_by(Document.id)))
        codes = sorted({c for c in session.scalars(select(Document.region_code)) if c})
        targets = session.scalar(select(func.count()).select_from(TargetRow).where(TargetRow.is_actual.is_(False)))
        actuals = session.scalar(select(func.count()).select_from(TargetRow).where(TargetRow.is_actual.is_(True)))
        chars = session.scalar(select(func.sum(Document.chars)))
    settle(db)
    db.dispose()
    summary = (f"{len(ids)} documents ({chars:,} characters, {targets:,} targets, {actuals:,} actuals) of "
               f"{len(codes)} regions, analysed and stored in {stored:.1f} s")
    return Library(url, codes, ids, token, summary)


def settle(db: object) -> None:
    """The database as it is a few minutes after a bulk load, not while it digests one: the
    statistics and visibility map PostgreSQL's autovacuum would make (``VACUUM ANALYZE``, which
    it otherwise starts during the first endpoint measured), SQLite's WAL folded into the file
    and its statistics refreshed (``PRAGMA wal_checkpoint``, ``PRAGMA optimize``)."""
    from sqlalchemy import text

    engine = db.engine  # type: ignore[attr-defined]
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.exec_driver_sql("PRAGMA optimize")


def empty_pg(url: str) -> None:
    from sqlalchemy import text

    from planscope.store import Database

    db = Database(url)  # migrated first, so every table exists
    with db.engine.begin() as conn:
        names = [r[0] for r in conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'alembic_version'"))]
        conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))  # append-only: the bench's own copy goes
        conn.execute(text("TRUNCATE " + ", ".join(names) + " RESTART IDENTITY CASCADE"))
        conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
    db.dispose()


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def server(url: str, regions_csv: Path, pin: bool, workers: int) -> Iterator[tuple[str, int]]:
    """The workbench in a subprocess (this file with ``--serve-child``): its base URL and pid."""
    port = free_port()
    cmd = [sys.executable, str(Path(__file__).resolve()), "--serve-child", url, "--regions-csv", str(regions_csv),
           "--port", str(port), "--workers", str(workers)]
    log = regions_csv.parent / "server.log"
    env = {**os.environ, "PLANSCOPE_SECRET": secrets.token_urlsafe(32)}  # not the data folder's secret file
    with log.open("ab") as err:
        proc = subprocess.Popen(cmd, stderr=err, env=env)
    try:
        if pin:
            cpus = sorted(os.sched_getaffinity(0))
            os.sched_setaffinity(proc.pid, {cpus[-1]})
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base, proc)
        yield base, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        tracebacks = log.read_text("utf-8", errors="replace").count("Traceback")
        if tracebacks:
            print(f"the server logged {tracebacks} tracebacks: {log}")


def wait_until_up(base: str, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with status {proc.returncode}")
        try:
            if httpx.get(base + "/static/app.css", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer within {seconds:.0f} s")


BENCH_ENV = "PLANSCOPE_WEB_BENCH"  # what the server process (each worker) builds its app from (JSON)


def serve_child(url: str, regions_csv: Path, port: int, workers: int) -> None:
    """Run the workbench as ``planscope serve [--workers N]`` does."""
    import uvicorn

    os.environ[BENCH_ENV] = json.dumps({"db": url, "regions_csv": str(regions_csv)})
    if workers == 1:
        uvicorn.run(bench_app(), host="127.0.0.1", port=port, log_level="warning")
    else:
        uvicorn.run("web:bench_app", factory=True, workers=workers, app_dir=str(BENCH), host="127.0.0.1", port=port,
                    log_level="warning")


def bench_app() -> object:
    """The workbench over the bench's library, with the generated province in its region table."""
    from planscope.store import Database

    try:
        from planscope.cli.serve import workbench
    except ImportError:  # an older planscope (PYTHONPATH), measured to compare: its app as served then
        from planscope.web.app import create_app

        def workbench(db: Database, secure_cookies: bool) -> object:
            return create_app(db, secure_cookies=secure_cookies)

    settings = json.loads(os.environ[BENCH_ENV])
    webgen.register(webgen.read_regions_csv(Path(settings["regions_csv"]).read_text("utf-8")))
    parent = os.getppid()

    def orphaned() -> None:  # the bench killed without its finally: do not serve on alone
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=orphaned, daemon=True).start()
    db = Database(settings["db"])
    return workbench(db, False)


# ---------------------------------------------------------------- the clients


@dataclass(frozen=True)
class Endpoint:
    name: str
    paths: Callable[[random.Random], str]
    target: bool = True


def endpoints(lib: Library) -> list[Endpoint]:
    region = lambda rng: rng.choice(lib.regions)  # noqa: E731
    pages = lambda size: -(-len(lib.doc_ids) // size)  # noqa: E731
    return [
        Endpoint("static file (floor)", lambda rng: "/static/app.css", target=False),
        Endpoint("region dashboard", lambda rng: f"/dashboard?region={region(rng)}"),
        Endpoint("document view", lambda rng: f"/documents/{rng.choice(lib.doc_ids)}"),
        Endpoint("GET /api/v1/documents", lambda rng: f"/api/v1/documents?offset={100 * rng.randrange(pages(100))}"),
        Endpoint("GET /api/v1/targets?region=", lambda rng: f"/api/v1/targets?region={region(rng)}"),
        Endpoint("GET /api/v1/progress?region=", lambda rng: f"/api/v1/progress?region={region(rng)}"),
        Endpoint("library page", lambda rng: f"/library?page={1 + rng.randrange(pages(50))}"),
    ]


@dataclass
class Result:
    requests: int
    errors: int
    seconds: float
    latencies: list[float]  # ms, sorted
    first_error: str = ""
    cpu_ms: float = math.nan  # the server's CPU time (all its processes) per request

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return math.nan
        return self.latencies[min(len(self.latencies) - 1, max(0, math.ceil(q * len(self.latencies)) - 1))]


class Connection:
    """One client's keep-alive HTTP/1.1 connection: a minimal GET over asyncio streams.

    httpx's async client costs ~5 ms of CPU a request at 50 connections, more than the
    server's static file: it would measure itself.  This one reads the status, the headers
    and the body (Content-Length or chunked) and nothing more."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host, self.port = host, port
        self.head = f"Host: {host}:{port}\r\nAuthorization: Bearer {token}\r\n\r\n".encode()
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, path: str) -> int:
        reused = self.streams is not None
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        try:
            writer.write(b"GET " + path.encode() + b" HTTP/1.1\r\n" + self.head)
            await writer.drain()
            status_line = await reader.readline()
        except ConnectionResetError:
            status_line = b""
        if not status_line:
            await self.close()
            if reused:  # an idle connection the server closed (keep-alive timeout): a browser opens another
                return await self.get(path)
            raise ConnectionError("the server closed the connection")
        status = int(status_line.split()[1])
        length, chunked, close = 0, False, False
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
            elif name == b"connection":
                close = b"close" in value.lower()
        if chunked:
            while size := int((await reader.readline()).split(b";")[0], 16):
                await reader.readexactly(size + 2)
            while (await reader.readline()) not in (b"\r\n", b""):
                pass
        elif length:
            await reader.readexactly(length)
        if close:
            await self.close()
        return status

    async def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


async def load(base: str, token: str, endpoint: Endpoint, clients: int, seconds: float, requests: int,
               seed: int, think: float = 0.0, timeout: float = 30.0) -> Result:
    """``clients`` concurrent closed-loop clients on one endpoint, bounded by time and count;
    each waits a random think time (exponential, mean ``think`` seconds) after a response.
    A request unanswered after ``timeout`` seconds counts as an error (its connection is dropped)."""
    host, port = base.removeprefix("http://").split(":")
    rng = random.Random(seed)
    latencies: list[float] = []
    errors: list[str] = []
    budget = [requests]

    async def one(conn: Connection, record: bool) -> None:
        path = endpoint.paths(rng)
        t = time.perf_counter()
        try:
            status = await asyncio.wait_for(conn.get(path), timeout)
            ok, why = status == 200, f"{status} {path}"
        except (OSError, ValueError, asyncio.IncompleteReadError, TimeoutError) as exc:
            await conn.close()
            ok, why = False, f"{type(exc).__name__} {path}"
        if record:
            latencies.append((time.perf_counter() - t) * 1000)
            if not ok:
                errors.append(why)

    conns = [Connection(host, int(port), token) for _ in range(clients)]
    await asyncio.gather(*(one(c, False) for c in conns))  # warm-up: one request per client
    deadline = time.perf_counter() + seconds

    async def worker(conn: Connection) -> None:
        if think:
            await asyncio.sleep(rng.uniform(0, think))  # users do not click in step
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            await one(conn, True)
            if think:
                await asyncio.sleep(rng.expovariate(1 / think))

    start = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in conns))
    elapsed = time.perf_counter() - start
    for c in conns:
        await c.close()
    return Result(len(latencies), len(errors), elapsed, sorted(latencies), errors[0] if errors else "")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of ``pid`` and every process below it, from /proc (Linux);
    NaN elsewhere.  The server's CPU per request does not depend on what else the machine
    runs, as its latencies do."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    stats: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(entry.parent.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    if pid not in stats:
        return math.nan
    tree, total = {pid}, 0.0
    for _ in range(3):  # server → workers → their helpers
        tree |= {p for p, (parent, _) in stats.items() if parent in tree}
    for p in tree:
        total += stats[p][1]
    return total


def check_pages(base: str, token: str, lib: Library) -> None:
    """Every endpoint answers 200 once before it is measured (a 401 or 500 is no benchmark)."""
    import httpx

    rng = random.Random(0)
    for e in endpoints(lib):
        path = e.paths(rng)
        response = httpx.get(base + path, headers={"authorization": f"Bearer {token}"}, timeout=120)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code} {response.text[:300]}")


def measure(base: str, pid: int, lib: Library, args: argparse.Namespace) -> list[tuple[Endpoint, Result, Result]]:
    """Each endpoint twice: as ``--clients`` users who read what they get (``--think``), then
    as as many clients with no pause at all (the server saturated: its throughput)."""
    check_pages(base, lib.token, lib)
    out = []
    for i, e in enumerate(endpoints(lib)):
        if args.only and not any(o in e.name for o in args.only):
            continue
        gc.collect()
        cpu = cpu_seconds(pid)
        users = asyncio.run(load(base, lib.token, e, args.clients, args.seconds, args.requests, args.seed + i,
                                 args.think))
        cpu, users.cpu_ms = cpu_seconds(pid), (cpu_seconds(pid) - cpu) * 1000 / max(users.requests, 1)
        with profiled(pid, args.profile, e.name, args.seconds):
            saturated = asyncio.run(load(base, lib.token, e, args.clients, args.seconds, args.requests,
                                         args.seed + i))
        saturated.cpu_ms = (cpu_seconds(pid) - cpu) * 1000 / max(saturated.requests, 1)
        out.append((e, users, saturated))
        print(row(e, users, saturated), flush=True)
    return out


def snapshot(base: str, lib: Library, out: Path) -> None:
    """Every endpoint's answer for every region and every tenth document, as files (the CSRF
    token and time stamps blanked): ``--snapshot DIR`` before and after a change, then ``diff
    -r``, shows that a speed-up changed nothing a user sees."""
    import re

    import httpx

    out.mkdir(parents=True, exist_ok=True)
    stamps = re.compile(r'((?:csrf[-_]token"? (?:content|value)=|"X-CSRF-Token": )")[^"]+'
                        r"|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?")
    paths = ["/library", "/api/v1/documents"]
    for code in lib.regions:
        paths += [f"/dashboard?region={code}", f"/api/v1/targets?region={code}", f"/api/v1/progress?region={code}"]
    paths += [f"/documents/{i}" for i in lib.doc_ids[::10]]
    with httpx.Client(base_url=base, headers={"authorization": f"Bearer {lib.token}"}, timeout=120) as client:
        for path in paths:
            response = client.get(path)
            name = re.sub(r"[^\w.-]+", "_", path.strip("/")) + ".txt"
            body = stamps.sub(lambda m: (m.group(1) or "") + "<blank>", response.text)
            (out / name).write_text(f"{response.status_code}\n{body}", "utf-8")
    print(f"{len(paths)} answers written to {out}")


@contextmanager
def profiled(pid: int, folder: Path | None, name: str, seconds: float) -> Iterator[None]:
    """With ``--profile DIR``: py-spy samples the server while the endpoint runs (the
    collapsed stacks go to DIR/NAME.txt, for flamegraph tools or ``--summary``)."""
    if folder is None:
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / (name.replace("/", "_").replace("?", "").replace(" ", "_") + ".txt")
    program = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")  # the venv's, not on PATH
    spy = subprocess.Popen([program, "record", "-p", str(pid), "-d", str(math.ceil(seconds) + 1), "-r", "250",
                            "-f", "raw", "-o", str(out), "--nonblocking", "--subprocesses"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        spy.wait(60)
        if out.exists():
            print(summary(out))


def summary(raw: Path, top: int = 12) -> str:
    """The functions that most samples were in (inclusive), planscope's and others'."""
    inclusive: dict[str, int] = {}
    total = 0
    for line in raw.read_text("utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        total += int(count)
        for frame in dict.fromkeys(stack.split(";")):
            inclusive[frame] = inclusive.get(frame, 0) + int(count)
    frames = sorted(((n, f) for f, n in inclusive.items() if "planscope" in f or "sqlalchemy" in f
                     or "jinja" in f or "fastapi" in f), reverse=True)[:top]
    return "\n".join(f"    {100 * n / max(total, 1):5.1f}%  {f}" for n, f in frames)


def header(think: float) -> str:
    return (f"{'':<31}{f' users, think {think:g} s ':-^48}  {' no think time ':-^35}\n"
            f"{'endpoint':<31}{'requests':>9}{'req/s':>7}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'CPU ms':>8}"
            f"  {'req/s':>7}{'p50 ms':>7}{'p95 ms':>7}{'p99 ms':>7}{'CPU ms':>7}  p95 < {TARGET_MS:.0f} ms (users)")


def row(e: Endpoint, users: Result, saturated: Result) -> str:
    verdict = ("PASS" if users.pct(0.95) < TARGET_MS and not users.errors else "FAIL") if e.target else ""
    line = (f"{e.name:<31}{users.requests:>9}{users.rate:>7.1f}{users.pct(0.5):>8.1f}{users.pct(0.95):>8.1f}"
            f"{users.pct(0.99):>8.1f}{users.cpu_ms:>8.1f}  {saturated.rate:>7.1f}{saturated.pct(0.5):>7.0f}"
            f"{saturated.pct(0.95):>7.0f}{saturated.pct(0.99):>7.0f}{saturated.cpu_ms:>7.1f}  {verdict}")
    errors = [f"{r.errors} errors, first: {r.first_error}" for r in (users, saturated) if r.errors]
    return line + ("  " + "; ".join(errors) if errors else "")


# ---------------------------------------------------------------- the machine


def machine(pg: str | None) -> str:
    import sqlite3

    import fastapi
    import uvicorn

    model = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load1, load5, _ = os.getloadavg()
    lines = [f"machine: {os.cpu_count()} cores ({model}), {platform.system()} {platform.release()}, "
             f"load average {load1:.2f} (1 min) {load5:.2f} (5 min)",
             f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, uvicorn {uvicorn.__version__}, "
             f"FastAPI {fastapi.__version__}"]
    if pg:
        from sqlalchemy import text

        from planscope.store import Database

        db = Database(pg)
        with db.engine.connect() as conn:
            lines[-1] += ", " + str(conn.execute(text("SELECT version()")).scalar()).split(" on ")[0]
        db.dispose()
    return "\n".join(lines)


# ---------------------------------------------------------------- main


def library(name: str, url: str, paths: list[Path], folder: Path, reuse: bool, key: str) -> Library:
    """The stored library: filled now, or (``--reuse``, with ``--keep``) the one a previous
    run of the same parameters filled and described in ``FOLDER/library-NAME-DOCS-SEED.json``."""
    saved = folder / f"library-{name}-{key}.json"
    if reuse and saved.exists():
        lib = Library(**json.loads(saved.read_text("utf-8")))
        lib.summary = "reused: " + lib.summary
        return lib
    if name == "postgresql":
        empty_pg(url)
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{url.removeprefix('sqlite:///')}{suffix}").unlink(missing_ok=True)
    lib = fill(url, paths, webgen.PROVINCE_CODE)
    saved.write_text(json.dumps(lib.__dict__), "utf-8")
    return lib


def run(args: argparse.Namespace) -> dict[str, list[tuple[Endpoint, Result, Result]]]:
    folder = args.keep or Path(tempfile.mkdtemp(prefix="planscope-web-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    pin = args.pin and args.workers == 1 and hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) > 1
    print(machine(args.pg))
    processes = "one uvicorn process" if args.workers == 1 else f"uvicorn with {args.workers} worker processes"
    print(f"server: {processes}{' pinned to the last CPU' if pin else ''}; clients: {args.clients} "
          f"(asyncio keep-alive connections, closed loop{', pinned to the first CPU' if pin else ''}); "
          f"{args.seconds:g} s or {args.requests} requests per endpoint, whichever first")
    if pin:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    t0 = time.perf_counter()
    regions, paths = webgen.write_library(folder / "documents", args.docs, args.seed)
    regions_csv = folder / "regions.csv"
    regions_csv.write_text(webgen.regions_csv(regions), "utf-8")
    print(f"library: {len(paths)} documents of an invented province ({len(regions)} regions) written in "
          f"{time.perf_counter() - t0:.1f} s")
    backends: list[tuple[str, str]] = []
    if args.sqlite:
        db_file = folder / f"library-{args.docs}-{args.seed}.db"
        backends.append(("sqlite", f"sqlite:///{db_file}"))
    if args.pg:
        backends.append(("postgresql", args.pg))
    results = {}
    for name, url in backends:
        lib = library(name, url, paths, folder, args.reuse, f"{args.docs}-{args.seed}")
        print(f"\n[{name}] {lib.summary}")
        if not args.snapshot:
            print(header(args.think))
        gc.collect()
        gc.freeze()  # the analyses are garbage now; the clients' collector should not walk the rest
        with server(url, regions_csv, pin, args.workers) as (base, pid):
            if args.snapshot:
                snapshot(base, lib, args.snapshot / name)
                continue
            results[name] = measure(base, pid, lib, args)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return results


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1000, help="documents in the generated library")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per endpoint")
    parser.add_argument("--requests", type=int, default=20_000, help="at most this many requests per endpoint")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean think time of a user between two requests, in seconds (exponential)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pg", help="a PostgreSQL URL to measure too (its tables are emptied first)")
    parser.add_argument("--no-sqlite", dest="sqlite", action="store_false", help="PostgreSQL only")
    parser.add_argument("--no-pin", dest="pin", action="store_false", help="do not pin server and clients")
    parser.add_argument("--workers", type=int, default=1,
                        help="server processes, as planscope serve --workers (more than one: not pinned)")
    parser.add_argument("--only", nargs="*", help="measure only the endpoints whose name contains one of these")
    parser.add_argument("--keep", type=Path, help="keep the generated files and SQLite library in this folder")
    parser.add_argument("--profile", type=Path, help="py-spy the server per endpoint into this folder")
    parser.add_argument("--snapshot", type=Path, help="write every endpoint's answers here instead of measuring")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: reuse the library a previous run with the same --docs and --seed stored")
    parser.add_argument("--serve-child", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--regions-csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped from outside: the server goes too
    if args.serve_child:
        serve_child(args.serve_child, args.regions_csv, args.port, args.workers)
        return
    run(args)


if __name__ == "__main__":
    main()
