"""``planscope serve``: the workbench in a browser (uvicorn)."""

from __future__ import annotations

import ipaddress
import socket

import click

from planscope.errors import PlanscopeError
from planscope.store import Database


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
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
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
        run_workbench(open_db(ctx), host, port)

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


def run_workbench(db: Database, host: str, port: int, then: str = "") -> None:
    """Serve the workbench over ``db`` until Ctrl-C, after printing its address (and ``then``)."""
    import uvicorn

    from planscope.web.app import create_app

    check_port(host, port)
    app = create_app(db, secure_cookies=not is_loopback(host))
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"planscope 工作台 / workbench: http://{shown}:{port}/  (Ctrl-C 停止 / to stop)")
    if then:
        click.echo(then)
    uvicorn.run(app, host=host, port=port, log_level="warning")
