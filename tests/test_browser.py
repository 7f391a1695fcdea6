"""The published pages in a real headless browser (Debian's chromium driven by Selenium).

Skipped where no chromium/chromedriver is installed; `.ci/run` installs them. Screenshots are
written under the test's temporary folder.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from palermo.graph.publish import publish

from palermo.pipeline import BuildResult

webdriver = pytest.importorskip("selenium.webdriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="chromium and chromedriver are not installed")
BASE = "https://example.org/palermo/"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("browser") / "site"
    publish(built.out, BASE, site)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1600",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def test_country_page_lists_the_meetings_it_attended(site_url: str, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    browser.get(site_url + "country/afg/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Afghanistan"
    rows = browser.find_elements(By.CSS_SELECTOR, "table.meetings tr")
    seen = {(r.find_element(By.TAG_NAME, "th").text, r.find_element(By.TAG_NAME, "td").text) for r in rows}
    assert ("chair", "WG-TIP meeting 11") in seen and ("party", "WG-TIP meeting 11") in seen
    browser.save_screenshot(str(tmp_path / "country-afg.png"))
    browser.find_element(By.CSS_SELECTOR, "table.meetings a").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "WG-TIP meeting 11"
    browser.save_screenshot(str(tmp_path / "meeting.png"))
    assert (tmp_path / "country-afg.png").stat().st_size > 1000


def test_document_page_links_each_citation_to_its_target(site_url: str, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    browser.get(site_url + "act/cop/resolution/5-2/")
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "table.citations td.citation a")]
    browser.save_screenshot(str(tmp_path / "resolution-5-2.png"))
    assert len(links) >= 10
    for href in links:
        browser.get(href)
        h1 = browser.find_element(By.TAG_NAME, "h1").text
        assert h1 and "404" not in browser.title, href
    assert any(h.endswith("/act/ga/resolution/64-293/") for h in links)
