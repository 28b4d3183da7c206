"""Where one event happened: from the trigger's dependency attachments out to the article's country.

Why this order (DESIGN: "in/near/at/outside X -> place, falling back to the sentence and then the paragraph"):
1. a place inside the trigger's own phrase ("attack on a base near Baghdad", "bombing of an airliner which
   crashed in Egypt's Sinai Peninsula"), not crossing into another event's phrase;
2. a place of the trigger's clause or sentence that belongs to no other event of the sentence;
3. the place an anaphor points back to ("the same base", "the town"): the nearest earlier place, exact;
4. another sentence that mentions the event, when it says more precisely where (a refinement that agrees);
5. the nearest earlier place of the paragraph, but only its region: topical nearness is weaker evidence than
   syntax, so it is not allowed to claim a town; a large city (100,000 people or more) stands as itself at
   "near town", its point being nearer the truth than its region's centre;
6. the country the article is about (precision "country"), when at least 60 % of its place mentions are in
   that country; a round-up of several countries leaves the event unplaced rather than guess;
7. the country of the wire dateline ("NAIROBI (Reuters) -"), when the body names no place at all.
A dateline names where the report was filed, not where the incident happened ("NAIROBI (Reuters) - ... in
Mandera" is an attack in Mandera; "BEIRUT - a drone strike in Syria" is in Syria): it never places an event
in steps 1-6, and at most tells the country when the body is silent.
Never a demonym (they are not toponyms), never a place that is only threatened, avoided or warned about or
named in an if-clause, never
the neighbour across a border ("near the border with Uganda") or the owner of the event
("Russia's attack"), and no place at all for the release of a video or newsletter,
which happens nowhere in particular.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from eventwire import lexicon
from eventwire.models import Location
from eventwire.nlp.doc_index import doc_text
from eventwire.resolve.disambiguate import Resolved
from eventwire.resolve.gazetteer import Place, fold, haversine_km

LEXICON = lexicon.load()
LIGHT_VERBS = LEXICON.words("light_verbs")
CONDITIONAL_MARKERS = LEXICON.words("conditional_markers")
BORDER_PREPOSITIONS = LEXICON.words("border_prepositions")
LOCATIVE_PREPOSITIONS = LEXICON.words("locative_prepositions")

if TYPE_CHECKING:
    from eventwire.resolve.places import PlaceResolver

RELEASE_WORDS = LEXICON.words("release_words")
EVENT_WORDS = LEXICON.words("event_words")
MENTION_ONLY = LEXICON.words("mention_only")
LOCATIVE = LEXICON.words("locative_words")
NEAR_PREPS = LEXICON.words("near_preps")
DIRECTIONS = LEXICON.words("scene_directions")
ANAPHORS = LEXICON.words("place_anaphors")
_PLACE_HEADS = LEXICON.words("place_heads")
RELEASE_VERBS = LEXICON.words("release_verbs")
_KIND_PRECISION = {
    "city": "town",
    "landmark": "town",
    "base": "near town",
    "admin1": "region",
    "admin2": "region",
    "region": "region",
    "continent": "region",
    "country": "country",
}
PLACE_RANK = {"town": 4, "near town": 3, "region": 2, "country": 1, "unknown": 0}


_SCENES_KEY = "eventwire.scene_places"
# A paragraph about a city this large tells of events in its metropolitan area: the city's point is nearer the
# truth than its region's centre (Boston, not the middle of Massachusetts), though the syntax did not tie the
# event to it, hence "near town". A smaller town is only the paragraph's topic, so its region stands in.
_METRO_POPULATION = 100_000


class _Scenes:
    """The places of a document that can be an event's scene, in text order, with what is asked of them for
    every event computed once per document: looking them up per event made a long article quadratic."""

    def __init__(self, resolver: PlaceResolver, doc: Doc) -> None:
        all_places = [
            r
            for r in resolver.places(doc)
            if not _mention_only(doc, r)
            and not _conditional(doc, r)
            and not _modifier(doc, r)
            and not _across_border(doc, r)
            and not _in_a_title(doc, r)
        ]
        # A dateline names where the report was filed, never an event's scene (at most its country, below).
        self.places = [r for r in all_places if r.toponym.hint != "dateline"]
        self.starts = [r.toponym.start for r in self.places]
        self.focus = _focus_country(resolver, doc, self.places)
        self.dateline_country = Location() if self.places else _dateline_country(resolver, all_places)

    def between(self, start_char: int, end_char: int) -> list[Resolved]:
        """The places that begin within [start_char, end_char)."""
        return self.places[bisect_left(self.starts, start_char) : bisect_left(self.starts, end_char)]

    def last_sentence_before(self, doc: Doc, end_char: int) -> list[Resolved]:
        """The places, ending before `end_char`, of the last sentence before it that has any: what
        `_primary` reads of all earlier places, found without walking them all."""
        i = bisect_left(self.starts, end_char)
        while i > 0 and self.places[i - 1].toponym.end > end_char:
            i -= 1
        if i == 0:
            return []
        last = self.places[i - 1].toponym
        sent = doc.char_span(last.start, last.end, alignment_mode="expand").sent
        return [r for r in self.between(sent.start_char, end_char) if r.toponym.end <= end_char]


def _scenes(resolver: PlaceResolver, doc: Doc) -> _Scenes:
    found = doc.user_data.get(_SCENES_KEY)
    if found is None:
        found = doc.user_data[_SCENES_KEY] = _Scenes(resolver, doc)
    return found


def locate(resolver: PlaceResolver, doc: Doc, anchor: Span, context: list[Span]) -> Location:
    if is_release(anchor):
        return Location()
    scenes = _scenes(resolver, doc)
    head = anchor.root
    sent = anchor.sent
    in_sent = scenes.between(sent.start_char, sent.end_char)

    # 1-2. Syntax: the trigger's phrase, then its clause and sentence.
    found = _attached(doc, head, in_sent, anchor)
    if found is None:
        found = _sentence_place(doc, head, in_sent, anchor)
    # 3. An anaphor in the trigger's phrase ("the same base") takes the nearest earlier place as it is.
    if found is None and _has_anaphor(head):
        earlier = scenes.last_sentence_before(doc, sent.start_char)
        if earlier:
            best = _primary(doc, earlier)
            found = (best, _precision(best.place, None), best.toponym.text)
    # 4. Other sentences that mention the same event may say more precisely where it was.
    for span in context:
        if span.sent.start == sent.start:
            continue
        other = scenes.between(span.sent.start_char, span.sent.end_char)
        cand = _mention_place(doc, span.sent, other)
        if cand and (found is None or _refines(cand[0].place, found[0].place, cand[1], found[1])):
            found = cand
    # 5. The paragraph: the nearest earlier place, at region precision.
    if found is None:
        para_start = doc_text(doc).rfind("\n", 0, sent.start_char) + 1
        earlier = [r for r in scenes.between(para_start, sent.start_char) if r.toponym.end <= sent.start_char]
        if earlier:
            best = _primary(doc, earlier)
            if best.place.kind == "city" and best.place.population >= _METRO_POPULATION:
                return _location(best.place, "near town", best.toponym.text)
            region = _region_of(resolver, best.place)
            if region is not None:
                # Quote the paragraph's own words for the region where it names it ("southern Kirkuk").
                named = [r.toponym.text for r in earlier if fold(r.toponym.text) == fold(region.name)]
                return _location(region, _precision(region, None), named[-1] if named else best.toponym.text)
    if found is not None:
        r, precision, text = found
        return _location(r.place, precision, text)
    # 6. The article's country.
    focus = scenes.focus
    if focus:
        return _location(focus[0], "country", focus[1])
    return scenes.dateline_country.model_copy()


def _dateline_country(resolver: PlaceResolver, all_places: list[Resolved]) -> Location:
    """The country of the report's dateline, the last resort when the body names no place: the bureau a story
    is filed from is usually in the country it tells of, but not in the town."""
    for r in all_places:
        if r.place is not None and r.place.country:
            country = resolver.gazetteer.country(r.place.country)
            if country is not None:
                return _location(country, "country", r.toponym.text)
    return Location()


def is_release(anchor: Span) -> bool:
    """A trigger that is the release of media: it happens nowhere in particular."""
    head = anchor.root
    if head.lemma_.lower() in RELEASE_WORDS and not any(t.lemma_.lower() in EVENT_WORDS for t in anchor):
        return True
    return (
        head.dep_ in {"dobj", "nsubjpass"}
        and head.head.lemma_.lower() in RELEASE_VERBS
        and head.lemma_.lower() in RELEASE_WORDS
    )


def _tokens(doc: Doc, r: Resolved) -> Span | None:
    return doc.char_span(r.toponym.start, r.toponym.end, alignment_mode="expand")


def _mention_only(doc: Doc, r: Resolved) -> bool:
    span = _tokens(doc, r)
    if span is None:
        return False
    tok = span.root
    for _ in range(4):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.lemma_.lower() in MENTION_ONLY:
            return True
        if tok.pos_ == "VERB" and tok.lemma_.lower() not in LIGHT_VERBS:
            break
    return False


def _conditional(doc: Doc, r: Resolved) -> bool:
    """A place in an if-clause ("if the United States ratifies its offer to investigate the links in Florida")
    is where something might happen, not where anything did."""
    span = _tokens(doc, r)
    if span is None:
        return False
    return any(
        c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKERS for a in span.root.ancestors for c in a.children
    )


def _other_trigger(tok: Token, anchor: Span | None) -> bool:
    return (
        tok.lemma_.lower() in EVENT_WORDS and (anchor is None or tok not in anchor)
    ) or tok.lemma_.lower() in MENTION_ONLY


def _path_to(top: Token, target: Token, anchor: Span | None) -> list[Token] | None:
    """Tokens from `top` down to `target` (both included) if no other event trigger lies strictly between."""
    path = [target]
    tok = target
    while tok.i != top.i:
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.i != top.i and _other_trigger(tok, anchor):
            return None
        path.append(tok)
    return list(reversed(path))


def _attached(doc: Doc, head: Token, places: list[Resolved], anchor: Span | None) -> tuple | None:
    """The place nearest to `head` in its dependency subtree; a finer place inside it wins ("a market in
    Konduga, in Nigeria's Borno state": the parse may hang Borno closer to the verb than Konduga, but a town
    that lies in the named province is where it happened, the province only says where the town is)."""
    found = []
    for r in places:
        span = _tokens(doc, r)
        if span is None or span.root.i == head.i or not head.is_ancestor(span.root):
            continue
        path = _path_to(head, span.root, anchor)
        if path is None:
            continue
        cand = (r, _precision(r.place, path), _phrase(doc, path, r))
        found.append(((len(path), -PLACE_RANK[cand[1]]), cand))
    if not found:
        return None
    best = _qualifier_wins(doc, min(found, key=lambda kc: kc[0])[1], [cand for _, cand in found])
    if best[0].place.kind not in {"admin1", "admin2", "region", "country", "continent"}:
        return best
    finer = [
        (key, cand)
        for key, cand in found
        if PLACE_RANK[cand[1]] > PLACE_RANK[best[1]] and _agrees(cand[0].place, best[0].place)
    ]
    return min(finer, key=lambda kc: kc[0])[1] if finer else best


def _qualifier_wins(doc: Doc, best: tuple, found: list[tuple]) -> tuple:
    """The place that qualifies `best` in its own phrase ("the Dora district of southern Baghdad", "Dora,
    Baghdad") when the two lie in different countries: the text says where the name is, so a resolution to a
    same-named town abroad (Dora, Alabama) is wrong and the qualifier is the place that can be trusted."""
    span = _tokens(doc, best[0])
    if span is None:
        return best
    scope = span.root.head if span.root.dep_ in {"compound", "amod", "nmod"} else span.root
    for cand in found:
        other = _tokens(doc, cand[0])
        if cand[0] is best[0] or other is None or not scope.is_ancestor(other.root):
            continue
        if cand[0].place.country != best[0].place.country:
            return cand
    return best


def _sentence_place(
    doc: Doc, head: Token, places: list[Resolved], anchor: Span | None, attach_only: bool = False
) -> tuple | None:
    """A place of the clause, then the sentence, that hangs under no other event trigger."""
    clause = head
    while clause.dep_ not in {"ROOT", "ccomp", "advcl", "relcl"} and clause.head.i != clause.i:
        clause = clause.head
    for top in (clause, head.sent.root):
        found = _attached(doc, top, [r for r in places if r.place is not None], anchor)
        if found is not None:
            return found
    if attach_only:
        return None
    free = [r for r in places if _free(doc, r, anchor)]
    return (free[0], _precision(free[0].place, None), free[0].toponym.text) if free else None


def _free(doc: Doc, r: Resolved, anchor: Span | None) -> bool:
    span = _tokens(doc, r)
    if span is None:
        return False
    tok = span.root
    while tok.head.i != tok.i:
        tok = tok.head
        if _other_trigger(tok, anchor):
            return anchor is not None and (tok.is_ancestor(anchor.root) or tok.i == anchor.root.i)
    return True


def _precision(place: Place, path: list[Token] | None) -> str:
    base = _KIND_PRECISION.get(place.kind, "town")
    if path and base == "town" and len(path) >= 2:
        governor = path[-2].lower_
        if governor in NEAR_PREPS or (governor == "of" and len(path) >= 3 and path[-3].lower_ in DIRECTIONS):
            return "near town"
    return base


def _phrase(doc: Doc, path: list[Token], r: Resolved) -> str:
    """The place phrase: from the last locative preposition's object to the name ("a base near Baghdad"),
    else from a place noun governing the name ("the key town of Sinjar"), else the name itself."""
    end = r.toponym.end
    name_start = r.toponym.start
    for i in range(len(path) - 2, -1, -1):
        tok = path[i]
        if tok.dep_ == "prep" and tok.lower_ in LOCATIVE and i + 1 < len(path):
            obj = path[i + 1]
            if obj.idx < name_start and obj.pos_ in {"NOUN", "PROPN"}:
                return doc_text(doc)[obj.left_edge.idx : end].strip(" ,")
    if len(path) >= 3 and path[-2].lower_ == "of" and path[-3].lemma_.lower() in ANAPHORS | _PLACE_HEADS:
        return doc_text(doc)[path[-3].left_edge.idx : end].strip(" ,")
    return r.toponym.text


def _has_anaphor(head: Token) -> bool:
    """A definite place noun in the trigger's phrase or clause ("the same base was hit by another attack")."""
    clause = head
    while clause.pos_ not in {"VERB", "AUX"} and clause.head.i != clause.i:
        clause = clause.head
    for tok in clause.subtree:
        if tok.lemma_.lower() in ANAPHORS and tok.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"}:
            dets = {c.lower_ for c in tok.children}
            if "same" in dets or (dets & {"the", "that", "this"} and head.is_ancestor(tok)):
                return True
    return False


# "near the border with Uganda": the neighbour across a border says where, it is not where it happened.
_BORDER_NOUNS = {"border", "frontier", "boundary"}


def _across_border(doc: Doc, r: Resolved) -> bool:
    """A place named as the other side of a border ("a church in Kasindi, near the border with Uganda")."""
    span = _tokens(doc, r)
    if span is None:
        return False
    prep = span.root.head
    return prep.lower_ in BORDER_PREPOSITIONS and prep.head.lemma_.lower() in _BORDER_NOUNS


# Title words before "of" that make the name a state's own ("the Republic of Ireland"), not an organisation's.
_STATE_TITLES = {"republic", "kingdom", "emirate", "sultanate", "state", "federation", "principality"}


def _in_a_title(doc: Doc, r: Resolved) -> bool:
    """A place name that ends the title of an organisation ("the Volunteers for the Defence of the Homeland",
    "the University of Nairobi"): it names the organisation, not where the event happened."""
    span = _tokens(doc, r)
    if span is None:
        return False
    i = span.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i < 1 or doc[i].lower_ != "of":
        return False
    title = doc[i - 1]
    noun = title.lower_
    return title.is_title and not title.is_sent_start and noun not in _STATE_TITLES | _PLACE_HEADS | ANAPHORS


# A city's own forces work in that city: "Istanbul police" place their raids, unlike "US marines".
_LOCAL_FORCES = {"police", "policeman", "municipality", "governor", "prosecutor"}


def _modifier(doc: Doc, r: Resolved) -> bool:
    """A place name used as a modifier ("US marines", "US-led coalition"): it tells whose, not where."""
    span = _tokens(doc, r)
    if span is None:
        return False
    root = span.root
    if root.dep_ == "poss" and root.head.lemma_.lower() in EVENT_WORDS:
        return True  # "Russia's attack on Kherson": whose attack, not where
    if root.dep_ not in {"compound", "amod", "npadvmod", "nmod"}:
        return False
    if r.place is not None and r.place.kind == "city" and root.head.lemma_.lower() in _LOCAL_FORCES:
        return False  # "Istanbul police arrested 15": a city's police act in their city
    return root.head.lemma_.lower() not in ANAPHORS and root.head.lemma_.lower() not in _PLACE_HEADS


def _mention_place(doc: Doc, sent: Span, places: list[Resolved]) -> tuple | None:
    """The most precise place attached to any event word of another sentence that mentions the event."""
    best = None
    for tok in sent:
        if tok.lemma_.lower() in EVENT_WORDS:
            cand = _attached(doc, tok, places, doc[tok.i : tok.i + 1])
            if cand and (best is None or PLACE_RANK[cand[1]] > PLACE_RANK[best[1]]):
                best = cand
    return best


def _primary(doc: Doc, earlier: list[Resolved]) -> Resolved:
    """The last place of the last sentence that has one, skipping qualifiers ("Camp Taji, near Baghdad")."""
    last_sent = doc.char_span(
        earlier[-1].toponym.start, earlier[-1].toponym.end, alignment_mode="expand"
    ).sent
    same = [r for r in earlier if r.toponym.start >= last_sent.start_char]
    for r in same:
        if r.place is not None and r.place.kind in {"base", "landmark", "city"}:
            return r
    return same[-1]


def _refines(fine: Place, coarse: Place, fine_precision: str, coarse_precision: str) -> bool:
    """Another mention says more precisely where, inside the same area, naming a different place.

    "Around Kirkuk" does not refine "the province of Kirkuk": a same-named town of a region is ambiguous
    between the two, while "a village near Daqouq" clearly narrows "Kirkuk".
    """
    if PLACE_RANK[fine_precision] <= PLACE_RANK[coarse_precision]:
        return False
    if fold(fine.name) == fold(coarse.name):
        return False
    return _agrees(fine, coarse)


def _agrees(fine: Place, coarse: Place) -> bool:
    if fine.country != coarse.country:
        return False
    if coarse.kind in {"country", "continent"}:
        return True
    if coarse.kind == "admin1":
        return fine.admin1 == coarse.name
    return haversine_km(fine.lat, fine.lon, coarse.lat, coarse.lon) < 150


def _region_of(resolver: PlaceResolver, place: Place) -> Place | None:
    if place.kind in {"admin1", "admin2", "region", "country", "continent"}:
        return place
    if place.country and place.admin1:
        found = resolver.gazetteer.admin1(place.country, place.admin1)
        if found is not None:
            return found
    return resolver.gazetteer.country(place.country) if place.country else None


# The article's country stands in for an event's place only when the article is mostly about that country:
# a round-up of attacks in Egypt, Nigeria and Pakistan places an unplaced event nowhere rather than guessing.
_FOCUS_SHARE = 0.6


def _focus_country(resolver: PlaceResolver, doc: Doc, places: list[Resolved]) -> tuple[Place, str] | None:
    """The country the article is about and the article's own words that say so (its strongest mention)."""
    votes: Counter[str] = Counter()
    words: dict[str, tuple[int, str]] = {}  # iso -> (weight, text) of the strongest mention

    def vote(iso: str, weight: int, text: str) -> None:
        votes[iso] += weight
        if weight > words.get(iso, (0, ""))[0]:
            words[iso] = (weight, text)

    if not places:  # demonyms tell the country when nothing else does ("Iraqi soldiers were ambushed")
        for tok in doc:
            iso = resolver.gazetteer.demonym_country(tok.text) if tok.text[:1].isupper() else None
            if iso and not _attackers_nationality(tok):
                vote(iso, 1, tok.text)
    for r in places:
        if r.place and r.place.country:
            span = _tokens(doc, r)
            locative = span is not None and span.root.head.lower_ in LOCATIVE_PREPOSITIONS
            vote(r.place.country, 2 if locative else 1, r.toponym.text)
    if not votes:
        return None
    iso, top = votes.most_common(1)[0]
    country = resolver.gazetteer.country(iso)
    if country is None or top < _FOCUS_SHARE * sum(votes.values()):
        return None
    return country, words[iso][1]


def _attackers_nationality(tok: Token) -> bool:
    """A demonym that qualifies the attack or the attacker ("Turkish warplanes bombed Kobane", "the Turkish
    air raids", "struck by Russian artillery"): whose forces, which in a cross-border strike is not
    the country struck, so it does not vote for where."""
    noun = tok
    while noun.dep_ in {"amod", "compound"} and noun.head.i != noun.i:
        noun = noun.head
    if noun.i == tok.i:
        return False
    governor = noun.head
    if noun.lemma_.lower() in EVENT_WORDS:
        return True
    if noun.dep_ == "nsubj" and governor.lemma_.lower() in EVENT_WORDS:
        return True
    return noun.dep_ == "pobj" and governor.lower_ == "by" and governor.head.lemma_.lower() in EVENT_WORDS


def _location(place: Place, precision: str, text: str | None) -> Location:
    name = place.name
    if place.kind == "landmark" and place.admin1:
        name = place.admin1
    admin1 = place.name if place.kind == "admin1" else place.admin1
    return Location(
        name=name,
        admin1=admin1,
        country=place.country,
        lat=round(place.lat, 5),
        lon=round(place.lon, 5),
        geonames_id=place.geonames_id,
        precision=precision,
        text=text,
    )
