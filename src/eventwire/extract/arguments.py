"""Event arguments along the dependency tree: who did it, to whom or what, with which weapon, and when.

The rules follow DESIGN.md: subject or "by" agent → perpetrator; object, passive subject or "on/against/of"
complement → target or victim; "with/using X" → weapon; a DATE entity attached to the trigger's clause (or
inside the trigger's own phrase) → date, with one fallback to the sentence when it holds one event and one
date. Names are handed to the ActorResolver; which span plays which role stays here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Span, Token

from eventwire.extract.casualties import PERSON_NOUNS
from eventwire.extract.syntax import VERB_POS, ancestors_self, climb, noun_phrase_text, tree_distance
from eventwire.models import DateInfo, Weapon
from eventwire.resolve.times import resolve_date

AGENTIVE_VERBS = frozenset(
    {
        "carry",
        "launch",
        "conduct",
        "stage",
        "mount",
        "provide",
        "perpetrate",
        "commit",
        "unleash",
        "fire",
        "respond",
        "claim",
        "begin",
        "start",
        "step",
        "intensify",
        "lead",
        "order",
        "plan",
        "execute",
        "retaliate",
        "wage",
        "spearhead",
        "initiate",
    }
)
ARMED_WORDS = frozenset(
    {
        "soldier",
        "troop",
        "force",
        "police",
        "policeman",
        "officer",
        "army",
        "military",
        "base",
        "checkpoint",
        "convoy",
        "patrol",
        "militant",
        "fighter",
        "insurgent",
        "rebel",
        "militia",
        "commando",
        "marine",
        "peshmerga",
        "guard",
        "post",
        "barrack",
        "camp",
        "outpost",
        "position",
        "unit",
        "battalion",
        "brigade",
        "jihadist",
        "gunman",
        "serviceman",
        "servicemen",
        "personnel",
        "paramilitary",
    }
)
STATE_WORDS = frozenset(
    {
        "ministry",
        "minister",
        "president",
        "spokesman",
        "embassy",
        "governor",
        "army",
        "troop",
        "soldier",
        "military",
        "government",
        "police",
        "force",
        "peshmerga",
        "marine",
        "commando",
        "regime",
        "coalition",
        "navy",
        "airforce",
        "guard",
    }
)
NONSTATE_WORDS = frozenset(
    {
        "militant",
        "rebel",
        "insurgent",
        "jihadist",
        "gunman",
        "gunmen",
        "terrorist",
        "isis",
        "isil",
        "daesh",
        "taliban",
        "shabaab",
        "haram",
        "qaeda",
        "militia",
        "extremist",
        "separatist",
        "group",
    }
)
WEAPON_WORDS = {
    "gun": "firearms",
    "rifle": "firearms",
    "pistol": "firearms",
    "machine": "firearms",
    "ak-47": "firearms",
    "kalashnikov": "firearms",
    "knife": "knife",
    "machete": "machete",
    "axe": "axe",
    "bomb": "explosives",
    "explosive": "explosives",
    "grenade": "grenade",
    "rocket": "rocket",
    "missile": "missile",
    "mortar": "mortar",
    "drone": "drone",
    "rpg": "rocket",
    "truck": "vehicle",
    "car": "vehicle",
    "vehicle": "vehicle",
    "acid": "acid",
    "gas": "chemical",
    "sword": "knife",
    "artillery": "artillery",
    "shell": "artillery",
}
_PRONOUNS = frozenset(
    {"it", "they", "he", "she", "we", "who", "which", "that", "what", "them", "its", "their"}
)


@dataclass
class Role:
    """One argument of a trigger: the head token, its phrase text and its role."""

    token: Token
    text: str
    role: str  # perpetrator | victim | target


def _is_person_word(token: Token) -> bool:
    return token.lemma_.lower() in PERSON_NOUNS or token.ent_type_ in {"PERSON", "NORP"}


def _role_for(token: Token) -> Role | None:
    if token.lower_ in _PRONOUNS or token.tag_ in {"WP", "WDT", "PRP"} or token.ent_type_ in {"DATE", "TIME"}:
        return None
    return Role(token, noun_phrase_text(token), "victim" if _is_person_word(token) else "target")


def perpetrators(trigger: Token) -> list[Token]:
    """Heads of the phrases that did it (before naming; conjuncts included)."""
    found: list[Token] = []
    if trigger.pos_ in VERB_POS:
        passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in trigger.children)
        for child in trigger.children:
            if passive and child.dep_ == "agent":
                found.extend(c for c in child.children if c.dep_ == "pobj")
            elif not passive and child.dep_ == "nsubj":
                found.append(child)
        if not found and trigger.dep_ in {"xcomp", "conj"} and not passive:
            found.extend(c for c in trigger.head.children if c.dep_ == "nsubj")
    else:
        for child in trigger.children:
            if child.dep_ == "poss" and child.lower_ not in _PRONOUNS:
                found.append(child)
            if child.dep_ == "prep" and child.lower_ == "by":
                found.extend(c for c in child.children if c.dep_ == "pobj")
        head = trigger.head
        via_with = trigger.dep_ == "pobj" and head.lower_ in {"with", "using"}
        verb = head.head if via_with else head
        if not found and trigger.dep_ == "nsubjpass" and head.lemma_ in AGENTIVE_VERBS:
            # "the attack was carried out by a local militia"
            found.extend(
                p for c in head.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"
            )
        if (
            not found
            and trigger.dep_ == "pobj"
            and head.lower_ == "in"
            and head.head.lemma_ in {"kill", "wound"}
        ):
            # "militants killed 12 villagers (and wounded 20) in an attack"
            verb = head.head
            for v in (verb, verb.head) if verb.dep_ == "conj" else (verb,):
                found.extend(c for c in v.children if c.dep_ == "nsubj")
        if not found and (trigger.dep_ == "dobj" or via_with) and verb.lemma_ in AGENTIVE_VERBS:
            if verb.dep_ == "acl":  # "fighters launching a major offensive"
                found.append(verb.head)
            else:
                found.extend(c for c in verb.children if c.dep_ == "nsubj")
    found.extend(c for f in list(found) for c in f.children if c.dep_ == "conj")
    return [
        t
        for t in found
        if t.lower_ not in _PRONOUNS
        and not any(c.lower_ in {"no", "none"} for c in t.children)  # "no group claimed the attack"
        and t.ent_type_ not in {"DATE", "TIME"}  # "Saturday's attack"
        and t.tag_ not in {"PRP", "WP", "WDT"}
        and t.lemma_.lower() not in WEAPON_WORDS  # "a car bomb exploded": the bomb is no perpetrator
        and t.lemma_.lower() not in {"bomber", "attack", "blast", "explosion", "strike", "airstrike"}
    ]


def targets(trigger: Token) -> list[Role]:
    """Victims (people) and targets (things, places, units) of a trigger."""
    heads: list[Token] = []
    if trigger.pos_ in VERB_POS:
        passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in trigger.children)
        for child in trigger.children:
            if child.dep_ == ("nsubjpass" if passive else "dobj"):
                heads.append(child)
    else:
        for child in trigger.children:
            if child.dep_ == "prep" and child.lower_ in {"on", "against", "of", "at", "targeting", "upon"}:
                heads.extend(c for c in child.children if c.dep_ == "pobj")
            if child.dep_ == "acl" and child.lemma_ == "target":
                heads.extend(c for c in child.children if c.dep_ == "dobj")
        # "the base was hit by another rocket attack": the passive subject of the verb is the target.
        if trigger.dep_ == "pobj" and trigger.head.dep_ == "agent":
            heads.extend(c for c in trigger.head.head.children if c.dep_ == "nsubjpass")
    heads.extend(c for h in list(heads) for c in h.children if c.dep_ == "conj")
    return [r for r in (_role_for(h) for h in heads) if r is not None]


def target_lemmas(trigger: Token, stop: frozenset[str]) -> set[str]:
    """Content words of the target phrases, used to recognise two mentions of the same incident."""
    found: set[str] = set()
    for role in targets(trigger):
        for tok in list(role.token.subtree)[:14]:
            lemma = tok.lemma_.lower()
            if tok.pos_ in {"NOUN", "PROPN", "ADJ", "VERB"} and lemma not in stop and len(lemma) > 2:
                found.add(lemma)
    return found


def weapons(trigger: Token, default: str | None) -> list[Weapon]:
    """The trigger's own weapon (a "mortar strike") and any "with/using X" instrument."""
    found: list[Weapon] = []
    if default:
        found.append(
            Weapon(
                name=default,
                text=trigger.doc[trigger.left_edge.i : trigger.i + 1].text
                if trigger.left_edge.i >= trigger.i - 2
                else trigger.text,
            )
        )
    scope = [trigger, *(c for c in trigger.children if c.dep_ == "prep")]
    for head in scope:
        for child in head.children if head is trigger else [head]:
            if child.dep_ == "prep" and child.lower_ in {"with", "using", "by"}:
                for obj in child.children:
                    name = WEAPON_WORDS.get(obj.lemma_.lower())
                    if obj.dep_ == "pobj" and name and all(w.name != name for w in found):
                        found.append(Weapon(name=name, text=obj.text))
    return found


def actor_kind(tokens: list[Token]) -> str | None:
    """ "state" / "nonstate" from the words of a perpetrator phrase; None when they do not say."""
    words = {t.lemma_.lower() for tok in tokens for t in tok.subtree}
    if words & NONSTATE_WORDS:
        return "nonstate"
    if words & STATE_WORDS:
        return "state"
    return None


def armed_target(roles: list[Role]) -> bool | None:
    """True when the targets are armed (soldiers, a base); False for civilians; None when unknown."""
    if not roles:
        return None
    words = {t.lemma_.lower() for r in roles for t in r.token.subtree}
    return bool(words & ARMED_WORDS) and "civilian" not in words


@dataclass
class DateCandidate:
    span: Span
    info: DateInfo


def date_candidates(sent: Span, published: date | None) -> list[DateCandidate]:
    """The sentence's DATE/TIME entities that resolve to something (or carry a year at least)."""
    found: list[DateCandidate] = []
    for ent in sent.ents:
        if ent.label_ not in {"DATE", "TIME"} or len(ent.text) > 40:
            continue
        doc = ent.doc
        if ent.start > sent.start and re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", doc[ent.start - 1].text):
            ent = doc[ent.start - 1 : ent.end]  # "1 March 2019" tagged as "March 2019": keep the day
        info = resolve_date(ent.text, published)
        if info.precision != "unknown":
            found.append(DateCandidate(ent, info))
    return found


def _clause_head(span: Span, triggers: set[int]) -> Token:
    for step in ancestors_self(span.root)[1:]:
        if step.pos_ in VERB_POS or step.i in triggers:
            return step
    return span.root.sent.root


def _conj_sibling(trigger: Token, other: Token) -> bool:
    step = trigger
    while step.dep_ == "conj" and step.head.i != step.i:
        step = step.head
        if step.i == other.i:
            return True
    return False


def attach_date(trigger: Token, candidates: list[DateCandidate], triggers: set[int]) -> DateInfo | None:
    """The date of a trigger: the nearest DATE that modifies the trigger's clause or sits in its phrase."""
    best: tuple[int, DateInfo] | None = None
    for cand in candidates:
        root = cand.span.root
        attach = root.head.head if root.head.dep_ == "prep" else root.head
        if attach.pos_ in {"NOUN", "PROPN"} and attach.i != trigger.i and _conj_sibling(trigger, attach):
            continue  # "the loss of territory in 2017 and the killing of its founder": 2017 is the loss's
        inside = trigger.is_ancestor(root)
        governs = climb(trigger, _clause_head(cand.span, triggers))
        if not (inside or governs):
            continue
        dist = tree_distance(trigger, root)
        if best is None or dist < best[0]:
            best = (dist, cand.info)
    return best[1] if best else None
