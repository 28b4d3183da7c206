"""Whether an event happened: actual, claimed, suspected, alleged, foiled, planned, threatened, hypothetical
or negated, read from the words that govern its trigger.

Why it matters: reports are full of things that did not happen ("if coalition forces pull out", "will
continue operations", "was planning to bomb"). The cues are read on the trigger's chain of heads (the clauses
it is embedded in) and on the trigger's own clause, strongest first, so "suspect Isis was planning to bomb ...
in a plot which was uncovered" comes out foiled, not suspected.
"""

from __future__ import annotations

from spacy.tokens import Token

from eventwire import lexicon
from eventwire.extract.syntax import ancestors_self, governing_verb

LEXICON = lexicon.load()
KNOWN_DETERMINERS = LEXICON.words("known_determiners")
HEARSAY_ADVERBS = LEXICON.words("hearsay_adverbs")
SUSPECT_PREPOSITIONS = LEXICON.words("suspect_prepositions")

FOIL = LEXICON.words("foiled_cues")
PLAN = LEXICON.words("planned_cues")
THREATEN = LEXICON.words("threatened_cues")
SUSPECT = LEXICON.words("suspected_cues")
CLAIM = LEXICON.words("claimed_cues")
ALLEGE = LEXICON.words("alleged_cues")
MODAL_HYPO = LEXICON.words("hypothetical_modals")
MODAL_FUTURE = LEXICON.words("future_modals")
CONDITION = LEXICON.words("condition_markers")
NEGATORS = LEXICON.words("negators")
PLOT_NOUNS = LEXICON.words("plot_nouns")
TOLD_DONE_INFINITIVE_HEADS = LEXICON.words("told_done_infinitive_heads")
_INFINITIVE_DEPS = frozenset({"xcomp", "advcl", "acl", "ccomp"})
ORDER = ("negated", "hypothetical", "foiled", "planned", "threatened", "suspected", "claimed", "alleged")


def _clause_cues(verb: Token) -> set[str]:
    """Cues carried by one clause head: negation, modals, a condition marker."""
    cues: set[str] = set()
    for child in verb.children:
        low = child.lower_
        if child.dep_ == "neg" or (child.dep_ == "det" and low == "no"):
            cues.add("negated")
        if child.dep_ in {"aux", "auxpass"} and low in MODAL_HYPO:
            cues.add("hypothetical")
        if child.dep_ in {"aux", "auxpass"} and low in MODAL_FUTURE:
            cues.add("planned")
        if child.dep_ == "mark" and low in CONDITION:
            cues.add("hypothetical")
        if child.dep_ == "aux" and low == "to" and verb.head.lemma_ == "go" and verb.head.tag_ == "VBG":
            cues.add("planned")  # "are going to attack"
    return cues


def _lexical(token: Token) -> str | None:
    lemma, low = token.lemma_.lower(), token.lower_
    if lemma in FOIL:
        return "foiled"
    if lemma in PLAN:
        return "planned"
    if lemma in THREATEN:
        return "threatened"
    if lemma in SUSPECT or low in {"suspected", "apparent"}:
        return "suspected"
    if lemma in CLAIM or low == "responsibility":
        return "claimed"
    if lemma in ALLEGE or low in {"alleged", "allegedly", "reportedly"}:
        return "alleged"
    return None


def _definite_noun(trigger: Token) -> bool:
    return trigger.pos_ == "NOUN" and any(
        c.dep_ in {"det", "poss"} and c.lower_ in KNOWN_DETERMINERS for c in trigger.children
    )


def _own_negation(trigger: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in trigger.children)


def _intended(trigger: Token) -> bool:
    """A trigger verb in a bare "to" infinitive under a verb of wanting, sending or hiring ("want to massacre
    the people", "were sent to kill", "hired gunmen to assassinate him"): what someone meant to do, not what
    was done. Not under a verb that tells the act done or tried (lexicon `told_done_infinitive_heads`: "tried
    to storm", "went on to kill"), nor under one with a status of its own ("threatened to attack"), nor a
    perfect infinitive ("is said to have killed")."""
    if trigger.pos_ != "VERB" or trigger.tag_ != "VB" or trigger.dep_ not in _INFINITIVE_DEPS:
        return False
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children):
        return False
    head = trigger.head
    return head.lemma_.lower() not in TOLD_DONE_INFINITIVE_HEADS and _lexical(head) is None


def event_status(trigger: Token) -> str:
    """The status of the event a trigger names (see the module docstring for the cues)."""
    cues: set[str] = set()
    if _intended(trigger):
        cues.add("planned")
    own_verb = governing_verb(trigger)
    cues |= _clause_cues(own_verb)
    if trigger.pos_ in {"NOUN", "PROPN"}:
        cues |= {c for c in _clause_cues(trigger) if c == "negated"}  # "no attack"
        for (
            child
        ) in trigger.children:  # "suspected airstrike", "alleged attack", "planned attack", "foiled plot"
            found = _lexical(child) if child.dep_ in {"amod", "compound", "advmod"} else None
            if found:
                cues.add(found)
    for child in [*trigger.children, *own_verb.children]:
        if child.dep_ == "advmod" and child.lower_ in HEARSAY_ADVERBS:
            cues.add("alleged")
    chain = ancestors_self(trigger)[1:]
    lexical_open = True
    for depth, head in enumerate(chain):
        below = chain[depth - 1] if depth else trigger
        # Cues of a governing word count only while the trigger is its complement ("planning to bomb",
        # "boasts of attacks", "suspect in the bombing"), not an adjunct ("in response to air strikes").
        if (
            below.dep_ in {"advcl", "relcl", "acl", "appos", "npadvmod", "nsubj"}
            or below.dep_ == "prep"
            and not (below.lower_ in SUSPECT_PREPOSITIONS or head.lemma_.lower() in SUSPECT | PLAN)
        ):
            lexical_open = False
        found = _lexical(head)
        if head.lemma_.lower() == "call" and below.lower_ != "for":
            found = None  # "called for attacks" threatens; "what Macron called an attack" does not
        if found and depth < 6 and lexical_open:
            cues.add(found)
        if head.pos_ in {"VERB", "AUX"} and depth < 4:
            clause = _clause_cues(head)
            # Negation only counts on the trigger's own clause and the verb right above it.
            if depth > 1:
                clause.discard("negated")
            cues |= clause
        # A plot to which the trigger belongs and which was uncovered/foiled.
        for child in head.children:
            if child.lemma_ in {"plot", "plan"} and child.pos_ == "NOUN":
                if any(g.lemma_.lower() in FOIL for g in child.subtree):
                    cues.add("foiled")
                else:
                    cues.add("planned")
    for head in [trigger, *chain[:3]]:  # "X was planning to bomb ... in a plot which was uncovered"
        for child in head.children:
            if (
                child.dep_ == "prep"
                and any(g.lemma_.lower() in FOIL for g in child.subtree)
                and any(g.lemma_.lower() in PLOT_NOUNS for g in child.subtree)
            ):
                cues.add("foiled")
    if "foiled" in cues:
        cues.discard("planned")
    if "negated" in cues and _definite_noun(trigger) and not _own_negation(trigger):
        cues.discard("negated")  # "has not commented on the abduction": a definite noun presupposes it
    for name in ORDER:
        if name in cues:
            return name
    return "actual"
