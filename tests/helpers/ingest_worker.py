"""`python tests/helpers/ingest_worker.py DB_URL FOLDER`: the real ingest job with a slow stand-in extractor,
run as its own process so that a test can kill it with SIGKILL at any moment (test_crash_safety.py)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from eventwire import pipeline
from eventwire.models import Article, DateInfo, Event, Evidence, Location
from eventwire.settings import Settings
from eventwire.store import open_store


class SlowExtractor:
    """One event per article, keyed on the article's first word, so that reports of 'the same incident'
    merge; 20 ms per article so that a kill lands in the middle of the work."""

    def extract(self, article: Article) -> list[Event]:
        time.sleep(0.02)
        end = article.text.index(".") + 1
        day = 1 + sum(map(ord, article.text.split()[0])) % 28
        return [
            Event(
                id=f"ev-{article.id}",
                event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack",
                date=DateInfo(start=date(2020, 3, day), end=date(2020, 3, day), precision="day"),
                location=Location(name="Taji", country="IQ", lat=33.52, lon=44.27, precision="town"),
                evidence=[Evidence(article_id=article.id, start=0, end=end, text=article.text[:end])],
            )
        ]

    def extract_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        for article in articles:
            yield article, self.extract(article)


if __name__ == "__main__":
    url, folder = sys.argv[1], Path(sys.argv[2])
    store = open_store(url)
    settings = Settings.from_env(environ={}, batch_size=4)
    report = pipeline.ingest([folder], store, settings, extractor=SlowExtractor())
    print(report.stored, report.duplicates, len(report.skipped))
