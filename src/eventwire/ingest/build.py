"""The last step every format shares: clean the body, check it is an English article, make the Article.

Keeping this in one place is what makes the formats agree: the same report read from a .txt, a feed or a
WARC gets the same cleaned text, hence the same id, and is refused for the same reasons.

The language check is offline and explainable on purpose: the share of a text's words that are common
English function words ("the", "of", "which" ...). English news runs at 0.3-0.5; other languages score near
zero because the list leaves out words that are also common elsewhere ("a", "in", "no"). The reason names
the language whose own function words fit best, so a reviewer sees why a text was refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from eventwire.clean import clean_text, normalize_lines
from eventwire.errors import InputError
from eventwire.ingest.sources import too_large
from eventwire.models import Article
from eventwire.settings import Settings

_SHORT_TEXT_WORDS = 50
_WORDS = re.compile(r"\w+(?:['’]\w+)?")

_ENGLISH = frozenset(
    """the of and to is that for it was with as by at from his her they this which have has had were are be
    been not but or an their said who will would there after into when he she its than more about also
    other we you what these those them our could should while over against between during because
    """.split()
)
# Small function-word lists for naming the language of a refused text (not for accepting anything).
_OTHER_LANGUAGES: dict[str, frozenset[str]] = {
    "Spanish": frozenset(
        "el la los las del que y en por con para una se su al lo como más pero sus es".split()
    ),
    "French": frozenset(
        "le la les des du et est une dans pour qui que sur pas au aux ce il par sont".split()
    ),
    "German": frozenset(
        "der die das und ist nicht mit den von zu ein eine sich auf für im dem des auch".split()
    ),
    "Italian": frozenset("il di che e la per un non sono della del gli le con una si anche nel alla".split()),
    "Portuguese": frozenset("o os da do das dos que e em um uma para com não se na no por mais".split()),
    "Dutch": frozenset("de het een en van dat niet zijn op te met voor er aan ook als bij".split()),
    "Indonesian": frozenset("yang dan di ini itu dengan untuk dari tidak dalam akan pada juga ke".split()),
}


@dataclass(frozen=True)
class ArticleMeta:
    """Metadata given on the command line, used where an input does not carry its own."""

    published: date | None = None
    outlet: str | None = None
    url: str | None = None


def word_count(text: str) -> int:
    return len(_WORDS.findall(text))


def english_score(text: str) -> float:
    """Share of the words of `text` that are common English function words (0.0 for no words)."""
    words = [w.lower() for w in _WORDS.findall(text)]
    if not words:
        return 0.0
    return sum(1 for w in words if w in _ENGLISH) / len(words)


def guess_language(text: str) -> str:
    """The language whose function words cover most of `text`, or "unknown" below 10 %."""
    words = [w.lower() for w in _WORDS.findall(text)]
    if not words:
        return "unknown"
    best, share = "unknown", 0.10
    for name, vocab in _OTHER_LANGUAGES.items():
        s = sum(1 for w in words if w in vocab) / len(words)
        if s > share:
            best, share = name, s
    return best


def _too_short_to_judge(text: str, words: int) -> bool:
    """A short Latin-script text that matches no other language: headline-ese ("Remains found on beach in
    S. Jersey") has no function words, so a low English score there is no evidence of another language."""
    if words >= _SHORT_TEXT_WORDS or guess_language(text) != "unknown":
        return False
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isascii() for ch in letters) / len(letters) >= 0.9


def one_line(text: str | None) -> str | None:
    """A title or name as one whitespace-normalised line; None when empty."""
    if text is None:
        return None
    line = " ".join(str(text).split())
    return line or None


def drop_title_line(body: str, title: str | None) -> str:
    """The body without a leading line that repeats the title (extractors often keep the headline)."""
    if not title:
        return body
    lines = body.lstrip().split("\n", 1)
    if " ".join(lines[0].split()).casefold() == title.casefold():
        return lines[1] if len(lines) > 1 else ""
    return body


def build_article(
    body: str,
    *,
    settings: Settings,
    source_path: str,
    source_format: str,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published: date | None = None,
) -> Article:
    """Clean `body` and return the Article, or raise InputError with the one-line reason it is refused."""
    title = one_line(title)
    outlet = one_line(outlet)
    raw_size = len(body.encode("utf-8", errors="replace"))
    if raw_size > settings.max_text_bytes:
        raise InputError(too_large(raw_size, settings.max_text_bytes))
    text = clean_text(drop_title_line(body, title), outlet=outlet)
    if not text:
        had_text = bool(normalize_lines(body))
        raise InputError("empty: only page furniture, no text" if had_text else "empty: no text")
    words = word_count(text)
    if words < settings.min_words:
        plural = "" if words == 1 else "s"
        raise InputError(f"empty: only {words} word{plural} of text (minimum {settings.min_words})")
    score = english_score(text)
    if score < settings.min_english_score and not _too_short_to_judge(text, words):
        raise InputError(
            f"not-english: looks like {guess_language(text)} "
            f"(English score {score:.2f} < {settings.min_english_score:.2f})"
        )
    return Article(
        id=Article.make_id(text),
        title=title,
        text=text,
        url=one_line(url),
        outlet=outlet,
        published=published,
        language="en",
        source_path=source_path,
        source_format=source_format,
    )
