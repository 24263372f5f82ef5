"""``planscope serve``: the workbench in a browser (uvicorn)."""

from __future__ import annotations

import ipaddress

import click


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
    """
    import uvicorn

    from planscope.cli.commands import handle_errors, open_db
    from planscope.web.app import create_app

    @handle_errors
    def run() -> None:
        app = create_app(open_db(ctx), secure_cookies=not is_loopback(host))
        click.echo(f"planscope 工作台 / workbench: http://{host}:{port}/  (Ctrl-C 停止 / to stop)")
        uvicorn.run(app, host=host, port=port, log_level="warning")

    run()
