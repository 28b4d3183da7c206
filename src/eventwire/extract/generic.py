"""Statements that use an event word without telling an event: habitual, generic and figurative uses.

Why: reports explain their context with the same words they use for incidents. "Fighters regularly attack
the road" (a habit), "the town has been attacked repeatedly during the 15-year insurgency" (a history),
"MPs attacked the plans" and "would blow a hole in the finances" (metaphors), "abstained in protest at a
change" (a stance) are not incidents an analyst codes. The signals below are generic (no word list of any one
report): a habitual adverb, a frame of many years, an abstract object of a violent verb, "in protest at",
and, for the words that are as often figurative as literal, the absence of any violent or physical context.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from eventwire import lexicon
from eventwire.extract.syntax import governing_verb
from eventwire.extract.triggers import Trigger
from eventwire.resolve.toponyms import PLACE_LABELS

LEXICON = lexicon.load()
ORDINAL_EXTREMES = LEXICON.words("ordinal_extremes")
PAUSE_PREPOSITIONS = LEXICON.words("pause_prepositions")

HABITUAL = LEXICON.words("habitual_adverbs")
# "during the 15-year insurgency", "since 2009", "over the past decade", "for years", "in recent years".
LONG_PERIOD = re.compile(
    r"\b(?:during|throughout|over)\s+(?:the\s+|a\s+|its\s+|their\s+)?(?:past\s+|last\s+|recent\s+)?"
    r"(?:(?:\d+|[a-z]+)[- ](?:year|decade)s?(?:-long)?\b|decades?\b|years\b)"
    r"|\bsince\s+(?:the\s+)?(?:1[89]|20)\d\d\b"
    r"|\b(?:in|during|throughout)\s+the\s+(?:early\s+|mid-?|late\s+)?(?:1[89]|20)?\d0s\b",  # "in the 1990s"
    re.IGNORECASE,
)
ABSTRACT = LEXICON.words("abstract_objects")
AMBIGUOUS = LEXICON.words("ambiguous_triggers")
VIOLENT_CONTEXT = LEXICON.words("violent_context")
INSTRUMENT_HEADS = LEXICON.words("instrument_heads")
HANDLING_VERBS = LEXICON.words("handling_verbs")
WEAPON_NOUNS = LEXICON.words("handled_weapons")
INVENTORY_NOUNS = LEXICON.words("inventory_nouns")
MILITARY_GOALS = LEXICON.words("military_goals")
PAUSE_HEADS = LEXICON.words("pause_heads")
PROTEST_VERBS_WITH_OBJECT = LEXICON.words("transitive_protest_verbs")


def _habitual(tok: Token, verb: Token) -> bool:
    return any(c.dep_ == "advmod" and c.lower_ in HABITUAL for c in (*tok.children, *verb.children))


def _long_period(tok: Token, verb: Token) -> bool:
    """A frame of many years on the trigger's own clause ("has been attacked ... during the 15-year war");
    not a record ("the deadliest attack since 2015", "the first bombing in a decade")."""
    if any(c.tag_ == "JJS" or c.lower_ in ORDINAL_EXTREMES for c in tok.children):
        return False
    for head in {verb, tok}:
        for c in head.children:
            if c.dep_ in {"prep", "npadvmod"}:
                words = list(c.subtree)
                if LONG_PERIOD.search(tok.doc[words[0].i : words[-1].i + 1].text):
                    return True
    return False


def _abstract_object(tok: Token) -> bool:
    """ "attacked the plans", "blow a hole in the public finances": a violent verb with an abstract object."""
    if tok.pos_ != "VERB":
        return False
    objects = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
    if tok.lemma_.lower() == "blow":
        objects += [g for c in tok.children if c.dep_ == "dobj" for g in c.subtree if g.dep_ == "pobj"]
    return any(o.lemma_.lower() in ABSTRACT and o.ent_type_ not in PLACE_LABELS for o in objects)


def _struggle(tok: Token) -> bool:
    """ "lost the battle to keep the case out of court", "the fight to save the mill": a battle fought to do
    something no army does is a struggle, not an armed clash ("the battle to retake Mosul" is one)."""
    if tok.pos_ != "NOUN":
        return False
    purposes = [
        c
        for c in tok.children
        if c.dep_ in {"acl", "relcl"} and c.tag_ == "VB" and any(a.lower_ == "to" for a in c.children)
    ]
    return any(p.lemma_.lower() not in MILITARY_GOALS for p in purposes)


def _pause(tok: Token) -> bool:
    """ "a lull in the fighting that has allowed normal life to return", "an end to the clashes": the pause or
    end of fighting is what the sentence tells, not an incident."""
    up = tok.head
    return (
        tok.dep_ == "pobj"
        and up.lower_ in PAUSE_PREPOSITIONS
        and up.head.pos_ == "NOUN"
        and up.head.lemma_.lower() in PAUSE_HEADS
    )


def _stance(tok: Token) -> bool:
    """ "abstained in protest at the change", "resigned in protest": a reason, not a gathering."""
    return tok.lemma_.lower() == "protest" and tok.dep_ == "pobj" and tok.head.lower_ == "in"


def _showing(tok: Token) -> bool:
    """ "the companies are demonstrating a belief in the future", "to demonstrate that the method is cruel",
    "rallied support": with an object, a protest verb means show or gather; a protest takes none."""
    return (
        tok.pos_ == "VERB"
        and tok.lemma_.lower() in PROTEST_VERBS_WITH_OBJECT
        and any(c.dep_ in {"dobj", "ccomp"} for c in tok.children)
    )


def _instrument(tok: Token) -> bool:
    """A trigger noun modifying a trade or tool ("bomb-making", "bomb squad"), or a weapon being handled."""
    if tok.dep_ in {"compound", "amod", "nmod", "npadvmod", "poss"} and tok.head.pos_ in {"NOUN", "VERB"}:
        if tok.head.lemma_.lower() in INSTRUMENT_HEADS or tok.head.lower_ in INSTRUMENT_HEADS:
            return True
    if tok.pos_ in {"NOUN", "PROPN"} and tok.lemma_.lower() in WEAPON_NOUNS:
        handled = _handled_object(tok)
        if handled.dep_ in {"dobj", "nsubjpass", "conj"} and handled.head.lemma_.lower() in HANDLING_VERBS:
            return True
        if _listed_with_arms(tok):
            return True
    return False


def _listed_with_arms(tok: Token) -> bool:
    """An explosive listed with firearms, ammunition or gear ("captured 46 rifles, 2 machineguns and 40
    grenades", "a cache which consisted of 8 rifles, 1 grenade and 1,600 cartridges"): an inventory, whatever
    verb holds it (lexicon `inventory_nouns`; "two bombs and a grenade were thrown" lists explosives only).

    Why: a seizure told as a long list is parsed as chains of conjuncts and appositions that rarely reach the
    verb (`_handled_object` stops short of "captured"), and each weapon word of it would read as an attack."""
    path = [tok]
    for _ in range(6):
        head = path[-1].head
        if path[-1].dep_ in {"conj", "appos"} or (path[-1].dep_ == "pobj" and head.head.pos_ == "NOUN"):
            path.append(head if path[-1].dep_ != "pobj" else head.head)
        else:
            break
    listed = [*path[1:], *(c for c in tok.children if c.dep_ in {"conj", "appos"})]
    return any(t.pos_ in {"NOUN", "PROPN"} and t.lemma_.lower() in INVENTORY_NOUNS for t in listed)


def _handled_object(tok: Token) -> Token:
    """The noun phrase a weapon word sits in, up through lists and quantities: "seized an arsenal of 36
    rifles, two launchers and 13 hand grenades" hands the grenades to "seized" through "arsenal of"."""
    for _ in range(6):
        if tok.dep_ == "conj" and tok.head.pos_ in {"NOUN", "PROPN", "NUM"}:
            tok = tok.head
        elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in {"NOUN", "NUM"}:
            tok = tok.head.head  # "a cache of grenades", "dozens of mines"
        elif tok.dep_ == "appos":
            tok = tok.head
        else:
            break
    return tok


CONFLICTS = LEXICON.words("conflicts")
COUNTED_PEOPLE = LEXICON.words("counted_people")


def _conflict_toll(tok: Token, kind: str) -> bool:
    """ "the war, which has killed thousands": a war's toll over years is no incident's casualty figure."""
    if kind != "kill":
        return False
    agents = [c for c in tok.children if c.dep_ == "nsubj"]
    if tok.dep_ == "relcl":
        agents.append(tok.head)
    return any(a.lemma_.lower() in CONFLICTS for a in agents)


def _violent_context(sent: Span, trigger: Trigger) -> bool:
    own = set(range(trigger.span.start, trigger.span.end))
    for t in sent:
        if t.i in own:
            continue
        if t.lemma_.lower() in VIOLENT_CONTEXT or (t.ent_type_ in PLACE_LABELS and t.ent_iob_ == "B"):
            return True
        if t.like_num and t.head.lemma_.lower() in COUNTED_PEOPLE:
            return True
    return False


def not_an_event(trigger: Trigger) -> str | None:
    """Why the trigger tells no incident ("habitual", "long-period", "abstract-object", "struggle", "pause",
    "instrument", "showing", "conflict-toll", "stance", "no-violent-context"), or None when it may."""
    tok = trigger.head
    verb = governing_verb(tok)
    if _stance(tok):
        return "stance"
    if _habitual(tok, verb):
        return "habitual"
    if _long_period(tok, verb):
        return "long-period"
    if _abstract_object(tok):
        return "abstract-object"
    if _struggle(tok):
        return "struggle"
    if _pause(tok):
        return "pause"
    if _instrument(tok):
        return "instrument"
    if _showing(tok):
        return "showing"
    if _conflict_toll(tok, trigger.definition.kind):
        return "conflict-toll"
    lemma = tok.lemma_.lower()
    if trigger.definition.kind in {"generic", "specific"} and len(trigger.span) == 1 and lemma in AMBIGUOUS:
        if not _violent_context(tok.sent, trigger):
            return "no-violent-context"
    return None


__all__ = ["not_an_event"]
