"""The HTTP API: filters shared with the CLI, pagination, incidents with their sources, exports, the token
on writes, corrections kept beside the machine's values, and one error shape; over a real uvicorn server."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conftest import API_TOKEN, LiveServer, fill_store
from eventwire.api import create_app
from eventwire.models import Event
from eventwire.settings import Settings
from eventwire.store import open_store

ALL = ["ev-video-russia", "ev-sinjar", "ev-daquq-ied", "ev-taji-times", "ev-hostile"]


@pytest.fixture(scope="module")
def client(web_db: str) -> TestClient:
    """A read-only application (no token configured) over the shared data."""
    return TestClient(create_app(Settings(db_url=web_db)))


@pytest.fixture
def writable(tmp_path) -> TestClient:  # noqa: ANN001
    store = open_store(f"sqlite:///{tmp_path / 'w.db'}")
    fill_store(store)
    return TestClient(create_app(Settings(db_url=store.url, api_token=API_TOKEN), store=store))


def _ids(body: dict[str, Any]) -> list[str]:
    return [i["id"] for i in body["incidents"]]


def _error_shape(body: dict[str, Any], status: int) -> None:
    assert set(body) == {"ok", "error", "errors", "status"}
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["errors"], list)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ALL),
        ("type=battles", ["ev-sinjar", "ev-hostile"]),
        ("sub_type=Armed%20clash", ["ev-hostile"]),
        ("status=actual", ALL),
        ("actor=islamic%20state", ["ev-video-russia", "ev-sinjar", "ev-daquq-ied"]),
        ("country=Iraq", ["ev-sinjar", "ev-daquq-ied", "ev-taji-times", "ev-hostile"]),
        ("admin1=kirkuk", ["ev-daquq-ied"]),
        ("bbox=43,35,45,37", ["ev-daquq-ied", "ev-hostile"]),  # Daquq and Mosul, not Sinjar (41.9 E)
        ("since=2020-01-01&until=2020-03-31", ["ev-daquq-ied", "ev-taji-times"]),
        ("min_fatalities=4", ["ev-hostile"]),
        ("max_fatalities=0", ["ev-video-russia", "ev-sinjar"]),
        ("min_confidence=0.76", ["ev-taji-times"]),
        ("text=katyusha", ["ev-taji-times"]),
        ("text=no%20such%20words", []),  # free text may match nothing: that is an answer, not an error
        ("limit=2&offset=1", ["ev-sinjar", "ev-daquq-ied"]),
    ],
)
def test_incident_filters(client: TestClient, query: str, expected: list[str]) -> None:
    response = client.get(f"/api/incidents?{query}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert _ids(body) == expected
    if "limit" not in query:
        assert body["total"] == len(expected)


def test_pagination_reports_the_total(client: TestClient) -> None:
    body = client.get("/api/incidents?limit=2").json()
    assert (body["total"], body["limit"], body["offset"], len(body["incidents"])) == (5, 2, 0, 2)
    pages = [_ids(client.get(f"/api/incidents?limit=2&offset={o}").json()) for o in (0, 2, 4)]
    assert sum(pages, []) == ALL


@pytest.mark.parametrize(
    ("query", "field", "allowed_has"),
    [
        ("type=Batles", "type", "Battles"),
        ("sub_type=Armed%20clash&type=Protests", "sub_type", "Peaceful protest"),
        ("status=happened", "status", "actual"),
        ("country=Narnia", "country", "IQ"),
        ("admin1=Atlantis", "admin1", "Kirkuk"),
        ("actor=Nobody%20Group", "actor", "Islamic State"),
        ("colour=red", "colour", "type"),
        ("since=yesterday", "since", None),
        ("bbox=1,2,3", "bbox", None),
        ("limit=0", "limit", None),
        ("limit=5000", "limit", None),
        ("min_confidence=2", "min_confidence", None),
    ],
)
def test_unknown_filter_values_are_422_with_allowed_values(
    client: TestClient, query: str, field: str, allowed_has: str | None
) -> None:
    response = client.get(f"/api/incidents?{query}")
    assert response.status_code == 422
    body = response.json()
    _error_shape(body, 422)
    [problem] = [p for p in body["errors"] if p["field"] == field]
    if allowed_has is not None:
        assert allowed_has in problem["allowed"]


def test_every_problem_is_listed_at_once(client: TestClient) -> None:
    body = client.get("/api/incidents?type=Batles&country=Narnia&since=soon").json()
    assert sorted(p["field"] for p in body["errors"]) == ["country", "since", "type"]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/incidents?type=nope", 422),
        ("get", "/api/incidents/no-such-id", 404),
        ("get", "/api/articles/no-such-id", 404),
        ("get", "/api/no-such-route", 404),
        ("delete", "/api/incidents", 405),
        ("get", "/api/articles?limit=-1", 422),
        ("get", "/api/export/xlsx", 422),
        ("post", "/api/articles", 403),  # no token configured: read-only
        ("post", "/api/incidents/ev-sinjar/corrections", 403),
    ],
)
def test_one_error_shape(client: TestClient, method: str, path: str, status: int) -> None:
    response = getattr(client, method)(path)
    assert response.status_code == status
    _error_shape(response.json(), status)


def test_incident_with_sources_and_evidence(client: TestClient) -> None:
    body = client.get("/api/incidents/ev-taji-times").json()
    incident = Event.model_validate(body["incident"])
    assert {s.outlet for s in incident.sources} == {"The Times", "Reuters"}
    texts = {a["id"]: a["text"] for a in body["articles"]}
    assert set(texts) == {s.article_id for s in incident.sources}
    for evidence in incident.evidence:  # every offset points into the article returned beside it
        assert texts[evidence.article_id][evidence.start : evidence.end] == evidence.text


def test_articles_listed_and_read(client: TestClient) -> None:
    body = client.get("/api/articles?limit=3").json()
    assert body["total"] == 5 and len(body["articles"]) == 3
    assert "text" not in body["articles"][0]
    one = client.get(f"/api/articles/{body['articles'][0]['id']}").json()["article"]
    assert one["text"]


def test_stats_and_timeline(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["articles"] == 5 and stats["events"] == 5
    assert stats["by_type"]["Battles"] == 2 and stats["by_country"]["unknown"] == 1
    timeline = client.get("/api/timeline").json()
    assert timeline["months"] == {"2015-11": 2, "2020-03": 2, "2020-05": 1} and timeline["undated"] == 0
    assert client.get("/api/timeline?country=IQ").json()["months"] == {
        "2015-11": 1,
        "2020-03": 2,
        "2020-05": 1,
    }


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "gtd", "geojson", "parquet"])
def test_exports_are_the_clis(client: TestClient, fmt: str, tmp_path) -> None:  # noqa: ANN001
    from eventwire import export

    response = client.get(f"/api/export/{fmt}?country=IQ")
    assert response.status_code == 200
    name = "eventwire-incidents-gtd.csv" if fmt == "gtd" else f"eventwire-incidents.{fmt}"
    assert name in response.headers["content-disposition"]
    expected = tmp_path / f"cli.{fmt}"
    with open_store(client.app.state.store.url) as store:
        export.write_events(store.query_events(store_filter(country="IQ")), fmt, expected)
    assert response.content == expected.read_bytes()


def store_filter(**kw: Any) -> Any:
    from eventwire.query import parse_filter

    return parse_filter(kw)


def test_openapi_spec_documents_every_filter(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    params = {p["name"] for p in spec["paths"]["/api/incidents"]["get"]["parameters"]}
    assert {"type", "sub_type", "status", "actor", "country", "admin1", "bbox", "since", "until"} <= params
    assert {"min_fatalities", "max_fatalities", "min_confidence", "text", "limit", "offset"} <= params
    assert "post" in spec["paths"]["/api/incidents/{incident_id}/corrections"]


def test_writes_need_the_token(writable: TestClient) -> None:
    body = {"field": "fatalities.killed.best", "value": 4}
    path = "/api/incidents/ev-daquq-ied/corrections"
    assert writable.post(path, json=body).status_code == 401
    wrong = writable.post(path, json=body, headers={"Authorization": "Bearer wrong"})
    assert wrong.status_code == 401
    _error_shape(wrong.json(), 401)
    ok = writable.post(path, json=body, headers={"Authorization": f"Bearer {API_TOKEN}"})
    assert ok.status_code == 200, ok.text


def test_a_correction_is_kept_beside_the_machine_value_in_every_export(writable: TestClient) -> None:
    auth = {"Authorization": f"Bearer {API_TOKEN}"}
    path = "/api/incidents/ev-daquq-ied/corrections"
    response = writable.post(
        path, json={"field": "fatalities.killed.best", "value": 4, "note": "AP: four"}, headers=auth
    )
    incident = response.json()["incident"]
    assert incident["fatalities"]["killed"]["best"] == 4
    [correction] = incident["corrections"]
    assert (correction["field"], correction["value"], correction["machine_value"]) == (
        "fatalities.killed.best",
        4,
        2,
    )
    # Filters read the corrected value...
    assert _ids(writable.get("/api/incidents?min_fatalities=4").json()) == ["ev-daquq-ied", "ev-hostile"]
    # ...and every export says it was corrected, and from what.
    row = next(
        r
        for r in csv.DictReader(io.StringIO(writable.get("/api/export/csv").text))
        if r["event_id"] == "ev-daquq-ied"
    )
    assert row["fatalities"] == "4" and "fatalities.killed.best" in row["corrections"]
    for fmt in ("json", "jsonl", "geojson"):
        assert '"machine_value"' in writable.get(f"/api/export/{fmt}").text or fmt == "geojson"
    geo = writable.get("/api/export/geojson").json()
    feature = next(f for f in geo["features"] if f["id"] == "ev-daquq-ied")
    assert "fatalities.killed.best=4 (machine: 2; AP: four)" in feature["properties"]["corrections"]
    gtd = csv.DictReader(io.StringIO(writable.get("/api/export/gtd").text))
    row = next(r for r in gtd if r["summary"].startswith("Roadside bomb near Daquq"))
    assert row["nkill"] == "4" and row["corrections"] == "fatalities.killed.best=4 (machine: 2; AP: four)"
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(writable.get("/api/export/parquet").content)).to_pylist()
    parquet_row = next(r for r in table if r["fatalities"] == 4)
    assert parquet_row["corrections"] == ["fatalities.killed.best=4 (machine: 2; AP: four)"]


def test_a_correction_survives_a_new_report_of_the_incident(tmp_path) -> None:  # noqa: ANN001
    from conftest import DATA, _records
    from eventwire.incidents import merge_article
    from eventwire.models import Article

    store = open_store(f"sqlite:///{tmp_path / 'c.db'}")
    articles = {a.id: a for a in _records(DATA / "store" / "articles.jsonl", Article)}
    events = {e.id: e for e in _records(DATA / "store" / "events.jsonl", Event)}
    times, reuters = events["ev-taji-times"], events["ev-taji-reuters"]
    with store.batch():
        store.add_article(articles[times.sources[0].article_id])
        [incident] = merge_article(store, times.sources[0].article_id, [times])
    store.add_correction(incident, "location.name", "Camp Taji base")
    with store.batch():  # Reuters' report merges into the corrected incident
        store.add_article(articles[reuters.sources[0].article_id])
        assert merge_article(store, reuters.sources[0].article_id, [reuters]) == [incident]
    merged = store.event(incident)
    assert merged.location.name == "Camp Taji base" and len(merged.sources) == 2
    assert merged.corrections[0].machine_value in {"Taji", "Camp Taji"}


@pytest.mark.parametrize(
    ("field", "value", "allowed_has"),
    [
        ("sub_event_type", "Picnic", "Armed clash"),
        ("event_type", "Protests", "Peaceful protest"),  # the sub-type would no longer fit
        ("status", "maybe", "actual"),
        ("attack_type", "Drive-by", "Armed Assault"),
        ("date.precision", "fortnight", "week"),
        ("actors", [], "summary"),
        ("fatalities.killed.best", "many", None),
    ],
)
def test_bad_corrections_are_422(
    writable: TestClient, field: str, value: Any, allowed_has: str | None
) -> None:
    response = writable.post(
        "/api/incidents/ev-sinjar/corrections",
        json={"field": field, "value": value},
        headers={"Authorization": f"Bearer {API_TOKEN}"},
    )
    assert response.status_code == 422, response.text
    body = response.json()
    _error_shape(body, 422)
    if allowed_has:
        assert allowed_has in body["errors"][0]["allowed"]
    assert writable.get("/api/incidents/ev-sinjar").json()["incident"]["corrections"] == []


def test_correcting_a_sub_type_brings_its_type(writable: TestClient) -> None:
    def correct(sub_type: str) -> dict[str, Any]:
        response = writable.post(
            "/api/incidents/ev-sinjar/corrections",
            json={"field": "sub_event_type", "value": sub_type},
            headers={"Authorization": f"Bearer {API_TOKEN}"},
        )
        return response.json()["incident"]

    incident = correct("Armed clash")
    assert (incident["event_type"], incident["sub_event_type"]) == ("Battles", "Armed clash")
    incident = correct("Arrests")
    assert (incident["event_type"], incident["sub_event_type"]) == ("Strategic developments", "Arrests")
    assert {c["field"]: c["machine_value"] for c in incident["corrections"]} == {
        "sub_event_type": "Government regains territory",
        "event_type": "Battles",
    }


class _FakeExtractor:
    """Stands in for the spaCy extractor: one Armed clash per article, so the write path runs in a second."""

    def extract_many(self, articles: list) -> Any:
        for article in articles:
            yield article, self.extract(article)

    def extract(self, article: Any) -> list[Event]:
        return [
            Event(
                id=f"ev-{article.id}",
                event_type="Battles",
                sub_event_type="Armed clash",
                summary=article.title,
            )
        ]


def test_ingest_an_article(tmp_path) -> None:  # noqa: ANN001
    store = open_store(f"sqlite:///{tmp_path / 'i.db'}")
    app = create_app(Settings(db_url=store.url, api_token=API_TOKEN), store=store, extractor=_FakeExtractor())
    client = TestClient(app)
    auth = {"Authorization": f"Bearer {API_TOKEN}"}
    report = {
        "title": "Clash in Kirkuk",
        "text": "Gunmen clashed with police in Kirkuk on Tuesday, officials said.",
        "outlet": "AP",
    }
    first = client.post("/api/articles", json=report, headers=auth)
    assert first.status_code == 201, first.text
    assert first.json()["status"] == "stored" and first.json()["events"] == 1
    again = client.post("/api/articles", json=report, headers=auth).json()
    assert again["status"] == "duplicate" and again["article_id"] == first.json()["article_id"]
    assert client.get("/api/incidents").json()["total"] == 1
    refused = client.post("/api/articles", json={"text": "too short"}, headers=auth)
    assert refused.status_code == 422 and "empty" in refused.json()["error"]
    missing = client.post("/api/articles", json={"title": "no text"}, headers=auth)
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "text"


def _http(url: str, data: dict | None = None, token: str | None = None) -> tuple[int, dict[str, Any], Any]:
    request = urllib.request.Request(url, data=None if data is None else json.dumps(data).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback test server
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), json.loads(exc.read())


def test_real_server_end_to_end(live_server: LiveServer) -> None:
    status, headers, body = _http(f"{live_server.url}/api/incidents?country=IQ&limit=2")
    assert status == 200 and body["total"] == 4 and len(body["incidents"]) == 2
    assert "script-src 'self'" in headers["content-security-policy"]
    status, _, body = _http(f"{live_server.url}/api/incidents?type=Batles")
    assert status == 422 and body["errors"][0]["allowed"][0] == "Battles"
    correction = {"field": "status", "value": "alleged", "note": "one source"}
    status, _, body = _http(f"{live_server.url}/api/incidents/ev-sinjar/corrections", correction)
    assert status == 401 and set(body) == {"ok", "error", "errors", "status"}
    status, _, body = _http(f"{live_server.url}/api/incidents/ev-sinjar/corrections", correction, API_TOKEN)
    assert status == 200 and body["incident"]["status"] == "alleged"
    _, _, body = _http(f"{live_server.url}/api/incidents?status=alleged")
    assert [i["id"] for i in body["incidents"]] == ["ev-sinjar"]


def test_read_only_server_refuses_writes(web_db: str) -> None:
    server = LiveServer(web_db, token=None)
    try:
        status, _, body = _http(f"{server.url}/api/articles", {"text": "x"}, "anything")
        assert status == 403 and "read-only" in body["error"]
    finally:
        server.stop()


def test_correcting_a_missing_incident_is_404(writable: TestClient) -> None:
    response = writable.post(
        "/api/incidents/no-such-id/corrections",
        json={"field": "status", "value": "actual"},
        headers={"Authorization": f"Bearer {API_TOKEN}"},
    )
    assert response.status_code == 404
    _error_shape(response.json(), 404)


def test_eventwire_serve_command_serves_a_database(web_db: str) -> None:
    """The CLI itself (`eventwire serve --db --host --port`), as a user starts it, in its own process."""
    import os
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "EVENTWIRE_API_TOKEN"}
    command = [
        sys.executable,
        "-m",
        "eventwire",
        "serve",
        "--db",
        web_db,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _, body = _http(f"http://127.0.0.1:{port}/api/stats")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        assert status == 200 and body["events"] == 5
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as page:  # noqa: S310 - loopback
            assert b"/static/dashboard.js" in page.read()
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in stderr and "read-only" in stderr


def test_pages_never_parse_strings_as_html() -> None:
    """eventwire's own scripts build the page with textContent only (Leaflet's vendored code is not ours)."""
    from eventwire.api.app import STATIC

    for script in STATIC.glob("*.js"):
        code = "\n".join(
            line for line in script.read_text().splitlines() if not line.lstrip().startswith("//")
        )
        for sink in (
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
        ):
            assert sink not in code, f"{script.name} uses {sink}"


def test_responses_carry_a_strict_csp(client: TestClient) -> None:
    for path in ("/", "/incident/ev-sinjar", "/api/incidents", "/static/dashboard.js", "/api/nothing"):
        csp = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe" not in csp
