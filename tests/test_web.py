"""The dashboard end to end in a real headless Chromium (Debian's, driven by Playwright) against a real
uvicorn server: map, timeline, table, filters, the incident page with its evidence, the correction form,
print and laptop layouts, and hostile article text that must never run."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from browser import LAPTOP, chromium_missing_reason, launch
from conftest import API_TOKEN, LiveServer

_missing = chromium_missing_reason()
pytestmark = pytest.mark.skipif(_missing is not None, reason=_missing or "")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh laptop-sized page that records script errors and every request it makes."""
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.errors = []
    page.requests = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-loaded]", timeout=20_000)
    assert page.evaluate("document.body.dataset.loaded") == "true", page.text_content("#error")


def test_dashboard_map_timeline_table_and_exports(page: Any, live_server: LiveServer) -> None:
    _open(page, live_server.url + "/")
    assert page.locator("#incidents tbody tr").count() == 5
    assert page.locator("path.incident-marker").count() == 4  # the propaganda video has no place
    assert page.locator("#map .leaflet-overlay-pane path").count() > 200  # the Natural Earth countries
    bars = page.locator("#timeline rect.bar:not(.empty)")
    assert sorted(bars.evaluate_all("els => els.map(e => e.dataset.month)")) == [
        "2015-11",
        "2020-03",
        "2020-05",
    ]
    assert page.locator("#exports a").evaluate_all("els => els.map(e => e.textContent)") == [
        "json",
        "jsonl",
        "csv",
        "gtd",
        "geojson",
        "parquet",
    ]
    # Offline: every request went to the test server, none elsewhere.
    assert page.requests and all(url.startswith(live_server.url) for url in page.requests)
    assert page.errors == []


def test_filters_narrow_every_view_and_live_in_the_url(page: Any, live_server: LiveServer) -> None:
    _open(page, live_server.url + "/")
    page.select_option("select[name=type]", "Battles")
    page.click("button[type=submit]")
    expect(page.locator("#incidents tbody tr")).to_have_count(2)
    assert "type=Battles" in page.url
    assert page.locator("path.incident-marker").count() == 2
    assert "country=IQ" not in page.locator("#exports a").first.get_attribute("href")
    assert "type=Battles" in page.locator("#exports a").first.get_attribute("href")
    # A timeline bar filters on its month.
    page.click("#timeline rect[data-month='2020-05']")
    expect(page.locator("#incidents tbody tr")).to_have_count(1)
    page.click("#incidents tbody a")
    page.wait_for_selector("body[data-loaded]")
    page.click("#back")  # the incident page leads back to the filtered view
    expect(page.locator("#incidents tbody tr")).to_have_count(1)
    assert page.input_value("input[name=until]") == "2020-05-31"
    assert page.input_value("input[name=since]") == "2020-05-01"
    assert page.input_value("input[name=until]") == "2020-05-31"
    # "Only the map's area" turns the view into a bbox filter: the unplaced propaganda video drops out.
    page.click("#clear-filters")
    expect(page.locator("#incidents tbody tr")).to_have_count(5)
    page.check("input[name=in_view]")
    expect(page.locator("#incidents tbody tr")).to_have_count(4)
    assert "bbox=" in page.url
    # The URL restores the view.
    _open(page, live_server.url + "/?country=Iraq&min_fatalities=3")
    assert page.input_value("input[name=country]") == "Iraq"
    assert page.locator("#incidents tbody tr").count() == 2
    assert page.errors == []


def test_a_refused_filter_is_shown_with_the_allowed_values(page: Any, live_server: LiveServer) -> None:
    _open(page, live_server.url + "/")
    page.fill("input[name=admin1]", "Atlantis")
    page.click("button[type=submit]")
    page.wait_for_selector("#error:not([hidden])")
    message = page.text_content("#error")
    assert "no stored admin1 matches 'Atlantis'" in message and "Kirkuk" in message


def test_incident_page_ties_each_field_to_its_sentences(page: Any, live_server: LiveServer) -> None:
    _open(page, live_server.url + "/")
    page.click("#incidents a:has-text('Fifteen Katyusha rockets')")
    page.wait_for_selector("body[data-loaded]")
    assert page.url.endswith("/incident/ev-taji-times")
    assert page.get_attribute("#back", "href") == "/"  # back to the dashboard as it was left
    date_row = page.locator("#fields tr[data-field=date]")
    assert "2020-03-11" in date_row.text_content()
    assert date_row.locator("mark.mention").all_text_contents() == ["on Wednesday night"]
    # Clicking a field highlights its words in the source texts.
    page.click("#fields tr[data-field=killed]")
    active = "".join(page.locator("#sources .seg.active").all_text_contents())
    assert "killing three coalition personnel" in active
    # Each source links to its original URL; the evidence is highlighted in each.
    links = page.locator("#sources a.external").evaluate_all("els => els.map(e => e.href)")
    assert sorted(links) == ["https://example.org/reuters/taji", "https://example.org/times/taji"]
    assert page.locator("#sources article").count() == 2
    assert page.locator("#sources .seg.evidence").count() >= 3
    assert page.errors == []


def test_the_correction_form_keeps_the_machine_value(page: Any, live_server: LiveServer) -> None:
    _open(page, live_server.url + "/incident/ev-taji-times")
    page.select_option("#correct select[name=field]", "status")
    offered = page.locator("#value-choices option").evaluate_all("els => els.map(e => e.value)")
    assert offered[:3] == ["actual", "claimed", "suspected"]
    page.select_option("#correct select[name=field]", "fatalities.killed.best")
    assert page.input_value("#correct input[name=value]") == "3"
    page.fill("#correct input[name=value]", "4")
    page.fill("#correct input[name=note]", "a fourth soldier died later")
    page.fill("#correct input[name=token]", "wrong")
    page.click("#correct button[type=submit]")
    page.wait_for_selector("#correct-error:not([hidden])")
    assert "Authorization" in page.text_content("#correct-error")
    page.fill("#correct input[name=token]", API_TOKEN)
    page.click("#correct button[type=submit]")
    page.wait_for_selector("#correct-done:not([hidden])")
    killed = page.locator("#fields tr[data-field=killed]").text_content()
    assert "corrected" in killed and "machine said 3" in killed and "a fourth soldier died later" in killed
    with urllib.request.urlopen(f"{live_server.url}/api/incidents/ev-taji-times") as response:  # noqa: S310
        incident = json.loads(response.read())["incident"]
    assert incident["fatalities"]["killed"]["best"] == 4
    assert incident["corrections"][0]["machine_value"] == 3


def test_read_only_server_disables_the_form(page: Any, web_db: str) -> None:
    server = LiveServer(web_db, token=None)
    try:
        _open(page, server.url + "/incident/ev-sinjar")
        assert "read-only" in page.text_content("#correct-note")
        assert page.is_disabled("#correct button[type=submit]")
    finally:
        server.stop()


@pytest.mark.parametrize("path", ["/", "/incident/ev-hostile"])
def test_article_text_never_runs(page: Any, live_server: LiveServer, path: str) -> None:
    """The hostile report's <script>, <img onerror> and javascript: URL show as text and never execute."""
    _open(page, live_server.url + path)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    body = page.text_content("body")
    assert "onerror" in body  # shown, as text
    assert page.locator("body img").count() == 0
    assert page.locator("b, i").count() == 0  # the actor's and outlet's tags stay text too
    assert page.locator("a[href^='javascript']").count() == 0
    scripts = page.locator("script").evaluate_all("els => els.map(e => e.getAttribute('src'))")
    assert all(src and src.startswith("/static/") for src in scripts)
    if path != "/":
        assert "<script>window.__pwned" in page.text_content("#sources")
        assert page.locator("#sources a").count() == 0  # a javascript: URL is shown, never a link
    assert page.errors == []


def test_the_csp_blocks_markup_that_escaped_into_the_page(page: Any, live_server: LiveServer) -> None:
    """Second line of defence: even markup inserted as HTML could not run its handlers or inline scripts."""
    _open(page, live_server.url + "/")
    page.evaluate(
        """() => {
        const box = document.createElement('div');
        box.innerHTML = '<img src="/nothing.png" onerror="window.__pwned = 1">';
        document.body.append(box);
        const s = document.createElement('script');
        s.textContent = 'window.__pwned = 2';
        document.body.append(s);
    }"""
    )
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") is None


def test_laptop_and_print_layouts(page: Any, live_server: LiveServer) -> None:
    _open(page, live_server.url + "/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= LAPTOP["width"]  # no sideways scrolling on a 1366 px screen
    map_box = page.locator("#map").bounding_box()
    assert map_box["y"] < LAPTOP["height"] and map_box["height"] >= 300
    page.emulate_media(media="print")
    assert page.locator("#filters").is_hidden()
    assert page.locator("#incidents").is_visible()
    page.emulate_media(media="screen")
    _open(page, live_server.url + "/incident/ev-taji-times")
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    page.emulate_media(media="print")
    assert page.locator(".correct").is_hidden()
    after = page.evaluate(
        "getComputedStyle(document.querySelector('#sources a.external'), '::after').content"
    )
    assert "https://example.org/" in after  # printed pages keep the URLs
    assert page.pdf(format="A4")[:4] == b"%PDF"
