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

from eventwire.extract.syntax import governing_verb
from eventwire.extract.triggers import Trigger

HABITUAL = frozenset(
    {
        "regularly",
        "repeatedly",
        "often",
        "routinely",
        "frequently",
        "usually",
        "habitually",
        "constantly",
        "continually",
        "periodically",
        "sometimes",
        "occasionally",
        "typically",
        "generally",
    }
)
# "during the 15-year insurgency", "since 2009", "over the past decade", "for years", "in recent years".
LONG_PERIOD = re.compile(
    r"\b(?:during|throughout|over)\s+(?:the\s+|a\s+|its\s+|their\s+)?(?:past\s+|last\s+|recent\s+)?"
    r"(?:(?:\d+|[a-z]+)[- ](?:year|decade)s?(?:-long)?\b|decades?\b|years\b)"
    r"|\bsince\s+(?:the\s+)?(?:1[89]|20)\d\d\b",
    re.IGNORECASE,
)
# Objects that a word of violence can only hit figuratively.
ABSTRACT = frozenset(
    {
        "plan",
        "proposal",
        "policy",
        "record",
        "government",
        "decision",
        "finance",
        "budget",
        "measure",
        "bill",
        "law",
        "idea",
        "report",
        "remark",
        "comment",
        "statement",
        "reform",
        "deal",
        "agreement",
        "strategy",
        "approach",
        "economy",
        "hole",
        "confidence",
        "hope",
        "chance",
        "credibility",
        "reputation",
        "argument",
        "claim",
        "tax",
        "spending",
        "pension",
        "vote",
        "election",
        "campaign",
    }
)
# The trigger words that are as often figurative as literal: they need violent or physical context.
AMBIGUOUS = frozenset({"attack", "strike", "blow", "hit", "raid", "protest", "assault", "explode"})
VIOLENT_CONTEXT = frozenset(
    {
        # weapons
        "gun", "rifle", "bomb", "explosive", "device", "ied", "grenade", "rocket", "mortar", "missile",
        "shell", "artillery", "drone", "airstrike", "warplane", "aircraft", "knife", "machete", "bullet",
        "gunfire", "fire", "weapon", "ammunition", "tear", "baton", "gas", "cannon", "vehicle", "car",
        # casualties
        "kill", "die", "dead", "death", "wound", "injure", "injury", "hurt", "casualty", "body", "victim",
        "toll", "abduct", "kidnap", "hostage",
        # armed actors
        "militant", "fighter", "gunman", "soldier", "troop", "army", "police", "policeman", "officer",
        "rebel", "insurgent", "jihadist", "terrorist", "bomber", "militia", "military", "force", "guard",
        "attacker", "assailant", "extremist", "protester", "demonstrator", "crowd",
        # physical targets
        "checkpoint", "base", "post", "village", "town", "city", "camp", "convoy", "patrol", "position",
        "house", "home", "mosque", "church", "school", "hospital", "station", "road", "street", "building",
        "office", "embassy", "hotel", "bus", "minibus", "truck", "market", "bridge", "compound", "hideout",
        "stadium", "airport", "shrine", "temple", "synagogue", "cathedral", "restaurant", "cafe", "plane",
        "airliner", "train", "ship", "boat", "port", "prison", "jail", "barracks", "headquarters",
        # gatherings (a protest needs people in a place, not violence)
        "thousand", "hundred", "dozen", "gather", "square", "capital", "outside", "supporter", "student",
        "worker", "resident", "farmer", "chant", "placard", "banner",
    }
)  # fmt: skip
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# "bomb-making materials", "a bomb disposal unit", "a bomb factory": the word names a trade, not a blast.
INSTRUMENT_HEADS = frozenset(
    {
        "making", "maker", "material", "equipment", "factory", "component", "part", "kit", "workshop",
        "expert", "squad", "disposal", "technician", "scare", "hoax", "threat", "suspect", "charge",
        "precursor", "ingredient", "manual", "training", "instruction", "detector", "sniffer", "shelter",
        "proof", "resistant", "cell", "network", "supply", "trade", "possession",
    }
)  # fmt: skip
# "officers found two improvised explosive devices": a weapon seized or found is no explosion.
HANDLING_VERBS = frozenset(
    {
        "find", "seize", "recover", "discover", "confiscate", "possess", "store", "stockpile", "hide",
        "smuggle", "transport", "buy", "sell", "make", "manufacture", "assemble", "build", "carry", "hold",
        "keep", "stash", "collect", "acquire", "obtain", "supply", "have",
    }
)  # fmt: skip
WEAPON_NOUNS = frozenset({"bomb", "device", "ied", "explosive", "mine", "grenade", "vest", "belt"})


def _habitual(tok: Token, verb: Token) -> bool:
    return any(c.dep_ == "advmod" and c.lower_ in HABITUAL for c in (*tok.children, *verb.children))


def _long_period(tok: Token, verb: Token) -> bool:
    """A frame of many years on the trigger's own clause ("has been attacked ... during the 15-year war");
    not a record ("the deadliest attack since 2015", "the first bombing in a decade")."""
    if any(c.tag_ == "JJS" or c.lower_ in {"first", "last"} for c in tok.children):
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


def _stance(tok: Token) -> bool:
    """ "abstained in protest at the change", "resigned in protest": a reason, not a gathering."""
    return tok.lemma_.lower() == "protest" and tok.dep_ == "pobj" and tok.head.lower_ == "in"


def _instrument(tok: Token) -> bool:
    """A trigger noun modifying a trade or tool ("bomb-making", "bomb squad"), or a weapon being handled."""
    if tok.dep_ in {"compound", "amod", "nmod", "npadvmod", "poss"} and tok.head.pos_ in {"NOUN", "VERB"}:
        if tok.head.lemma_.lower() in INSTRUMENT_HEADS or tok.head.lower_ in INSTRUMENT_HEADS:
            return True
    if tok.pos_ in {"NOUN", "PROPN"} and tok.lemma_.lower() in WEAPON_NOUNS:
        if tok.dep_ in {"dobj", "nsubjpass", "conj"} and tok.head.lemma_.lower() in HANDLING_VERBS:
            return True
    return False


CONFLICTS = frozenset({"war", "insurgency", "conflict", "rebellion", "uprising", "crisis", "campaign"})


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
        if t.like_num and t.head.lemma_.lower() in {"people", "person", "civilian"}:
            return True
    return False


def not_an_event(trigger: Trigger) -> str | None:
    """Why the trigger tells no incident ("habitual", "long-period", "abstract-object", "instrument",
    "conflict-toll", "stance", "no-violent-context"), or None when it may."""
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
    if _instrument(tok):
        return "instrument"
    if _conflict_toll(tok, trigger.definition.kind):
        return "conflict-toll"
    lemma = tok.lemma_.lower()
    if trigger.definition.kind in {"generic", "specific"} and len(trigger.span) == 1 and lemma in AMBIGUOUS:
        if not _violent_context(tok.sent, trigger):
            return "no-violent-context"
    return None


__all__ = ["not_an_event"]
