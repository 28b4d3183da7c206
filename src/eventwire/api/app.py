"""The HTTP API and the dashboard: a thin shell over the store, the filter parser, exports and the pipeline.

Reads are open; writes (ingest an article, correct a field) need `Authorization: Bearer TOKEN` matching the
`api_token` setting, and with no token configured the server is read-only. Every response carries a strict
Content-Security-Policy: the dashboard loads only its own files, so article text (untrusted) can never
pull in or run code, whatever it contains. The OpenAPI spec is at /api/openapi.json; FastAPI's /docs page
is off because it loads its scripts from a CDN, which neither our users' networks nor the CSP allow.
"""

from __future__ import annotations

import dataclasses
import hmac
import inspect
import tempfile
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask
from starlette.staticfiles import StaticFiles

from eventwire import export
from eventwire.api.errors import error_response, install
from eventwire.corrections import CHOICES, CORRECTABLE
from eventwire.models import EVENT_TYPES, Article, Event
from eventwire.query import FILTERS, STATUSES, parse_filter
from eventwire.settings import Settings
from eventwire.store.base import EventFilter, Store

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"
PAGE_SIZE = 100
MAX_PAGE = 1000
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
_EXPORT_NAMES = {"gtd": "eventwire-incidents-gtd.csv"}  # a spreadsheet opens it by its extension
_MEDIA_TYPES = {
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "gtd": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "parquet": "application/vnd.apache.parquet",
}


class ArticleIn(BaseModel):
    """A report to ingest, with the field names `ingest` reads from JSON Lines."""

    text: str = Field(description="The report's body (plain text or HTML).")
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None


class CorrectionIn(BaseModel):
    field: str = Field(description="Dotted path of the field: " + ", ".join(CORRECTABLE) + ".")
    value: Any = Field(None, description="The analyst's value (null clears the field).")
    note: str | None = Field(None, description="Why, for the next reader.")


def _filter_dependency(store: Store) -> Callable[..., EventFilter]:
    """A FastAPI dependency with one documented query parameter per filter (names and help from FILTERS),
    which hands all query parameters, unknown ones included, to the shared parser."""

    def dependency(request: Request, **_: str | None) -> EventFilter:
        raw = dict(request.query_params.items())
        raw.setdefault("limit", str(PAGE_SIZE))
        return parse_filter(raw, store, max_limit=MAX_PAGE)

    params = [inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request)]
    for name, help_text in FILTERS.items():
        params.append(
            inspect.Parameter(
                name,
                inspect.Parameter.KEYWORD_ONLY,
                default=None,
                annotation=Annotated[str | None, Query(description=help_text)],
            )
        )
    dependency.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    return dependency


def _article_json(article: Article, with_text: bool = True) -> dict[str, Any]:
    data = article.model_dump(mode="json")
    if not with_text:
        data.pop("text")
    return data


def create_app(settings: Settings, store: Store | None = None, extractor: Any = None) -> FastAPI:
    """The application over `store` (opened from settings.db_url when not given).

    `extractor` is the one `POST /api/articles` runs; by default eventwire's, loaded on the first ingest
    (the spaCy model takes seconds to load, and a read-only server never needs it).
    """
    if store is None:
        from eventwire.store import open_store

        # A read-only server (no token) never creates a database: a typo in --db is an error.
        store = open_store(settings.db_url, create=bool(settings.api_token))
    app = FastAPI(
        title="eventwire",
        version="1",
        description="Political violence read from news reports, each field tied to its evidence.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    install(app)
    filters = Depends(_filter_dependency(store))
    write_lock = threading.Lock()
    loaded: dict[str, Any] = {"extractor": extractor}

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        for key, value in _SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
        if not settings.api_token:
            raise HTTPException(
                403, "this server is read-only: start it with EVENTWIRE_API_TOKEN set to allow writes"
            )
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), settings.api_token.encode()):
            raise HTTPException(
                401, "a write needs the header 'Authorization: Bearer TOKEN'", {"WWW-Authenticate": "Bearer"}
            )

    # --- incidents -------------------------------------------------------------------------------------

    @app.get("/api/incidents", summary="Incidents, filtered and paginated (chronological)")
    def list_incidents(flt: EventFilter = filters) -> dict[str, Any]:
        found = store.query_events(flt)
        return {
            "ok": True,
            "total": store.count_events(flt),
            "limit": flt.limit,
            "offset": flt.offset,
            "incidents": [ev.model_dump(mode="json") for ev in found],
        }

    @app.get("/api/incidents/{incident_id}", summary="One incident with its source articles and evidence")
    def get_incident(incident_id: str) -> dict[str, Any]:
        ev = store.event(incident_id)
        if ev is None:
            raise HTTPException(404, f"no incident {incident_id!r}")
        articles = [store.article(s.article_id) for s in ev.sources]
        return {
            "ok": True,
            "incident": ev.model_dump(mode="json"),
            "articles": [_article_json(a) for a in articles if a is not None],
        }

    @app.post(
        "/api/incidents/{incident_id}/corrections",
        summary="Correct one field (needs the API token); the machine's value is kept beside it",
        dependencies=[Depends(require_token)],
    )
    def correct(incident_id: str, body: Annotated[CorrectionIn, Body()]) -> dict[str, Any]:
        with write_lock:
            ev: Event = store.add_correction(incident_id, body.field, body.value, body.note)
        return {"ok": True, "incident": ev.model_dump(mode="json")}

    @app.get("/api/timeline", summary="Matching incidents per month (YYYY-MM) and how many are undated")
    def timeline(flt: EventFilter = filters) -> dict[str, Any]:
        counts = store.count_by_month(flt)
        undated = counts.pop(None, 0)
        return {"ok": True, "months": counts, "undated": undated}

    @app.get("/api/stats", summary="Summary statistics: articles, incidents by type and country, fatalities")
    def stats() -> dict[str, Any]:
        data = store.stats()
        return {"ok": True, **{k: v if not isinstance(v, dict) else _keys(v) for k, v in data.items()}}

    @app.get("/api/vocabulary", summary="The values filters and corrections accept")
    def vocabulary() -> dict[str, Any]:
        return {
            "ok": True,
            "event_types": {k: list(v) for k, v in EVENT_TYPES.items()},
            "statuses": list(STATUSES),
            "filters": FILTERS,
            "correctable": list(CORRECTABLE),
            "choices": CHOICES,
            "export_formats": list(export.FORMATS),
            "admin1": store.known_values("admin1"),
            "writable": bool(settings.api_token),
        }

    @app.get(
        "/api/export/{fmt}", summary="Matching incidents as a file, exactly as `eventwire events --format`"
    )
    def export_events(fmt: str, request: Request, flt: EventFilter = filters) -> Any:
        if fmt not in export.FORMATS:
            return error_response(
                422,
                f"unknown export format {fmt!r}",
                [
                    {
                        "field": "fmt",
                        "value": fmt,
                        "message": "unknown export format",
                        "allowed": list(export.FORMATS),
                    }
                ],
            )
        if "limit" not in request.query_params:  # an export is everything that matches, not one page
            flt = dataclasses.replace(flt, limit=None)
        filename = _EXPORT_NAMES.get(fmt, f"eventwire-incidents.{fmt}")
        handle = tempfile.NamedTemporaryFile(prefix="eventwire-export-", suffix=f"-{filename}", delete=False)
        handle.close()
        path = Path(handle.name)
        export.write_events(store.iter_events(flt), fmt, path)
        return FileResponse(
            path,
            media_type=_MEDIA_TYPES.get(fmt, "application/octet-stream"),
            filename=filename,
            background=BackgroundTask(path.unlink, missing_ok=True),
        )

    # --- articles --------------------------------------------------------------------------------------

    @app.get("/api/articles", summary="Stored articles, newest first (without their text)")
    def list_articles(
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = PAGE_SIZE,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        found = store.list_articles(limit=limit, offset=offset)
        return {
            "ok": True,
            "total": store.count_articles(),
            "limit": limit,
            "offset": offset,
            "articles": [_article_json(a, with_text=False) for a in found],
        }

    @app.get("/api/articles/{article_id}", summary="One article with its cleaned text")
    def get_article(article_id: str) -> dict[str, Any]:
        article = store.article(article_id)
        if article is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return {"ok": True, "article": _article_json(article)}

    @app.post(
        "/api/articles",
        status_code=201,
        summary="Ingest one report (needs the API token): cleaned, extracted, merged, stored",
        dependencies=[Depends(require_token)],
    )
    def post_article(body: Annotated[ArticleIn, Body()]) -> dict[str, Any]:
        from eventwire import pipeline
        from eventwire.ingest import ArticleMeta
        from eventwire.ingest.jsonl import record_to_article

        record = body.model_dump(mode="json", exclude_none=True)
        article = record_to_article(record, settings, ArticleMeta(), source_path="api")
        article = article.model_copy(update={"source_path": f"api:{article.id}"})
        with write_lock:
            if loaded["extractor"] is None:
                from eventwire.extract import Extractor

                loaded["extractor"] = Extractor()
            report = pipeline.ingest_items([article], store, settings, loaded["extractor"])
        if report.skipped:
            return error_response(422, report.skipped[0].reason)
        status = "stored" if report.stored else "duplicate"
        return {"ok": True, "article_id": article.id, "status": status, "events": report.events}

    # --- the dashboard ---------------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/incident/{incident_id}", include_in_schema=False)
    def incident_page(incident_id: str) -> FileResponse:  # noqa: ARG001 - the page reads it from its URL
        return FileResponse(STATIC / "incident.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.state.store = store
    return app


def _keys(counts: dict[Any, int]) -> dict[str, int]:
    """JSON object keys are strings: an unknown country or type (None) becomes "unknown"."""
    return {("unknown" if k is None else str(k)): v for k, v in counts.items()}
