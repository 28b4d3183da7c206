"""In scope or not: political violence as ACLED and GTD draw it, not disease, disasters, animals or crime.

Why: the words of political violence are the words of ordinary news too. "The outbreak has killed 292 people",
"6,500 hogs were slaughtered", "a heart attack", "police arrested four vendors for selling rotten pork", "the
WHO statement" are no events. Each rule reads a role the sentence gives, not a topic guess:
- a killing, attack or clash whose cause (its subject or "by" agent) is a disease, a disaster or an accident;
- a killing whose victims are animals; a medical "attack" ("heart attack");
- an arrest with no political or militant context in its sentence (an arrest of a militant, a protester, an
  activist, a plotter is a strategic development; one of a drunk driver is police news);
- a release (statement, video) that no armed group issued: ACLED's "Propaganda release" is an armed group's.
The word lists are data (lexicon/en/scope.json).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from eventwire import lexicon


@dataclass(frozen=True)
class ScopeCues:
    nonviolent_causes: frozenset[str]
    animals: frozenset[str]
    nonviolent_compounds: frozenset[str]
    political_context: frozenset[str]


# The cues of the default language, read once through the lexicon at import, as the other rule modules do.
CUES = lexicon.load().fill(ScopeCues)


def _words(token: Token) -> set[str]:
    """The lemmas of a phrase head and its modifiers ("cholera outbreak", "E. coli", "HIV and AIDS cases")."""
    mods = [t for t in token.children if t.dep_ in {"compound", "amod", "nmod"}]
    return {t.lemma_.lower() for t in [token, *mods, *(c for m in mods for c in m.conjuncts)]}


def _causes(tok: Token) -> list[Token]:
    """Who or what did it: the subject of an active trigger, the "by" agent of a passive one, and, for a noun
    trigger, its "of"/"from" cause ("deaths from cholera")."""
    found = [c for c in tok.children if c.dep_ == "nsubj"]
    if tok.dep_ in {"relcl", "acl"}:
        # "the outbreak, which has killed 292", "an outbreak of cholera killed", "areas of the Earthquake that
        # has killed": the noun the clause hangs on, and what it is "of"
        found.append(tok.head)
        found += [g for c in tok.head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    # "an explosion of AIDS cases", "an explosion in HIV cases"; "killed after an outbreak of cholera",
    # "died during the storm": what the event followed from. A violent cause ("killed after a bomb went off")
    # is no nonviolent one, so the wider net costs nothing there.
    # "died after a battle with cancer": what a fight is "with" is its other side, here a disease.
    preps = {"from", "by", "after", "following", "during", "amid", "in", "with"}
    if tok.pos_ == "NOUN":
        preps.add("of")
    # A modifier said once for coordinated verbs hangs on the last ("were killed and sixty remain in
    # critical condition after an outbreak of cholera").
    for c in [*tok.children, *(c for v in tok.conjuncts if v.i > tok.i for c in v.children)]:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in preps):
            found += [g for g in c.children if g.dep_ == "pobj"]
    return found


def _victims(tok: Token) -> list[Token]:
    """Who or what was hit; through a quantity ("millions of birds", "thousands of chickens") to its kind."""
    found = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
    if not found:  # "slaughtering, burning and burying hogs": the object said once, after the last verb
        found = [c for h in tok.conjuncts for c in h.children if c.dep_ == "dobj"]
    if tok.pos_ == "NOUN":  # "the slaughter of 600 monkeys"
        found += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    if tok.dep_ in {"acl", "amod"}:
        found.append(tok.head)  # "6,500 hogs slaughtered"
    kinds = []
    for v in found:
        of = [
            g
            for c in v.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        kinds += (
            of
            if of and (v.like_num or v.pos_ == "NUM" or v.tag_ == "CD" or v.lemma_.lower() in _QUANTITY)
            else [v]
        )
    return kinds


_QUANTITY = frozenset({"million", "thousand", "hundred", "dozen", "number", "lot", "flock", "herd", "head"})


def _political(token: Token, cues: ScopeCues) -> bool:
    """A political or militant word, also inside a hyphenated one ("counter-terror", "pro-government")."""
    if token.lemma_.lower() in cues.political_context:
        return True
    return any(part in cues.political_context for part in token.lower_.split("-") if part)


def out_of_scope(tok: Token, sub: str, cues: ScopeCues | None = None) -> str | None:
    """Why a mention on this trigger is not political violence ("nonviolent-cause", "animal-victims",
    "nonviolent-kind", "ordinary-arrest"), or None."""
    cues = cues or CUES
    if any(_words(c) & cues.nonviolent_causes for c in _causes(tok)):
        return "nonviolent-cause"
    # With no object, the subject is who it happened to or who did it ("toads exploded", "a bear attacked"):
    # animals either way.
    victims = _victims(tok) or [c for c in tok.children if c.dep_ == "nsubj"]
    if victims and all(v.lemma_.lower() in cues.animals for v in victims):
        return "animal-victims"
    if any(
        c.dep_ in {"compound", "amod"} and c.lemma_.lower() in cues.nonviolent_compounds for c in tok.children
    ):
        return "nonviolent-kind"  # "a heart attack", "a gas explosion"
    if sub == "Arrests" and not any(_political(t, cues) for t in tok.sent):
        return "ordinary-arrest"
    return None


__all__ = ["out_of_scope", "CUES"]
