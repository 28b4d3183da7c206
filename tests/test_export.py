"""Every export format written and parsed back; the ACLED/GTD/UCDP code mappings."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from eventwire import export
from eventwire.errors import EventwireError
from eventwire.models import Actor, Count, Event, Fatalities

DATA = Path(__file__).parent / "data" / "store"
EVENTS = [
    Event.model_validate_json(line)
    for line in (DATA / "events.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
BY_ID = {e.id: e for e in EVENTS}
# ACLED's public export, every column in ACLED's order (the list).
ACLED_FIRST = (
    "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 "
    "assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country "
    "admin1 admin2 admin3 location latitude longitude geo_precision source source_scale notes fatalities "
    "tags timestamp"
).split()
GTD_NEEDED = (
    "iyear imonth iday country_txt city latitude longitude specificity attacktype1_txt targtype1_txt gname "
    "weaptype1_txt nkill nwound success suicide claimed summary"
).split()


# --- mappings --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("precision", "acled", "gtd"),
    [("town", 1, 1), ("near town", 2, 2), ("region", 3, 3), ("country", 3, 5), ("unknown", 3, 5)],
)
def test_place_precision_codes(precision: str, acled: int, gtd: int) -> None:
    assert export.acled_geo_precision(precision) == acled
    assert export.gtd_specificity(precision) == gtd


def test_gtd_specificity_of_a_first_level_region() -> None:
    assert export.gtd_specificity("region", is_admin1=True) == 4


@pytest.mark.parametrize(
    ("precision", "start", "end", "acled", "ucdp"),
    [
        ("day", date(2020, 3, 11), date(2020, 3, 11), 1, 1),
        ("day", date(2020, 3, 11), date(2020, 3, 13), 1, 2),  # "between Wednesday and Friday"
        ("day", date(2020, 3, 1), date(2020, 3, 20), 1, 4),
        ("week", date(2020, 3, 9), date(2020, 3, 15), 2, 3),
        ("month", date(2020, 3, 1), date(2020, 3, 31), 3, 4),
        ("year", date(2020, 1, 1), date(2020, 12, 31), 3, 5),
        ("unknown", None, None, 3, 5),
    ],
)
def test_date_precision_codes(precision: str, start: date, end: date, acled: int, ucdp: int) -> None:
    assert export.acled_time_precision(precision) == acled
    assert export.ucdp_date_prec(precision, start, end) == ucdp


@pytest.mark.parametrize(
    ("type1", "type2", "inter1", "inter2", "interaction"),
    [
        ("State forces", "Rebel group", 1, 2, 12),
        ("rebel group", "Civilians", 2, 7, 27),
        ("External/Other forces", "State forces", 8, 1, 18),
        ("Rebel group", None, 2, None, 20),
        ("object", None, None, None, None),
    ],
)
def test_acled_inter_codes(type1: str, type2: str | None, inter1: int, inter2: int, interaction: int) -> None:
    assert export.acled_inter_code(type1) == inter1
    assert export.acled_inter_code(type2) == inter2
    assert export.acled_interaction(inter1, inter2) == interaction


@pytest.mark.parametrize(
    ("value", "code", "name"),
    [
        ("IQ", "IQ", "Iraq"),
        ("iq", "IQ", "Iraq"),
        ("Iraq", "IQ", "Iraq"),
        ("SYR", "SY", "Syria"),
        ("Narnia", None, None),
    ],
)
def test_countries(value: str, code: str | None, name: str | None) -> None:
    assert export.country_code(value) == code
    assert export.country_name(code) == name


@pytest.mark.parametrize(
    ("killed", "expected"),
    [
        ({"low": 3, "best": 3, "high": 3}, 3),
        ({"low": 24}, 24),
        ({"low": 2, "best": 4, "high": 9}, 4),
        ({}, 0),
    ],
)
def test_fatalities_figure(killed: dict, expected: int) -> None:
    ev = EVENTS[0].model_copy(update={"fatalities": Fatalities(killed=Count(**killed))})
    assert export.fatalities(ev) == expected


def test_flat_row_sides_and_names() -> None:
    row = export.flatten(BY_ID["ev-sinjar"])
    assert tuple(row) == export.COLUMN_NAMES
    assert (row["actor1"], row["inter1"], row["actor2"], row["inter2"], row["interaction"]) == (
        "Peshmerga",
        1,
        "Islamic State",
        2,
        12,
    )
    assert (row["country"], row["country_code"], row["location"], row["geo_precision"]) == (
        "Iraq",
        "IQ",
        "Sinjar",
        1,
    )
    video = export.flatten(BY_ID["ev-video-russia"])
    assert (video["actor1"], video["actor2"], video["media_outlet"]) == (
        "Islamic State",
        None,
        "al-Hayat Media Center",
    )
    assert (video["latitude"], video["geo_precision"], video["gtd_specificity"]) == (None, None, 5)
    assert row["event_id_cnty"].startswith("IRQ") and row["event_id_cnty"][3:].isdigit()
    assert (row["iso"], row["region"], row["disorder_type"]) == (368, "Middle East", "Political violence")


def test_protest_sides_follow_acled_protesters_first() -> None:
    protest = Event(
        id="ev-protest",
        event_type="Protests",
        sub_event_type="Protest with intervention",
        actors=[
            Actor(name="Police Forces of Pakistan", role="actor", type="state forces"),
            Actor(name="protesters", role="victim", type="protesters"),
        ],
    )
    row = export.flatten(protest)
    assert (row["actor1"], row["actor2"]) == ("protesters", "Police Forces of Pakistan")


def test_a_group_that_did_and_claimed_an_attack_is_not_its_own_associate() -> None:
    bombing = Event(
        id="ev-claimed",
        event_type="Explosions/Remote violence",
        sub_event_type="Suicide bomb",
        actors=[
            Actor(name="al-Shabaab", role="claimant", type="Rebel group"),
            Actor(name="al-Shabaab", role="perpetrator", type="Rebel group"),
        ],
    )
    row = export.flatten(bombing)
    assert (row["actor1"], row["assoc_actor_1"]) == ("al-Shabaab", None)


# --- formats ---------------------------------------------------------------------------------------------


def _text(fmt: str, events: list[Event] = EVENTS) -> str:
    buffer = io.StringIO()
    assert export.write_events(iter(events), fmt, buffer) == len(events)
    return buffer.getvalue()


@pytest.mark.parametrize("events", [EVENTS, []], ids=["events", "empty"])
def test_json_is_exactly_the_event_records(events: list[Event]) -> None:
    assert json.loads(_text("json", events)) == [e.model_dump(mode="json") for e in events]


def test_jsonl_round_trips() -> None:
    lines = _text("jsonl").splitlines()
    assert [Event.model_validate_json(line) for line in lines] == EVENTS


def test_csv_has_acled_columns_first() -> None:
    reader = csv.DictReader(io.StringIO(_text("csv")))
    assert reader.fieldnames[: len(ACLED_FIRST)] == ACLED_FIRST
    assert list(reader.fieldnames) == list(export.COLUMN_NAMES)
    rows = {r["event_id"]: r for r in reader}
    assert set(rows) == set(BY_ID)
    taji = rows["ev-taji-times"]
    assert taji["event_date"] == "2020-03-11" and taji["year"] == "2020" and taji["time_precision"] == "1"
    assert taji["country"] == "Iraq" and taji["country_code"] == "IQ"
    assert (taji["latitude"], taji["longitude"], taji["geo_precision"]) == ("33.52", "44.27", "2")
    assert (taji["fatalities"], taji["killed_low"], taji["wounded_low"], taji["wounded_best"]) == (
        "3",
        "3",
        "12",
        "",
    )
    assert taji["actor1"] == "Kata'ib Hezbollah" and taji["actor2"] == "Coalition forces"
    assert taji["source"] == "The Times"
    assert taji["evidence_text"].split(export.EVIDENCE_SEP) == [
        e.text for e in BY_ID["ev-taji-times"].evidence
    ]
    assert rows["ev-video-russia"]["media_threatened"] == "Russia"
    assert rows["ev-video-russia"]["geo_precision"] == ""  # not located: no geo_precision at all


def test_geojson_points_and_null_geometry() -> None:
    collection = json.loads(_text("geojson"))
    assert collection["type"] == "FeatureCollection"
    features = {f["id"]: f for f in collection["features"]}
    assert features["ev-sinjar"]["geometry"] == {"type": "Point", "coordinates": [41.87, 36.32]}
    assert features["ev-video-russia"]["geometry"] is None
    assert features["ev-sinjar"]["properties"]["sub_event_type"] == "Government regains territory"
    assert features["ev-sinjar"]["properties"]["event_date"] == "2015-11-13"
    assert json.loads(_text("geojson", [])) == {"type": "FeatureCollection", "features": []}


@pytest.mark.parametrize("events", [EVENTS, []], ids=["events", "empty"])
def test_parquet(tmp_path: Path, events: list[Event]) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "events.parquet"
    assert export.write_events(events, "parquet", path) == len(events)
    table = pq.read_table(path)
    assert table.schema == export.parquet_schema()
    rows = table.to_pylist()
    assert [r["event_id"] for r in rows] == [e.id for e in events]
    if events:
        taji = rows[[e.id for e in events].index("ev-taji-times")]
        assert (
            taji["event_date"] == date(2020, 3, 11) and taji["killed_best"] == 3 and taji["latitude"] == 33.52
        )
        assert taji["evidence_text"] == [e.text for e in BY_ID["ev-taji-times"].evidence]  # a list
        assert taji["article_ids"] == [s.article_id for s in BY_ID["ev-taji-times"].sources]


def test_parquet_to_a_binary_stream_and_not_to_a_text_one() -> None:
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    export.write_events(EVENTS, "parquet", buffer)
    assert pq.read_table(io.BytesIO(buffer.getvalue())).num_rows == len(EVENTS)
    with pytest.raises(EventwireError, match="binary"):
        export.write_events(EVENTS, "parquet", io.StringIO())


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "geojson"])
def test_text_formats_to_paths_and_binary_streams(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"out.{fmt}"
    export.write_events(EVENTS, fmt, path)
    binary = io.BytesIO()
    export.write_events(EVENTS, fmt, binary)
    assert not binary.closed
    assert path.read_bytes() == binary.getvalue() == _text(fmt).encode("utf-8")


def test_unknown_format() -> None:
    with pytest.raises(EventwireError, match="unknown export format"):
        export.write_events(EVENTS, "xlsx", io.StringIO())


# --- ACLED's codebook, GTD's categories, lists as lists, formula-safe cells ------------------------------


def _event(**changes: object) -> Event:
    return BY_ID["ev-taji-times"].model_copy(update=changes)


@pytest.mark.parametrize(
    ("name", "role", "inter"),
    [
        ("police", "target", 1),
        ("Iraqi policemen", "target", 1),
        ("troops", "target", 1),
        ("protesters", "perpetrator", 6),
        ("villagers", "victim", 7),
        ("gunmen", "perpetrator", 3),
        ("rioters", "perpetrator", 5),
        ("military base", "target", None),
    ],
)
def test_inter_codes_of_unnamed_actors(name: str, role: str, inter: int | None) -> None:
    row = export.flatten(_event(actors=[Actor(name=name, role=role)]))
    assert row["inter1" if role == "perpetrator" else "inter2"] == inter


@pytest.mark.parametrize(
    ("event_type", "sub_event_type", "disorder"),
    [
        ("Battles", "Armed clash", "Political violence"),
        ("Protests", "Peaceful protest", "Demonstrations"),
        ("Riots", "Violent demonstration", "Demonstrations"),
        ("Riots", "Mob violence", "Political violence"),
        ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
        ("Strategic developments", "Arrests", "Strategic developments"),
    ],
)
def test_disorder_type(event_type: str, sub_event_type: str, disorder: str) -> None:
    row = export.flatten(_event(event_type=event_type, sub_event_type=sub_event_type))
    assert row["disorder_type"] == disorder


def test_civilian_targeting_source_scale_tags_and_timestamp() -> None:
    ev = _event(
        event_type="Violence against civilians",
        sub_event_type="Attack",
        actors=[Actor(name="gunmen", role="perpetrator"), Actor(name="villagers", role="victim")],
    )
    row = export.flatten(ev)
    assert (row["civilian_targeting"], row["interaction"]) == ("Civilian targeting", 37)
    assert row["source_scale"] == "International"  # The Times
    assert row["timestamp"] == 1583971200  # 2020-03-12, the source's publication day, UTC
    assert export.flatten(_event(event_type="Protests", sub_event_type="Peaceful protest"))["tags"] == (
        "crowd size=no report"
    )


def test_acled_ids_are_stable_and_country_prefixed() -> None:
    ev = BY_ID["ev-taji-times"]
    assert export.acled_event_id(ev) == export.acled_event_id(ev.model_copy())
    assert export.acled_event_id(ev) != export.acled_event_id(BY_ID["ev-sinjar"])
    unplaced = ev.model_copy(update={"location": ev.location.model_copy(update={"country": None})})
    assert export.acled_event_id(unplaced).startswith("XXX")


def test_gtd_csv_has_gtds_columns_and_categories() -> None:
    reader = csv.DictReader(io.StringIO(_text("gtd")))
    assert set(GTD_NEEDED) <= set(reader.fieldnames or [])
    rows = list(reader)
    assert len(rows) == len(EVENTS)
    suicide = export.gtd_row(
        _event(
            sub_event_type="Suicide bomb",
            attack_type="Bombing/Explosion",
            actors=[
                Actor(name="Islamic State", role="claimant", type="Rebel group"),
                Actor(name="worshippers at a mosque", role="victim"),
            ],
        )
    )
    assert (suicide["suicide"], suicide["claimed"], suicide["success"]) == (1, 1, 1)
    assert (suicide["attacktype1_txt"], suicide["weaptype1_txt"]) == ("Bombing/Explosion", "Explosives")
    assert (suicide["targtype1_txt"], suicide["gname"]) == ("Religious Figures/Institutions", "Islamic State")
    assert (suicide["iyear"], suicide["imonth"], suicide["iday"], suicide["country_txt"]) == (
        2020,
        3,
        11,
        "Iraq",
    )
    police = export.gtd_row(_event(actors=[Actor(name="police patrol", role="target")], attack_type=None))
    assert (police["targtype1_txt"], police["gname"], police["attacktype1_txt"]) == (
        "Police",
        "Unknown",
        "Unknown",
    )
    undated = export.gtd_row(
        _event(date=BY_ID["ev-taji-times"].date.model_copy(update={"precision": "year"}))
    )
    assert (undated["imonth"], undated["iday"]) == (0, 0)
    # a claim told as the perpetrator's certainty (the event itself is actual) is GTD's "claimed"
    by_claim = export.gtd_row(
        _event(actors=[Actor(name="Taliban", role="perpetrator", type="Rebel group", certainty="claimed")])
    )
    suspected = export.gtd_row(
        _event(actors=[Actor(name="Taliban", role="perpetrator", type="Rebel group", certainty="suspected")])
    )
    assert (by_claim["claimed"], suspected["claimed"]) == (1, 0)


def test_geojson_keeps_lists_as_lists() -> None:
    features = {f["id"]: f for f in json.loads(_text("geojson"))["features"]}
    props = features["ev-taji-times"]["properties"]
    assert props["evidence_text"] == [e.text for e in BY_ID["ev-taji-times"].evidence]
    assert isinstance(props["actors"], list) and isinstance(props["weapons"], list)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("plain text", "plain text"),
        (-3, -3),
        (None, None),
    ],
)
def test_safe_cell(value: object, expected: object) -> None:
    assert export.safe_cell(value) == expected


@pytest.mark.parametrize("fmt", ["csv", "gtd"])
def test_csv_cells_from_articles_cannot_be_formulas(fmt: str) -> None:
    hostile = _event(summary="=cmd|' /C calc'!A0", actors=[Actor(name="@evil", role="perpetrator")])
    text = _text(fmt, [hostile])
    for row in csv.reader(io.StringIO(text)):
        assert not any(cell[:1] in "=+@" and cell for cell in row)
    assert "'=cmd" in text


def test_the_codebook_documents_every_column() -> None:
    codebook = (Path(__file__).parents[1] / "docs" / "export.md").read_text(encoding="utf-8")
    missing = [c for c in (*export.COLUMN_NAMES, *export.GTD_COLUMNS) if f"`{c}`" not in codebook]
    assert not missing
    for recipe in ("pandas", "R", "QGIS"):
        assert f"### {recipe}" in codebook


@pytest.mark.parametrize(
    ("actor", "acled_name", "inter"),
    [
        (Actor(name="armed men", role="perpetrator"), "Unidentified Armed Group (Iraq)", 3),
        (Actor(name="gunmen", role="perpetrator"), "Unidentified Armed Group (Iraq)", 3),
        (Actor(name="Iraqi policemen", role="perpetrator"), "Police Forces of Iraq", 1),
        (Actor(name="troops", role="perpetrator"), "Military Forces of Iraq", 1),
        (Actor(name="protesters", role="perpetrator"), "Protesters (Iraq)", 6),
        (Actor(name="Islamic State", role="perpetrator", type="Rebel group"), "Islamic State", 2),
    ],
)
def test_unnamed_actors_get_acleds_generic_names(actor: Actor, acled_name: str, inter: int) -> None:
    row = export.flatten(_event(actors=[actor]))
    assert (row["actor1"], row["inter1"]) == (acled_name, inter)
    assert f"{actor.name} (perpetrator)" in row["actors"]  # the report's own words stay in eventwire's column


def test_gtd_names_no_group_for_unnamed_attackers() -> None:
    assert export.gtd_row(_event(actors=[Actor(name="armed men", role="perpetrator")]))["gname"] == "Unknown"
