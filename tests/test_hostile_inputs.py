"""Hostile and everyday-odd inputs, as a new user would try them: each has its expected outcome, nothing
hangs, nothing is injected, and a second run adds nothing. The extractor is a fast stand-in: these tests
are about what reaches the store (the real extractor's cost on long articles: test_long_texts.py)."""

from __future__ import annotations

import gzip
import os
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from eventwire import pipeline
from eventwire.models import Article, Event, Evidence
from eventwire.settings import Settings
from eventwire.store import open_store

BODY = (
    "Gunmen killed four police officers in an attack on a checkpoint in Kirkuk on Tuesday, officials said. "
    "At least seven other people were wounded in the shooting, which no group has claimed.\n"
)


class _EvidenceOnly:
    """One event per article whose evidence is its first sentence (enough to see what text was stored)."""

    def extract(self, article: Article) -> list[Event]:
        end = article.text.find(".") + 1 or len(article.text)
        return [
            Event(
                id=f"ev-{article.id}",
                event_type="Violence against civilians",
                sub_event_type="Attack",
                summary=article.title or "",
                evidence=[Evidence(article_id=article.id, start=0, end=end, text=article.text[:end])],
            )
        ]

    def extract_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        for article in articles:
            yield article, self.extract(article)


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")


def _gzip_bomb(path: Path) -> None:
    with gzip.open(path, "wb", compresslevel=9) as fh:
        chunk = b"A" * (1 << 20)
        for _ in range(12):  # 12 MB of text in about 12 KB of gzip: past the 10 MB limit
            fh.write(chunk)


def _laughs() -> str:
    entities = "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' if i > 1 else '<!ENTITY lol1 "lololololol">'
        for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE lolz [{entities}]>\n<rss version="2.0"><channel><title>x</title>'
        f"<item><title>Laughs &lol9;</title><description>{BODY}</description></item></channel></rss>"
    )


XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    '<rss version="2.0"><channel><title>x</title><item><title>Report &xxe;</title>'
    f"<description>{BODY} &xxe;</description></item></channel></rss>"
)
MARKUP_PAGE = (
    "<html><head><title>[red]Bomb[/red] &lt;script&gt;alert(1)&lt;/script&gt; =cmd|' /C calc'!A0</title>"
    f"</head><body><script>alert('x')</script><p>{BODY} The group =HYPERLINK(\"http://evil\") claimed it."
    " &lt;b&gt;not bold&lt;/b&gt;</p></body></html>"
)


def _symlink_loop(folder: Path) -> None:
    _write(folder / "a.txt", "Loop report\n" + BODY)
    os.symlink("..", folder / "up")
    os.symlink("self", folder / "self")


# name -> (builder of the input under the folder, expected: "stored" or the reason's kind)
CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "utf-16 with BOM": (
        lambda d: _write(d / "u16.txt", ("Attack in Kirkuk\n" + BODY).encode("utf-16")),
        "stored",
    ),
    "latin-1": (lambda d: _write(d / "l1.txt", ("Attaque à Kirkuk\n" + BODY).encode("latin-1")), "stored"),
    "invalid utf-8 bytes": (
        lambda d: _write(d / "bad.txt", ("Attack\n" + BODY).encode() + b"\xff\xfe("),
        "stored",
    ),
    "gzip bomb": (lambda d: _gzip_bomb(d / "bomb.txt.gz"), "too-large"),
    "billion laughs": (lambda d: _write(d / "laughs.rss", _laughs()), "stored"),
    "XXE": (lambda d: _write(d / "xxe.rss", XXE), "stored"),
    "deep HTML": (
        lambda d: _write(d / "deep.html", "<html><body>" + "<div>" * 50_000 + BODY + "</div>" * 50_000),
        "empty",
    ),
    "markup and formulas in title and text": (lambda d: _write(d / "markup.html", MARKUP_PAGE), "stored"),
    "symlink loop": (_symlink_loop, "stored"),
    "binary": (lambda d: _write(d / "blob.txt", b"\x00\x01binary\x00" * 100), "binary"),
    "truncated gzip": (
        lambda d: _write(d / "cut.txt.gz", gzip.compress(BODY.encode() * 50)[:60]),
        "bad-gzip",
    ),
    "1 MB article": (lambda d: _write(d / "long.txt", "A long report\n" + BODY * 4_000), "stored"),
    "French report": (
        lambda d: _write(
            d / "fr.txt",
            "Attaque dans le nord\nDes hommes armés ont attaqué dimanche un poste de police dans le nord du "
            "pays, tuant trois agents, selon le ministère de l'Intérieur. L'attaque n'a pas été revendiquée.",
        ),
        "not-english",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_input_outcome_and_a_second_run_adds_nothing(tmp_path: Path, case: str) -> None:
    build, expected = CASES[case]
    folder = tmp_path / "in"
    folder.mkdir()
    build(folder)
    store = open_store(f"sqlite:///{tmp_path / 'e.db'}")
    settings = Settings.from_env(environ={})
    start = time.monotonic()
    first = pipeline.ingest([folder], store, settings, extractor=_EvidenceOnly())
    assert time.monotonic() - start < 60
    kinds = {s.reason.split(":")[0] for s in first.skipped if "symbolic link" not in s.reason}
    if expected == "stored":
        assert first.stored == 1 and not kinds, first.skipped
    else:
        assert first.stored == 0 and kinds == {expected}, first.skipped
    before = (store.stats()["articles"], store.stats()["events"], store.query_events())

    second = pipeline.ingest([folder], store, settings, extractor=_EvidenceOnly())
    assert second.stored == 0
    assert (store.stats()["articles"], store.stats()["events"], store.query_events()) == before
    store.close()


def test_nothing_is_injected_and_markup_stays_text(tmp_path: Path) -> None:
    _write(tmp_path / "in" / "markup.html", MARKUP_PAGE)
    store = open_store(f"sqlite:///{tmp_path / 'e.db'}")
    pipeline.ingest([tmp_path / "in"], store, Settings.from_env(environ={}), extractor=_EvidenceOnly())
    [event] = store.query_events()
    article = store.article(event.evidence[0].article_id)
    assert article is not None
    assert "alert('x')" not in article.text  # the page's own script element is never text
    assert "<b>not bold</b>" in article.text  # what the page shows as text stays text, not markup
    assert article.title == "[red]Bomb[/red] <script>alert(1)</script> =cmd|' /C calc'!A0"
    store.close()


def test_entities_are_not_expanded_and_no_file_is_read(tmp_path: Path) -> None:
    _write(tmp_path / "in" / "xxe.rss", XXE)
    _write(tmp_path / "in" / "laughs.rss", _laughs())
    store = open_store(f"sqlite:///{tmp_path / 'e.db'}")
    pipeline.ingest([tmp_path / "in"], store, Settings.from_env(environ={}), extractor=_EvidenceOnly())
    texts = [store.article(e.evidence[0].article_id) for e in store.query_events()]
    for article in texts:
        assert article is not None
        assert "root:" not in article.text and "lollollol" not in (article.title or "") + article.text
    store.close()


def test_symlinks_in_a_folder_are_logged_not_followed(tmp_path: Path) -> None:
    _symlink_loop(tmp_path / "in")
    store = open_store(f"sqlite:///{tmp_path / 'e.db'}")
    report = pipeline.ingest(
        [tmp_path / "in"], store, Settings.from_env(environ={}), extractor=_EvidenceOnly()
    )
    reasons = {Path(s.source).name: s.reason for s in report.skipped}
    assert reasons == {
        "up": "unsupported: symbolic link to a folder, not followed",
        "self": "unsupported: broken or looping symbolic link",
    }
    assert report.stored == 1
    store.close()


@pytest.mark.parametrize("published", ["2020-13-45", "2999-01-01", "next week", "32/32/2020"])
def test_a_dropped_date_is_a_warning_in_the_report(tmp_path: Path, published: str) -> None:
    import json

    record = {"title": "Attack", "text": BODY, "published": published}
    _write(tmp_path / "in" / "dump.jsonl", json.dumps(record) + "\n")
    _write(tmp_path / "in" / "side.txt", "Attack\n" + BODY.replace("four", "five"))
    _write(tmp_path / "in" / "side.json", json.dumps({"published": published}))
    body = BODY.replace("four", "six")
    item = f"<item><title>Feed</title><pubDate>{published}</pubDate><description>{body}</description></item>"
    _write(
        tmp_path / "in" / "feed.rss", f'<rss version="2.0"><channel><title>x</title>{item}</channel></rss>'
    )
    store = open_store(f"sqlite:///{tmp_path / 'e.db'}")
    report = pipeline.ingest(
        [tmp_path / "in"], store, Settings.from_env(environ={}), extractor=_EvidenceOnly()
    )
    assert report.stored == 3
    assert len(report.warnings) == 3 and all(repr(published) in w and "dropped" in w for w in report.warnings)
    names = {w.split(":")[0].rsplit("/", 1)[-1].split("#sha=")[0] for w in report.warnings}
    assert names == {"dump.jsonl#line=1", "side.txt", "feed.rss"}  # a guid-less, link-less entry: #sha=HASH
    store.close()
