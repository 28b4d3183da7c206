"""Event arguments along the dependency tree: who did it, to whom or what, with which weapon, and when.

The rules follow DESIGN.md: subject or "by" agent → perpetrator; object, passive subject or "on/against/of"
complement → target or victim; "with/using X" → weapon; a DATE entity attached to the trigger's clause (or
inside the trigger's own phrase) → date, with one fallback to the sentence when it holds one event and one
date. Names are handed to the ActorResolver; which span plays which role stays here, and so does which
phrase can be an actor at all (`actor_phrases`: people, organisations and forces, never numbers, places,
acts or weapons), because a database counted by actor is only as good as its actor column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Span, Token

from eventwire import lexicon
from eventwire.extract.casualties import PERSON_NOUNS
from eventwire.extract.syntax import VERB_POS, ancestors_self, climb, noun_phrase_text, tree_distance
from eventwire.models import NONSTATE_ARMED_TYPES, DateInfo, Weapon
from eventwire.nlp.doc_index import ents_within
from eventwire.resolve.actors import PRONOUNS
from eventwire.resolve.times import relative_day_spans, resolve_date

LEXICON = lexicon.load()
INSTRUMENT_PREPOSITIONS = LEXICON.words("instrument_prepositions")
NO_WORDS = LEXICON.words("no_words")
GROUP_POSSESSIVES = LEXICON.words("group_possessives")
GROUP_PRONOUNS = LEXICON.words("group_pronouns")
# What a court does to an incident's accused ("accused of", "charged with", "pleaded", "sentenced"): after it.
COURT_ACTS = LEXICON.words("court_acts")
OPPONENT_PREPOSITIONS = LEXICON.words("opponent_prepositions")
TARGET_PREPOSITIONS = LEXICON.words("target_prepositions")
MEANS_PREPOSITIONS = LEXICON.words("means_prepositions")

AGENTIVE_VERBS = LEXICON.words("agentive_verbs")
ARMED_WORDS = LEXICON.words("armed_words")
STATE_WORDS = LEXICON.words("state_words")
NONSTATE_WORDS = LEXICON.words("nonstate_words")
WEAPON_WORDS = LEXICON.table("weapon_words")
_PRONOUNS = LEXICON.words("role_pronouns")
ACTOR_NOUNS = LEXICON.words("actor_nouns")
PLACE_NOUNS = LEXICON.words("scene_nouns")
ACT_NOUNS = LEXICON.words("act_nouns")
OUTLET_NOUNS = LEXICON.words("outlet_nouns")
DEVICE_WORDS = LEXICON.words("device_words")
PLATFORM_NOUNS = LEXICON.words("platform_nouns")
MEMBER_NOUNS = LEXICON.words("member_nouns")
CLASH_LEMMAS = LEXICON.words("clash_lemmas")
INTERVENE_LEMMAS = LEXICON.words("intervene_lemmas")
ASPECT_VERBS = LEXICON.words("aspect_verbs")
HELD_NOUNS = LEXICON.words("held_nouns")
EVENT_SUBJECTS = LEXICON.words("event_subjects")
TITLE_WORDS = LEXICON.words("title_words")


@dataclass
class Role:
    """One argument of a trigger: the head token, its phrase text and its role."""

    token: Token
    text: str
    role: str  # perpetrator | victim | target


def _is_person_word(token: Token) -> bool:
    return token.lemma_.lower() in PERSON_NOUNS or token.ent_type_ in {"PERSON", "NORP"}


def names_a_thing(token: Token) -> bool:
    """Whether a target's head word names a thing hit (a bus, a pylon, bank branches), not people or a body of
    people: no person word, actor or member noun, armed word, name or PERSON/NORP/ORG entity.

    Why: a record says "object" for a physical target (../shared/DESIGN.md), and a target the actor base does
    not know is otherwise untyped, so that MUC-4's mapping could not tell "private bank branches" (a physical
    target) from "state officials" (victims)."""
    lemma = token.lemma_.lower()
    return not (
        _is_person_word(token)
        or lemma in ACTOR_NOUNS
        or lemma in MEMBER_NOUNS
        or lemma in ARMED_WORDS
        or token.lower_ in PERSON_NOUNS
        or token.ent_type_ == "ORG"
        or token.pos_ == "PROPN"
    )


def without_title(phrase: str, head: Token) -> str:
    """A person's name without the title or office before it: "Liberal Senator Federico Estrada Velez" →
    "Federico Estrada Velez", "Msgr Oscar Arnulfo Romero" → "Oscar Arnulfo Romero".

    Why: the person hit is the name; the office describes them, and with it one person told twice ("Senator
    X", "X") reads as two. Only where the head names people, not a thing (`names_a_thing`: "police
    headquarters building" stays), and at least two words follow the last title word, none of them a title or
    a stop word ("the people of San Salvador" stays)."""
    if names_a_thing(head):
        return phrase
    words = phrase.split()
    cut = max((i + 1 for i, w in enumerate(words[:-2]) if _bare(w) in TITLE_WORDS), default=0)
    rest = words[cut:]
    if cut and all(
        w[:1].isalpha() and _bare(w) not in TITLE_WORDS and not head.vocab[_bare(w)].is_stop for w in rest
    ):
        return " ".join(rest)
    return phrase


def _bare(word: str) -> str:
    return word.lower().strip(".,")


def _role_for(token: Token) -> Role | None:
    if token.lower_ in _PRONOUNS or token.tag_ in {"WP", "WDT", "PRP"} or token.ent_type_ in {"DATE", "TIME"}:
        return None
    return Role(token, noun_phrase_text(token), "victim" if _is_person_word(token) else "target")


def is_passive(verb: Token) -> bool:
    """A passive clause, including a headline's reduced passive ("40 protesters arrested outside the
    assembly": a bare participle with a subject, no auxiliary and no object)."""
    deps = {c.dep_ for c in verb.children}
    if deps & {"auxpass", "nsubjpass"}:
        return True
    if verb.tag_ != "VBN" or verb.dep_ not in {"ROOT", "conj"} or deps & {"aux", "dobj", "agent"}:
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    # "a roadside IED detonated under a convoy": a device that goes off is no patient.
    return bool(subjects) and all(
        s.lemma_.lower() not in WEAPON_WORDS and s.lemma_.lower() not in DEVICE_WORDS for s in subjects
    )


def perpetrators(trigger: Token) -> list[Token]:
    """Heads of the phrases that did it (before naming; conjuncts included)."""
    found: list[Token] = []
    if trigger.pos_ in VERB_POS:
        passive = is_passive(trigger)
        for child in trigger.children:
            if passive and child.dep_ == "agent":
                found.extend(c for c in child.children if c.dep_ == "pobj")
            elif not passive and child.dep_ == "nsubj":
                found.append(child)
        if not found and trigger.dep_ in {"xcomp", "conj"} and not passive:
            found.extend(c for c in trigger.head.children if c.dep_ == "nsubj")
        if not found and trigger.dep_ == "acl" and trigger.tag_ == "VBG" and trigger.head.pos_ == "NOUN":
            found.append(trigger.head)  # "a video showing its fighters attacking army positions"
    else:
        for child in trigger.children:
            if child.dep_ == "poss" and child.lower_ not in _PRONOUNS:
                found.append(child)
            if child.dep_ == "prep" and child.lower_ == "by":
                found.extend(c for c in child.children if c.dep_ == "pobj")
        head = trigger.head
        via_with = trigger.dep_ == "pobj" and head.lower_ in INSTRUMENT_PREPOSITIONS
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
        if not found and trigger.dep_ == "nsubj" and head.lemma_ in ASPECT_VERBS:
            found.extend(_when_subjects(head))
    found.extend(c for f in list(found) for c in f.children if c.dep_ == "conj")
    found = [_antecedent(t) or t for t in found]
    return [
        t
        for t in found
        if t.lower_ not in _PRONOUNS
        and not any(c.lower_ in NO_WORDS for c in t.children)  # "no group claimed the attack"
        and t.ent_type_ not in {"DATE", "TIME"}  # "Saturday's attack"
        and t.tag_ not in {"PRP", "WP", "WDT"}
        and t.lemma_.lower() not in WEAPON_WORDS  # "a car bomb exploded": the bomb is no perpetrator
        and t.lemma_.lower() not in EVENT_SUBJECTS
    ]


def _antecedent(token: Token) -> Token | None:
    """The named group behind "it" / "they" / "its fighters": the nearest clause subject above it that is a
    name ("Al-Shabaab said it had carried out the attack", "Islamic State released a video showing its
    fighters attacking ..."). None when the nearest subject is not a name, or the token is no such phrase."""
    own = [c for c in token.children if c.dep_ == "poss" and c.lower_ in GROUP_POSSESSIVES]
    if token.lower_ not in GROUP_PRONOUNS and not (own and token.lemma_.lower() in MEMBER_NOUNS):
        return None
    for step in ancestors_self(token)[1:]:
        subjects = [c for c in step.children if c.dep_ == "nsubj" and not token.is_ancestor(c) and c != token]
        subjects = [c for c in subjects if c.i < token.i and not c.is_ancestor(token)]
        if step.pos_ in VERB_POS and subjects:
            subject = subjects[0]
            named = subject.pos_ == "PROPN" or subject.ent_type_ in {"ORG", "NORP"}
            return subject if named and subject.lower_ not in _PRONOUNS else None
    return None


def interveners(trigger: Token) -> list[Token]:
    """Who broke up a protest: the subject above an intervention verb that governs the protest noun ("Police
    fired tear gas ... to break up a sit-in"). The engine gives state forces the role "actor"."""
    chain = ancestors_self(trigger)[1:]
    for n, step in enumerate(chain):
        if step.pos_ in VERB_POS and step.lemma_.lower() in INTERVENE_LEMMAS:
            for verb in chain[n:]:
                subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ not in _PRONOUNS]
                if verb.pos_ in VERB_POS and subjects:
                    return subjects
            return []
    return []


def _when_subjects(verb: Token) -> list[Token]:
    """ "The assault began ... when peshmerga units established positions": the subject of the "when"
    clause did it (the clause may hang anywhere under the verb: the small model attaches it loosely)."""
    for tok in verb.subtree:
        if tok.pos_ in VERB_POS and any(c.lower_ == "when" and c.dep_ == "advmod" for c in tok.children):
            subjects = [c for c in tok.children if c.dep_ == "nsubj"]
            if subjects:
                return subjects
    return []


def opponents(trigger: Token) -> list[Role]:
    """The other side of a fight: "X clashed with Y" (Y), and in a fight over ground the side that held it
    ("seized ... cutting off Isis's strongholds", "overran the group's positions"). Role "target": in a
    battle the second side is ACLED's actor 2."""
    found: list[Token] = []
    if trigger.lemma_.lower() in CLASH_LEMMAS:
        for child in trigger.children:
            if child.dep_ == "prep" and child.lower_ in OPPONENT_PREPOSITIONS:
                found.extend(c for c in child.children if c.dep_ == "pobj")
    for tok in trigger.subtree:
        if tok.dep_ == "poss" and tok.head.lemma_.lower() in HELD_NOUNS and tok.lower_ not in _PRONOUNS:
            found.append(tok)
    return [Role(t, noun_phrase_text(t), "target") for t in found if t.tag_ not in {"PRP", "PRP$"}]


def targets(trigger: Token) -> list[Role]:
    """Victims (people) and targets (things, places, units) of a trigger."""
    heads: list[Token] = []
    if trigger.pos_ in VERB_POS:
        passive = is_passive(trigger)
        for child in trigger.children:
            if child.dep_ == ("nsubjpass" if passive else "dobj") or passive and child.dep_ == "nsubj":
                heads.append(child)
    else:
        for child in trigger.children:
            if child.dep_ == "prep" and child.lower_ in TARGET_PREPOSITIONS:
                heads.extend(c for c in child.children if c.dep_ == "pobj")
            if child.dep_ == "acl" and child.lemma_ == "target":
                heads.extend(c for c in child.children if c.dep_ == "dobj")
        # "the base was hit by another rocket attack": the passive subject of the verb is the target.
        if trigger.dep_ == "pobj" and trigger.head.dep_ == "agent":
            heads.extend(c for c in trigger.head.head.children if c.dep_ == "nsubjpass")
    heads.extend(c for h in list(heads) for c in h.children if c.dep_ == "conj")
    return [r for r in (_role_for(h) for h in heads) if r is not None]


def _is_number(token: Token) -> bool:
    numeric = {"CARDINAL", "QUANTITY", "PERCENT", "MONEY"}
    return token.like_num or token.pos_ == "NUM" or token.ent_type_ in numeric


def _bare_demonym(token: Token) -> bool:
    """ "Iraqi" on its own (no noun after it) is a nationality, not an actor; "Iraqis" (people) is one."""
    return token.ent_type_ == "NORP" and token.tag_ in {"JJ", "NNP"} and not token.lower_.endswith("s")


def _split_modifiers(token: Token) -> list[str]:
    """ "Kurdish and Yazidi fighters" → ["Kurdish fighters", "Yazidi fighters"]: one phrase per coordinated
    modifier, so each people or force is its own actor; otherwise the phrase as it stands."""
    for mod in token.lefts:
        if mod.dep_ in {"amod", "compound"} and any(c.dep_ == "conj" for c in mod.children):
            conjuncts = [mod, *(c for c in mod.children if c.dep_ == "conj")]
            phrases = []
            for c in conjuncts:
                drop = {t.i for d in c.children if d.dep_ in {"conj", "cc"} for t in d.subtree}
                words = [t.text for t in c.subtree if t.i not in drop and t.dep_ != "punct" or t.text == "-"]
                modifier = re.sub(r"\s*-\s*", "-", " ".join(words)).strip("-")
                phrases.append(f"{modifier} {token.text}")
            return phrases
    return [noun_phrase_text(token)]


def actor_phrases(role: Role) -> list[str]:
    """The actor names a role's phrase stands for, in the text's words; [] when it names no actor.

    Perpetrators must be people, organisations or forces (a person noun, an actor noun, a PERSON/ORG/NORP/GPE
    name): never a number ("40 arrested"), a place, an act or a weapon. Targets may be things (an airliner, a
    checkpoint) but not places, paths or acts ("an attack on the road", "an exchange of fire"). A bare demonym
    is a nationality, not an actor. "Fighters of X" are X; a group's office or account is the group's outlet,
    not a second actor (dropped here; a known outlet is mapped to its group by the actor resolver).
    """
    tok = role.token
    if role.text.lower() in PRONOUNS:  # "others", "someone": no name at all
        return []
    if tok.text not in role.text:  # a name read off the sentence, not a phrase of this token
        return [] if re.fullmatch(r"[\d,.\s]+", role.text) else [role.text]
    lemma = tok.lemma_.lower()
    if _is_number(tok) or tok.lower_ in _PRONOUNS or _bare_demonym(tok):
        return []
    if lemma in MEMBER_NOUNS and tok.tag_ == "NNS":  # "a commander of X" stays a person
        of = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
        named = [p for p in of if p.dep_ == "pobj" and p.pos_ == "PROPN" or p.ent_type_ in {"ORG", "NORP"}]
        named += [p for p in of if p.dep_ == "pobj" and any(t.ent_type_ == "ORG" for t in p.subtree)]
        if named:  # "fighters of the al-Qaeda-linked JNIM group", "members of the group Dawlah Islamiyah"
            group = next((c for c in named[0].children if c.dep_ == "appos" and c.pos_ == "PROPN"), named[0])
            return [noun_phrase_text(group)]
    if lemma in OUTLET_NOUNS and not tok.ent_type_:
        return []
    if lemma in WEAPON_WORDS or lemma in ACT_NOUNS or lemma in PLACE_NOUNS:
        return []
    if tok.ent_type_ in {"GPE", "LOC", "DATE", "TIME"} and role.role != "perpetrator":
        return []
    if role.role == "perpetrator" and lemma in PLATFORM_NOUNS:
        return []  # "warplanes struck": the aircraft is the instrument; its owner, when named, is in the KB
    if role.role == "perpetrator" and not (
        lemma in PERSON_NOUNS
        or lemma in ACTOR_NOUNS
        or tok.lower_ in PERSON_NOUNS
        or tok.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}
        or tok.pos_ == "PROPN"
    ):
        return []
    return _split_modifiers(tok)


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
            if child.dep_ == "prep" and child.lower_ in MEANS_PREPOSITIONS:
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


_STATE_TYPES = frozenset({"State forces", "External/Other forces"})


def side_kind(name: str, acled_type: str | None) -> str | None:
    """ "state" / "nonstate" for a named actor: its ACLED type where the KB gives one, else its words."""
    if acled_type in _STATE_TYPES:
        return "state"
    if acled_type in NONSTATE_ARMED_TYPES:
        return "nonstate"
    words = {w[:-1] if w.endswith("s") and len(w) > 4 else w for w in re.findall(r"[a-z]+", name.lower())}
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
    for group in _date_groups([e for e in ents_within(sent) if e.label_ in {"DATE", "TIME"}]):
        # "monday, 4 august" tagged as two entities is one date, its day-month the precise part; where the
        # whole says nothing, each part is read alone
        whole = group[0].doc[group[0].start : group[-1].end]
        for ent in [whole] if len(group) == 1 else [whole, *group]:
            cand = _date_candidate(ent, sent, published)
            if cand is not None:
                found.append(cand)
                break
    base = sent.start_char
    for start, end in relative_day_spans(sent.text):  # the ones the NER missed
        span = sent.doc.char_span(base + start, base + end, alignment_mode="expand")
        if span is None or any(c.span.start < span.end and span.start < c.span.end for c in found):
            continue
        missed = _date_candidate(span, sent, published)
        if missed is not None:
            found.append(missed)
    return found


def _date_groups(ents: list[Span]) -> list[list[Span]]:
    """Date entities in runs joined by a comma alone ("monday, 4 august")."""
    groups: list[list[Span]] = []
    for ent in ents:
        last = groups[-1][-1] if groups else None
        if last is not None and ent.start == last.end + 1 and ent.doc[last.end].text == ",":
            groups[-1].append(ent)
        else:
            groups.append([ent])
    return groups


def _date_candidate(ent: Span, sent: Span, published: date | None) -> DateCandidate | None:
    if len(ent.text) > 40:
        return None
    doc = ent.doc
    if ent.start > sent.start and re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", doc[ent.start - 1].text):
        ent = doc[ent.start - 1 : ent.end]  # "1 March 2019" tagged as "March 2019": keep the day
    if relative_day_spans(ent.text) and _in_quotation(sent.text, ent.start_char - sent.start_char):
        return None  # a speaker's "today" is the day they spoke, not the day of publication
    info = resolve_date(ent.text, published)
    return DateCandidate(ent, info) if info.precision != "unknown" else None


def _in_quotation(sentence: str, char: int) -> bool:
    """Whether `char` lies inside a quotation opened in its own sentence (more opening than closing curly
    quotes before it, or an odd number of straight ones): "They have tried to assassinate me today," Maduro
    said. Counted within the sentence: news text leaves quotes open across paragraphs."""
    before = sentence[:char]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


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


def dated_by_legal_act(trigger: Token, candidate: DateCandidate, triggers: set[int]) -> bool:
    """Whether the way up from a trigger to the clause a date modifies passes a legal act (`COURT_ACTS`):
    in "X on Wednesday pleaded not guilty to lying about the men accused of carrying out the bombing",
    Wednesday is the plea's day; a court acts on an incident after it, so its day is never the incident's."""
    top = _clause_head(candidate.span, triggers)
    for step in ancestors_self(trigger)[1:]:
        if step.lemma_.lower() in COURT_ACTS or step.lower_ in COURT_ACTS:
            return True
        if step.i == top.i:
            return False
    return False


def attach_date(trigger: Token, candidates: list[DateCandidate], triggers: set[int]) -> DateInfo | None:
    """The date of a trigger: the nearest DATE that modifies the trigger's clause or sits in its phrase.

    A date inside the trigger's own phrase or clause comes before one that governs it from above, however
    near: in "police reported today that the wife was killed on monday, 4 august" the killing's day is 4
    August, and "today" is the day of telling."""
    best: tuple[tuple[int, int], DateInfo] | None = None
    for cand in candidates:
        root = cand.span.root
        attach = root.head.head if root.head.dep_ == "prep" else root.head
        if attach.pos_ in {"NOUN", "PROPN"} and attach.i != trigger.i and _conj_sibling(trigger, attach):
            continue  # "the loss of territory in 2017 and the killing of its founder": 2017 is the loss's
        inside = trigger.is_ancestor(root)
        top = _clause_head(cand.span, triggers)
        governs = climb(trigger, top) and not dated_by_legal_act(trigger, cand, triggers)
        if not (inside or governs):
            continue
        rank = (0 if inside else 1, tree_distance(trigger, root))
        if best is None or rank < best[0]:
            best = (rank, cand.info)
    return best[1] if best else None
