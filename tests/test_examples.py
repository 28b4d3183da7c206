"""Checks the bundled example set (examples/) on its own, without eventwire's ingest code.

Why: `make demo` and the end-to-end tests read these files, and their README says what a careful analyst
codes from them. If a file stops parsing in its format, the WARC goes stale, or the README drifts from the
files, those downstream checks would fail for the wrong reason; this module catches it at the source.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from warcio.archiveiterator import ArchiveIterator

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
README = EXAMPLES / "README.md"
WARC = EXAMPLES / "crawl_afpak.warc.gz"
JSONL = EXAMPLES / "wire_feed.jsonl"
BROKEN_JSONL_LINE = 2  # the deliberately truncated line, as the README says
ARTICLE_SUFFIXES = (".txt", ".html", ".jsonl", ".rss", ".warc.gz")
MIN_REPORTS = 12


@dataclass(frozen=True)
class Report:
    """One report as the example files state it: where it sits and the metadata it carries."""

    file: str
    item: str
    outlet: str
    published: date
    title: str
    text: str


class _PageParser(HTMLParser):
    """Collects what an ingester needs from a news page: <title>, og/article meta, text inside <article>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.meta: dict[str, str] = {}
        self.article_parts: list[str] = []
        self._in_title = False
        self._article_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "meta" and attr.get("property") and attr.get("content") is not None:
            self.meta[attr["property"] or ""] = attr["content"] or ""
        elif tag == "article":
            self._article_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "article":
            self._article_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._article_depth > 0:
            self.article_parts.append(data)

    @property
    def article_text(self) -> str:
        return " ".join(" ".join(self.article_parts).split())


def parse_page(markup: str, source: str) -> Report:
    """Parse one HTML page and insist on the metadata the brief promises ingest can rely on."""
    page = _PageParser()
    page.feed(markup)
    page.close()
    assert page._article_depth == 0, f"{source}: unbalanced <article>"
    for prop in ("og:url", "og:site_name", "article:published_time"):
        assert page.meta.get(prop), f"{source}: missing <meta property={prop!r}>"
    assert page.meta["og:url"].startswith("https://")
    published = datetime.fromisoformat(page.meta["article:published_time"])
    assert published.tzinfo is not None, f"{source}: published_time without a timezone"
    assert page.title.strip(), f"{source}: empty <title>"
    assert len(page.article_text.split()) > 80, f"{source}: <article> holds too little text"
    return Report(
        file=source.split("#")[0],
        item=source.split("#")[1] if "#" in source else "—",
        outlet=page.meta["og:site_name"],
        published=published.date(),
        title=page.meta.get("og:title", page.title).strip(),
        text=page.article_text,
    )


def read_txt(path: Path) -> Report:
    sidecar = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert set(sidecar) == {"published", "outlet", "url"}, f"{path.name}: sidecar keys {sorted(sidecar)}"
    assert sidecar["url"].startswith("https://")
    title, _, body = path.read_text(encoding="utf-8").partition("\n")
    return Report(path.name, "—", sidecar["outlet"], date.fromisoformat(sidecar["published"]), title, body)


def read_jsonl(path: Path) -> list[Report]:
    reports = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if number == BROKEN_JSONL_LINE:
            continue
        row = json.loads(line)
        assert set(row) == {"text", "title", "url", "published", "outlet"}, f"line {number}: {sorted(row)}"
        assert all(isinstance(v, str) and v for v in row.values()), f"line {number}: empty field"
        reports.append(
            Report(
                path.name,
                f"line {number}",
                row["outlet"],
                date.fromisoformat(row["published"]),
                row["title"],
                row["text"],
            )
        )
    return reports


def read_rss(path: Path) -> list[Report]:
    feed = feedparser.parse(str(path))
    assert not feed.bozo, f"{path.name}: {feed.get('bozo_exception')}"
    assert feed.version == "rss20"
    reports = []
    for number, entry in enumerate(feed.entries, start=1):
        full_text = entry.content[0].value  # content:encoded
        assert entry.link.startswith("https://") and entry.published_parsed
        assert len(full_text) > len(entry.summary), "content:encoded must carry the full text"
        published = date(*entry.published_parsed[:3])
        reports.append(
            Report(path.name, f"item {number}", feed.feed.title, published, entry.title, full_text)
        )
    return reports


def read_warc(path: Path) -> list[Report]:
    reports = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            assert record.http_headers.get_statuscode() == "200"
            assert record.http_headers.get_header("Content-Type").startswith("text/html")
            markup = record.content_stream().read().decode("utf-8")
            report = parse_page(markup, f"{path.name}#record {len(reports) + 1}")
            assert record.rec_headers.get_header("WARC-Target-URI") in markup
            reports.append(report)
    return reports


def all_reports() -> list[Report]:
    """Every report in examples/, read by format; asserts each file parses as it should on the way."""
    reports: list[Report] = []
    for path in sorted(EXAMPLES.iterdir()):
        if path.name.endswith(".txt"):
            reports.append(read_txt(path))
        elif path.suffix == ".html":
            reports.append(parse_page(path.read_text(encoding="utf-8"), path.name))
        elif path.suffix == ".jsonl":
            reports.extend(read_jsonl(path))
        elif path.suffix == ".rss":
            reports.extend(read_rss(path))
        elif path.name.endswith(".warc.gz"):
            reports.extend(read_warc(path))
    return reports


def readme_table(heading: str) -> list[list[str]]:
    """The body rows of the Markdown table under `## heading` in examples/README.md, cells stripped."""
    section = README.read_text(encoding="utf-8").split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


def example_files() -> list[Path]:
    return sorted(p for p in EXAMPLES.iterdir() if p.is_file())


# --- each format parses ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_txt_has_title_body_and_sidecar(path: Path) -> None:
    report = read_txt(path)
    assert report.title.strip() and not report.title.startswith(" ")
    assert len(report.text.split()) > 80


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.html")), ids=lambda p: p.name)
def test_html_page_parses(path: Path) -> None:
    report = parse_page(path.read_text(encoding="utf-8"), path.name)
    assert report.outlet and report.title


def test_jsonl_has_three_good_lines_and_one_broken() -> None:
    lines = JSONL.read_text(encoding="utf-8").splitlines()
    with pytest.raises(json.JSONDecodeError):
        json.loads(lines[BROKEN_JSONL_LINE - 1])
    assert len(read_jsonl(JSONL)) == 3 == len(lines) - 1


def test_rss_has_two_full_text_items() -> None:
    assert len(read_rss(EXAMPLES / "conflict_feed.rss")) == 2


def test_warc_has_html_responses_and_valid_digests() -> None:
    assert 1 <= len(read_warc(WARC)) <= 2
    with WARC.open("rb") as stream:
        types = [record.rec_type for record in ArchiveIterator(stream, check_digests="raise")]
    assert types[0] == "warcinfo"


def test_committed_warc_matches_make_warc(tmp_path: Path) -> None:
    fresh = tmp_path / WARC.name
    subprocess.run(
        [sys.executable, "-B", str(EXAMPLES / "make_warc.py"), str(fresh)], check=True, capture_output=True
    )
    assert fresh.read_bytes() == WARC.read_bytes(), "run: .venv/bin/python examples/make_warc.py"


# --- the set as a whole and its README -------------------------------------------------------------------


def test_at_least_a_dozen_reports() -> None:
    reports = all_reports()
    assert len(reports) >= MIN_REPORTS
    texts = [" ".join(r.text.split()) for r in reports]
    assert len(set(texts)) == len(texts), "two reports share a text: ingest would store only one"


def test_readme_files_table_lists_every_file() -> None:
    listed = {row[0].strip("`") for row in readme_table("Files")}
    assert listed == {p.name for p in example_files()}


def test_readme_reports_table_matches_the_files() -> None:
    rows = readme_table("Reports")
    stored = {(r[0].strip("`"), r[1], r[3], r[4]) for r in rows if "malformed" not in r[5]}
    found = {(r.file, r.item, r.outlet, r.published.isoformat()) for r in all_reports()}
    assert stored == found
    article_files = {p.name for p in example_files() if p.name.endswith(ARTICLE_SUFFIXES)}
    assert {r[0].strip("`") for r in rows} == article_files
    malformed = [r for r in rows if "malformed" in r[5]]
    assert [(m[0].strip("`"), m[1]) for m in malformed] == [(JSONL.name, f"line {BROKEN_JSONL_LINE}")]


def test_same_incident_pair_shares_place_date_and_figures() -> None:
    """The two Afgoye reports must agree on the facts that make them one incident, in different words."""
    pair = [r for r in all_reports() if r.file.startswith("afgoye_checkpoint_")]
    assert len(pair) == 2 and pair[0].outlet != pair[1].outlet
    assert pair[0].published == pair[1].published
    for report in pair:
        assert "Afgoye" in report.text and "on Monday" in report.text
        assert re.search(r"\bthree\b.*\bsoldiers\b", report.text, re.I) and re.search(
            r"\bseven\b", report.text, re.I
        )
    assert pair[0].text[:200] != pair[1].text[:200]


def test_expected_events_table_names_real_reports() -> None:
    files = {p.name for p in example_files()}
    rows = readme_table("Expected events")
    assert len(rows) >= 11
    for row in rows:
        named = re.findall(r"`([^`]+)`", row[1])
        assert named and set(named) <= files, row[0]
        assert row[4] in {"actual", "foiled"}
