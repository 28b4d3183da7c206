"""MUC-4 INCIDENT: DATE / LOCATION scoring: the raw key format, and hand-worked scores of synthetic events."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.errors import DatasetError
from eventwire.eval import muc4_slots as ms
from eventwire.eval.muc4_keys import (
    DateRange,
    LocationAlt,
    PlaceName,
    parse_date_filler,
    parse_dateline,
    parse_keys,
    parse_location_filler,
    parse_messages,
    quoted_strings,
)
from eventwire.models import Actor, DateInfo, Event, Evidence, Location
from eventwire.resolve.gazetteer import Place, fold

KEY = """;;; a comment line the parser skips
0.  MESSAGE: ID                     TST1-MUC3-0001 (NCCOSC)
1.  MESSAGE: TEMPLATE               1
2.  INCIDENT: DATE                  - 04 FEB 90
3.  INCIDENT: LOCATION              (EL SALVADOR: SAN SALVADOR (CITY)) / (EL SALVADOR)
4.  INCIDENT: TYPE                  BOMBING
9.  PERP: INDIVIDUAL ID             "URBAN GUERRILLAS" / "GUERRILLAS"
12. PHYS TGT: ID                    "\\"EL SOL\\" BANK"
19. HUM TGT: DESCRIPTION            "GUARD": "JOSE PEREZ"
                                    "PEASANTS"

0.  MESSAGE: ID                     TST1-MUC3-0001
1.  MESSAGE: TEMPLATE               2 (OPTIONAL)
2.  INCIDENT: DATE                  02 FEB 90
3.  INCIDENT: LOCATION              ? GUATEMALA
4.  INCIDENT: TYPE                  ATTACK

0.  MESSAGE: ID                     TST1-MUC3-0002
1.  MESSAGE: TEMPLATE               *
2.  INCIDENT: DATE                  *
3.  INCIDENT: LOCATION              *
"""

TEXTS = """TST1-MUC3-0001

   SAN SALVADOR, 4 FEB 90 (ACAN-EFE) -- [TEXT] URBAN GUERRILLAS BOMBED THE
"EL SOL" BANK.

TST1-MUC3-0002

   CLANDESTINE, NO DATE (RADIO VENCEREMOS) -- [TEXT] NOTHING HAPPENED.
"""


# --- the raw formats ---------------------------------------------------------------------------------------


def test_key_templates_slots_continuations_and_flags() -> None:
    first, second, third = parse_keys(KEY)
    assert (first.docid, first.number, first.optional) == ("TST1-MUC3-0001", 1, False)  # "(NCCOSC)" dropped
    assert first.filler("INCIDENT: DATE") == "- 04 FEB 90"
    assert first.filler("HUM TGT: DESCRIPTION") == '"GUARD": "JOSE PEREZ"\n"PEASANTS"'
    assert quoted_strings(first.filler("PHYS TGT: ID")) == ['"EL SOL" BANK']
    assert quoted_strings(first.filler("HUM TGT: DESCRIPTION")) == ["GUARD", "JOSE PEREZ", "PEASANTS"]
    assert (second.number, second.optional) == (2, True)
    assert (third.docid, third.number) == ("TST1-MUC3-0002", None)  # the "*" template: no incident


@pytest.mark.parametrize(
    ("header", "place", "country", "when", "source"),
    [
        ("BOGOTA, 7 JAN 90 (EFE)", "BOGOTA", None, date(1990, 1, 7), "EFE"),
        ("PERTH (AUSTRALIA), JUNE 11 89 (AFP)", "PERTH", "AUSTRALIA", date(1989, 6, 11), "AFP"),
        ("QUITO, 22 AUGUST 89 (DPA)", "QUITO", None, date(1989, 8, 22), "DPA"),
        ("CLANDESTINE, NO DATE (RADIO VENCEREMOS)", "CLANDESTINE", None, None, "RADIO VENCEREMOS"),
        ("TEGUCIGALPA, 7 FEB (REUTER)", "TEGUCIGALPA", None, None, "REUTER"),  # no year: no date
        ("BOGOTA, 27 APR 90 [INRAVISION CADENA 1)", "BOGOTA", None, date(1990, 4, 27), "INRAVISION CADENA 1"),
    ],
)
def test_dateline_forms(header: str, place: str, country: str | None, when: date | None, source: str) -> None:
    line = parse_dateline(header)
    assert line is not None
    assert (line.place, line.country, line.date, line.source) == (place, country, when, source)


def test_messages_keep_dateline_and_body() -> None:
    msgs = parse_messages(TEXTS)
    assert list(msgs) == ["TST1-MUC3-0001", "TST1-MUC3-0002"]
    one = msgs["TST1-MUC3-0001"]
    assert one.dateline is not None and one.dateline.text == "SAN SALVADOR, 4 FEB 90 (ACAN-EFE)"
    assert one.body.startswith("[TEXT] URBAN GUERRILLAS")
    assert msgs["TST1-MUC3-0002"].dateline.date is None  # type: ignore[union-attr]


def test_date_fillers() -> None:
    d = date
    assert parse_date_filler("07 JAN 90") == [DateRange(d(1990, 1, 7), d(1990, 1, 7))]
    assert parse_date_filler("25 DEC 89 - 26 DEC 89") == [DateRange(d(1989, 12, 25), d(1989, 12, 26))]
    assert parse_date_filler("- 07 JAN 90") == [DateRange(None, d(1990, 1, 7))]
    assert parse_date_filler("(08 MAR 90) / (07 MAR 90 - 08 MAR 90)") == [
        DateRange(d(1990, 3, 8), d(1990, 3, 8)),
        DateRange(d(1990, 3, 7), d(1990, 3, 8)),
    ]
    # A year-less date takes the dateline's year, or the year before when it would fall after the dateline.
    assert parse_date_filler("11 NOV", anchor=d(1989, 11, 13)) == [
        DateRange(d(1989, 11, 11), d(1989, 11, 11))
    ]
    assert parse_date_filler("- 28 DEC", anchor=d(1990, 1, 3)) == [DateRange(None, d(1989, 12, 28))]
    assert parse_date_filler("11 NOV") == []  # no anchor: unreadable
    assert parse_date_filler("-") == [] and parse_date_filler("*") == []
    assert parse_date_filler("31 NOV 89") == []  # no such day


def test_location_fillers() -> None:
    alts = parse_location_filler(
        "(COLOMBIA: BOGOTA (CITY)) / (COLOMBIA: PEREIRA (CITY) - BELEN DE UMBRIA (TOWN)) / ? HONDURAS"
    )
    assert alts == [
        LocationAlt("COLOMBIA", (PlaceName("BOGOTA", ("CITY",)),)),
        LocationAlt("COLOMBIA", (PlaceName("PEREIRA", ("CITY",)), PlaceName("BELEN DE UMBRIA", ("TOWN",)))),
        LocationAlt("HONDURAS"),
    ]
    assert parse_location_filler("EL SALVADOR: MORAZAN (DEPARTMENT): PERQUIN (CITY / JURISDICTION)") == [
        LocationAlt(
            "EL SALVADOR",
            (PlaceName("MORAZAN", ("DEPARTMENT",)), PlaceName("PERQUIN", ("CITY", "JURISDICTION"))),
        )
    ]
    assert parse_location_filler("*") == [] and parse_location_filler("-") == []


# --- dates -------------------------------------------------------------------------------------------------

PUB = date(1990, 2, 4)


def day(d: date, end: date | None = None, precision: str = "day") -> DateInfo:
    return DateInfo(start=d, end=end or d, precision=precision)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("pred", "key", "tolerance", "expected"),
    [
        (day(date(1990, 2, 2)), "02 FEB 90", 0, True),
        (day(date(1990, 2, 3)), "02 FEB 90", 0, False),
        (day(date(1990, 2, 3)), "02 FEB 90", 1, True),  # the day-after tolerance
        (day(date(1990, 2, 3)), "01 FEB 90 - 04 FEB 90", 0, True),  # a day inside the range
        (day(date(1990, 2, 1), date(1990, 2, 28), "month"), "02 FEB 90", 0, False),  # vaguer than the key
        (day(date(1990, 1, 28)), "- 04 FEB 90", 0, True),  # "- D": the 7 days up to D ...
        (day(date(1990, 1, 27)), "- 04 FEB 90", 0, False),  # ... and no further back
        (day(date(1990, 2, 5)), "- 04 FEB 90", 0, False),
        (DateInfo(), "- 04 FEB 90", 0, True),  # no date = the key's default fill (dateline date)
        (DateInfo(), "- 03 FEB 90", 0, False),  # an open range not anchored at the dateline
        (DateInfo(), "04 FEB 90", 0, False),
        (day(date(1990, 1, 2)), "(02 JAN 90) / (- 04 FEB 90)", 0, True),  # any alternative
    ],
)
def test_date_correct(pred: DateInfo, key: str, tolerance: int, expected: bool) -> None:
    assert ms.date_correct(pred, parse_date_filler(key, PUB), PUB, tolerance) is expected


def test_unknown_date_without_a_dateline_is_never_correct() -> None:
    assert not ms.date_correct(DateInfo(), [DateRange(None, PUB)], None)


# --- locations ---------------------------------------------------------------------------------------------


class FakeGazetteer:
    """The three calls KeyPlaces makes, over a handful of places with known coordinates."""

    def __init__(self, places: list[Place]) -> None:
        self.places = places
        self.country_rows = {p.country: p.row for p in places if p.kind == "country"}

    def lookup(self, name: str) -> list[Place]:
        hits = [p for p in self.places if fold(p.name) == fold(name)]
        return sorted(hits, key=lambda p: -p.population)

    def country(self, iso2: str) -> Place | None:
        row = self.country_rows.get(iso2)
        return self.places[row] if row is not None else None


def _place(row: int, name: str, kind: str, country: str, lat: float, lon: float, pop: int) -> Place:
    return Place(row, name, kind, country, None, lat, lon, pop, None)


GAZ = FakeGazetteer(
    [
        _place(0, "El Salvador", "country", "SV", 13.8, -88.9, 6_000_000),
        _place(1, "Guatemala", "country", "GT", 15.5, -90.25, 16_000_000),
        _place(2, "San Salvador", "admin1", "SV", 13.5, -89.0, 1_400_000),  # more populous, elsewhere
        _place(3, "San Salvador", "city", "SV", 13.7, -89.2, 500_000),
    ]
)
KEYS = ms.KeyPlaces(GAZ)  # type: ignore[arg-type]
CITY = parse_location_filler("EL SALVADOR: SAN SALVADOR (CITY)")


def loc(
    name: str | None, country: str | None, lat: float | None = None, lon: float | None = None
) -> Location:
    return Location(name=name, country=country, lat=lat, lon=lon, precision="town" if lat else "country")


def test_key_places_resolve_by_kind_and_fix_a_misspelt_country() -> None:
    assert KEYS.place("SAN SALVADOR", ("CITY",), "SV").row == 3  # a CITY: the city, not the bigger admin1
    assert KEYS.place("SAN SALVADOR", ("DEPARTMENT",), "SV").row == 2
    assert KEYS.place("SAN SALVADOR", (), "GT") is None
    assert KEYS.country("EL SALVADOR") == "SV"
    assert KEYS.country("GUATAMALA") == "GT"  # the key's typo, by the closest country name
    assert KEYS.country("ATLANTIS") is None


@pytest.mark.parametrize(
    ("pred", "km", "expected"),
    [
        (loc("San Salvador", "SV"), 161, True),  # the name, folded; no coordinates needed
        (loc("Soyapango", "SV", 13.7, -89.15), 25, True),  # 0.05 deg of longitude at 13.7 N: 5.4 km
        # 1.0 deg of longitude at 13.7 N: 111.19 km x cos(13.7 deg) = 108.0 km: near at 161, not at 25.
        (loc("San Miguel", "SV", 13.7, -88.2), 161, True),
        (loc("San Miguel", "SV", 13.7, -88.2), 25, False),
        (loc("Santa Ana", "SV", 13.7, -87.6), 161, False),  # 1.6 deg: 172.8 km
        (loc("El Salvador", "SV"), 161, False),  # only the country, where the key names a city
        (loc("San Salvador", "GT", 13.7, -89.2), 161, False),  # wrong country
        (loc(None, None), 161, False),
    ],
)
def test_location_correct(pred: Location, km: float, expected: bool) -> None:
    assert ms.location_correct(pred, CITY, KEYS, km) is expected


def test_location_country_level_key_and_alternatives() -> None:
    country_key = parse_location_filler("(EL SALVADOR: SAN SALVADOR (CITY)) / (EL SALVADOR)")
    assert ms.location_correct(loc("El Salvador", "SV"), country_key, KEYS)  # the country alternative
    assert ms.location_correct(loc("Santa Ana", "SV", 13.7, -87.6), country_key, KEYS)
    assert ms.location_correct(loc("El Salvador", "SV"), CITY, KEYS, country_only=True)
    assert ms.location_correct(loc("Cuilapa", "GT"), parse_location_filler("GUATAMALA"), KEYS)


# --- matching and the whole score --------------------------------------------------------------------------


def event(kind: str, text: str, start: int, when: DateInfo, where: Location, actors: tuple = ()) -> Event:
    sub = {"bombing": "Remote explosive/landmine/IED", "attack": "Attack", "arrest": "Arrests"}[kind]
    parent = {"bombing": "Explosions/Remote violence", "attack": "Violence against civilians"}
    return Event(
        id=f"e{start}",
        event_type=parent.get(kind, "Strategic developments"),
        sub_event_type=sub,
        date=when,
        location=where,
        actors=[Actor(name=a, role="perpetrator", text=a) for a in actors],
        evidence=[Evidence(article_id="a", start=start, end=start + len(text), text=text)],
    )


BOMB = event("bombing", "a bomb went off at a market", 0, day(date(1990, 2, 1)), loc("Santa Ana", "SV"))
BANK = event(
    "attack",
    'gunmen raided the "el sol" bank',
    50,
    day(date(1990, 2, 3)),
    loc("Soyapango", "SV", 13.7, -89.15),
    actors=("urban guerrillas",),
)
ARREST = event(
    "arrest",
    "police arrested the urban guerrillas who attacked el sol bank",
    100,
    DateInfo(),
    loc(None, None),
)


def test_best_event_by_filler_hits_then_type_then_order() -> None:
    first = parse_keys(KEY)[0]  # BOMBING; fillers "urban guerrillas", "guerrillas", "el sol bank", ...
    # BANK: 3 hits ("urban guerrillas" and "guerrillas" from its actor, "el sol bank" from its sentence)
    # + 0 for type = 3; BOMB: 0 hits + 1 for type = 1; ARREST maps to no MUC incident: never chosen.
    assert ms.filler_hits(first, BANK) == 3
    assert ms.best_event(first, [BOMB, BANK, ARREST]) is BANK
    other = parse_keys(KEY)[1]  # ATTACK, no fillers: BANK by type
    assert ms.best_event(other, [BOMB, BANK]) is BANK
    bare = parse_keys(KEY.replace("ATTACK", "KIDNAPPING"))[1]  # no filler, no type match: the first
    assert ms.best_event(bare, [BOMB, BANK]) is BOMB
    assert ms.best_event(first, [ARREST]) is None


def test_score_hand_worked() -> None:
    templates = [t for t in parse_keys(KEY) if t.number is not None and not t.optional]
    dateline = parse_messages(TEXTS)["TST1-MUC3-0001"].dateline
    # A second message, with two templates and only an arrest extracted: both unmatched.
    two = parse_keys(KEY.replace("TST1-MUC3-0001", "TST1-MUC3-0003").replace("2 (OPTIONAL)", "2"))[:2]
    golds = [
        ms.GoldMessage("TST1-MUC3-0001", "", dateline, templates),
        ms.GoldMessage("TST1-MUC3-0003", "", dateline, two),
    ]
    found = {"TST1-MUC3-0001": [BOMB, BANK], "TST1-MUC3-0003": [ARREST]}
    out = ms.score(golds, found, gazetteer=GAZ)  # type: ignore[arg-type]
    # Message 1, template 1 -> BANK: 3 Feb lies in "- 04 FEB 90" (the week up to 4 Feb): right; Soyapango,
    # SV: right. Message 3: two templates (02 FEB 90 / GUATEMALA, and the first again), no MUC event: wrong.
    assert out["templates"] == 3 and out["templates_without_event"] == 2
    assert (out["date_scored"], out["date_matched"], out["date_correct"]) == (3, 1, 1)
    assert out["date_accuracy"] == pytest.approx(100 / 3)
    assert out["date_accuracy_on_matched"] == pytest.approx(100.0)
    assert (out["location_scored"], out["location_correct"]) == (3, 1)
    assert out["location_accuracy_25km"] == pytest.approx(100 / 3)
    assert out["location_country_accuracy"] == pytest.approx(100 / 3)
    only_dates = ms.score(golds, {"TST1-MUC3-0001": [BOMB]}, slots=("date",))
    # BOMB (1 Feb, inside the week up to 4 Feb) is now template 1's event.
    assert only_dates["date_correct"] == 1 and "location_accuracy" not in only_dates


# --- options, files and the command ------------------------------------------------------------------------


def test_slot_names_are_checked() -> None:
    assert ms.parse_slots("location, date") == ("location", "date")
    with pytest.raises(DatasetError, match="'weather'.*date, location"):
        ms.parse_slots("date,weather")
    with pytest.raises(DatasetError):
        ms.parse_slots(",")


def _data_dir(tmp: Path) -> Path:
    (tmp / "muc4" / "raw" / "CORPORA" / "tst1").mkdir(parents=True)
    (tmp / "muc4" / "raw" / "CORPORA" / "tst1" / "tst1-muc3").write_text(TEXTS)
    (tmp / "muc4" / "raw" / "CORPORA" / "tst1" / "key-tst1.v7").write_text(KEY)
    docs = [
        {"docid": "TST1-MUC3-0001", "doctext": 'urban guerrillas bombed the "el sol" bank.', "templates": []},
        {"docid": "TST1-MUC3-0002", "doctext": "nothing happened.", "templates": []},
    ]
    (tmp / "muc4" / "dev.json").write_text("\n".join(json.dumps(d) for d in docs))
    return tmp


def test_load_gold_prefixes_the_dateline_and_keeps_scored_templates(tmp_path: Path) -> None:
    golds = ms.load_gold(_data_dir(tmp_path), "dev")
    assert [g.docid for g in golds] == ["TST1-MUC3-0001", "TST1-MUC3-0002"]
    assert golds[0].text == 'san salvador, 4 feb 90 (acan-efe) -- urban guerrillas bombed the "el sol" bank.'
    assert golds[0].published == date(1990, 2, 4)
    assert [t.number for t in golds[0].templates] == [1]  # the OPTIONAL one is left out
    assert golds[1].templates == [] and golds[1].published is None


def test_load_gold_errors(tmp_path: Path) -> None:
    data = _data_dir(tmp_path)
    with pytest.raises(DatasetError, match="not 'validation'"):
        ms.load_gold(data, "validation")
    with pytest.raises(DatasetError, match="test split not found: neither .* nor the raw folders tst3, tst4"):
        ms.load_gold(data, "test")
    with open(data / "muc4" / "dev.json", "a") as fh:
        fh.write("\n" + json.dumps({"docid": "TST2-MUC4-0001", "doctext": "x"}))
    with pytest.raises(DatasetError, match="1 MUC-4 dev messages .* TST2-MUC4-0001"):
        ms.load_gold(data, "dev")


def test_cli_unknown_slot_is_a_clean_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "muc4", "--slots", "when", "--data", str(_data_dir(tmp_path))])
    assert result.exit_code == 2
    assert "unknown muc4 slot 'when'" in result.output


def test_predictions_file_cannot_be_slot_scored(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="no dates or places"):
        ms.evaluate(_data_dir(tmp_path), "dev", slots="date", predictions=tmp_path / "p.json")


def test_shared_dev_split_maps_onto_tst1_and_tst2(shared_dir: Path) -> None:
    golds = ms.load_gold(shared_dir / "data", "dev")
    assert len(golds) == 200
    assert {g.docid[:9] for g in golds} == {"TST1-MUC3", "TST2-MUC4"}
    assert all(g.templates for g in golds if g.docid == "TST1-MUC3-0001")
    assert sum(g.published is None for g in golds) == 16  # 15 NO DATE datelines and one without a year


@pytest.mark.skipif(
    not (Path(__file__).resolve().parents[1].parent / "shared" / "data" / "muc4" / "raw").is_dir(),
    reason="shared MUC-4 raw files not present",
)
def test_test_split_is_read_from_raw_folders_alone(tmp_path: Path) -> None:
    """Issue 8: where a data folder holds tst3/tst4 and their keys but no processed test.json, the slots eval
    reads the raw messages (here: the dev files under test names)."""
    import shutil

    from eventwire.eval.muc4_slots import load_gold

    raw = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "muc4" / "raw" / "CORPORA"
    for src, dst in (("tst1", "tst3"), ("tst2", "tst4")):
        folder = tmp_path / "muc4" / "raw" / "CORPORA" / dst
        folder.mkdir(parents=True)
        for f in (raw / src).iterdir():
            name = f"key-{dst}.v2" if f.name.startswith("key-") else f"{dst}-muc4"
            shutil.copy(f, folder / name)
    gold = load_gold(tmp_path, "test")
    assert len(gold) > 150
    assert all(m.text == m.text.lower() and m.published is not None for m in gold[:20])


TEST_SPLIT = Path(__file__).resolve().parent / "data" / "muc4_test_split"


def test_test_split_fixture_is_read_from_tst3_and_tst4() -> None:
    """A data folder in the layout of MUC-4's test release (CORPORA/tst3, tst4 with key-tst3.v2 and
    key-tst4.v2, no processed test.json): the raw messages are the texts, lower-cased after their dateline."""
    gold = ms.load_gold(TEST_SPLIT, "test")
    assert [g.docid for g in gold] == ["TST3-MUC4-0001", "TST3-MUC4-0002", "TST4-MUC4-0001"]
    assert gold[0].text.startswith("san salvador, 12 mar 90 (acan-efe) -- urban guerrillas bombed a bank")
    assert gold[0].published == date(1990, 3, 12) and gold[1].published is None
    assert [len(g.templates) for g in gold] == [1, 0, 1]
    with pytest.raises(DatasetError, match="dev split not found"):
        ms.load_gold(TEST_SPLIT, "dev")


@pytest.mark.slow
def test_cli_scores_the_test_split_of_a_folder_that_has_it() -> None:
    result = CliRunner().invoke(
        app, ["eval", "muc4", "--slots", "date", "--split", "test", "--data", str(TEST_SPLIT), "--json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["split"] == "test"
    metrics = out["metrics"]
    assert (metrics["documents"], metrics["templates"], metrics["date_scored"]) == (3, 2, 2)
    assert metrics["date_correct"] == 2  # "yesterday" from the 12 March dateline; "on 31 march"
