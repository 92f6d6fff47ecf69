"""End-to-end tests of the explorer in real headless Chromium, on the demo ledger plus one hostile article.

Screenshots go to artifacts/ (gitignored) for a person to look at. Skipped cleanly when Chromium, its
driver or selenium is absent (`.ci/run` installs them).
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
DRIVER = shutil.which("chromedriver")
WAIT_S = 20

HOSTILE = {
    "id": "hostile-page",
    "date": "2024-01-05",
    "title": "<img src=x onerror=\"window.__pwned_title = 1\"> Protest statement",
    "text": "Activists in Tbilisi published a statement on Friday that ended with "
    "<script>window.__pwned = 1; document.title = 'pwned';</script> and "
    "<img src=x onerror=\"window.__pwned_img = 1\">. Police said the protest in Tbilisi was peaceful.",
}


@pytest.fixture(scope="module")
def explorer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The explorer served over a fresh demo ledger that also holds the hostile article."""
    if not (CHROMIUM and DRIVER):
        pytest.skip("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    pytest.importorskip("selenium", reason="selenium is not installed (pip install -e .[dev])")
    from dateline.demo import run_demo
    from dateline.store.ledger import Ledger
    from dateline.web.server import make_server

    tmp = tmp_path_factory.mktemp("browser")
    db = tmp / "demo.duckdb"
    run_demo(db, progress=False)
    hostile = tmp / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n")
    with Ledger(db) as ledger:
        ledger.ingest([hostile], progress=False)
    server = make_server(db, port=0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.RequestHandlerClass.service.fts_ready.wait(timeout=60)  # type: ignore[attr-defined]
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    server.RequestHandlerClass.service.close()  # type: ignore[attr-defined]


@pytest.fixture
def browser(explorer: str) -> Iterator[Any]:
    """A headless Chromium at 1400x1000 with its console log kept."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(DRIVER)))
    ARTIFACTS.mkdir(exist_ok=True)
    yield driver
    driver.quit()


def _wait(driver: Any, css: str, min_count: int = 1) -> list[Any]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, WAIT_S).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, css)) >= min_count)
    return list(driver.find_elements(By.CSS_SELECTOR, css))


def _ready(driver: Any, panel: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, WAIT_S).until(
        lambda d: d.execute_script(f"return document.getElementById('{panel}').dataset.state") in ("ready", "empty")
    )


def _console_errors(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_web_browser_timeline_renders_bars(browser: Any, explorer: str) -> None:
    start = time.perf_counter()
    browser.get(explorer)
    bars = _wait(browser, "#timeline rect.bar")
    usable = time.perf_counter() - start
    for panel in ("network", "map", "events", "quotes", "articles"):
        _ready(browser, panel)
    browser.save_screenshot(str(ARTIFACTS / "browser_home.png"))
    assert len(bars) >= 5
    assert all(float(b.get_attribute("height")) > 0 for b in bars)
    assert _wait(browser, "#map circle.point")
    assert _wait(browser, "#network .node", 2)
    assert usable < 10, f"first timeline bars after {usable:.1f} s"
    assert _console_errors(browser) == []


def test_web_browser_clicking_an_actor_filters_events(browser: Any, explorer: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(explorer)
    _ready(browser, "events")
    before = browser.find_element(By.ID, "events-count").text
    node = _wait(browser, "#network .node")[0]
    country = node.get_attribute("data-name")
    node.click()
    _wait(browser, "#filters [data-filter=country]")
    _ready(browser, "events")
    rows = _wait(browser, "#events .row.event")
    browser.save_screenshot(str(ARTIFACTS / "browser_actor_filter.png"))
    after = browser.find_element(By.ID, "events-count").text
    assert int(after.split()[0]) < int(before.split()[0])
    for row in rows:
        sides = [b.text for b in row.find_elements(By.CSS_SELECTOR, "button.actor")]
        assert any(s.endswith(f"({country})") for s in sides), (country, sides)
    assert f"country={country}" in browser.current_url


def test_web_browser_article_view_highlights_evidence(browser: Any, explorer: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(explorer)
    _ready(browser, "events")
    row = _wait(browser, "#events .row.event")[0]
    evidence = row.find_element(By.CSS_SELECTOR, ".evidence q").text
    row.find_element(By.CSS_SELECTOR, "button.open").click()
    focus = _wait(browser, "#article-text .focus")
    browser.save_screenshot(str(ARTIFACTS / "browser_article_evidence.png"))
    highlighted = "".join(f.text for f in focus)
    assert " ".join(highlighted.split()) == " ".join(evidence.split())
    assert browser.find_elements(By.CSS_SELECTOR, "#article-text .hl-event")
    assert browser.find_elements(By.CSS_SELECTOR, "#article-records .record")


def test_web_browser_script_in_article_is_text(browser: Any, explorer: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(explorer)
    box = _wait(browser, "#search")[0]
    box.send_keys("activists statement")
    browser.find_element(By.CSS_SELECTOR, "#search-form button").click()
    _wait(browser, "#articles .row.article[data-id='hostile-page']")
    browser.find_element(By.CSS_SELECTOR, "#articles .row.article[data-id='hostile-page'] button.title").click()
    _wait(browser, "#article-text[data-state=ready]")
    time.sleep(0.5)
    browser.save_screenshot(str(ARTIFACTS / "browser_script_as_text.png"))
    shown = browser.find_element(By.ID, "article-text").text
    assert "<script>window.__pwned = 1; document.title = 'pwned';</script>" in shown
    assert '<img src=x onerror="window.__pwned_img = 1">' in shown
    assert browser.find_elements(By.CSS_SELECTOR, "#article-text script, #article-text img, #articles img") == []
    assert browser.execute_script("return [window.__pwned, window.__pwned_img, window.__pwned_title]") == [None, None, None]
    assert browser.title != "pwned"
    assert "<img src=x" in browser.find_element(By.ID, "article-heading").text
