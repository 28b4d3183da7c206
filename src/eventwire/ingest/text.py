"""Plain-text articles: the first non-empty line is the title, the rest the body; metadata from a sidecar.

A newsroom export or a hand-collected corpus is often a folder of .txt files with a NAME.json beside each
(published, outlet, url, title). Where there is no sidecar, the command-line defaults (`ArticleMeta`) apply.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.ingest.build import ArticleMeta, build_article, one_line
from eventwire.ingest.dates import read_published
from eventwire.ingest.sources import InputFile, decode_text, json_problem, sidecar_of
from eventwire.models import Article
from eventwire.settings import Settings

# A first line this long is a paragraph, not a headline: the file then has no title line.
_MAX_TITLE_WORDS = 30


def read_sidecar(path: Path) -> dict[str, Any]:
    """The sidecar's metadata; InputError('bad-json: ...') when it is not a JSON object."""
    try:
        data = json.loads(decode_text(path.read_bytes()))
    except json.JSONDecodeError as exc:
        raise InputError(f"bad-json: sidecar {path.name}: line {exc.lineno}, {json_problem(exc)}") from exc
    except OSError as exc:
        raise InputError(f"unreadable: sidecar {path.name}: {exc.strerror or exc}") from exc
    if not isinstance(data, dict):
        raise InputError(f"bad-json: sidecar {path.name}: expected a JSON object, got {type(data).__name__}")
    return data


def split_title(text: str, known_title: str | None = None) -> tuple[str | None, str]:
    """(title, body) of a plain-text article.

    The first non-empty line is the title, unless a sidecar names a different title (then the first line
    is body text), the line is too long to be a headline, or nothing follows it (a one-paragraph file).
    """
    stripped = text.lstrip()
    first, _, rest = stripped.partition("\n")
    first_line = one_line(first)
    if first_line is None:
        return known_title, ""
    if known_title and first_line.casefold() != known_title.casefold():
        return known_title, stripped
    if len(first_line.split()) > _MAX_TITLE_WORDS or not rest.strip():
        return known_title, stripped
    return known_title or first_line, rest


def read_text(item: InputFile, data: bytes, settings: Settings, meta: ArticleMeta) -> Article:
    """One Article from a .txt file's bytes (already size-checked and decompressed)."""
    side = sidecar_of(item.path)
    extra = read_sidecar(side) if side else {}
    title, body = split_title(decode_text(data), one_line(extra.get("title")))
    warnings: list[str] = []
    published = read_published(extra.get("published"), meta.published, warnings)
    return build_article(
        body,
        settings=settings,
        source_path=item.source,
        source_format="txt",
        title=title,
        url=extra.get("url") or meta.url,
        outlet=extra.get("outlet") or meta.outlet,
        published=published,
        warnings=warnings,
    )
