"""The Extractor: one article in, its events out, every field with its text and evidence spans.

One spaCy pass per article (nlp.pipe for batches); the trigger Matcher and media PhraseMatcher are built once
per Extractor; dates are resolved by cached rules. Places and actor names come from the resolvers handed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from eventwire.extract import arguments as args
from eventwire.extract.casualties import richer
from eventwire.extract.media import MediaFacts, MediaReader
from eventwire.extract.mentions import read_mentions
from eventwire.extract.merge import Group, merge_mentions
from eventwire.extract.triggers import TriggerFinder
from eventwire.models import (
    SUB_EVENT_PARENT,
    Actor,
    Article,
    Count,
    DateInfo,
    Event,
    Evidence,
    Fatalities,
    Location,
    Source,
    Weapon,
    stable_id,
)
from eventwire.nlp import long_texts
from eventwire.nlp.sentences import add_newline_sentences
from eventwire.resolve.actors import ActorInfo, ActorResolver
from eventwire.resolve.places import PlaceResolver

_PLACE_RANK = {"town": 4, "near town": 3, "region": 2, "country": 1, "unknown": 0}


class Extractor:
    """Reads events out of articles. Build once (it loads the model and compiles the matchers), reuse.

    DOCS: DESIGN.md "The event record".
    """

    def __init__(
        self,
        nlp: Language | None = None,
        places: PlaceResolver | None = None,
        actors: ActorResolver | None = None,
    ) -> None:
        if nlp is None:
            from eventwire.nlp.pipeline import load_nlp

            nlp = load_nlp()
        self.nlp = add_newline_sentences(nlp)  # a pipeline handed in gets the newline boundaries too
        self.places = places if places is not None else PlaceResolver()
        self.actors = actors if actors is not None else ActorResolver()
        self.triggers = TriggerFinder(nlp)
        self.media = MediaReader(nlp)

    def extract(self, article: Article) -> list[Event]:
        """The events of one article."""
        return self.events_from_doc(article, long_texts.parse(self.nlp, article.text))

    def extract_many(
        self, articles: Iterable[Article], batch_size: int = 32
    ) -> Iterator[tuple[Article, list[Event]]]:
        """(article, events) for each article, parsing in batches with nlp.pipe for throughput (a long
        article in pieces: eventwire.nlp.long_texts)."""
        pairs = ((a.text, a) for a in articles)
        for doc, article in long_texts.pipe(self.nlp, pairs, batch_size=batch_size):
            yield article, self.events_from_doc(article, doc)

    def events_from_doc(self, article: Article, doc: Doc) -> list[Event]:
        """The events of an article whose text has already been parsed into `doc`."""
        mentions = read_mentions(doc, self.triggers, self.media, article.published)
        sentence_index = {s.start: n for n, s in enumerate(doc.sents)}
        groups = merge_mentions(mentions, sentence_index)
        events = [self._event(article, doc, g) for g in groups]
        events.sort(key=lambda e: e.evidence[0].start if e.evidence else 0)
        return events

    # --- building one record -----------------------------------------------------------------------------

    def _location(self, doc: Doc, group: Group) -> Location:
        """The most precise place found around any mention, the lead's first (a headline's place is
        often a nearby city named for orientation)."""
        best = Location()
        lead = group.lead
        for m in [lead, *(x for x in group.mentions if x is not lead)]:
            anchor = m.trigger.span if m.trigger is not None else doc[m.token.i : m.token.i + 1]
            context = [x.token.sent for x in group.mentions]
            try:
                found = self.places.locate_event(doc, anchor, context)
            except NotImplementedError:  # a resolver still being written: the place stays unknown
                return best
            if _PLACE_RANK.get(found.precision, 0) > _PLACE_RANK.get(best.precision, 0):
                best = found
        return best

    def _canonical(self, text: str) -> ActorInfo | None:
        try:
            return self.actors.canonical(text)
        except NotImplementedError:
            return None

    def _names(self, role: args.Role) -> list[tuple[ActorInfo, str]]:
        """The actors one role stands for: a name the KB knows as written (a media outlet stands for its
        group), else the actor phrases the argument rules accept, each under its canonical name."""
        info = self._canonical(role.text)
        if info is not None and info.source is not None:
            if info.kind == "media outlet":
                parent = self.actors.media_parent(role.text)
                return [(parent, role.text)] if parent is not None else []
            return [(info, role.text)]
        found = []
        for phrase in args.actor_phrases(role):
            # A resolver may decline to name it: the surface stays (a thing hit is an "object").
            named = self._canonical(phrase) or ActorInfo(phrase, "object" if role.role == "target" else None)
            if named.kind != "media outlet":
                found.append((named, phrase))
        return found

    def _actors(self, group: Group) -> list[Actor]:
        """Every actor once per role. A release's known outlet ("al-Naba") names its group. An unnamed actor
        ("militants", "an army patrol") gives way to a named one of the same kind (state / non-state) in its
        role, or in the other role when its own role already holds a named actor of the other kind ("Malian
        troops clashed with JNIM fighters ... militants attacked an army patrol": two sides, told twice). In a
        protest, state forces are the intervening actor (role "actor"), not the protest's side."""
        found: dict[tuple[str, str], tuple[Actor, ActorInfo]] = {}

        def add(info: ActorInfo, text: str, role: str) -> None:
            state = args.side_kind(info.name, info.type) == "state"
            if SUB_EVENT_PARENT.get(group.sub) == "Protests" and role == "perpetrator" and state:
                role = "actor"
            key = (info.name.lower(), role)
            if key not in found and info.name:
                actor = Actor(name=info.name, role=role, type=info.type, text=text)  # type: ignore[arg-type]
                found[key] = (actor, info)

        for m in group.mentions:
            for role in [*m.perpetrators, *m.targets]:
                for info, text in self._names(role):
                    add(info, text, role.role)
            if m.media is not None and m.media.outlet:
                parent = self.actors.media_parent(m.media.outlet)
                if parent is not None:
                    add(parent, m.media.outlet, "perpetrator")
        named = {
            (actor.role, args.side_kind(info.name, info.type))
            for actor, info in found.values()
            if info.source is not None and actor.role in {"perpetrator", "target"}
        }
        kept = []
        for actor, info in found.values():
            kind = args.side_kind(info.name, info.type)
            other_role = {"perpetrator": "target", "target": "perpetrator"}.get(actor.role)
            other_kind = {"state": "nonstate", "nonstate": "state"}.get(kind or "")
            if (
                info.source is None
                and other_role
                and kind
                and (
                    (actor.role, kind) in named  # "militants" beside "JNIM fighters"
                    or ((other_role, kind) in named and (actor.role, other_kind) in named)  # sides swapped
                )
            ):
                continue
            kept.append(actor)
        return kept

    def _event(self, article: Article, doc: Doc, group: Group) -> Event:
        lead = group.lead
        sub = group.sub
        evidence: list[Evidence] = []
        for m in sorted(group.mentions, key=lambda x: x.evidence[0]):
            start, end = m.evidence
            if any(e.start == start and e.end == end for e in evidence):
                continue
            evidence.append(
                Evidence(article_id=article.id, start=start, end=end, text=article.text[start:end])
            )
        killed, wounded = Count(), Count()
        weapons: dict[str, Weapon] = {}
        media: MediaFacts | None = None
        for m in group.mentions:
            killed = richer(killed, m.killed)
            wounded = richer(wounded, m.wounded)
            for w in m.weapons:
                weapons.setdefault(w.name, w)
            if m.media is not None:
                media = media or MediaFacts()
                media.absorb(m.media)
        location = self._location(doc, group)
        date = group.date or DateInfo()
        actors = self._actors(group)
        event = Event(
            id=stable_id(article.id, sub, str(evidence[0].start if evidence else 0)),
            event_type=SUB_EVENT_PARENT[sub],
            sub_event_type=sub,
            attack_type=lead.attack_type
            if SUB_EVENT_PARENT[sub] != "Strategic developments" or sub == "Looting/property destruction"
            else None,
            status=lead.status,  # type: ignore[arg-type]
            date=date,
            location=location,
            actors=actors,
            weapons=list(weapons.values()),
            fatalities=Fatalities(killed=killed, wounded=wounded),
            media=media.to_media(doc[lead.token.i : lead.token.i + 1].sent.text.strip()) if media else None,
            evidence=evidence,
            sources=[
                Source(
                    article_id=article.id, outlet=article.outlet, url=article.url, published=article.published
                )
            ],
        )
        event.summary = summarize(event)
        event.confidence = _confidence(event, group)
        return event


def summarize(event: Event) -> str:
    """A short sentence a reader can scan: what, by whom, against whom, where, when, toll."""
    perp = next((a.name for a in event.actors if a.role == "perpetrator"), None)
    target = next((a.name for a in event.actors if a.role in {"target", "victim"}), None)
    what = event.sub_event_type
    if event.media is not None and event.media.medium:
        what = f"Propaganda {event.media.medium}"
        if event.media.outlet:
            what += f" ({event.media.outlet})"
    parts = [what]
    if perp:
        parts.append(f"by {perp}")
    if target:
        parts.append(f"against {target}")
    if event.location.name:
        parts.append(f"in {event.location.name}")
    if event.date.start:
        parts.append(
            f"on {event.date.start.isoformat()}"
            if event.date.precision == "day"
            else f"({event.date.precision} of {event.date.start.isoformat()})"
        )
    text = " ".join(parts)
    tolls = []
    for label, count in (("killed", event.fatalities.killed), ("wounded", event.fatalities.wounded)):
        value = count.best if count.best is not None else count.low
        if value is not None:
            tolls.append(f"{'at least ' if count.best is None else ''}{value} {label}")
    if tolls:
        text += ": " + ", ".join(tolls)
    if event.status != "actual":
        text += f" [{event.status}]"
    return text + "."


def _confidence(event: Event, group: Group) -> float:
    """A rough 0..1 score: specific triggers, several mentions, a date, a place and named actors add up."""
    score = 0.45
    score += 0.15 if not group.lead.generic else 0.0
    score += 0.1 if len(group.mentions) > 1 else 0.0
    score += 0.1 if event.date.precision != "unknown" else 0.0
    score += 0.05 if event.location.precision != "unknown" else 0.0
    score += 0.05 if event.actors else 0.0
    score += 0.05 if event.fatalities.killed.text or event.fatalities.wounded.text else 0.0
    return round(min(score, 0.95), 2)
