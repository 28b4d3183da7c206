"""Who did it, told in another sentence: "the Taliban claimed responsibility", "blamed the attack on the IRA",
"Isis has emerged as the prime suspect", "suspected bomber Dzhokhar Tsarnaev", "the bomber, Salman Abedi".

Why a component of its own: reports name the incident in one sentence and its author in another, often with
doubt ("suspected", "blamed"). The trigger's own clause cannot see them. This component reads each attribution
statement once per document, finds the actor it names and the incident it refers to (the event told in the
same sentence, else the nearest earlier event whose kind the statement names, else the article's only violent
incident), and adds the actor as perpetrator with its certainty: "claimed" for a claim of responsibility,
"suspected" for blame, suspicion, accusation or a charge, none for a plain "the bomber, X".

The cue words are data (lexicon/en/attribution.json), so another language is another file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from eventwire import lexicon
from eventwire.models import NONSTATE_ARMED_TYPES, SUB_EVENT_PARENT, VIOLENT_EVENT_TYPES, Actor, Event
from eventwire.nlp.doc_index import ent_at
from eventwire.resolve.gazetteer import spelling_key

_NAME_ENTS = frozenset({"PERSON", "ORG", "NORP"})


@dataclass(frozen=True)
class Cues:
    """The attribution words of one language (see the data file for what each list means)."""

    claim_verbs: frozenset[str]
    claim_objects: frozenset[str]
    blame_verbs: frozenset[str]
    suspect_words: frozenset[str]
    perpetrator_nouns: frozenset[str]
    behind_words: frozenset[str]
    agent_verbs: frozenset[str]
    doubt_verbs: frozenset[str]
    release_nouns: frozenset[str]
    showing_verbs: frozenset[str]
    incident_nouns: dict[str, str]
    incident_heads: frozenset[str]
    trial_nouns: frozenset[str]
    explosive_devices: frozenset[str]
    device_verbs: frozenset[str]


# The cues of the default language, read once through the lexicon at import, as the other rule modules do.
CUES = lexicon.load().fill(Cues)
TRIAL_VERBS = lexicon.load().words("trial_verbs")


@dataclass(frozen=True)
class Attribution:
    """One statement: this actor phrase did (or is held to have done) the incident the sentence refers to."""

    actor: Span
    certainty: str | None  # "claimed", "suspected" or None
    sentence: Span
    family: str | None  # the kind of incident named ("Explosions/Remote violence"), None when only implied
    in_clause: bool = False  # it names the incident in its own clause ("blamed the attack on X", "carried out
    # by X", "the prime suspect in the bombing"), rather than pointing back ("the alleged killer, X")
    every: bool = False  # it claims several incidents at once ("accepted responsibility for the bombings")


def _phrase(token: Token) -> Span | None:
    """The name a token stands in: its named entity, else its noun phrase when that is a proper name."""
    doc = token.doc
    if token.ent_type_ in _NAME_ENTS:
        ent = ent_at(token)
        if ent is not None:
            return ent
    if token.pos_ == "PROPN":
        left = token.left_edge.i
        while left < token.i and doc[left].pos_ not in {"PROPN", "ADJ", "NOUN"}:
            left += 1
        return doc[left : token.i + 1]
    return None


def _named(tokens: list[Token], nouns: bool = False) -> list[Span]:
    """The names the tokens stand in; with `nouns`, also a plain noun phrase ("rival Shia militias")."""
    found = []
    for tok in tokens:
        linked = [c for c in tok.children if c.dep_ in {"conj", "appos", "compound"}]
        # "Dzhokhar and his brother, Tamerlan Tsarnaev": the name of a common noun in the list
        listed = [c for c in linked if c.dep_ == "conj" and c.pos_ == "NOUN"]
        linked += [a for c in listed for a in _children(c, {"appos"})]
        for t in [tok, *linked]:
            span = _phrase(t)
            if span is None and nouns and t.pos_ == "NOUN" and t.dep_ != "compound":
                span = t.doc[t.left_edge.i : t.i + 1]
            if span is not None and all(span.start != f.start for f in found):
                found.append(span)
    return found


def _antecedent(subject: Token) -> Token:
    """What a relative pronoun subject stands for: "Salman Abedi, the British-Libyan who carried out ..." is
    Salman Abedi (through the apposition); any other subject stands for itself."""
    if subject.tag_ not in {"WP", "WDT"} or subject.head.dep_ != "relcl":
        return subject
    noun = subject.head.head
    return noun.head if noun.dep_ == "appos" else noun


def _subjects(verb: Token) -> list[Token]:
    """A verb's subjects; for a participle or gerund with none ("X carried the bombs ... before detonating
    them"), the subjects of the verb it depends on."""
    step = verb
    while not _children(step, {"nsubj"}) and step.dep_ in {"pcomp", "xcomp", "advcl", "conj", "prep"}:
        step = step.head
    return _children(step, {"nsubj"})


def _governors(token: Token) -> list[Token]:
    """The words whose clause a verb's statement is made in ("believed to have been carried out", "accused of
    carrying out"): its ancestors up to the first noun. A relative clause makes a statement of its own: "the
    man who carried out the bombing, neighbours accused ..." is not doubted by the verb of the main clause."""
    found: list[Token] = []
    step = token
    while step.dep_ != "relcl" and step.head.i != step.i and step.head.pos_ not in {"NOUN", "PROPN", "PRON"}:
        step = step.head
        found.append(step)
    return found


def _family(sentence: Span, cues: Cues) -> str | None:
    for tok in sentence:
        family = cues.incident_nouns.get(tok.lemma_.lower())
        if family:
            return family
    return None


def _children(token: Token, deps: set[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _pobj(token: Token, preps: set[str]) -> list[Token]:
    return [
        g for c in token.children if c.dep_ == "prep" and c.lower_ in preps for g in _children(c, {"pobj"})
    ]


def read_attributions(doc: Doc, cues: Cues | None = None) -> list[Attribution]:
    """Every attribution statement of a document, in text order."""
    cues = cues or CUES
    incident = cues.incident_heads | cues.incident_nouns.keys()
    found: list[Attribution] = []
    for sent in doc.sents:
        family = _family(sent, cues)

        def add(
            tokens: list[Token],
            certainty: str | None,
            in_clause: bool = False,
            nouns: bool = False,
            every: bool = False,
            sent: Span = sent,
            family: str | None = family,
        ) -> None:
            for span in _named(tokens, nouns):
                found.append(Attribution(span, certainty, sent, family, in_clause, every))

        for tok in sent:
            lemma = tok.lemma_.lower()
            if lemma in cues.claim_verbs and tok.pos_ == "VERB":
                objects = [g for g in tok.subtree if g.lemma_.lower() in cues.claim_objects]
                if objects:
                    subjects = _children(tok, {"nsubj"})
                    # "the spokesperson for the Taliban claimed": the group a spokesperson speaks for
                    speakers = [
                        g
                        for t in subjects
                        for a in [t, *_children(t, {"appos"})]
                        for g in _pobj(a, {"for", "of"})
                    ]
                    claimed = _pobj(tok, {"for"}) + [g for o in objects for g in _pobj(o, {"for"})]
                    every = any(g.tag_ == "NNS" and g.lemma_.lower() in incident for g in claimed)
                    add(speakers or subjects, "claimed", True, every=every)
            elif lemma in cues.blame_verbs and tok.pos_ == "VERB":
                # "blamed the attack on X", "which was blamed on rival Shia-dominated militias"
                add(_pobj(tok, {"on"}), "suspected", True, nouns=True)
                if any(c.dep_ == "auxpass" for c in tok.children) and _pobj(tok, {"for"}):
                    add(_children(tok, {"nsubjpass"}), "suspected", True)  # "X was blamed for the attack"
                elif tok.dep_ != "amod":
                    add(_pobj(tok, {"for", "of"}) and _children(tok, {"dobj"}), "suspected")  # "accused X of"
                    if any(c.dep_ == "auxpass" for c in tok.children):
                        add(_children(tok, {"nsubjpass"}), "suspected")  # "X was accused/charged of/with"
            elif lemma in cues.suspect_words or tok.lower_ in cues.suspect_words:
                # The small model tags "suspected" (and "suspect" before a name) VERB even where it only
                # modifies a noun ("suspected bomber X", "bombing suspect X"): the modifier reads come first.
                if tok.dep_ == "compound" and tok.head.pos_ == "PROPN":
                    add([tok.head], "suspected")  # "bombing suspect Dzhokhar Tsarnaev"
                elif tok.dep_ == "amod" and tok.head.lemma_.lower() in cues.perpetrator_nouns:
                    bomber = tok.head
                    add(_children(bomber, {"appos", "compound"}), "suspected")  # "the suspected bombers, X"
                    if bomber.dep_ == "appos" or (bomber.dep_ == "compound" and bomber.head.pos_ == "PROPN"):
                        add([bomber.head], "suspected")  # "X, the suspected bomber"; "suspected bomber X"
                elif tok.pos_ == "NOUN":
                    # "X has emerged as the prime suspect", "X, the suspect", "suspect X"
                    head = tok.head
                    if tok.dep_ == "pobj" and head.dep_ == "prep":
                        add(_children(head.head, {"nsubj", "nsubjpass"}), "suspected", True)
                    elif tok.dep_ == "attr":
                        add(_children(head, {"nsubj"}), "suspected")
                    elif tok.dep_ == "appos":
                        add([head], "suspected")
                    add(_children(tok, {"appos", "compound"}), "suspected")
                elif tok.pos_ == "VERB" and any(c.dep_ == "auxpass" for c in tok.children):
                    add(_children(tok, {"nsubjpass"}), "suspected")  # "X is suspected of ..."
                elif tok.pos_ == "VERB":
                    # "officials suspect Isis was planning to bomb the village"
                    add(
                        [g for c in _children(tok, {"ccomp"}) for g in _children(c, {"nsubj"})],
                        "suspected",
                        True,
                    )
            elif lemma in cues.perpetrator_nouns and tok.pos_ == "NOUN":
                if any(c.lemma_.lower() in cues.suspect_words for c in tok.children):
                    continue  # read above, with its doubt
                add(_children(tok, {"appos"}), None)  # "the bomber, Salman Abedi"
                if tok.dep_ == "appos":
                    add([tok.head], None)  # "Salman Abedi, the bomber"
            elif (
                lemma in cues.agent_verbs
                and tok.pos_ == "VERB"
                and (lemma != "carry" or any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children))
            ):  # "carried out by X", not "a statement carried by its radio station"
                # "the attack is widely believed to have been carried out by ETA"
                agents = [g for c in _children(tok, {"agent"}) for g in _children(c, {"pobj"})]
                objects = _children(tok, {"dobj"})
                if not agents and any(
                    c.lemma_.lower() in incident | cues.explosive_devices
                    or (c.tag_ == "PRP" and lemma in cues.device_verbs)  # "before detonating them"
                    for c in objects
                ):  # "X, the man who carried out the bombing": the subject, or what "who" stands for
                    subjects = [_antecedent(s) for s in _subjects(tok)]
                    # a name, or the name beside a common noun ("two brothers, Tamerlan and ..."); not "the
                    # IRA's Belfast brigade", whose words name a city
                    agents = [
                        a
                        for s in subjects
                        for a in ([s] if _phrase(s) is not None else _children(s, {"appos"}))
                    ]
                doubting = cues.doubt_verbs | cues.suspect_words
                doubt = any(a.lemma_.lower() in doubting for a in _governors(tok))
                add(agents, "suspected" if doubt else None, in_clause=True)
            elif lemma in cues.trial_nouns and tok.pos_ == "NOUN":
                # "McVeigh is on trial on charges of murder", "X stands trial": the accused, suspected
                if tok.dep_ == "pobj" and tok.head.lower_ == "on":
                    add(_children(tok.head.head, {"nsubj"}), "suspected")
                elif tok.dep_ == "dobj" and tok.head.lemma_.lower() in TRIAL_VERBS:
                    add(_children(tok.head, {"nsubj"}), "suspected")
            elif lemma in cues.behind_words and tok.dep_ == "prep":
                verb = tok.head
                doubt = any(
                    a.lemma_.lower() in cues.suspect_words | cues.doubt_verbs for a in [verb, *verb.ancestors]
                )
                add(_children(verb, {"nsubj", "nsubjpass"}), "suspected" if doubt else None)
    return found


def _event_family(event: Event) -> str | None:
    return SUB_EVENT_PARENT.get(event.sub_event_type)


def _refers_to(att: Attribution, events: list[Event]) -> Event | None:
    """The incident a statement speaks of: where it names the incident in its clause, the one told in the same
    sentence; else ("the alleged killer, X" points back) the nearest earlier violent event of the kind it
    names ("bombers": a bombing) outside its sentence, else the article's only violent incident of that kind
    (the sentence's own when it is the only one: "the suspected bombers ... on the night of the attack")."""
    violent = [
        e
        for e in events
        if (_event_family(e) in VIOLENT_EVENT_TYPES or e.sub_event_type == "Disrupted weapons use")
        and e.evidence
    ]  # a foiled plot has its author too
    start, end = att.sentence.start_char, att.sentence.end_char
    same = [e for e in violent if any(ev.start < end and start < ev.end for ev in e.evidence)]
    if att.in_clause and same:
        return same[0]
    kind = [e for e in violent if att.family is None or _event_family(e) == att.family]
    kind = [e for e in kind if e not in same] or kind  # the sentence's own incident when it is the only one
    before = [e for e in kind if e.evidence[0].start < start]
    if before:
        return max(before, key=lambda e: e.evidence[0].start)
    if len(kind) == 1:
        return kind[0]
    return None


def _claimed_together(att: Attribution, events: list[Event]) -> list[Event]:
    """The incidents a claim for several ("the bombings") covers: every violent event of the kind it names
    that has no named author yet, besides the one it refers to."""
    return [
        e
        for e in events
        if _event_family(e) in VIOLENT_EVENT_TYPES
        and (att.family is None or _event_family(e) == att.family)
        and not any(a.role == "perpetrator" and not _unnamed(a) for a in e.actors)
    ]


def attribute(doc: Doc, events: list[Event], name_of: Callable[[str], tuple[str, str | None] | None]) -> None:
    """Add the perpetrators that attribution statements name to the events they refer to, in place.

    `name_of(text) -> (canonical name, ACLED type) | None` resolves an actor phrase (the actor resolver).
    A named perpetrator replaces an unnamed one ("militants") of the same event.
    """
    for att in read_attributions(doc):
        event = _refers_to(att, events)
        if event is None:
            continue
        resolved = name_of(att.actor.text)
        if resolved is None:
            continue
        name, acled_type = resolved
        if acled_type is None and len(att.actor) > 3 and att.actor.label_ != "PERSON":
            continue  # a long unknown capitalised run ("Ongoing Confrontation Leaves Students") is no name
        others = [e for e in _claimed_together(att, events) if e is not event] if att.every else []
        for target in [event, *others]:
            _add_author(target, att, name, acled_type)


def _add_author(event: Event, att: Attribution, name: str, acled_type: str | None) -> None:
    """One statement's actor as the event's perpetrator: merged with the same actor named before (the fuller
    name and the doubt kept), never the event's own victim or target."""
    existing = [a for a in event.actors if a.role == "perpetrator"]
    same = next((a for a in existing if _same_name(a.name, name)), None)
    if same is not None:
        if same.certainty is None and att.certainty is not None:
            same.certainty = att.certainty  # "officials suspect Isis was planning ...": the doubt is told
        if len(name) > len(same.name):  # "Dzhokhar" then "Dzhokhar Tsarnaev": one man, the fuller name
            same.name, same.text = name, att.actor.text
        return
    if any(a.name == att.actor.text or a.text == att.actor.text for a in event.actors):
        return  # the victim or target named in the statement is not its author
    event.actors = [a for a in event.actors if not (a.role == "perpetrator" and _unnamed(a))]
    event.actors.append(
        Actor(
            name=name,
            role="perpetrator",
            type=acled_type,
            text=att.actor.text,
            certainty=att.certainty,  # type: ignore[arg-type]
        )
    )


def release_contents(doc: Doc, events: list[Event], cues: Cues | None = None) -> None:
    """Incidents a group's own release shows are claimed by that group, in place: "The 30-minute video
    includes a mortar strike on a football match", "militants are also shown setting crop fields ablaze".
    The group is the perpetrator of the article's propaganda release (an armed group: the Extractor keeps no
    other)."""
    cues = cues or CUES
    issuer = next(
        (
            a
            for e in events
            if e.sub_event_type == "Propaganda release"
            for a in e.actors
            if a.role == "perpetrator"
        ),
        None,
    )
    if issuer is None:
        return
    for sent in doc.sents:
        shows = any(
            t.lemma_.lower() in cues.showing_verbs
            and (
                any(c.dep_ == "nsubj" and c.lemma_.lower() in cues.release_nouns for c in t.children)
                or any(c.dep_ == "auxpass" for c in t.children)
            )
            for t in sent
            if t.pos_ == "VERB"
        )
        if not shows:
            continue
        for event in events:
            if event.sub_event_type == "Propaganda release" or not any(
                sent.start_char <= ev.start < sent.end_char for ev in event.evidence
            ):
                continue
            if any(a.role == "perpetrator" and not _unnamed(a) for a in event.actors):
                continue
            event.actors = [a for a in event.actors if a.role != "perpetrator"]
            event.actors.append(issuer.model_copy(update={"certainty": "claimed"}))


def name_unnamed_authors(
    doc: Doc, events: list[Event], name_of: Callable[[str], tuple[str, str | None] | None]
) -> None:
    """A bare "militants" after the article has said "Taliban militants" are those militants, in place:
    "Seven Taliban militants were killed ... Four militants were killed when a vehicle they were traveling
    touched off an IED". An event's unnamed perpetrator takes the armed group that the nearest earlier phrase
    with the same head noun names; where no such phrase precedes, it stays unnamed."""
    from eventwire.resolve.actors import GENERIC_HEADS

    named: list[tuple[int, str, str, str]] = []  # (offset, head word, group name, ACLED type)
    for tok in doc:
        head = tok.lower_
        if head not in GENERIC_HEADS or tok.pos_ != "NOUN":
            continue
        mods = [
            c for c in tok.children if c.dep_ in {"compound", "amod"} and c.pos_ in {"PROPN", "ADJ", "NOUN"}
        ]
        if not mods:
            continue
        resolved = name_of(doc[min(m.i for m in mods) : tok.i + 1].text)
        if resolved is not None and resolved[1] in NONSTATE_ARMED_TYPES:
            named.append((tok.idx, head, resolved[0], resolved[1]))
    if not named:
        return
    for event in events:
        if not event.evidence:
            continue
        for actor in event.actors:
            surface = (actor.text or actor.name).lower().split()
            if actor.role != "perpetrator" or not surface or not _unnamed(actor):
                continue
            before = [n for n in named if n[1] == surface[-1] and n[0] < event.evidence[0].start]
            if before:
                actor.name, actor.type = before[-1][2], before[-1][3]  # type: ignore[assignment]


def _same_name(a: str, b: str) -> bool:
    """One actor named twice, once in full: "Dzhokhar" and "Dzhokhar Tsarnaev", "Tsarnaev" and "Dzhokhar
    Tsarnaev", in any transliteration ("Dzokhar Tsarnaev": `spelling_key`). Two names that each hold a word
    the other lacks ("Tamerlan Tsarnaev", "Dzhokhar Tsarnaev") are two actors."""
    mine, theirs = {spelling_key(w) for w in a.split()}, {spelling_key(w) for w in b.split()}
    return bool(mine and theirs) and (mine <= theirs or theirs <= mine)


def _unnamed(actor: Actor) -> bool:
    from eventwire.resolve.actors import is_generic

    return is_generic(actor.text or actor.name)
