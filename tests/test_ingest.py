"""Ingest: every format read from real sample files, every bad-input kind, and stable ids."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from eventwire.ingest import ArticleMeta, build, read_inputs
from eventwire.ingest.build import english_score, guess_language, plainly_english
from eventwire.models import Article, Skipped
from eventwire.settings import Settings

DATA = Path(__file__).parent / "data" / "ingest"
FORMATS = DATA / "formats"
BAD = DATA / "bad"


def read(*paths: Path, settings: Settings | None = None, meta: ArticleMeta | None = None) -> list:
    return list(read_inputs(list(paths), settings or Settings(), meta or ArticleMeta()))


def by_source(items: list) -> dict[str, Article | Skipped]:
    return {(i.source if isinstance(i, Skipped) else i.source_path): i for i in items}


def only_article(path: Path, **kw) -> Article:
    items = read(path, **kw)
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def only_skipped(path: Path, **kw) -> Skipped:
    items = read(path, **kw)
    assert len(items) == 1 and isinstance(items[0], Skipped), items
    return items[0]


# --- formats -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, fmt, title, url, outlet, published, snippet",
    [
        (
            "article.html",
            "html",
            "Roadside bomb kills four soldiers near Mosul",
            "https://ledger.example.com/world/2021/05/04/roadside-bomb-mosul",
            "Northern Ledger",
            date(2021, 5, 4),
            "hidden under a culvert on the road between Mosul and the town of Qayyarah",
        ),
        (
            "story.txt",
            "txt",
            "Car bomb kills three outside ministry",
            "https://meridian.example.com/car-bomb-ministry",
            "Daily Meridian",
            date(2019, 10, 3),
            "No group has claimed responsibility for the bombing so far.",
        ),
        (
            "feed.rss#link=https://frontier.example.org/2022/08/14/checkpoint-attack",
            "rss",
            "Militants attack police checkpoint in Khyber district",
            "https://frontier.example.org/2022/08/14/checkpoint-attack",
            "Frontier Monitor",
            date(2022, 8, 14),
            "A third officer was wounded in the exchange of fire",
        ),
        (
            "feed.rss#link=https://frontier.example.org/2022/08/13/highway-protest",
            "rss",
            "Protesters block highway after arrest of tribal elder",
            "https://frontier.example.org/2022/08/13/highway-protest",
            "Frontier Monitor",
            date(2022, 8, 13),
            "The protest ended peacefully in the evening",
        ),
        (
            "feed.atom#guid=urn:uuid:6a1d3f1e-0000-4000-8000-000000000002",
            "rss",
            "Pirates seize fishing vessel off the coast",
            "https://courier.example.net/news/pirates-seize-vessel",
            "Coastal Courier",
            date(2023, 2, 1),
            "twelve crew members on board",
        ),
        (
            "articles.jsonl#line=1",
            "jsonl",
            "Drone strike hits weapons depot",
            "https://wire.example.com/a1",
            "Wire Example",
            date(2021, 7, 8),
            "setting off secondary explosions",
        ),
        (
            "ccnews.jsonl.gz#line=1",
            "jsonl",
            "Clashes erupt at border post",
            "https://borderwatch.example.com/clashes",
            "borderwatch.example.com",
            date(2018, 4, 20),
            "leaving one guard dead and two smugglers wounded",
        ),
        (
            "pages.warc.gz#record=3",
            "warc",
            "Roadside bomb kills four soldiers near Mosul",
            "https://ledger.example.com/world/roadside-bomb?ref=crawl",
            "Northern Ledger",
            date(2021, 5, 4),
            "arrested three suspects",
        ),
        (
            "page.html.gz",
            "html",
            "Gunmen abduct aid workers in the north",
            None,
            None,
            None,
            "Kidnappings for ransom have increased",
        ),
    ],
)
def test_each_format_gives_article_with_metadata(source, fmt, title, url, outlet, published, snippet):
    items = by_source(read(FORMATS))
    name, _, part = source.partition("#")  # a Path would fold the // of a URL in the entry key
    article = items[str(FORMATS / name) + (f"#{part}" if part else "")]
    assert isinstance(article, Article)
    assert (article.source_format, article.title, article.url, article.outlet, article.published) == (
        fmt,
        title,
        url,
        outlet,
        published,
    )
    assert snippet in article.text
    assert article.title not in article.text
    assert article.id == Article.make_id(article.text)
    assert article.language == "en"


@pytest.mark.parametrize(
    "name, furniture",
    [
        (
            "article.html",
            ["Share this article", "Sign up to our free daily newsletter", "All rights reserved"],
        ),
        ("story.txt", ["Advertisement", "Share this story"]),
        ("feed.rss", ["Share this article"]),
    ],
)
def test_page_furniture_is_gone(name, furniture):
    for item in read(FORMATS / name):
        if isinstance(item, Article):
            for piece in furniture:
                assert piece not in item.text


def test_text_paragraphs_are_lines_with_normalised_whitespace():
    article = only_article(FORMATS / "story.txt")
    lines = article.text.split("\n")
    assert len(lines) == 3
    assert all(line == " ".join(line.split()) and line for line in lines)


def test_sidecar_is_metadata_not_an_input():
    sources = [i.source if isinstance(i, Skipped) else i.source_path for i in read(FORMATS)]
    assert str(FORMATS / "story.json") not in sources
    assert str(FORMATS / "story.txt") in sources


@pytest.mark.parametrize("name", ["plain.txt", "bare_page.html"])
def test_metadata_falls_back_to_meta(name):
    meta = ArticleMeta(published=date(2020, 1, 2), outlet="Cli Outlet", url="https://cli.example/x")
    article = only_article(FORMATS / name, meta=meta)
    assert (article.published, article.outlet, article.url) == (meta.published, meta.outlet, meta.url)


def test_page_metadata_wins_over_meta():
    meta = ArticleMeta(published=date(2020, 1, 2), outlet="Cli Outlet", url="https://cli.example/x")
    article = only_article(FORMATS / "article.html", meta=meta)
    assert (article.published, article.outlet) == (date(2021, 5, 4), "Northern Ledger")
    assert article.url.startswith("https://ledger.example.com/")


def test_folder_walk_is_sorted_recursive_and_skips_hidden():
    items = read(DATA / "formats", DATA / "bad")
    sources = [i.source if isinstance(i, Skipped) else i.source_path for i in items]
    files = [s.split("#")[0] for s in sources]
    assert not any(".hidden" in s for s in sources)
    dedup = list(dict.fromkeys(files))
    formats = [f for f in dedup if f.startswith(str(FORMATS))]
    assert formats == sorted(formats)
    assert dedup.index(str(BAD / "binary.txt")) > dedup.index(str(FORMATS / "story.txt"))  # paths as given


def test_unknown_extension_is_sniffed():
    article = only_article(FORMATS / "nameless_page")
    assert article.source_format == "html"
    assert article.id == only_article(FORMATS / "bare_page.html").id


@pytest.mark.parametrize(
    "content, expected",
    [
        (
            b'{"text": "Police said two officers were wounded in the attack on the station on Monday."}\n',
            "jsonl",
        ),
        (b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title></channel></rss>", "empty"),
        (
            b"Protesters marched through the capital on Friday to demand the release of the detainees.\n",
            "txt",
        ),
    ],
)
def test_sniffing_without_extension(tmp_path, content, expected):
    path = tmp_path / "input"
    path.write_bytes(content)
    item = read(path)[0]
    if expected == "empty":
        assert isinstance(item, Skipped) and item.reason == "empty: feed has no entries"
    else:
        assert isinstance(item, Article) and item.source_format == expected


def test_jsonl_bad_line_is_skipped_and_the_rest_goes_on():
    items = by_source(read(FORMATS / "articles.jsonl"))
    src = str(FORMATS / "articles.jsonl")
    assert isinstance(items[f"{src}#line=1"], Article)
    assert isinstance(items[f"{src}#line=3"], Article)
    assert items[f"{src}#line=2"].reason == "bad-json: line 2, column 64: Expecting ',' delimiter"
    assert items[f"{src}#line=5"].reason.startswith("bad-json: line 5: expected a JSON object")
    assert items[f"{src}#line=6"].reason.startswith("empty: no text field")
    assert f"{src}#line=4" not in items  # blank line
    assert items[f"{src}#line=3"].published == date(2021, 7, 12)  # RFC 822 string


def test_news_dump_aliases_and_unparseable_date():
    items = by_source(read(FORMATS / "ccnews.jsonl.gz"))
    second = items[str(FORMATS / "ccnews.jsonl.gz") + "#line=2"]
    assert isinstance(second, Article)
    assert second.text.startswith("Unknown attackers set fire to a polling station")  # from `description`
    assert second.outlet == "borderwatch.example.com"
    assert second.published is None  # "sometime last spring"


def test_jsonl_raw_html_field(tmp_path):
    page = (FORMATS / "bare_page.html").read_text()
    path = tmp_path / "dump.jsonl"
    path.write_text(json.dumps({"html": page, "url": "https://x.example/p"}) + "\n")
    article = only_article(path)
    assert article.url == "https://x.example/p" and article.source_format == "jsonl"
    assert article.text == only_article(FORMATS / "bare_page.html").text


def test_feed_entry_without_content_uses_summary_and_short_entry_is_skipped():
    items = by_source(read(FORMATS / "feed.rss"))
    third = items[str(FORMATS / "feed.rss") + "#link=https://frontier.example.org/2022/08/12/brief"]
    assert isinstance(third, Skipped) and third.reason.startswith("empty: only 2 words")
    second = items[
        str(FORMATS / "feed.rss") + "#link=https://frontier.example.org/2022/08/13/highway-protest"
    ]
    assert second.text.count("\n") == 1  # <br/> in the summary became a paragraph break


@pytest.mark.parametrize(
    ("entry", "key"),
    [
        ({"id": "urn:1", "link": "https://x.example/a"}, "guid=urn:1"),
        ({"link": " https://x.example/a "}, "link=https://x.example/a"),
        ({"title": "T", "summary": "S"}, "sha="),
    ],
)
def test_feed_entry_is_known_by_guid_then_link_then_content(entry, key):
    from eventwire.ingest.feeds import entry_key

    assert entry_key(entry).startswith(key)
    if key == "sha=":
        assert entry_key(entry) == entry_key(dict(entry))
        assert entry_key(entry) != entry_key({**entry, "summary": "other"})


def test_warc_reads_html_responses_only():
    items = by_source(read(FORMATS / "pages.warc.gz"))
    src = str(FORMATS / "pages.warc.gz")
    assert set(items) == {f"{src}#record=3", f"{src}#record=6", f"{src}#record=7"}
    assert items[f"{src}#record=6"].reason.startswith("not-english: looks like Spanish")
    assert items[f"{src}#record=7"].reason.startswith("empty:")
    # the same page read as a file and from the archive is the same article
    assert items[f"{src}#record=3"].id == only_article(FORMATS / "article.html").id


def test_truncated_warc_record(tmp_path):
    path = tmp_path / "cut.warc.gz"
    path.write_bytes((FORMATS / "pages.warc.gz").read_bytes()[:1500])
    items = read(path)
    assert items and all(isinstance(i, Skipped) for i in items)
    assert items[0].reason.startswith("bad-gzip: truncated record")


# --- bad inputs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, reason",
    [
        ("binary.txt", "binary: file contains NUL bytes"),
        ("empty.txt", "empty: no text"),
        ("tooshort.txt", "empty: only 3 words of text (minimum 8)"),
        ("spanish.txt", "not-english: looks like Spanish (English score 0.00 < 0.30)"),
        ("truncated.txt.gz", "bad-gzip: truncated gzip stream ("),
    ],
)
def test_bad_input_gets_one_line_reason(name, reason):
    skipped = only_skipped(BAD / name)
    assert skipped.source == str(BAD / name)
    assert skipped.reason.startswith(reason)
    assert "\n" not in skipped.reason


def test_latin1_file_is_repaired_not_refused():
    article = only_article(FORMATS / "latin1.txt")
    assert "Saïd Abé, the governor’s office" in article.text and "café" in article.text


@pytest.mark.parametrize("name", ["plain.txt", "page.html.gz", "articles.jsonl", "feed.rss", "pages.warc.gz"])
def test_over_size_is_skipped(name):
    # the limit applies per text: to a whole txt/html/feed file, to each JSON line and each WARC record
    items = read(FORMATS / name, settings=Settings(max_text_bytes=120))
    assert items and all(isinstance(i, Skipped) for i in items), items
    assert items[0].reason.startswith("too-large: ")
    assert items[0].reason.endswith("exceeds the 120 bytes limit (EVENTWIRE_MAX_BYTES)")


def test_huge_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: 50 MB on paper, nothing on disk
        fh.truncate(50_000_000)
    monkeypatch.setattr(Path, "open", lambda *a, **k: pytest.fail("the file was opened"))
    skipped = only_skipped(path)
    assert skipped.reason == "too-large: 50.0 MB of text exceeds the 10.0 MB limit (EVENTWIRE_MAX_BYTES)"


def test_gzip_bomb_stops_at_the_limit(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"The attack killed many people. " * 20_000))  # 620 kB unpacked
    skipped = only_skipped(path, settings=Settings(max_text_bytes=100_000))
    assert (
        skipped.reason
        == "too-large: more than 100.0 kB of text exceeds the 100.0 kB limit (EVENTWIRE_MAX_BYTES)"
    )


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("notgz.txt.gz", b"plain text, not gzip", "bad-gzip: not a gzip file"),
        ("doc.pdf", b"%PDF-1.7 binary stuff", "unsupported: doc.pdf is a PDF document"),
        ("data.xml", b"<?xml version='1.0'?><catalog><book/></catalog>", "unsupported: .xml file"),
        ("broken.rss", b"<rss><channel><title>x</ti", "bad-feed: "),
    ],
)
def test_other_bad_inputs(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    assert only_skipped(path).reason.startswith(reason)


def test_missing_path_is_reported():
    assert only_skipped(DATA / "no-such-file.txt").reason == "unreadable: no such file or folder"


def test_one_broken_input_never_stops_the_batch(monkeypatch):
    import eventwire.ingest.html as html_mod

    def boom(*args, **kwargs):
        raise RuntimeError("extractor crashed")

    monkeypatch.setattr(html_mod, "read_html", boom)
    items = by_source(read(FORMATS / "article.html", FORMATS / "plain.txt"))
    assert items[str(FORMATS / "article.html")].reason == "unreadable: RuntimeError: extractor crashed"
    assert isinstance(items[str(FORMATS / "plain.txt")], Article)


# --- ids and the language heuristic --------------------------------------------------------------------


def test_reading_twice_gives_the_same_ids():
    first = [i.id for i in read(FORMATS) if isinstance(i, Article)]
    second = [i.id for i in read(FORMATS) if isinstance(i, Article)]
    assert first == second and len(first) >= 10


def test_same_text_same_id_across_formats(tmp_path):
    story = only_article(FORMATS / "story.txt")
    path = tmp_path / "same.jsonl"
    body = "\n\n  ".join(story.text.split("\n"))  # same words, different whitespace
    path.write_text(json.dumps({"title": "Other", "text": body}) + "\n")
    assert only_article(path).id == story.id


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("The army said the attack on the base was carried out by militants from the north.", 0.3, 1.0),
        ("Un grupo de hombres armados atacó el domingo una estación de policía en el norte.", 0.0, 0.04),
        ("Des hommes armés ont attaqué dimanche un poste de police dans le nord du pays.", 0.0, 0.04),
        ("مسلحون هاجموا مركزا للشرطة في شمال البلاد يوم الأحد", 0.0, 0.01),
        ("", 0.0, 0.0),
    ],
)
def test_english_score(text, low, high):
    assert low <= english_score(text) <= high


@pytest.mark.parametrize(
    "text, language",
    [
        ("Un grupo de hombres armados atacó el domingo una estación de policía en el norte.", "Spanish"),
        ("Des hommes armés ont attaqué dimanche un poste de police dans le nord du pays.", "French"),
        ("مسلحون هاجموا مركزا للشرطة في شمال البلاد يوم الأحد", "Arabic"),
        ("123 456", "unknown"),
    ],
)
def test_guess_language(text, language):
    assert guess_language(text) == language


def _words(text: str) -> list[str]:
    return build._WORDS.findall(text)


def test_plainly_english_takes_news_prose_and_no_other_language():
    story = (FORMATS / "story.txt").read_text(encoding="utf-8")
    assert plainly_english(_words(story))
    assert english_score(story) >= build.PLAIN_ENGLISH_SCORE  # the detector agrees
    assert not plainly_english(_words(" ".join(story.split()[:40])))  # short: the detector decides
    hostile = Path(__file__).parent / "data" / "hostile" / "non_english.jsonl"
    texts = [json.loads(line)["text"] for line in hostile.read_text(encoding="utf-8").splitlines() if line]
    assert len(texts) == 12
    assert not any(plainly_english(_words(t * 5)) for t in texts)  # long enough, still not English


def test_plain_english_skips_the_detector_and_nothing_else(monkeypatch):
    """The detector is asked only about texts that are not plainly English, and still refuses those."""
    asked: list[str] = []
    real = build._ranked

    def counting(text: str) -> list[tuple[str, float]]:
        asked.append(text)
        return real(text)

    monkeypatch.setattr(build, "_ranked", counting)
    story = only_article(FORMATS / "story.txt")
    assert story.language == "en" and asked == []
    read(FORMATS / "story.txt", settings=Settings(min_english_score=0.999))
    assert asked  # a stricter score than the fast path vouches for asks the detector
    asked.clear()
    assert only_skipped(BAD / "spanish.txt").reason.startswith("not-english: looks like Spanish")
    assert asked


# --- encodings and sniffed containers ------------------------------------------------------------------


def test_cp1252_html_without_charset_is_repaired():
    article = only_article(FORMATS / "cp1252.html")
    assert article.title == "Café attack"
    assert "opened fire on a café" in article.text and "the governor’s office" in article.text


def test_utf16_text_with_bom(tmp_path):
    path = tmp_path / "wide.txt"
    text = "Bomb in market\nPolice said two people were killed when a bomb exploded in the market.\n"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    article = only_article(path)
    assert article.title == "Bomb in market" and article.text.startswith("Police said two people")


def test_uncompressed_warc_is_sniffed_despite_binary_records(tmp_path):
    path = tmp_path / "crawl-segment"  # no extension; the PNG record holds NUL bytes
    path.write_bytes(gzip.decompress((FORMATS / "pages.warc.gz").read_bytes()))
    items = by_source(read(path))
    assert sorted(items) == [f"{path}#record={n}" for n in (3, 6, 7)]
    assert items[f"{path}#record=3"].source_format == "warc"


def test_one_paragraph_text_file_has_no_title(tmp_path):
    path = tmp_path / "para.txt"
    path.write_text("Protesters marched through the capital on Friday to demand the release of detainees.\n")
    article = only_article(path)
    assert article.title is None and article.text.startswith("Protesters marched")


@pytest.mark.parametrize(
    "text, accepted",
    [
        ("Remains found on Delaware Bay beach in South Jersey near Cape May.", True),  # headline-ese
        ("Un grupo de hombres armados atacó el domingo una estación de policía en el norte.", False),
        ("مسلحون هاجموا مركزا للشرطة في شمال البلاد يوم الأحد واليوم التالي", False),
    ],
)
def test_short_texts_are_refused_only_on_evidence_of_another_language(tmp_path, text, accepted):
    path = tmp_path / "short.jsonl"
    path.write_text(json.dumps({"text": text}, ensure_ascii=False) + "\n", "utf-8")
    item = read(path)[0]
    assert isinstance(item, Article) == accepted, item


def test_folder_walk_passes_over_docs_code_and_databases(tmp_path: Path) -> None:
    from eventwire.ingest.sources import iter_files

    for name in ("README.md", "make.py", "eventwire.db", "eventwire.db-wal", "report.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [item.path.name for item in iter_files([tmp_path])]
    assert found == ["report.txt"]
    assert [item.path.name for item in iter_files([tmp_path / "README.md"])] == ["README.md"]


def test_parquet_rows_read_like_jsonl_lines(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    jsonl = FORMATS / "articles.jsonl"
    records = []
    for line in jsonl.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # the sample's deliberately broken lines
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "shard.parquet")
    from_parquet = read(tmp_path / "shard.parquet")
    from_jsonl = read(jsonl)
    assert sum(isinstance(i, Article) for i in from_parquet) >= 1
    assert [i.id for i in from_parquet if isinstance(i, Article)] == [
        i.id for i in from_jsonl if isinstance(i, Article)
    ]
    assert all(
        (i.source_path or "").split("#")[1].startswith("row=") for i in from_parquet if isinstance(i, Article)
    )


def test_broken_parquet_is_one_skipped(tmp_path):
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 not really parquet")
    assert only_skipped(tmp_path / "bad.parquet").reason.startswith("bad-parquet:")
