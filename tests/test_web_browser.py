"""The workbench in a real browser: Debian's chromium driven by Playwright against a
uvicorn server on a free loopback port, signing in through the login form as the users an
office would have (a city planner, a county reporter, a city reviewer, an admin).  The flow
of issue 12: log in, upload a document, see its targets highlighted, enter a value as a
reporter, accept it as a reviewer, see the status change on the dashboard, be refused
outside the region.  Screenshots of the main pages go to tests/screenshots/ on every run.
Skipped, saying why, when chromium is absent (.ci/run installs it)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from planscope.reading.text import to_simplified
from planscope.store import Database
from webtools import PASSWORD, ensure_user, ingest_samples, make_app

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


USERS = {"planner": ("planner", "990100"), "reporter": ("reporter", "990121"), "reviewer": ("reviewer", "990100"),
         "admin": ("admin", "100000")}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    folder = tmp_path_factory.mktemp("web")
    db = Database(f"sqlite:///{folder / 'lib.db'}")
    ingest_samples(db)
    for name, (role, region) in USERS.items():
        ensure_user(db, role, region, name=f"demo-{name}")
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


def _page(browser: object, server: str, who: str, start: str = "/library") -> object:
    """A fresh browser window signed in through the login form as ``demo-<who>``."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{server}{start}")
    page.fill("input[name=name]", f"demo-{who}")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_selector("header.top .user")
    return page


def _shot(page: object, name: str, full: bool = False) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=full)  # type: ignore[attr-defined]


def _light(page: object, indicator: str) -> str:
    row = page.locator("table.progress tbody tr", has_text=indicator).first  # type: ignore[attr-defined]
    return str(row.locator(".light").first.get_attribute("class"))


def test_sign_in(browser: object, server: str) -> None:
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")  # type: ignore[attr-defined]
    page = context.new_page()
    response = page.goto(f"{server}/dashboard")
    assert response is not None and response.status == 401  # the page asks for a sign-in, and comes back
    page.fill("input[name=name]", "demo-planner")
    page.fill("input[name=password]", "not the password")
    page.click("form[action='/login'] button[type=submit]")
    assert "用户名或密码错误" in page.inner_text(".login .message")
    _shot(page, "login.png")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(f"{server}/dashboard")
    assert "demo-planner" in page.inner_text("header.top .user")
    page.click("form.logout button")
    page.wait_for_url(f"{server}/login")
    assert page.goto(f"{server}/library").status == 401  # type: ignore[union-attr]


def test_upload_then_see_the_targets_highlighted(browser: object, server: str, tmp_path: Path) -> None:
    page = _page(browser, server, "planner")
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
    assert page.inner_text("#doc-count") == "6 / 6"  # the heading's count follows the list
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


def test_a_value_entered_reviewed_and_seen_on_the_dashboard(browser: object, server: str) -> None:
    reviewer = _page(browser, server, "reviewer", "/dashboard?region=990121")
    assert "no_data" in _light(reviewer, "森林覆盖率")
    reporter = _page(browser, server, "reporter", "/entry?year=2023")
    row = reporter.locator("table.entry-rows tbody tr", has_text="森林覆盖率")  # type: ignore[attr-defined]
    row.locator("input[name=value]").fill("52.9")
    reporter.fill("input[name=source]", "示例县林业局")  # type: ignore[attr-defined]
    reporter.click("#entry-form button[type=submit]")  # type: ignore[attr-defined]
    assert "待审核" in reporter.inner_text("p.message.ok")  # type: ignore[attr-defined]
    _shot(reporter, "entry.png")
    reviewer.goto(f"{server}/dashboard?region=990121")  # type: ignore[attr-defined]
    assert "no_data" in _light(reviewer, "森林覆盖率")  # pending: not yet counted
    reviewer.goto(f"{server}/review")  # type: ignore[attr-defined]
    pending = reviewer.locator("table.pending tbody tr", has_text="森林覆盖率")  # type: ignore[attr-defined]
    assert "demo-reporter" in pending.inner_text()
    pending.locator("input[name=id]").check()
    reviewer.fill("input[name=note]", "与林业局年报一致")  # type: ignore[attr-defined]
    _shot(reviewer, "review.png")
    reviewer.click("button[name=decision][value=accept]")  # type: ignore[attr-defined]
    assert "已接受" in reviewer.inner_text("p.message.ok")  # type: ignore[attr-defined]
    reviewer.click("text=查看目标进展")  # type: ignore[attr-defined]
    reviewer.wait_for_selector(".chart svg")  # type: ignore[attr-defined]
    assert "no_data" not in _light(reviewer, "森林覆盖率")
    _shot(reviewer, "dashboard-after-review.png")


def test_dashboard_charts_and_alignment(browser: object, server: str) -> None:
    page = _page(browser, server, "admin")
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
    page = _page(browser, server, "reporter")
    response = page.goto(f"{server}/dashboard?region=990100")  # type: ignore[attr-defined]
    assert response is not None and response.status == 403
    assert "990100" in page.inner_text("main")  # type: ignore[attr-defined]
    _shot(page, "refused.png")
    assert page.goto(f"{server}/entry?region=990100").status == 403  # type: ignore[attr-defined]
    assert page.locator("header.top nav a", has_text="审计日志").count() == 0  # type: ignore[attr-defined]


def test_audit_users_and_search(browser: object, server: str) -> None:
    page = _page(browser, server, "admin", "/audit")
    page.wait_for_selector("table.audit tbody tr")  # type: ignore[attr-defined]
    assert page.locator("table.audit tbody tr").count() > 5  # type: ignore[attr-defined]
    page.select_option("select[name=action]", "user")  # type: ignore[attr-defined]
    page.click("form.filters button[type=submit]")  # type: ignore[attr-defined]
    actions = page.locator("table.audit tbody td:nth-child(4)").all_inner_texts()  # type: ignore[attr-defined]
    assert set(actions) == {"user.add"}
    page.goto(f"{server}/audit")  # type: ignore[attr-defined]
    _shot(page, "audit.png")
    page.goto(f"{server}/users")  # type: ignore[attr-defined]
    assert page.locator("table.users tbody tr").count() == len(USERS)  # type: ignore[attr-defined]
    _shot(page, "users.png")
    page.fill("header.top input[name=q]", "森林覆盖率")  # type: ignore[attr-defined]
    page.press("header.top input[name=q]", "Enter")  # type: ignore[attr-defined]
    page.wait_for_selector("ol.hits li.hit mark")  # type: ignore[attr-defined]
    assert page.locator("ol.hits li.hit").count() > 3  # type: ignore[attr-defined]
    _shot(page, "search.png")
    page.locator("ol.hits li.hit a").nth(2).click()  # type: ignore[attr-defined]
    hit = page.locator("#text .hit")  # type: ignore[attr-defined]
    assert to_simplified("".join(hit.all_inner_texts())) == "森林覆盖率"
    assert hit.first.is_visible()  # the text box scrolled to the hit
    _shot(page, "document-hit.png")


def test_english(browser: object, server: str) -> None:
    page = _page(browser, server, "admin")
    page.goto(f"{server}/library?lang=en")
    assert "Plan library" in page.inner_text("h1")
    _shot(page, "library-en.png")

