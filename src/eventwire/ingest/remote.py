"""Feeds and pages over HTTP(S): fetch the bytes, then read them as the local formats are read.

Only `watch` fetches, and only the URLs it is given. A failed fetch is one Skipped (`unreachable: ...`)
for the URL, so one dead feed never stops a round; the size limit is enforced while reading, so a huge
response costs no more memory than a huge file.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from eventwire import __version__
from eventwire.errors import InputError
from eventwire.ingest.build import ArticleMeta
from eventwire.ingest.sources import sniff, too_large
from eventwire.models import Article, Skipped
from eventwire.settings import Settings

TIMEOUT_S = 30


def is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def fetch(url: str, limit: int) -> bytes:
    """The body at `url`, at most `limit` bytes; InputError with a one-line reason otherwise."""
    request = urllib.request.Request(url, headers={"User-Agent": f"eventwire/{__version__}"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310 - http(s) only
            data: bytes = response.read(limit + 1)
    except urllib.error.HTTPError as exc:
        raise InputError(f"unreachable: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(f"unreachable: {reason}") from exc
    if len(data) > limit:
        raise InputError(too_large(None, limit))
    return data


def read_url(url: str, settings: Settings, meta: ArticleMeta) -> Iterator[Article | Skipped]:
    """The articles of a feed (one per entry) or a page (one) at `url`; a Skipped for the URL on failure."""
    from eventwire.ingest.feeds import read_feed_bytes
    from eventwire.ingest.html import read_html

    try:
        data = fetch(url, settings.max_text_bytes)
        fmt = sniff(data[: 64 * 1024], Path(url.rsplit("/", 1)[-1] or "index"))
        if fmt == "rss":
            yield from read_feed_bytes(url, data, settings, meta)
        elif fmt == "html":
            yield read_html(data, settings, meta, source_path=url, url=url)
        else:
            raise InputError(f"unsupported: {url} is neither a feed nor an HTML page ({fmt})")
    except InputError as exc:
        yield Skipped(source=url, reason=" ".join(str(exc).split()))
