"""Placing events on the map. INTERFACE STUB: the geo work (issue 4) replaces the body, not the signature."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from eventwire.models import Location


class PlaceResolver:
    """Recognises and resolves place names of a document; built once, reused for every document."""

    def locate_event(self, doc: Doc, anchor: Span, context: list[Span]) -> Location:
        """The location of the event whose trigger is `anchor`, given the sentences that mention it.

        Returns Location() (precision "unknown") where the text gives no place for the event.
        """
        return Location()
