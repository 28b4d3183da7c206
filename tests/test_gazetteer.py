"""Gazetteer: the curated additions, GeoNames lookups, folding, and the cost of loading the index."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.resolve.gazetteer import ATTRIBUTION, Gazetteer, fold, haversine_km


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(
    ("name", "kind", "country", "lat", "lon"),
    [
        ("Camp Taji", "base", "IQ", 33.52, 44.27),
        ("Daqouq", "city", "IQ", 35.14, 44.45),  # transliteration of Dāqūq
        ("Sinai Peninsula", "region", "EG", 29.5, 33.8),
        ("Kurdistan region", "region", "IQ", 36.2, 44.2),
        ("northern Iraq", "region", "IQ", 36.0, 43.5),
    ],
)
def test_curated_names_resolve(
    gaz: Gazetteer, name: str, kind: str, country: str, lat: float, lon: float
) -> None:
    best = gaz.lookup(name)[0]
    assert (best.kind, best.country) == (kind, country)
    assert haversine_km(best.lat, best.lon, lat, lon) < 30


def test_landmark_stands_for_its_town(gaz: Gazetteer) -> None:
    kremlin = gaz.lookup("the Kremlin")[0]
    assert kremlin.kind == "landmark" and kremlin.admin1 == "Moscow"
    moscow = max((p for p in gaz.lookup("Moscow") if p.kind == "city"), key=lambda p: p.population)
    assert haversine_km(kremlin.lat, kremlin.lon, moscow.lat, moscow.lon) < 5


def test_geonames_lookup_has_population_and_ids(gaz: Gazetteer) -> None:
    baghdad = next(p for p in gaz.lookup("Baghdad") if p.kind == "city")
    assert baghdad.geonames_id == 98182 and baghdad.population > 1_000_000 and baghdad.admin1 == "Baghdad"
    assert gaz.lookup("Kirkuk province")[0].kind == "admin1"
    assert gaz.lookup("Ky.")[0].name == "Kentucky"  # AP-style abbreviations of datelines


@pytest.mark.parametrize(
    ("word", "iso"), [("Iraqi", "IQ"), ("Iraqis", "IQ"), ("Russian", "RU"), ("Kenyan", "KE")]
)
def test_demonyms_tell_the_country(gaz: Gazetteer, word: str, iso: str) -> None:
    assert gaz.demonym_country(word) == iso


def test_country_lookup_and_unknown_name(gaz: Gazetteer) -> None:
    assert gaz.lookup("U.S.")[0].country == "US"
    assert gaz.lookup("Qwertyuiop Xyz") == []


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Dāqūq", "daquq"),
        ("Saint-Denis", "saint denis"),
        ("St. Louis", "st louis"),
        ("Lamar  County", "lamar county"),
        ("Ma’rib", "ma'rib"),
    ],
)
def test_fold(raw: str, key: str) -> None:
    assert fold(raw) == key


def test_attribution_names_geonames_licence() -> None:
    assert "GeoNames" in ATTRIBUTION and "CC BY 4.0" in ATTRIBUTION


@pytest.mark.parametrize(
    ("iso", "lat", "lon"),
    [("JP", 35.69, 139.75), ("CA", 60.11, -113.64), ("US", 39.76, -98.5), ("AU", -25.0, 135.0)],
)
def test_country_points_are_geonames_points(gaz: Gazetteer, iso: str, lat: float, lon: float) -> None:
    """GeoNames' own country points (Japan at Tokyo, Canada well west of its middle), not a derived centre."""
    country = gaz.country(iso)
    assert country is not None and haversine_km(country.lat, country.lon, lat, lon) < 20


def test_admin1_point_is_the_middle_of_the_territory(gaz: Gazetteer) -> None:
    """A province's point is the middle of all its places, thinly settled north included, not of its
    cities' cluster in the south: British Columbia's lies north of 53 N (its cities are at 48-50 N)."""
    bc = gaz.admin1("CA", "British Columbia")
    assert bc is not None and bc.lat > 53.0


def test_city_digest_answers_as_the_index_and_later_loads_without_it(
    gaz: Gazetteer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventwire.resolve import gazetteer as module

    # Built once from the index (here: the shared cache, copied so the digest's own file lands in tmp_path)
    for cached in module.default_cache_dir().glob(f"gazetteer-{module.cache_key()}.pkl"):
        (tmp_path / cached.name).write_bytes(cached.read_bytes())
    digest = module.city_digest(1_000_000, tmp_path)

    def biggest(name: str, country: str | None) -> int:
        cities = [p.population for p in gaz.lookup(name) if p.kind == "city" and p.country == country]
        return max(cities, default=0)

    places = [("Baghdad", "IQ"), ("Lagos", "NG"), ("Bombay", "IN"), ("Kirkuk", "IQ"), ("Paris", "US")]
    for name, country in places:
        full = biggest(name, country)
        assert digest.city_population(name, country) == (full if full >= 1_000_000 else 0)
    assert digest.city_population("Baghdad", "IQ") >= 1_000_000  # a real answer, not all zeros
    assert digest.demonym_country("Iraqi") == gaz.demonym_country("Iraqi") == "IQ"
    # Later processes read the digest's own small file: the 160 MB index is not loaded again.
    monkeypatch.setattr(module, "_load_or_build", lambda _dir: pytest.fail("the index was loaded"))
    assert module.city_digest(1_000_000, tmp_path) == digest
