"""``planscope serve``: the workbench in a browser (uvicorn)."""

from __future__ import annotations

import ipaddress
import json
import os
import socket
from typing import TYPE_CHECKING, Any

import click

from planscope.errors import PlanscopeError
from planscope.store import Database

if TYPE_CHECKING:
    from fastapi import FastAPI

WORKER_ENV = "PLANSCOPE_SERVE"  # what each worker process of --workers builds its app from (JSON)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址 / address to listen on (loopback by default)")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="端口 / port")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="工作进程数，每个进程可占用一个处理器核心 / worker processes: each can keep one CPU core busy")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, workers: int) -> None:
    """启动规划工作台（浏览器访问） / Start the workbench: the library, progress and alignment in a browser.

    在本机地址（127.0.0.1）上以普通 http 提供服务时，Cookie 不带 Secure 标记；其他地址须由
    HTTPS 反向代理提供，Cookie 带 Secure 标记。/ On a loopback address over plain http the cookies
    are not marked Secure; on any other address they are, and the workbench must be served
    behind an HTTPS reverse proxy.

    用户须登录（账户由 planscope user add 开设）；会话以 PLANSCOPE_SECRET 签名，未设置时用数据目录中首次生成的
    secret 文件。/ Users sign in (accounts: planscope user add); sessions are
    signed with PLANSCOPE_SECRET or, without it, a secret generated once in the data folder
    (set the same PLANSCOPE_SECRET on every server of one workbench).
    """
    from planscope.cli.commands import handle_errors, open_db

    @handle_errors
    def run() -> None:
        run_workbench(open_db(ctx), host, port, workers=workers)

    run()


def check_port(host: str, port: int) -> None:
    """A one-line error, before anything is printed, when the address cannot be listened on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as err:
            where = f"{host}:{port}"
            raise PlanscopeError(f"无法在 {where} 上监听（{err.strerror}），请用 --port 换端口 / cannot listen on "
                                 f"{where} ({err.strerror}): choose another with --port") from None


def run_workbench(db: Database, host: str, port: int, then: str = "", workers: int = 1) -> None:
    """Serve the workbench over ``db`` until Ctrl-C, after printing its address (and ``then``);
    ``workers``: that many processes (uvicorn's), each building the app over the same library."""
    import uvicorn

    check_port(host, port)
    secure = not is_loopback(host)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"planscope 工作台 / workbench: http://{shown}:{port}/  (Ctrl-C 停止 / to stop)")
    if then:
        click.echo(then)
    if workers == 1:
        uvicorn.run(workbench(db, secure), host=host, port=port, log_level="warning")
        return
    os.environ[WORKER_ENV] = json.dumps({"db": db.url, "secure_cookies": secure})
    uvicorn.run("planscope.cli.serve:worker_app", factory=True, workers=workers, host=host, port=port,
                log_level="warning")


def workbench(db: Database, secure_cookies: bool, **options: Any) -> FastAPI:
    """The app ``planscope serve`` runs, one process or each of ``--workers`` (``options``:
    more arguments of ``create_app``), with what its first requests would load loaded now."""
    from planscope.web.app import create_app

    app = create_app(db, secure_cookies=secure_cookies, **options)
    settle()
    return app


def settle() -> None:
    """Load the tables every request reads (regions, catalogue, templates), then hand every
    object alive now to ``gc.freeze``: Python's full collections walk all objects, and in a
    server those are mostly these — ~60-100 ms every few dozen pages, stopping every request
    in flight.  Frozen, they are no longer walked (they are never garbage: loaded once, kept)."""
    import gc

    from planscope.catalogue.indicators import load_catalogue
    from planscope.catalogue.regions import load_regions
    from planscope.web.app import TEMPLATES

    load_regions(), load_catalogue()
    for name in TEMPLATES.env.list_templates():
        TEMPLATES.env.get_template(name)
    gc.collect()
    gc.freeze()


def worker_app() -> FastAPI:
    """A worker's app (uvicorn's factory with ``--workers``): the library the command was given."""
    settings = json.loads(os.environ[WORKER_ENV])
    return workbench(Database(settings["db"]), settings["secure_cookies"])
