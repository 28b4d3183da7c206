"""Actors under one name. INTERFACE STUB: the actors work (issue 4) replaces the body, not the signature."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActorInfo:
    name: str  # canonical name, e.g. "Islamic State"
    type: str | None = None  # ACLED actor type, e.g. "Rebel group"
    country: str | None = None  # ISO alpha-2 where the actor belongs to one country


class ActorResolver:
    """Maps a surface form ("Isis", "Daesh", "PMF") to its canonical actor; None when unknown."""

    def canonical(self, text: str) -> ActorInfo | None:
        return None
