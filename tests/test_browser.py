"""The published site and the endpoint's query page in a real headless browser (Debian's chromium
driven by Selenium), served by `palermo serve` as a user runs it.

Skipped where no chromium/chromedriver is installed; `.ci/run` installs them. Each test writes a
screenshot of what it checked into `$PALERMO_SCREENSHOTS` (default: `screenshots/` at the root of
the checkout), for a reviewer to look at.
"""

from __future__ import annotations

import os
import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from clikit import running

from palermo.graph.serve import make_server
from palermo.pipeline import BuildResult

webdriver = pytest.importorskip("selenium.webdriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
MISSING = [name for name, found in (("chromium", CHROMIUM), ("chromedriver", DRIVER)) if not found]  # named as missing
pytestmark = pytest.mark.skipif(
    bool(MISSING), reason=f"{' and '.join(MISSING)} not installed (.ci/run installs them)"
)
BASE = "https://example.org/palermo/"
SHOTS = Path(os.environ.get("PALERMO_SCREENSHOTS") or Path(__file__).resolve().parent.parent / "screenshots")


@pytest.fixture(scope="module")
def site_url(built: BuildResult, site: Path) -> Iterator[str]:
    with running(make_server(built.out, site, "127.0.0.1", 0)) as base:
        yield base


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


def shoot(browser, name: str) -> None:  # type: ignore[no-untyped-def]
    """A full-page screenshot into the screenshots folder."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(max(int(height), 800), 6000))
    browser.save_screenshot(str(SHOTS / f"{name}.png"))
    browser.set_window_size(1280, 1600)
    assert (SHOTS / f"{name}.png").stat().st_size > 5000


def by(browser, css: str) -> list:  # type: ignore[no-untyped-def, type-arg]
    from selenium.webdriver.common.by import By

    return browser.find_elements(By.CSS_SELECTOR, css)  # type: ignore[no-any-return]


def test_home_page_counts_search_and_pictures(site_url: str, browser) -> None:  # type: ignore[no-untyped-def]
    browser.get(site_url)
    assert by(browser, "h1")[0].text == "Palermo"
    counts = {
        r.find_element("tag name", "th").text: r.find_element("tag name", "td").text
        for r in by(browser, "table.counts tr")
    }
    assert counts["Documents"] == "5" and int(counts["Countries"]) > 100 and int(counts["Meetings"]) >= 11
    assert len(by(browser, "svg.matrix rect.mark")) > 150  # countries × meetings, coloured by capacity
    assert len(by(browser, "svg.network circle.mark")) > 20 and by(browser, "svg.network line")
    box = by(browser, "#search")[0]
    box.send_keys("阿富汗")
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 10).until(lambda b: by(b, "#hits a"))
    assert any(a.get_attribute("href").endswith("/country/afg/index.html") for a in by(browser, "#hits a"))
    box.clear()
    lists = {h.text for h in by(browser, "h2")}
    assert {"Documents", "Meetings", "Acts"} <= lists
    documents = [li.text for li in by(browser, "h2 + ul.list")[0].find_elements("tag name", "li")]
    assert any(d.startswith("Resolution 5/2 (COP)") for d in documents)  # not "COP meeting 5, recommendation"
    assert any(d.startswith("Report of WG-TIP meeting 11") for d in documents)
    shoot(browser, "home")


def test_pictures_readable_every_label_whole(site_url: str, browser) -> None:  # type: ignore[no-untyped-def]
    """Each picture's labels at least 11 px, none cut by the picture's edge, none over another."""
    for page, css in (("", "matrix"), ("", "network"), ("country/afg/index.html", "timeline")):
        browser.get(site_url + page)
        boxes = browser.execute_script(
            """const svg = document.querySelector("svg." + arguments[0]), frame = svg.getBoundingClientRect();
            return [...svg.querySelectorAll("text")].map(t => { const b = t.getBoundingClientRect();
              return [b.left - frame.left, b.right - frame.left, b.top - frame.top, b.bottom - frame.top,
                      parseFloat(getComputedStyle(t).fontSize), t.textContent, !!t.getAttribute("transform")]; })
              .concat([[frame.width, frame.height]]);""",
            css,
        )
        (width, height), texts = boxes[-1], boxes[:-1]
        assert texts, css
        for left, right, top, bottom, size, text, _ in texts:
            assert size >= 11, (css, text)
            assert left >= -0.5 and right <= width + 0.5 and top >= -0.5 and bottom <= height + 0.5, (css, text)
        flat = [t for t in texts if not t[6]]
        for i, a in enumerate(flat):
            for b in flat[i + 1 :]:
                overlap = min(a[1], b[1]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[2], b[2]) > 2
                assert not overlap, (css, a[5], b[5])
        legend = {i.get_attribute("class") for i in by(browser, f"p.legend:has(+ div svg.{css}) i")}
        drawn = {c for m in by(browser, f"svg.{css} .mark") for c in m.get_attribute("class").split()} - {"mark"}
        assert legend == drawn, css  # a legend of what is drawn, all of it


def test_meeting_page_dates_chair_attendance_recommendations(site_url: str, browser) -> None:  # type: ignore[no-untyped-def]
    browser.get(site_url + "meeting/wg-tip/11/")
    assert by(browser, "h1")[0].text == "WG-TIP meeting 11"
    assert by(browser, "td.dates")[0].text == "2021-10-12 – 2021-10-13"
    assert "Afghanistan" in by(browser, "td.chair")[0].text
    counts = {
        r.get_attribute("data-role"): int(r.find_element("css selector", "td.count").text)
        for r in by(browser, "table.attendance tr[data-role]")
    }
    assert counts["party"] > 90 and counts["observer"] > 20 and counts["chair"] >= 1
    numbers = [li.get_attribute("data-number") for li in by(browser, "ol.recommendations > li")]
    assert numbers == [str(n) for n in range(1, 17)]  # the 16 recommendations, in order
    assert "缔约国" in by(browser, "ol.recommendations > li")[0].text
    item = by(browser, 'table.agenda tr[data-item="4"] div.speakers')[0].text  # the speakers per agenda item
    assert item.startswith("speakers (9)") and "Germany" in item
    shoot(browser, "meeting-wg-tip-11")


def test_report_page_text_with_countries_linked(site_url: str, browser) -> None:  # type: ignore[no-untyped-def]
    browser.get(site_url + "meeting/wg-tip/11/")
    report = next(li for li in by(browser, "ul.documents li") if li.text.startswith("Report of WG-TIP meeting 11"))
    report.find_element("tag name", "a").click()
    paragraphs = by(browser, ".text .block.paragraph p")
    assert len(paragraphs) > 20 and any("贩运人口问题工作组" in p.text for p in paragraphs)
    linked = {a.get_attribute("href").rsplit("/", 2)[-2] for a in by(browser, ".text mark.Participation a")}
    assert {"afg", "arg", "aus"} <= linked  # the attendance paragraph: each country a link
    assert by(browser, "aside.facts-by-kind h3")
    kinds = [h.text for h in by(browser, "aside.facts-by-kind h3")]
    assert any(k.startswith("Participation (") for k in kinds) and not any(k[0].islower() for k in kinds)
    shoot(browser, "report-wg-tip-11")


def test_country_page_meetings_over_time(site_url: str, browser) -> None:  # type: ignore[no-untyped-def]
    browser.get(site_url + "country/afg/")
    assert by(browser, "h1")[0].text == "Afghanistan" and by(browser, "p.under")[0].text == "阿富汗"
    seen = {
        (r.find_element("tag name", "th").text, r.find_element("tag name", "td").text)
        for r in by(browser, "table.meetings tr")
    }
    assert ("chair", "WG-TIP meeting 11") in seen and ("party", "WG-TIP meeting 11") in seen
    assert len(by(browser, "svg.timeline circle.mark")) == len(seen)  # a mark per meeting in each capacity
    shoot(browser, "country-afg")
    by(browser, "table.meetings a")[0].click()
    assert by(browser, "h1")[0].text.startswith("WG-TIP meeting")


def test_article_page_citing_quotes(site_url: str, browser) -> None:  # type: ignore[no-untyped-def]
    browser.get(site_url + "instrument/tip/art/9/")
    assert by(browser, "h1")[0].text == "Article 9, Trafficking in Persons Protocol"
    assert by(browser, "p.under")[0].text == "Prevention of trafficking in persons"  # its title under it
    quotes = [q.text for q in by(browser, "table.citing q.quote")]
    assert len(quotes) >= 3 and all("9" in q for q in quotes)
    assert {"4", "5"} <= {r.find_elements("tag name", "td")[1].text for r in by(browser, "table.citing tr")[1:]}
    shoot(browser, "article-tip-9")


def test_document_page_links_each_citation_to_its_target(site_url: str, browser) -> None:  # type: ignore[no-untyped-def]
    browser.get(site_url + "act/cop/resolution/5-2/")
    links = [a.get_attribute("href") for a in by(browser, "table.citations td.citation a")]
    shoot(browser, "resolution-5-2")
    assert len(links) >= 10
    for href in links:
        browser.get(href)
        h1 = by(browser, "h1")[0].text
        assert h1 and "404" not in browser.title, href
    assert any(h.endswith("/act/ga/resolution/64-293/index.html") for h in links)


def test_query_editor_runs_a_library_query(site_url: str, browser) -> None:  # type: ignore[no-untyped-def]
    """The library query's parameter as a field, its results with labels linked to the local pages,
    plain values (no datatypes)."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    def settled(timeout: float) -> WebDriverWait:  # type: ignore[type-arg]
        """A wait that reads the table again when it is redrawn under it (labels arrive after rows)."""
        return WebDriverWait(browser, timeout, ignored_exceptions=(StaleElementReferenceException,))

    browser.get(site_url + "sparql")
    assert browser.execute_script("return typeof Yasgui") == "function"  # served from the package
    by(browser, 'a.example[data-name="countries"]')[0].click()
    assert "pal:Participation" in browser.execute_script("return window.palermoYasgui.getTab().getQuery()")
    by(browser, ".yasqe_queryButton")[0].click()
    WebDriverWait(browser, 30).until(lambda b: len(by(b, ".yasr table tbody tr")) > 10)
    headers = settled(10).until(lambda b: [th.text for th in by(b, ".yasr table thead th")])
    assert {"source", "country", "iso3", "role"} <= set(headers)
    settled(10).until(lambda b: by(b, ".yasr table tbody a[data-iri]"))
    cells = settled(10).until(lambda b: [r.text for r in by(b, ".yasr table tbody tr")])
    assert any("Afghanistan" in c for c in cells) and not any("example.org" in c or "^^" in c for c in cells)

    by(browser, 'a.example[data-name="country"]')[0].click()
    field = by(browser, 'form.parameters input[data-param="iso3"]')[0]
    field.clear()
    field.send_keys("ARG")
    assert 'VALUES ?iso3 { "ARG" }' in browser.execute_script("return window.palermoYasgui.getTab().getQuery()")
    by(browser, ".yasqe_queryButton")[0].click()
    settled(30).until(
        lambda b: "agendaItem" in [th.text for th in by(b, ".yasr table thead th")]
        and by(b, ".yasr table tbody a[data-iri]")
    )
    names = settled(10).until(lambda b: [a.text for a in by(b, ".yasr table tbody a[data-iri]")])
    assert names and all(name.startswith("WG-TIP meeting") for name in names)
    shoot(browser, "query-editor")
    settled(10).until(lambda b: by(b, ".yasr table tbody a[data-iri]")[0].click() or True)
    assert by(browser, "h1")[0].text.startswith("WG-TIP meeting")  # the local page, not example.org


def test_search_page_reads_its_query(site_url: str, browser) -> None:  # type: ignore[no-untyped-def]
    browser.get(site_url + "search.html?q=" + urllib.parse.quote("阿富汗"))
    hits = [a.text for a in by(browser, "#hits a")]
    assert "Afghanistan" in hits
    shoot(browser, "search")


def test_static_site_from_the_disk(site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """The published folder opened with file://: pages open as pages, the search works (its index
    is a script, nothing fetched), the SPARQL link leads to the page saying there is no endpoint."""
    browser.get((site / "index.html").as_uri())
    box = by(browser, "#search")[0]
    box.send_keys("阿富汗")
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 10).until(lambda b: by(b, "#hits a"))
    by(browser, "#hits a")[0].click()
    assert by(browser, "h1")[0].text == "Afghanistan"  # a page, not a directory listing
    next(a for a in by(browser, "nav.top a") if a.text == "SPARQL").click()
    assert "no SPARQL endpoint" in by(browser, "main")[0].text
    browser.get((site / "search.html").as_uri() + "?q=" + urllib.parse.quote("阿富汗"))
    assert "Afghanistan" in [a.text for a in by(browser, "#hits a")]
