"""HTML pages via trafilatura: main text without navigation, plus title, date, site name and URL.

trafilatura is the maintained extractor of choice for news pages (it wins the main-text benchmarks it is
compared on); we add what the pipeline needs on top: the headline taken out of the body, metadata the
page lacks filled from the command line, and the shared cleaning and checks. Feed items carry HTML
fragments, not pages, which trafilatura would judge too short to be main text: `fragment_to_text` keeps
all of a fragment's text with its paragraph breaks.
"""

from __future__ import annotations

import logging
from datetime import date

import lxml.html
import trafilatura
from lxml import etree

from eventwire.errors import InputError
from eventwire.ingest.build import ArticleMeta, build_article
from eventwire.ingest.dates import parse_date
from eventwire.models import Article
from eventwire.settings import Settings

# Dates only from the page's metadata and markup, never guessed from its running text or copyright line.
_DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}
_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre table tr section article header footer "
    "figure figcaption hr dd dt dl aside".split()
)
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "svg")

# trafilatura logs every page it finds too short at WARNING; that is our `empty:` reason, not a warning.
logging.getLogger("trafilatura").setLevel(logging.ERROR)


def read_html(
    data: bytes | str,
    settings: Settings,
    meta: ArticleMeta,
    *,
    source_path: str,
    source_format: str = "html",
    url: str | None = None,
) -> Article:
    """One Article from an HTML page.

    Args:
        data: the page, as bytes (trafilatura detects the encoding) or str.
        url: the URL the page was fetched from (a WARC's target URI); it wins over the page's canonical.
    """
    try:
        doc = trafilatura.bare_extraction(
            data,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except (ValueError, etree.LxmlError) as exc:
        raise InputError(f"unreadable: HTML could not be parsed ({exc})") from exc
    if doc is None or not (doc.text or "").strip():
        raise InputError("empty: no main text found in the page")
    published: date | None = parse_date(doc.date) or meta.published
    return build_article(
        doc.text,
        settings=settings,
        source_path=source_path,
        source_format=source_format,
        title=doc.title,
        url=url or doc.url or meta.url,
        outlet=doc.sitename or meta.outlet,
        published=published,
    )


def fragment_to_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed item's content), one line per paragraph or line break."""
    if "<" not in fragment:
        return fragment
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, etree.LxmlError):
        return fragment
    for bad in list(root.iter(*_DROP_TAGS)):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() != "br":
                el.text = "\n" + (el.text or "")
    return root.text_content()
