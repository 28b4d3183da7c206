"""Event words that refer to incidents without telling one: court cases, generalisations and list lines.

Why: a report on a trial names the bombing in every sentence ("charged with taking part in the bombing",
"on trial for murder"), a backgrounder sums up ("the republic has seen numerous bombings", "kidnappings and
violence flourished"), and a web page ends with link lists ("2007 Bagram Airfield bombing"). None of these is
an incident an analyst codes a second time; the incident itself is told where it carries its own facts. So a
mention is background when it sits under a legal frame, is a bare plural, or is a verbless list line, unless
it brings facts of its own (a toll, a day). The cue words are data (lexicon/en/background.json).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from eventwire import lexicon
from eventwire.nlp.doc_index import doc_text, ents_within

# A date that names one day ("early Monday", "on 21 July", "yesterday"): a plural told on it is one occasion.
_DAY = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\byesterday\b|\btoday\b|\btonight\b|\bovernight\b"
    r"|\blast night\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+|\b[A-Z][a-z]+\.?\s+\d{1,2}\b(?!\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class BackgroundCues:
    legal_heads: frozenset[str]
    plural_specifiers: frozenset[str]
    caption_max_tokens: int
    avoidance_heads: frozenset[str]
    incident_heads: frozenset[str]
    caption_markers: tuple[str, ...]
    reaction_verbs: frozenset[str]
    distributive_determiners: frozenset[str]


# The cues of the default language, read once through the lexicon at import, as the other rule modules do.
CUES = lexicon.load().fill(BackgroundCues)
ATTACK_ON_PREPOSITIONS = lexicon.load().words("attack_on_prepositions")
REFERRING_DETERMINERS = lexicon.load().words("referring_determiners")


def _legal_frame(tok: Token, cues: BackgroundCues) -> bool:
    """The trigger is governed, within a few heads, by a court word: "charged with (carrying out) the
    bombing",
    "on trial for murder", "27 arrest warrants", "the investigation into the blast"."""
    for depth, head in enumerate([tok, *tok.ancestors]):
        if depth > 4:
            break
        if head.lemma_.lower() in cues.legal_heads or head.lower_ in cues.legal_heads:
            return True
    return any(c.lemma_.lower() in cues.legal_heads for c in tok.children if c.dep_ in {"compound", "amod"})


def names_one_day(sent: Span) -> bool:
    """The sentence dates what it tells to one day ("early Monday", "on 21 July", "yesterday")."""
    return any(e.label_ == "DATE" and _DAY.search(e.text) for e in ents_within(sent))


def bare_plural(tok: Token, cues: BackgroundCues | None = None) -> bool:
    """ "numerous bombings", "kidnappings and violence": a plural noun with no number, no definite article, no
    specifier of a single occasion ("twin bombs", "two explosions") and no target of its own ("airstrikes on
    weapons stores" tells one retaliation)."""
    cues = cues or CUES
    if tok.tag_ != "NNS" or names_one_day(tok.sent):
        return False
    if tok.dep_ in {"nsubj", "dobj"} and tok.head.tag_ == "VBD":
        return False  # "Israeli airstrikes hit targets", "police launched raids": told as one occasion
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ATTACK_ON_PREPOSITIONS:
            return False
        if c.dep_ == "nummod" or c.like_num:
            return False
        if c.lower_ in REFERRING_DETERMINERS:
            return False
        if c.dep_ == "poss" and c.ent_type_ not in {"GPE", "LOC", "NORP"}:
            return False  # "Saturday's attacks" points back; "Venezuela's political protests" is generic
        if c.lower_ in cues.plural_specifiers:
            return False
    return True


def _caption(tok: Token, cues: BackgroundCues) -> bool:
    """A photo caption ("× Protesters clash with security forces", "FILE - Salman Abedi ... is seen in this
    image"): it shows an incident the report tells, it does not tell one."""
    doc = tok.doc
    text = doc_text(doc)  # once per document: Doc.text joins every token on each read
    sent = tok.sent
    line_start = text.rfind("\n", 0, sent.start_char) + 1
    openings = (
        text[line_start : line_start + 12].lstrip(),
        text[sent.start_char : sent.start_char + 12].lstrip(),
    )
    return any(o.startswith(marker) for o in openings for marker in cues.caption_markers)


def _reaction(tok: Token, cues: BackgroundCues, status: str) -> bool:
    """ "condemns this cowardly attack", "deplored the slaughter": a reaction points at an incident told
    elsewhere; "before each explosion", "any rally held after sunset": one of many, none told. (Under a
    negation "any" only denies: "did not carry out any attack" is a negated attack, which status reads.)"""
    for c in tok.children:
        if c.dep_ == "det" and c.lower_ in cues.distributive_determiners:
            return not (c.lower_ == "any" and status == "negated")
    return tok.dep_ == "dobj" and tok.head.lemma_.lower() in cues.reaction_verbs


def _list_line(tok: Token, cues: BackgroundCues) -> bool:
    """A short verbless line past the lead ("2007 Bagram Airfield bombing", "Collapsed ceasefire"): a link
    title, caption or sub-heading."""
    sent = tok.sent
    words = [t for t in sent if not t.is_punct and not t.is_space]
    if sent.start == 0 or len(words) > cues.caption_max_tokens:
        return False
    return not any(
        t.tag_ in {"VBD", "VBZ", "VBP", "MD"} for t in sent
    )  # no finite verb ("Collapsed ceasefire")


def background_reason(
    tok: Token,
    has_toll: bool,
    has_day: bool,
    cues: BackgroundCues | None = None,
    status: str = "actual",
) -> str | None:
    """Why a mention on this trigger token is background ("legal-frame", "list-line", "avoided",
    "infinitive"), or None. Bare plurals are aggregates (triggers.is_aggregate). A mention with its own toll
    or day is told, not referred to, and never background."""
    cues = cues or CUES
    if _caption(tok, cues):
        return "caption"
    if _reaction(tok, cues, status):
        return "reaction"
    if _modifier(tok, cues):
        return "modifier"  # "riot police" on Saturday: the sentence's day is not the modifier's
    if has_toll or has_day:
        return None
    if _list_line(tok, cues):
        return "list-line"
    if _legal_frame(tok, cues):
        return "legal-frame"
    if _avoided(tok, cues):
        return "avoided"
    if status == "actual" and _bare_infinitive(tok):
        return "infinitive"  # a plan, threat or foiled plot the status cues read keeps its own status
    return None


def _avoided(tok: Token, cues: BackgroundCues) -> bool:
    """ "to escape execution", "faces the risk of attack": what is escaped or feared did not happen; "refusing
    to allow more protests": what is allowed or banned is a possibility, not an incident told."""
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    return tok.dep_ in {"dobj", "pobj"} and head.lemma_.lower() in cues.avoidance_heads


def _modifier(tok: Token, cues: BackgroundCues) -> bool:
    """ "a new kind of protest movement", "the bombing suspects", "attack victims": an event noun that only
    classifies another noun tells no incident (with an incident noun as head, "suicide bomb attack", it
    does)."""
    head = tok.head
    return (
        tok.dep_ == "compound"
        and tok.pos_ == "NOUN"
        and head.pos_ in {"NOUN", "PROPN"}
        and head.lemma_.lower() not in cues.incident_heads
    )


def _bare_infinitive(tok: Token) -> bool:
    """ "to murder", "to slaughter those chickens": an infinitive with no subject of its own tells a purpose,
    a need or a plan, not an incident (the status cues name the plans and threats they recognise)."""
    if tok.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    # A complement ("no need to slaughter", "plotting to murder"), not the purpose of an action that happened
    # ("fired tear gas to disperse protesters") nor an achievement ("managed to kill").
    return tok.dep_ in {"xcomp", "acl", "ccomp"} and tok.head.lemma_.lower() not in _ACHIEVED


_ACHIEVED = frozenset({"manage", "begin", "start", "continue", "proceed", "go", "succeed"})


__all__ = ["background_reason", "bare_plural", "names_one_day"]
