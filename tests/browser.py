"""Headless Chromium for the browser tests and the README screenshots: Debian's binary, driven by Playwright.

Playwright never downloads a browser here: it launches /usr/bin/chromium (`make test` installs Debian's
`chromium` package when it is absent) with networking side-channels off, so a test page can reach nothing
but the loopback test server.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LAPTOP = {"width": 1366, "height": 768}


def chromium_missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None. Under CI they must run: no reason is accepted."""
    if CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK):
        return None
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    return f"{CHROMIUM} is missing (make test installs it: apt-get install chromium)"


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
