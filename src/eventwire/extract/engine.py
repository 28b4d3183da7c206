"""The Extractor: one article in, its events out, every field with its text and evidence spans.

One spaCy pass per article (nlp.pipe for batches), then the extractor's own components (nlp/components.py:
triggers, media names, mentions, merge), each built once per Extractor from its registered factory; dates are
resolved by cached rules. Places and actor names come from the resolvers handed in.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc

from eventwire.errors import EventwireError
from eventwire.extract import arguments as args
from eventwire.extract.attribution import attribute, name_unnamed_authors, release_contents
from eventwire.extract.casualties import richer
from eventwire.extract.learned_roles import LearnedRoles
from eventwire.extract.media import MediaFacts
from eventwire.extract.merge import Group
from eventwire.extract.narrative_time import carry_dates
from eventwire.extract.topic import evidenced, political_article
from eventwire.models import (
    NONSTATE_ARMED_TYPES,
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
from eventwire.nlp.components import EXTENSIONS, MENTION_FILTER, PIPELINE
from eventwire.nlp.sentences import add_newline_sentences
from eventwire.resolve.actors import ActorInfo, ActorResolver
from eventwire.resolve.event_place import PLACE_RANK
from eventwire.resolve.places import PlaceResolver

if TYPE_CHECKING:
    from eventwire.extract.article_kinds import ArticleKinds

# Statuses of things that did not happen and are no strategic development either: a hypothetical, a denial,
# a plan nobody foiled. The status component still reads them; the record stage leaves them out of the
# database unless asked (`keep_unreal`), as an analyst codes only incidents.
UNREAL = frozenset({"negated", "hypothetical", "planned"})
# Doubt about who did it: the incident happened, and the doubt goes on the perpetrator (DESIGN.md, `status`).
DOUBT = frozenset({"suspected", "alleged", "claimed"})
# The learned mention filter is off by default: on the reports dev set it does not pay (docs/models.md).
LEARNED_MENTIONS_DEFAULT = False
log = logging.getLogger(__name__)


class ComponentError(EventwireError):
    """An extractor component is unknown, or switched off while a later one needs what it assigns."""


class Extractor:
    """Reads events out of articles. Build once (it loads the model and builds the components), reuse.

    Args:
        pipeline: the component factories to run after spaCy's own, in order (`nlp/components.py`); swap one
            by naming another registered factory in its place.
        disable: components to switch off for an ablation (the Extractor logs it and `disabled` says so).
        config: a component's config overrides, by factory name ({"eventwire_triggers": {"lexicon": ...}}).
        learned_mentions: put the learned mention filter (`eventwire_mention_filter`) before the merge.
        topic_prior: in an article that is not about political violence, keep only the events that carry
            the marks of one by themselves (`extract/topic.py`); off only for an ablation.
        kinds: article-kinds models by kind set ("satp", "ipe") instead of the shipped ones (`read_many`).

    DOCS: DESIGN.md "The event record"; docs/extraction.md.
    """

    def __init__(
        self,
        nlp: Language | None = None,
        places: PlaceResolver | None = None,
        actors: ActorResolver | None = None,
        *,
        keep_unreal: bool = False,
        attribution: bool = True,
        learned_roles: bool = True,
        learned_mentions: bool = LEARNED_MENTIONS_DEFAULT,
        topic_prior: bool = True,
        pipeline: Sequence[str] = PIPELINE,
        disable: Iterable[str] = (),
        config: Mapping[str, Mapping[str, Any]] | None = None,
        kinds: Mapping[str, ArticleKinds] | None = None,
    ) -> None:
        if nlp is None:
            from eventwire.nlp.pipeline import load_nlp

            nlp = load_nlp()
        self.nlp = add_newline_sentences(nlp)  # a pipeline handed in gets the newline boundaries too
        self.places = places if places is not None else PlaceResolver()
        self.actors = actors if actors is not None else ActorResolver()
        self.keep_unreal = keep_unreal
        self.attribution = attribution  # off only for an ablation
        self.topic_prior = topic_prior
        if not topic_prior:
            log.warning("extractor: topic prior switched off (ablation)")
        if learned_mentions:
            pipeline = with_mention_filter(pipeline)
        elif LEARNED_MENTIONS_DEFAULT:
            log.warning("extractor: learned mention filter switched off (ablation)")
        self.components, self.disabled = _build_components(self.nlp, pipeline, set(disable), config or {})
        if self.disabled:
            log.warning("extractor: %s switched off (ablation)", ", ".join(self.disabled))
        if not attribution:
            log.warning("extractor: attribution switched off (ablation)")
        self.learned_roles = LearnedRoles() if learned_roles else None
        self._kinds: dict[str, ArticleKinds] = dict(kinds or {})  # the shipped ones load on first use
        if not learned_roles:
            log.warning("extractor: learned roles switched off (ablation)")

    @property
    def component_names(self) -> list[str]:
        """The components that run, in order."""
        return [name for name, _ in self.components]

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

    def read_many(
        self, articles: Iterable[Article], kind_sets: Sequence[str] = ("satp", "ipe"), batch_size: int = 32
    ) -> Iterator[tuple[Article, list[Event], dict[str, list[str]]]]:
        """(article, events, kinds) for each article: extract_many's events, plus the article's kinds by
        kind set ({"satp": ["bombing_explosion"], "ipe": []}) from its text and those same events
        (eventwire.extract.article_kinds). The kinds models load once, on the first call that needs them."""
        models = [(name, self.kinds_model(name)) for name in kind_sets]
        for article, events in self.extract_many(articles, batch_size=batch_size):
            yield article, events, {name: model.kinds(article.text, events) for name, model in models}

    def kinds_model(self, name: str) -> ArticleKinds:
        """Kind set `name`'s model: the one handed in, else the shipped weights (loaded once)."""
        if name not in self._kinds:
            from eventwire.extract import article_kinds

            self._kinds[name] = article_kinds.load(name)
        return self._kinds[name]

    def run_components(self, article: Article, doc: Doc) -> Doc:
        """The extractor's components run over an article's parsed text (what they assign is on `doc._`)."""
        for name in EXTENSIONS:  # a Doc run through another Extractor keeps nothing of that run
            doc._.set(name, None)
        doc._.ew_published = article.published
        for _, component in self.components:
            doc = component(doc)
        return doc

    def events_from_doc(self, article: Article, doc: Doc) -> list[Event]:
        """The events of an article whose text has already been parsed into `doc`."""
        doc = self.run_components(article, doc)
        groups = doc._.ew_groups
        if groups is None:  # merging switched off: one event per mention
            groups = [Group([m]) for m in doc._.ew_mentions]
        if not self.keep_unreal:
            groups = [g for g in groups if g.lead.status not in UNREAL]
        built = [(g, self._event(article, doc, g)) for g in groups]
        built = [(g, e) for g, e in built if _issued_by_an_actor(e)]
        events = [e for _, e in built]
        if self.attribution:
            attribute(doc, events, self._actor_name)
            name_unnamed_authors(doc, events, self._actor_name)
            release_contents(doc, events)
        if self.learned_roles is not None:
            self.learned_roles.fill(doc, events, self._actor_name)
        if self.topic_prior:  # after attribution: an actor named in another sentence is the event's own
            events = _in_topic(doc, built, article, self._names_armed_group)
        # after the topic prior: a carried day is no mark of an event's own
        carry_dates(doc, events, article.published)
        for event in events:
            event.summary = summarize(event)
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
            if PLACE_RANK.get(found.precision, 0) > PLACE_RANK.get(best.precision, 0):
                best = found
        return best

    def _canonical(self, text: str) -> ActorInfo | None:
        try:
            return self.actors.canonical(text)
        except NotImplementedError:
            return None

    def _names_armed_group(self, text: str) -> bool:
        """Whether `text` names a non-state armed group the actor knowledge base knows (a rebel group, a
        political or identity militia): a mark of political violence wherever it is told."""
        try:
            found = self.actors.find(text)
        except NotImplementedError:
            return False
        return any(info.type in NONSTATE_ARMED_TYPES for _, _, info in found)

    def _actor_name(self, text: str) -> tuple[str, str | None] | None:
        """Canonical name and ACLED type of an actor phrase; None for a media outlet or no name at all."""
        info = self._canonical(text)
        if info is None or info.kind == "media outlet" or not info.name:
            return None
        return info.name, info.type

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
            if role.role in {"victim", "target"}:
                phrase = args.without_title(phrase, role.token)
            # A resolver may decline to name it: the surface stays (a thing hit is an "object", also when the
            # actor base does not know the phrase and its head names no people).
            named = self._canonical(phrase) or ActorInfo(phrase, "object" if role.role == "target" else None)
            if (
                role.role == "target"
                and named.source is None
                and named.type is None
                and args.names_a_thing(role.token)
            ):
                named = replace(named, type="object")
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
            # The force that intervenes in a protest or makes an arrest acts; it perpetrates no violence
            # (ACLED's actor1 of an arrest all the same: the export reads role "actor" on that side).
            if (
                (SUB_EVENT_PARENT.get(group.sub) == "Protests" or group.sub == "Arrests")
                and role == "perpetrator"
                and state
            ):
                role = "actor"
            key = (info.name.lower(), role)
            if key not in found and info.name:
                doubt = group.lead.status if role == "perpetrator" and group.lead.status in DOUBT else None
                actor = Actor(name=info.name, role=role, type=info.type, text=text, certainty=doubt)  # type: ignore[arg-type]
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
        kept: list[tuple[Actor, ActorInfo]] = []
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
            kept.append((actor, info))
        return _one_name_per_actor(kept)

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
        # a toll told as the perpetrator's claim counts only where no mention reports one
        reported = [m for m in group.mentions if not m.claimed_toll and (m.killed.text or m.wounded.text)]
        for m in group.mentions:
            if not reported or m in reported:
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
            status="actual" if lead.status in DOUBT else lead.status,  # type: ignore[arg-type]
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


def _words(actor: Actor) -> set[str]:
    return set(re.findall(r"\w+", (actor.text or actor.name).lower()))


def _one_name_per_actor(actors: list[tuple[Actor, ActorInfo]]) -> list[Actor]:
    """One actor told in one role by two phrases, one inside the other ("the IRA's Belfast brigade" read as
    "IRA Belfast brigade" and "IRA"; "Tsarnaev" and "Dzhokhar Tsarnaev"), is one actor: the name the actor
    knowledge base knows where only the shorter is known (a unit stands for its organisation), else the fuller
    phrase."""
    dropped: set[int] = set()
    for i, (a, a_info) in enumerate(actors):
        for j, (b, b_info) in enumerate(actors):
            if i == j or a.role != b.role or i in dropped or j in dropped:
                continue
            short, full = _words(a), _words(b)
            if not short or not short < full:
                continue
            known_short = a_info.source is not None and b_info.source is None
            dropped.add(j if known_short else i)
    return [a for k, (a, _) in enumerate(actors) if k not in dropped]


def _issued_by_an_actor(event: Event) -> bool:
    """A release needs an armed group behind it, a threat a known actor making it: "the USDA statement" and
    "refugees threatened by flooding" are ordinary news."""
    perps = [a for a in event.actors if a.role in {"perpetrator", "claimant"}]
    if event.sub_event_type == "Propaganda release":
        return any(a.type in NONSTATE_ARMED_TYPES for a in perps)  # an armed group's (DESIGN.md)
    if event.sub_event_type == "Threat":
        return any(a.type for a in perps)
    return True


def _in_topic(
    doc: Doc, built: list[tuple[Group, Event]], article: Article, armed_group_named: Callable[[str], bool]
) -> list[Event]:
    """The events an analyst codes from this article: all of them where the article is about political
    violence, else those that carry the marks of an incident by themselves (eventwire.extract.topic)."""
    told = [(e, list({m.token.sent.start: m.token.sent for m in g.mentions}.values())) for g, e in built]
    if political_article(doc, told, article.published):
        return [e for e, _ in told]
    return [
        e for e, sents in told if evidenced(e, sents, article.published, armed_group_named=armed_group_named)
    ]


def with_mention_filter(pipeline: Sequence[str]) -> tuple[str, ...]:
    """The pipeline with the learned mention filter at its end: after the merge it decides on whole
    incidents, without a merge on each mention."""
    return (*[n for n in pipeline if n != MENTION_FILTER], MENTION_FILTER)


def _build_components(
    nlp: Language, pipeline: Sequence[str], disable: set[str], config: Mapping[str, Mapping[str, Any]]
) -> tuple[list[tuple[str, Callable[[Doc], Doc]]], tuple[str, ...]]:
    """Each enabled factory built once, checked against what the later ones (and the records) require."""
    unknown = [name for name in [*pipeline, *disable, *config] if not nlp.has_factory(name)]
    if unknown:
        raise ComponentError(
            f"unknown extractor component(s): {', '.join(unknown)}; known: {', '.join(PIPELINE)}"
        )
    stray = sorted(disable - set(pipeline))
    if stray:
        raise ComponentError(
            f"cannot switch off {', '.join(stray)}: not in the pipeline {', '.join(pipeline)}"
        )
    assigned: set[str] = set()
    components = []
    for name in pipeline:
        if name in disable:
            continue
        meta = nlp.get_factory_meta(name)
        _check_requires(name, meta.requires, assigned, disable)
        assigned |= set(meta.assigns)
        components.append((name, nlp.create_pipe(name, name=name, config=dict(config.get(name, {})))))
    _check_requires("the Extractor's records", ["doc._.ew_mentions"], assigned, disable)
    return components, tuple(name for name in pipeline if name in disable)


def _check_requires(name: str, requires: Iterable[str], assigned: set[str], disable: set[str]) -> None:
    """spaCy's attributes (token.dep, doc.ents) come from the model; ours must come from an earlier one."""
    missing = [r for r in requires if r.startswith("doc._.") and r not in assigned]
    if missing:
        raise ComponentError(
            f"{name} needs {', '.join(missing)}, which no earlier enabled component assigns"
            + (f" (switched off: {', '.join(sorted(disable))})" if disable else "")
        )


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
