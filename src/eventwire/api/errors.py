"""Every API error has one JSON shape, `{"ok": false, "error", "errors", "status"}`, as datasette's.

`error` is one line for a person; `errors` lists each problem for a program (`field`, `value`, `message`,
`allowed`); `status` repeats the HTTP status so a saved response still says what happened. The handlers
below translate the library's exceptions here, at the edge, and nowhere else.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from eventwire.corrections import CorrectionError
from eventwire.errors import EventwireError, InputError, NotFoundError
from eventwire.query import FilterError

log = logging.getLogger(__name__)


def error_body(status: int, error: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The one error shape."""
    return {"ok": False, "error": error, "errors": errors or [], "status": status}


def error_response(status: int, error: str, errors: list[dict[str, Any]] | None = None, **kw: Any) -> Any:
    return JSONResponse(error_body(status, error, errors), status_code=status, **kw)


def _problem(field: str | None, value: Any, message: str, allowed: list[str] | None = None) -> dict[str, Any]:
    return {"field": field, "value": value, "message": message, "allowed": allowed}


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the one shape."""

    @app.exception_handler(FilterError)
    async def _filters(_: Request, exc: FilterError) -> Any:
        return error_response(422, str(exc), [p.as_dict() for p in exc.problems])

    @app.exception_handler(CorrectionError)
    async def _correction(_: Request, exc: CorrectionError) -> Any:
        return error_response(422, str(exc), [_problem(exc.field, None, str(exc), exc.allowed)])

    @app.exception_handler(InputError)
    async def _input(_: Request, exc: InputError) -> Any:
        return error_response(422, str(exc), [_problem("text", None, str(exc))])

    @app.exception_handler(NotFoundError)
    async def _missing(_: Request, exc: NotFoundError) -> Any:
        return error_response(404, str(exc))

    @app.exception_handler(EventwireError)  # StoreError and the rest: the server's fault, not the request's
    async def _library(_: Request, exc: EventwireError) -> Any:
        log.error("%s", exc)
        return error_response(500, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> Any:
        problems = [
            _problem(".".join(str(p) for p in e.get("loc", ())[1:]) or None, e.get("input"), e["msg"])
            for e in exc.errors()
        ]
        summary = "; ".join(f"{p['field']}: {p['message']}" if p["field"] else p["message"] for p in problems)
        return error_response(422, summary or "invalid request", problems)

    @app.exception_handler(HTTPException)
    async def _http(_: Request, exc: HTTPException) -> Any:
        detail = exc.detail if isinstance(exc.detail, str) else "error"
        return error_response(exc.status_code, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> Any:
        log.exception("unhandled error")
        return error_response(500, f"internal error: {type(exc).__name__}")
