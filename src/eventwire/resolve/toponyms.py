"""Finding place names in a parsed document, beyond spaCy's GPE/LOC tags.

Why not spaCy alone: the small English model tags unfamiliar places as organisations or people ("the key town
of Sinjar" -> ORG in seed 003) and misses names it never saw ("Camp Taji"). So NER spans are the first source,
and the gazetteer adds (a) ORG/PERSON/unlabelled capitalised spans that a locative cue introduces ("in X",
"town of X", "X province") and that the gazetteer knows, and (b) multi-word names of the curated file
(bases, regions, landmarks), which are specific enough to trust without a cue. Demonyms are never toponyms:
they tell the country of the article, which the resolver uses as context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from eventwire import lexicon
from eventwire.nlp.doc_index import doc_text
from eventwire.resolve.gazetteer import Gazetteer, fold

LEXICON = lexicon.load()
TOPONYM_ARTICLES = LEXICON.words("toponym_articles")
NAME_PARTICLES = LEXICON.words("name_particles")

PLACE_LABELS = {"GPE", "LOC", "FAC"}
LOCATIVE_PREPS = LEXICON.words("locative_preps")
PLACE_NOUNS = LEXICON.words("place_nouns")
ADMIN_NOUNS = LEXICON.words("admin_nouns")
TOWN_NOUNS = LEXICON.words("town_nouns")
DIRECTION_WORDS = LEXICON.words("direction_words")
NEAR_WORDS = LEXICON.words("near_words")
CURATED_KINDS = {"base", "region", "landmark"}
_STRIP_LEFT = ("the ",)
_STRIP_RIGHT = ("'s", "’s", "'", "’")


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name in the text: character offsets into doc.text, the phrase, where it came from, and a hint.

    `hint` is "admin" when the text calls it a province/region ("X province", "the province of X"), "town" for
    "the town of X", "dateline" for an upper-case name opening a line ("WASHINGTON (Reuters) -"), else None;
    the resolver uses it to prefer that feature type.
    """

    start: int
    end: int
    text: str
    source: str
    hint: str | None = None


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    text = doc_text(doc)[start:end]
    for left in _STRIP_LEFT:
        if text.lower().startswith(left):
            start += len(left)
            text = text[len(left) :]
    for right in _STRIP_RIGHT:
        if text.endswith(right):
            end -= len(right)
            text = text[: -len(right)]
    return start, end


def _hint(span: Span) -> str | None:
    """'admin' or 'town' from the words around the span ("X province", "the province of X")."""
    doc = span.doc
    if dateline(doc_text(doc), span.start_char, span.end_char):
        return "dateline"
    if span.end < len(doc) and doc[span.end].lower_ in ADMIN_NOUNS:
        return "admin"
    if span.start >= 2 and doc[span.start - 1].lower_ == "of":
        noun = doc[span.start - 2].lower_
        if noun in ADMIN_NOUNS:
            return "admin"
        if noun in TOWN_NOUNS or noun in DIRECTION_WORDS:
            return "town"
    if span.start >= 1 and doc[span.start - 1].lower_ in NEAR_WORDS:
        return "town"
    return None


def _cued(span: Span) -> bool:
    """A locative cue right before the span, or a place noun right after it."""
    doc = span.doc
    i = span.start - 1
    while i >= 0 and (doc[i].lower_ in TOPONYM_ARTICLES or doc[i].pos_ == "ADJ"):
        i -= 1
    if i >= 0 and (doc[i].lower_ in LOCATIVE_PREPS or doc[i].lower_ in PLACE_NOUNS):
        return True
    return span.end < len(doc) and doc[span.end].lower_ in PLACE_NOUNS


def _capitalised_runs(doc: Doc) -> list[Span]:
    runs, start = [], None
    for tok in doc:
        ok = tok.is_title or (
            start is not None
            and tok.lower_ in NAME_PARTICLES
            and tok.i + 1 < len(doc)
            and doc[tok.i + 1].is_title
        )
        if ok and not tok.is_sent_start:
            start = tok.i if start is None else start
        elif ok and tok.is_sent_start:
            if start is not None:
                runs.append(doc[start : tok.i])
            start = tok.i
        else:
            if start is not None:
                runs.append(doc[start : tok.i])
            start = None
    if start is not None:
        runs.append(doc[start : len(doc)])
    return runs


def recognise(doc: Doc, gazetteer: Gazetteer) -> list[Toponym]:
    """Place-name spans of `doc`, in text order, without overlaps."""
    found: dict[tuple[int, int], Toponym] = {}
    taken = [False] * (len(doc_text(doc)) + 1)

    def add(start: int, end: int, source: str, hint: str | None) -> None:
        if end <= start or any(taken[start:end]):
            return
        text = doc_text(doc)[start:end]
        if gazetteer.demonym_country(text) and not gazetteer.rows(text):
            return
        found[(start, end)] = Toponym(start, end, text, source, hint)
        for k in range(start, end):
            taken[k] = True

    # 1. Curated multi-word names (bases, regions, landmarks) and longest gazetteer matches inside capitalised
    #    runs, so "Camp Taji" wins over a shorter NER span "Taji".
    for run in _capitalised_runs(doc):
        for length in range(min(len(run), 5), 0, -1):
            for i in range(run.start, run.end - length + 1):
                span = doc[i : i + length]
                rows = gazetteer.rows(span.text)
                if not rows:
                    continue
                kinds = {gazetteer.place(r).kind for r in rows}
                if kinds & CURATED_KINDS and (length > 1 or _cued(span) or span.text[:1].isupper()):
                    s, e = _trim(doc, span.start_char, span.end_char)
                    add(s, e, "curated", _hint(span))
    # 2. spaCy's place entities.
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            if (ent.label_ == "FAC" or not KEEP_UNKNOWN_NER) and not gazetteer.lookup(ent.text):
                continue
            s, e = _trim(doc, ent.start_char, ent.end_char)
            add(s, e, f"ner:{ent.label_}", _hint(ent))
    # 3. Other entities and capitalised runs the gazetteer knows, when a locative cue introduces them.
    spans = [e for e in doc.ents if e.label_ in {"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART"}]
    spans += _capitalised_runs(doc)
    for span in spans:
        s, e = _trim(doc, span.start_char, span.end_char)
        text = doc_text(doc)[s:e]
        if not text or gazetteer.demonym_country(text):
            continue
        places = gazetteer.lookup(text)
        if not places or not _cued(span):
            continue
        if fold(text) in _COMMON_WORDS:
            continue
        if any(p.kind != "city" or p.population >= 1000 for p in places):
            add(s, e, "gazetteer", _hint(span))
    # 4. A place name that opens an organisation's or facility's name ("Gainesville Police Department",
    #    "Ohio State University"): a toponym, though never the scene of an event by itself.
    for ent in doc.ents:
        if ent.label_ in {"ORG", "FAC"} and len(ent) >= 2:
            for length in range(min(3, len(ent) - 1), 0, -1):
                head = ent[:length]
                if head[0].lower_ == "the":
                    continue
                if fold(head.text) in _COMMON_WORDS or not head[-1].is_title and not head[-1].is_upper:
                    continue
                places = gazetteer.lookup(head.text)
                if any(p.kind in {"country", "admin1"} or p.population >= PREFIX_MIN_POP for p in places):
                    add(head.start_char, head.end_char, "gazetteer", None)
                    break
    return sorted(found.values(), key=lambda t: t.start)


PREFIX_MIN_POP = 100_000
KEEP_UNKNOWN_NER = False


_COMMON_WORDS = LEXICON.words("not_places")


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def dateline(text: str, start: int, end: int) -> bool:
    """An upper-case name opening a line ("WASHINGTON (Reuters) -", "PARIS, Mo. --"): a dateline, which by
    news convention names the city the story was filed from, never a state or a country."""
    name = text[start:end]
    line_start = text.rfind("\n", 0, start) + 1
    return len(name) > 2 and name.isupper() and not text[line_start:start].strip()


def text_hint(text: str, start: int, end: int) -> str | None:
    """The hint of `_hint` from raw text, for toponym spans that come from elsewhere (gold spans)."""
    if dateline(text, start, end):
        return "dateline"
    after = _WORD.match(text, end + 1) if text[end : end + 1] == " " else None
    if after and after.group(0).lower() in ADMIN_NOUNS:
        return "admin"
    before = text[max(0, start - 40) : start].lower().split()
    if len(before) >= 2 and before[-1] == "of":
        if before[-2] in ADMIN_NOUNS:
            return "admin"
        if before[-2] in TOWN_NOUNS or before[-2] in DIRECTION_WORDS:
            return "town"
    if before and before[-1] in NEAR_WORDS:
        return "town"
    return None


def demonym_mentions(text: str, gazetteer: Gazetteer) -> list[tuple[str, str]]:
    """(ISO2 code, word as written) per nationality word in `text` ("Iraqi soldiers" -> ("IQ", "Iraqi"))."""
    out = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        if word[0].isupper():
            iso = gazetteer.demonym_country(word)
            if iso:
                out.append((iso, word))
    return out


def demonym_countries(text: str, gazetteer: Gazetteer) -> list[str]:
    """ISO2 codes of the nationality words in `text` ("Iraqi soldiers" -> IQ), one per occurrence."""
    return [iso for iso, _ in demonym_mentions(text, gazetteer)]
