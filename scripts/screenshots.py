"""Regenerate the README's screenshots (docs/img/*.png) from the demo database, in Debian's Chromium.

    make demo && .venv/bin/python scripts/screenshots.py

Starts `eventwire serve`'s application on a free loopback port over demo/eventwire.db (read-only), opens the
dashboard and the incident with the most sources at a laptop's 1366x768, and saves full-page screenshots.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from browser import LAPTOP, launch  # noqa: E402
from conftest import LiveServer  # noqa: E402


def main() -> None:
    from playwright.sync_api import sync_playwright

    from eventwire.store import open_store

    url = f"sqlite:///{REPO / 'demo' / 'eventwire.db'}"
    with open_store(url) as store:
        incidents = store.query_events()
    if not incidents:
        raise SystemExit("demo/eventwire.db is empty: run `make demo` first")
    best = max(incidents, key=lambda ev: (len(ev.sources), len(ev.evidence), ev.confidence))
    out = REPO / "docs" / "img"
    out.mkdir(parents=True, exist_ok=True)
    server = LiveServer(url, token=None)
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_page(viewport=LAPTOP)
            for path, name in (("/", "dashboard.png"), (f"/incident/{best.id}", "incident.png")):
                page.goto(server.url + path)
                page.wait_for_selector("body[data-loaded=true]", timeout=20_000)
                page.wait_for_timeout(1000)  # let the map finish drawing
                page.screenshot(path=str(out / name), full_page=path != "/")
                print(f"wrote {out / name}")
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
