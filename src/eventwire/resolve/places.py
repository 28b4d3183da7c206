"""Placing events on the map: recognise the article's place names, resolve them, and pick the event's place.

The event's place is not every place the article names. `locate_event` follows the order an analyst reads in:
the place attached to the trigger by a locative preposition ("attack on a base near Baghdad"), then a place of
the trigger's sentence that belongs to no other event, then what an anaphor points back to ("the same base"),
then the paragraph's region, then the country the article is about. Demonyms never place an event, a
place that is only threatened or avoided ("avoid Europe", "attacks in Russia 'very soon'") never does, and the
release of a video or newsletter happens nowhere in particular.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from eventwire.models import Location
from eventwire.nlp.doc_index import doc_text
from eventwire.resolve import event_place
from eventwire.resolve.disambiguate import Resolved, resolve_toponyms
from eventwire.resolve.gazetteer import Gazetteer
from eventwire.resolve.toponyms import Toponym, demonym_countries, recognise

_CACHE_KEY = "eventwire.places"


class PlaceResolver:
    """Recognises and resolves place names of a document; built once, reused for every document."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.load()

    def recognise(self, doc: Doc) -> list[Toponym]:
        """Place-name spans of `doc` (NER places plus gazetteer-backed names that spaCy tags otherwise)."""
        return recognise(doc, self.gazetteer)

    def resolve(self, doc: Doc, toponyms: list[Toponym]) -> list[Resolved]:
        """Each toponym with its place, in the context of the whole document."""
        return self.resolve_text(doc_text(doc), toponyms, self._demonyms(doc))

    def resolve_text(
        self, text: str, toponyms: list[Toponym], context_countries: list[str] = ()
    ) -> list[Resolved]:
        """As `resolve`, for callers without a parse (the benchmark scorer, given gold spans)."""
        return resolve_toponyms(self.gazetteer, text, toponyms, context_countries)

    def places(self, doc: Doc) -> list[Resolved]:
        """Recognised and resolved places of `doc`, computed once per document (kept in doc.user_data)."""
        cached = doc.user_data.get(_CACHE_KEY)
        if cached is None:
            cached = [r for r in self.resolve(doc, self.recognise(doc)) if r.place is not None]
            doc.user_data[_CACHE_KEY] = cached
        return cached

    def locate_event(self, doc: Doc, anchor: Span, context: list[Span]) -> Location:
        """The location of the event whose trigger is `anchor`, given the sentences that mention it.

        Returns Location() (precision "unknown") where the text gives no place for the event.
        """
        return event_place.locate(self, doc, anchor, context)

    def _demonyms(self, doc: Doc) -> list[str]:
        return demonym_countries(doc_text(doc), self.gazetteer)
