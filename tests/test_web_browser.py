"""The workbench in a real browser: Debian's chromium driven by Playwright against a
uvicorn server on a free loopback port.  Screenshots of the main pages go to
tests/screenshots/ on every run.  Skipped, saying why, when chromium is absent (.ci/run
installs it)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from planscope.store import Database
from webtools import USER_COOKIE, ingest_samples, make_app

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parent / "screenshots"
VIEWPORT = {"width": 1366, "height": 768}
NEW_BULLETIN = ("示例县2023年国民经济和社会发展统计公报\n\n示例县统计局\n2024年3月15日\n\n"
                "一、综合\n\n初步核算，全年全县地区生产总值326.5亿元，比上年增长6.1%。\n")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium): "
                                                     "apt-get install chromium (.ci/run does)"),
]
playwright_api = pytest.importorskip("playwright.sync_api",
                                     reason="playwright is not installed (pip install -e '.[dev]')")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    folder = tmp_path_factory.mktemp("web")
    db = Database(f"sqlite:///{folder / 'lib.db'}")
    ingest_samples(db)
    port = _free_port()
    config = uvicorn.Config(make_app(db, folder / "uploads"), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start in 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    db.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield b
        b.close()


def _page(browser: object, server: str, role: str, region: str) -> object:
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")  # type: ignore[attr-defined]
    context.add_cookies([{"name": USER_COOKIE, "value": f"{role}:{region}", "url": server}])
    return context.new_page()


def _shot(page: object, name: str, full: bool = False) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=full)  # type: ignore[attr-defined]


def test_upload_then_see_the_targets_highlighted(browser: object, server: str, tmp_path: Path) -> None:
    page = _page(browser, server, "planner", "990100")
    good = tmp_path / "示例县2023年统计公报.txt"
    good.write_text(NEW_BULLETIN, encoding="utf-8")
    bad = tmp_path / "扫描件.pdf"
    bad.write_bytes(b"%PDF-1.4\n%broken\n")
    page.goto(f"{server}/library")
    page.set_input_files("#upload input[type=file]", [str(good), str(bad)])
    page.click("#upload button[type=submit]")
    page.wait_for_selector("#outcomes li.bad")
    ok = page.locator("#outcomes li.ok")
    assert ok.count() == 1 and "示例县2023年统计公报.txt" in ok.inner_text()
    assert "扫描件.pdf" in page.locator("#outcomes li.bad").inner_text()
    page.wait_for_selector("#docs >> text=示例县2023年国民经济和社会发展统计公报")
    _shot(page, "library.png")

    page.goto(f"{server}/library")
    page.click("text=示例市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要")
    marks = page.locator("#text mark")
    assert marks.count() > 5
    first = marks.first
    assert first.get_attribute("title")  # hover: indicator · value · year · attribute
    first.scroll_into_view_if_needed()
    first.click()
    assert page.locator("#record-fields dd").count() >= 3
    assert page.locator("#record-fields").inner_text().count(first.inner_text().strip()) >= 1
    _shot(page, "document.png")
    page.locator(".table-block").first.scroll_into_view_if_needed()
    _shot(page, "document-tables.png")


def test_dashboard_charts_and_alignment(browser: object, server: str) -> None:
    page = _page(browser, server, "viewer", "990000")
    page.goto(f"{server}/dashboard?region=990100")
    page.wait_for_selector(".chart svg")
    assert page.locator("table.progress tbody tr").count() > 5
    _shot(page, "dashboard.png")
    page.emulate_media(media="print")
    assert not page.locator("header.top nav").is_visible()  # the print stylesheet drops the menus
    _shot(page, "dashboard-print.png")
    page.emulate_media(media="screen")
    page.goto(f"{server}/alignment?region=990121")
    assert page.locator("table.matrix td.rel").count() > 0
    _shot(page, "alignment.png")
    stats = page.locator("#escalation")
    if stats.count():
        page.wait_for_selector("#escalation svg")
        stats.scroll_into_view_if_needed()
    _shot(page, "alignment-stats.png")


def test_refused_outside_the_region(browser: object, server: str) -> None:
    page = _page(browser, server, "reporter", "990121")
    response = page.goto(f"{server}/dashboard?region=990100")
    assert response is not None and response.status == 403
    assert "990100" in page.inner_text("main")
    _shot(page, "refused.png")


def test_english(browser: object, server: str) -> None:
    page = _page(browser, server, "admin", "100000")
    page.goto(f"{server}/library?lang=en")
    assert "Plan library" in page.inner_text("h1")
    _shot(page, "library-en.png")

