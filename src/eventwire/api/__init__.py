"""The HTTP API and dashboard of `eventwire serve`: `create_app(settings)` gives the FastAPI application."""

from __future__ import annotations

from eventwire.api.app import create_app
from eventwire.api.errors import error_body

__all__ = ["create_app", "error_body"]
