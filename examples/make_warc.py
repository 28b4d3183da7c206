"""Writes examples/crawl_afpak.warc.gz: two crawled news pages as WARC response records.

Why a script: a WARC is binary, so the committed file cannot be reviewed in a diff. The pages live here as
text and the archive is generated from them byte for byte the same on every run (fixed dates, record ids
derived from the URL, gzip without a timestamp), so tests can check the committed archive is up to date.

Run from the repository root:  .venv/bin/python examples/make_warc.py [OUTPUT]
"""

from __future__ import annotations

import html
import sys
import uuid
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUTPUT = Path(__file__).resolve().parent / "crawl_afpak.warc.gz"
SITE = "Crescent Post"
CRAWLER = "eventwire-examples/1.0 (make_warc.py)"


@dataclass(frozen=True)
class Page:
    """One article page: the facts a crawler would fetch, and the body paragraphs of the story."""

    url: str
    crawled: str  # WARC-Date, ISO 8601 UTC
    published: str  # article:published_time
    headline: str
    standfirst: str
    section: str
    paragraphs: tuple[str, ...]


PAGES: tuple[Page, ...] = (
    Page(
        url="https://www.crescentpost.example/world/asia/2024/11/12/minibus-bomb-mazar-i-sharif",
        crawled="2024-11-12T18:42:07Z",
        published="2024-11-12T08:10:00+04:30",
        headline="Minibus bomb kills four in Mazar-i-Sharif; Islamic State claims attack",
        standfirst="Magnetic bomb attached to a vehicle carrying workers home in Balkh province",
        section="Asia",
        paragraphs=(
            "A bomb attached to a minibus exploded in the northern Afghan city of Mazar-i-Sharif on Monday "
            "evening, killing four passengers and wounding 13 others, the police spokesman for Balkh "
            "province said.",
            "The minibus was carrying workers home from the city centre when the magnetic bomb went off in a "
            "busy street in the west of the city.",
            "Islamic State Khorasan Province, the regional affiliate of the Islamic State group, claimed "
            "responsibility for the attack in a statement on its Amaq news agency.",
            "The group has carried out a series of bombings against minibuses in the north of the country, "
            "many of them in neighbourhoods where members of the Shia Hazara minority live.",
            "The Taliban authorities say they have broken the group’s networks in the region, but attacks "
            "of this kind have continued.",
        ),
    ),
    Page(
        url="https://www.crescentpost.example/world/asia/2024/10/02/north-waziristan-gunfight",
        crawled="2024-10-02T11:03:51Z",
        published="2024-10-02T09:25:00+05:00",
        headline="Two soldiers and six militants killed in North Waziristan gunfight",
        standfirst="Exchange of fire followed a raid on a hideout near Mir Ali, the army says",
        section="Asia",
        paragraphs=(
            "Two Pakistani soldiers were killed and six militants died in an exchange of fire in the Mir Ali "
            "area of North Waziristan on Tuesday night, the military’s media wing said.",
            "Troops had raided a militant hideout after receiving intelligence that fighters were gathering "
            "there, the statement said. Weapons and ammunition were recovered from the site.",
            "The military said the militants belonged to the Pakistani Taliban, Tehreek-e-Taliban Pakistan "
            "(TTP), which did not comment.",
            "North Waziristan, a district of Khyber Pakhtunkhwa province on the border with Afghanistan, was "
            "once the group’s main stronghold.",
        ),
    ),
)

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{headline} | {site}</title>
  <meta property="og:type" content="article">
  <meta property="og:title" content="{headline}">
  <meta property="og:url" content="{url}">
  <meta property="og:site_name" content="{site}">
  <meta property="article:published_time" content="{published}">
  <meta property="article:section" content="{section}">
  <link rel="canonical" href="{url}">
</head>
<body>
  <header>
    <a class="logo" href="/">{site}</a>
    <nav><a href="/world">World</a> <a href="/world/asia">Asia</a> <a href="/business">Business</a> \
<a href="/opinion">Opinion</a> <a href="/sport">Sport</a></nav>
    <a href="/account/login">Log in</a> <a href="/subscribe">Subscribe</a>
  </header>
  <main>
    <article>
      <h1>{headline}</h1>
      <p class="standfirst">{standfirst}</p>
      <p class="byline">{site} correspondent · <time datetime="{published}">{published_day}</time></p>
{body}
    </article>
    <aside class="support">
      <p>Your support helps us to tell the story. {site} is funded by its readers.
        <a href="/support">Donate</a></p>
    </aside>
    <section class="comments">
      <h2>Comments</h2>
      <p>Join our commenting forum. <a href="/account/login">Log in</a> to join the conversation.</p>
    </section>
  </main>
  <footer>
    <p>{site}</p>
    <p><a href="/about">About</a> · <a href="/privacy">Privacy</a> · <a href="/terms">Terms</a></p>
  </footer>
</body>
</html>
"""


def render(page: Page) -> bytes:
    """The page's HTML; text is escaped so the archive holds valid markup whatever the wording."""
    body = "\n".join(f"      <p>{html.escape(p, quote=False)}</p>" for p in page.paragraphs)
    text = TEMPLATE.format(
        headline=html.escape(page.headline),
        standfirst=html.escape(page.standfirst),
        url=html.escape(page.url),
        site=SITE,
        published=page.published,
        published_day=page.published[:10],
        section=page.section,
        body=body,
    )
    return text.encode("utf-8")


def record_id(name: str) -> str:
    """A WARC-Record-ID fixed by its name, so regenerating the archive changes no byte."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}>"


def write_warc(output: Path) -> Path:
    """Write the warcinfo record and one response record per page to `output` (gzipped per record)."""
    with output.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        info = f"software: {CRAWLER}\r\nformat: WARC File Format 1.0\r\nisPartOf: eventwire-examples\r\n"
        info_bytes = info.encode("utf-8")
        writer.write_record(
            writer.create_warc_record(
                "",
                "warcinfo",
                payload=BytesIO(info_bytes),
                length=len(info_bytes),
                warc_content_type="application/warc-fields",
                warc_headers_dict={
                    "WARC-Record-ID": record_id("warcinfo:" + output.name),
                    "WARC-Date": PAGES[0].crawled,
                    "WARC-Filename": output.name,
                },
            )
        )
        for page in PAGES:
            payload = render(page)
            http_headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(payload)))],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(
                    page.url,
                    "response",
                    payload=BytesIO(payload),
                    length=len(payload),
                    http_headers=http_headers,
                    warc_headers_dict={"WARC-Record-ID": record_id(page.url), "WARC-Date": page.crawled},
                )
            )
    return output


if __name__ == "__main__":
    written = write_warc(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
    print(f"wrote {written}")
