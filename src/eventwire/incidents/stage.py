"""The merge stage: each article's events join the stored incidents they report, incrementally, any store.

Extraction and resolution work on one article at a time; this stage is where articles meet. It runs after
them in the pipeline and before nothing else: the store only persists what it is given (incidents, and each
article's *mentions*, the event records as extracted), and this module decides which mentions form one
incident. Because it speaks to the store only through `IncidentRows`, the same decisions are made over
SQLite, PostgreSQL, or the in-memory rows of `merge_all` (a Spark job's output, `extract` over many files).

An incident is always the `merge` of its mentions in a fixed order (first published first), so:
- re-saving an article withdraws its earlier mentions and rebuilds their incidents: re-ingest changes nothing;
- an incident takes at most one mention per article: two attacks told in one report stay two incidents
  unless the extractor itself merged them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date as Date
from datetime import timedelta
from functools import reduce

from eventwire.incidents.rules import (
    ADJACENT_DAYS,
    REPORT_WINDOW_DAYS,
    event_types_kin,
    fragment_of,
    match_score,
    merge,
    restates,
    threat_of,
)
from eventwire.models import Article, Event, Fatalities, Media, Source, date_range, stable_id
from eventwire.store.base import IncidentRows


def published_by(ev: Event, article_id: str) -> Date:
    """When `article_id` was published, as the event's source says; date.max (sorts last) when unknown."""
    for source in ev.sources:
        if source.article_id == article_id and source.published is not None:
            return source.published
    return Date.max


def with_source(ev: Event, article_id: str, article: Article | None) -> Event:
    """Every mention names the article it came from, taken from the stored article when the event lacks it."""
    if any(s.article_id == article_id for s in ev.sources):
        return ev
    source = Source(
        article_id=article_id,
        outlet=article.outlet if article else None,
        url=article.url if article else None,
        published=article.published if article else None,
    )
    return ev.model_copy(update={"sources": [*ev.sources, source]})


def _best_candidate(rows: IncidentRows, ev: Event, article_id: str) -> str | None:
    """The stored incident `ev` reports: the best-scoring match among the store's candidates, which are
    looked up by date (the event's, or for an undated report the week before its publication), type and
    country, so the search stays small however large the store grows."""
    slack = timedelta(days=ADJACENT_DAYS)
    span = date_range(ev.date)
    published = published_by(ev, article_id)
    window = None
    if span is not None:
        window = (span[0] - slack, span[1] + slack)
    elif published != Date.max:  # an undated report tells of the days before it was published
        window = (published - timedelta(days=REPORT_WINDOW_DAYS) - slack, published + slack)
    country = ev.location.country.upper() if ev.location.country else None
    best: tuple[int, str] | None = None
    for incident in rows.incident_candidates(event_types_kin(ev.event_type), window, country, article_id):
        score = match_score(incident, ev)
        if score is not None and (best is None or score > best[0]):
            best = (score, incident.id)
    return best[1] if best else None


def _free_id(rows: IncidentRows, wanted: str, article_id: str) -> str:
    candidate, n = wanted, 0
    while rows.has_incident(candidate):
        n += 1
        candidate = stable_id(wanted, article_id, str(n))
    return candidate


def rebuild(rows: IncidentRows, incident_id: str) -> Event | None:
    """Rewrite an incident as the merge of its mentions, first published first; delete it when none remain."""
    mentions = rows.incident_mentions(incident_id)
    if not mentions:
        rows.delete_incident(incident_id)
        return None
    ordered = sorted(mentions, key=lambda m: (published_by(m[1], m[0]), m[0]))
    merged = reduce(merge, (ev for _, ev in ordered)).model_copy(update={"id": incident_id})
    rows.put_incident(merged)
    return merged


def _main_events(items: list[Event]) -> list[int]:
    """The events of one article that fragments fold into: its dated events, else its lead (first) event,
    since a report that dates nothing still tells one story first."""
    dated = [i for i, ev in enumerate(items) if date_range(ev.date) is not None]
    return dated or ([0] if items else [])


def _host(items: list[Event], i: int, hosts: list[int], folded: set[int]) -> int | None:
    """The event of the same article that event `i` is part of: a release it is the threat of, an earlier
    main event it retells (`rules.restates`), else a main event it is a fragment of; None when it stands
    alone. A dated event is a fragment only of an earlier main event of its day that stands alone itself
    (`folded`: the events already found part of another), so a second incident is not chained through a
    retelling into the lead."""
    ev = items[i]
    for j in range(len(items)):
        if j != i and threat_of(ev, items[j]):
            return j
    if i in hosts:
        retold = next((j for j in hosts if j < i and restates(ev, items[j])), None)
        if retold is not None:
            return retold
        return next((j for j in hosts if j < i and j not in folded and fragment_of(ev, items[j])), None)
    return next((j for j in hosts if fragment_of(ev, items[j])), None)


def _absorb(host: Event, part: Event) -> Event:
    """`host` with `part` merged in, `host` keeping what it is (id, type, summary): the part is detail of it.
    A threatened attack adds its place to a release's threatened targets and its sentences to the evidence."""
    if threat_of(part, host):
        media = host.media or Media()
        target = part.location.name
        threatened = media.threatened + ([target] if target and target not in media.threatened else [])
        evidence = host.evidence + [e for e in part.evidence if e not in host.evidence]
        return host.model_copy(
            update={"media": media.model_copy(update={"threatened": threatened}), "evidence": evidence}
        )
    merged = merge(host, part)
    keep = ("id", "event_type", "sub_event_type", "attack_type", "summary")
    return merged.model_copy(update={k: getattr(host, k) for k in keep})


def fold_fragments(events: Iterable[Event]) -> tuple[list[Event], list[int]]:
    """One article's events with its fragments folded into the event they belong to.

    An event the article gives no date for cannot be told apart in time from the article's main event of
    a compatible place (`rules.fragment_of`), so it is taken as more detail of that event rather than as an
    incident of its own; a threatened attack told beside a propaganda release is what the release threatens
    (`rules.threat_of`). Returns the kept events and, for each input event, the index of the kept event it
    became.
    """
    items = list(events)
    hosts = _main_events(items)
    host_of: dict[int, int | None] = {}
    folded: set[int] = set()  # the events before `i` already found part of another
    for i in range(len(items)):
        host_of[i] = _host(items, i, hosts, folded)
        if host_of[i] is not None:
            folded.add(i)
    kept: list[Event] = []
    position: dict[int, int] = {}
    for i, ev in enumerate(items):
        if host_of[i] is None:
            position[i] = len(kept)
            kept.append(ev)
    for i, ev in enumerate(items):
        j = host_of[i]
        if j is not None:
            while host_of.get(j) is not None:  # a fragment of a fragment joins the final host
                j = host_of[j]
            kept[position[j]] = _absorb(kept[position[j]], ev)
    where = []
    for i in range(len(items)):
        j = i
        while host_of[j] is not None:
            j = host_of[j]
        where.append(position[j])
    return kept, where


def merge_article(rows: IncidentRows, article_id: str, events: Iterable[Event]) -> list[str]:
    """Merge one article's events into the incidents stored in `rows`; return each event's incident id.

    The article's earlier mentions are withdrawn first, so running this twice for the same article leaves
    `rows` as running it once. Each event joins the best-matching stored incident (`match_score`) that has
    no mention from this article yet, or starts a new incident under its own id. Undated fragments are
    first folded into the article's dated event of the same type (`fold_fragments`).
    """
    kept, where = fold_fragments(events)
    with rows.batch():
        for incident_id in rows.withdraw_article(article_id):
            rebuild(rows, incident_id)
        article = rows.article(article_id) if kept else None  # an article without events needs no lookup
        ids: list[str] = []
        for ev in kept:
            ev = with_source(ev, article_id, article)
            target = _best_candidate(rows, ev, article_id)
            if target is None:  # a new incident: the merge of its one mention is the mention itself
                target = _free_id(rows, ev.id, article_id)
                rows.put_incident(ev.model_copy(update={"id": target}))
                rows.add_mention(target, article_id, ev)
            else:
                rows.add_mention(target, article_id, ev)
                rebuild(rows, target)
            ids.append(target)
        return [ids[i] for i in where]


def source_figures(rows: IncidentRows, incident_id: str) -> list[tuple[Source, Fatalities]]:
    """What each source said about the casualties of one incident, first published first: the merged record
    holds the range, this keeps every outlet's own figure (for an incident page or an audit)."""
    figures = []
    for article_id, ev in sorted(
        rows.incident_mentions(incident_id), key=lambda m: (published_by(m[1], m[0]), m[0])
    ):
        source = next((s for s in ev.sources if s.article_id == article_id), Source(article_id=article_id))
        figures.append((source, ev.fatalities))
    return figures


class MemoryIncidents:
    """`IncidentRows` in memory: the merge stage without a database (a batch of events, a Spark job's output).

    Incidents keep the order in which they were first created, so `incidents()` lists a batch in input order.
    """

    def __init__(self, articles: Iterable[Article] = ()) -> None:
        self._articles = {a.id: a for a in articles}
        self._incidents: dict[str, Event] = {}
        self._mentions: dict[str, dict[str, Event]] = {}  # incident id -> article id -> record

    @contextmanager
    def batch(self) -> Iterator[None]:
        yield

    def article(self, article_id: str) -> Article | None:
        return self._articles.get(article_id)

    def has_incident(self, incident_id: str) -> bool:
        return incident_id in self._incidents

    def incident_candidates(
        self,
        event_types: tuple[str, ...],
        window: tuple[Date, Date] | None,
        country: str | None,
        exclude_article: str,
    ) -> list[Event]:
        found = []
        for incident_id, incident in self._incidents.items():
            if incident.event_type not in event_types or exclude_article in self._mentions[incident_id]:
                continue
            span = date_range(incident.date)
            if window and span and (span[0] > window[1] or span[1] < window[0]):
                continue
            own = incident.location.country.upper() if incident.location.country else None
            if country and own and own != country:
                continue
            found.append(incident)
        return found

    def incident_mentions(self, incident_id: str) -> list[tuple[str, Event]]:
        return list(self._mentions.get(incident_id, {}).items())

    def withdraw_article(self, article_id: str) -> list[str]:
        touched = [i for i, by_article in self._mentions.items() if by_article.pop(article_id, None)]
        return touched

    def add_mention(self, incident_id: str, article_id: str, record: Event) -> None:
        self._mentions.setdefault(incident_id, {})[article_id] = record

    def put_incident(self, incident: Event) -> None:
        self._incidents[incident.id] = incident
        self._mentions.setdefault(incident.id, {})

    def delete_incident(self, incident_id: str) -> None:
        self._incidents.pop(incident_id, None)
        self._mentions.pop(incident_id, None)

    def incidents(self) -> list[Event]:
        """Every incident, in the order each was first created."""
        return list(self._incidents.values())


def _article_of(ev: Event) -> str:
    """The article an extracted event came from: its first source, else its first evidence span."""
    if ev.sources:
        return ev.sources[0].article_id
    if ev.evidence:
        return ev.evidence[0].article_id
    return ev.id  # an event with no provenance is its own report


def merge_all(events: Iterable[Event]) -> list[Event]:
    """Incidents of a batch of extracted events without a database: the same stage over `MemoryIncidents`.

    Events are grouped by the article they came from (in order of first appearance) and merged article by
    article, exactly as an ingest into a store would merge them.
    """
    by_article: dict[str, list[Event]] = {}
    for ev in events:
        by_article.setdefault(_article_of(ev), []).append(ev)
    rows = MemoryIncidents()
    for article_id, found in by_article.items():
        merge_article(rows, article_id, found)
    return rows.incidents()
