"""From one parsed document to event mentions: typed triggers with their arguments, status, date, casualties
and evidence. Mentions of the same event are merged afterwards (merge.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from eventwire import lexicon
from eventwire.extract import arguments as args
from eventwire.extract.background import background_reason
from eventwire.extract.casualties import CasualtyFact, added, count_phrase, find_casualties, richer
from eventwire.extract.generic import not_an_event
from eventwire.extract.media import MediaFacts, release_facts
from eventwire.extract.scope import out_of_scope
from eventwire.extract.status import event_status
from eventwire.extract.syntax import clause_span, tree_distance
from eventwire.extract.triggers import Trigger, is_aggregate, is_anaphor, is_new_event
from eventwire.models import SUB_EVENT_PARENT, Count, DateInfo, Weapon
from eventwire.nlp.doc_index import doc_text

LEXICON = lexicon.load()
PLURAL_DEFINITES = LEXICON.words("plural_definite_determiners")
RESPONSIBILITY_VERBS = LEXICON.words("responsibility_verbs")
POINTING_PRONOUNS = LEXICON.words("pointing_pronouns")
CLAIM_VERBS = LEXICON.words("claim_verbs")  # "X claimed / took / accepted / admitted responsibility"
# "The group claimed that 40 people were killed": a toll told as a claim (status's claim words)
CLAIMED_CUES = LEXICON.words("claimed_cues")

MERGE_STOP = LEXICON.words("merge_stop")


INANIMATE_AGENTS = LEXICON.words("inanimate_agents")
LETHAL_FORCE = LEXICON.words("lethal_force_words")
INTERVENTION = LEXICON.words("intervention_words")
PROPAGANDA_MODIFIERS = LEXICON.words("propaganda_modifiers")


@dataclass
class Mention:
    """One trigger read as an event mention (or, with `media`, a propaganda release mention)."""

    trigger: Trigger | None
    token: Token
    sub: str
    attack_type: str | None
    kind: str
    status: str = "actual"
    date: DateInfo | None = None
    perpetrators: list[args.Role] = field(default_factory=list)
    targets: list[args.Role] = field(default_factory=list)
    weapons: list[Weapon] = field(default_factory=list)
    killed: Count = field(default_factory=Count)
    wounded: Count = field(default_factory=Count)
    media: MediaFacts | None = None
    anchor: bool = True  # a media mention that can start a release event (else it only joins one)
    anaphor: bool = False
    new_event: bool = False
    aggregate: bool = False
    claimed_toll: bool = False  # its figures are a claim ("the group claimed 40 were killed")
    evidence: tuple[int, int] = (0, 0)
    lemmas: set[str] = field(default_factory=set)

    @property
    def sent_start(self) -> int:
        return self.token.sent.start

    @property
    def generic(self) -> bool:
        return self.kind in {"generic", "kill"}


def _type_attack(mention: Mention, trigger: Trigger) -> None:
    """Sub-type of the mentions whose words do not fix it: generic attacks, lone killings, captures."""
    kind = trigger.definition.kind
    armed = args.armed_target(mention.targets)
    if kind in {"generic", "kill"}:
        if armed:
            mention.sub, mention.attack_type = "Armed clash", "Armed Assault"
        else:
            mention.sub = "Attack"
            mention.attack_type = (
                "Armed Assault" if armed is False else (trigger.definition.attack or "Unknown")
            )
    elif kind == "territory" and trigger.definition.id not in {"retake"}:
        who = args.actor_kind([r.token for r in mention.perpetrators])
        mention.sub = {
            "state": "Government regains territory",
            "nonstate": "Non-state actor overtakes territory",
        }.get(who or "", "Armed clash")
    if kind == "territory":
        mention.attack_type = None
    if mention.sub == "Peaceful protest":
        words = {t.lemma_.lower() for t in mention.token.sent}
        if words & LETHAL_FORCE:
            mention.sub = "Excessive force against protesters"
        elif words & INTERVENTION:
            mention.sub = "Protest with intervention"
        mention.attack_type = None
    if mention.status == "foiled" and mention.sub in {
        "Remote explosive/landmine/IED",
        "Suicide bomb",
        "Grenade",
        "Chemical weapon",
        "Shelling/artillery/missile attack",
        "Attack",
    }:
        mention.sub, mention.attack_type = "Disrupted weapons use", None


def _object_lemmas(tok: Token) -> set[str]:
    """The nouns a verb acts on ("raided a militant hideout" → hideout) when no target role was read: they
    still tell two mentions of one incident apart from two incidents."""
    deps = {"dobj", "nsubjpass", "advmod", "npadvmod", "attr"}  # the small model misparses some objects
    objects = [c for c in tok.children if c.dep_ in deps] if tok.pos_ == "VERB" else []
    return {
        c.lemma_.lower()
        for c in objects
        if c.pos_ in {"NOUN", "PROPN"} and c.lemma_.lower() not in MERGE_STOP and len(c.lemma_) > 2
    }


def _claimants(tok: Token) -> list[Token]:
    """ "X claimed responsibility for the bombing": X claims the event the trigger names."""
    up = tok.head
    if tok.dep_ == "pobj" and up.lower_ == "for" and up.head.lemma_.lower() == "responsibility":
        claim = up.head.head
        if claim.lemma_.lower() in CLAIM_VERBS and not any(
            c.dep_ == "neg" for c in claim.children
        ):  # "No group has claimed responsibility": nobody claims it
            return [
                c
                for c in claim.children
                if c.dep_ == "nsubj" and c.pos_ != "PRON" and not any(d.lower_ == "no" for d in c.children)
            ]
    return []


def _foil_plans(mentions: list[Mention], sentence_of: dict[int, int]) -> None:
    """A plot told next to the arrests that ended it ("Police arrested four men ... They were planning to
    bomb the cathedral") was foiled: the plan is the Disrupted weapons use, not a planned bombing."""
    arrests = [sentence_of[m.sent_start] for m in mentions if m.sub == "Arrests" and m.status == "actual"]
    for m in mentions:
        if m.status != "planned" or m.media is not None or m.kind == "kill":
            continue
        if SUB_EVENT_PARENT.get(m.sub) not in {"Explosions/Remote violence", "Violence against civilians"}:
            continue
        if any(0 <= sentence_of[m.sent_start] - n <= 3 for n in arrests):
            m.status, m.sub, m.attack_type = "foiled", "Disrupted weapons use", None
            m.date = None  # the day the plotters meant to strike is not the day the plot was foiled


def _event_mention(trigger: Trigger, dates: list[args.DateCandidate], trigger_ids: set[int]) -> Mention:
    tok = trigger.head
    definition = trigger.definition
    mention = Mention(trigger, tok, definition.sub, definition.attack, definition.kind)
    mention.status = event_status(tok)
    mention.perpetrators = [
        args.Role(t, args.noun_phrase_text(t), "perpetrator")
        for t in args.perpetrators(tok)
        if t.lemma_.lower() not in INANIMATE_AGENTS  # "the device exploded": a weapon is no perpetrator
    ]
    mention.targets = args.targets(tok)
    for claimant in _claimants(tok):
        text = args.noun_phrase_text(claimant)
        mention.perpetrators.append(args.Role(claimant, text, "claimant"))
        mention.perpetrators.append(args.Role(claimant, text, "perpetrator"))
    mention.weapons = args.weapons(tok, definition.weapon)
    mention.date = args.attach_date(tok, dates, trigger_ids)
    mention.anaphor = is_anaphor(trigger)
    mention.new_event = is_new_event(trigger)
    mention.aggregate = is_aggregate(trigger)
    mention.evidence = clause_span(tok)
    mention.lemmas = args.target_lemmas(tok, MERGE_STOP) or _object_lemmas(tok)
    _type_attack(mention, trigger)
    mention.targets.extend(args.opponents(tok))  # the other side of a fight (after typing: it reads targets)
    if SUB_EVENT_PARENT[mention.sub] == "Protests":  # police who broke it up: the intervening actor
        mention.perpetrators += [
            args.Role(t, args.noun_phrase_text(t), "perpetrator") for t in args.interveners(tok)
        ]
    if definition.kind == "killing":  # "the beheading of captured soldiers": its victims are its dead
        victims = [r for r in mention.targets if r.role == "victim"]
        if victims:
            phrase = [t for t in victims[0].token.subtree if t.i <= victims[0].token.i]
            count = count_phrase(phrase)
            mention.killed = count.model_copy(
                update={"text": tok.doc[phrase[0].i : victims[0].token.i + 1].text}
            )
    return mention


def _attach_casualties(
    facts: list[CasualtyFact],
    mentions: list[Mention],
    previous: list[Mention],
    kill_mentions: dict[int, Mention],
) -> None:
    """Give each casualty statement to the event it belongs to: the nearest trigger of its sentence (or the
    trigger a participle follows: "a device that exploded on Friday, wounding 13 people"), else (for an
    agentless "X were killed" after an event) the last event told before it in the paragraph."""
    for fact in facts:
        if fact.total:
            continue
        strong = [m for m in mentions if m.kind != "kill" and m.media is None]
        scored = sorted((tree_distance(fact.token, m.token), m.token.i, m) for m in strong)
        target: Mention | None = None
        if scored and scored[0][0] <= 6:
            target = scored[0][2]
            # A count noun that dominates the trigger ("five deaths, including one in a rocket attack") is a
            # total over several events, not this one's toll.
            if fact.token.pos_ != "VERB" and fact.token.is_ancestor(target.token):
                continue
        elif strong and (follows := _participle_follows(fact.token, strong)) is not None:
            target = follows
        elif (
            not strong
            and not fact.has_agent
            and fact.token.tag_ in {"VBD", "VBN"}
            and fact.token.dep_ != "relcl"  # "Chávez, who died in 2013": a word about a person, not a toll
            and previous
        ):
            candidates = [m for m in previous if m.kind != "kill" and m.media is None]
            target = candidates[-1] if candidates else None
        if target is None:
            target = kill_mentions.get(fact.token.i)
            if target is None or fact.token.tag_ == "VBG" or _points_back(fact.token):
                continue
        elif fact.token.i in kill_mentions and kill_mentions[fact.token.i] is not target:
            kill_mentions[fact.token.i].aggregate = True  # absorbed: not an event of its own
        claimed = _told_as_claim(fact.token)
        has_toll = bool(target.killed.text or target.wounded.text)
        if claimed and has_toll and not target.claimed_toll:
            continue  # a claimed figure never overrides a reported one
        if has_toll and target.claimed_toll and not claimed:
            target.killed, target.wounded = Count(), Count()  # the reported figure replaces the claim
        target.claimed_toll = claimed
        combine = added if fact.additional else richer
        if fact.kind == "killed":
            target.killed = combine(target.killed, fact.count) if target.killed.text else fact.count
        else:
            target.wounded = combine(target.wounded, fact.count) if target.wounded.text else fact.count


def _told_as_claim(token: Token) -> bool:
    """Whether a casualty figure is told as someone's claim ("Islamic State claimed that 40 people were
    killed"): a perpetrator's own count is propaganda, and an analyst takes the reported one over it."""
    return any(a.lemma_.lower() in CLAIMED_CUES for a in token.ancestors)


# How far back an agentless toll ("Three soldiers were wounded") may look for its event: the sentence right
# after it, or a few sentences of the same paragraph, with no other event told between (quotes and reactions
# often stand between them).
_TOLL_REACH = 4


def _points_back(verb: Token) -> bool:
    """ "All six of the members killed were Americans", "those killed": a participle after a definite noun
    describes dead already told of; it tells no incident of its own."""
    noun = verb.head
    return verb.dep_ == "acl" and any(c.dep_ == "det" and c.lower_ in PLURAL_DEFINITES for c in noun.children)


def _participle_follows(verb: Token, strong: list[Mention]) -> Mention | None:
    """The event a sentence-final participle clause tells the toll of, read on the words where the parse
    attached the participle elsewhere: "a device that exploded on Friday, wounding 13 people" (the small model
    hangs "wounding" on the main verb "are hunting"). The nearest trigger at most four words before the
    comma."""
    doc = verb.doc
    if verb.tag_ != "VBG" or verb.i == 0 or doc[verb.i - 1].text != ",":
        return None
    before = [m for m in strong if m.token.i < verb.i - 1 and verb.i - 1 - m.token.i <= 4]
    return max(before, key=lambda m: m.token.i) if before else None


def _media_evidence(noun: Token, verb: Token | None, anchor: bool) -> tuple[int, int]:
    """A release's evidence: the release clause and the media noun together; a passing mention ("the video's
    narrator") keeps only its own words, so it does not claim a whole sentence about something else."""
    if not anchor:
        words = list(noun.subtree)
        if len(words) > 12:
            words = [t for t in words if t.i <= noun.i][-6:]
        return words[0].idx, max(t.idx + len(t.text) for t in words)
    spans = [clause_span(noun)] + ([clause_span(verb)] if verb is not None else [])
    return min(s[0] for s in spans), max(s[1] for s in spans)


def _media_mentions(
    doc: Doc,
    triggers: list[Trigger],
    names: list[tuple[str, Span]],
    dates_by_sent: dict[int, list],
    trigger_ids: set[int],
    events: list[Mention],
) -> list[Mention]:
    found: list[Mention] = []
    by_sent: dict[int, list[Trigger]] = {}
    for trig in triggers:
        by_sent.setdefault(trig.head.sent.start, []).append(trig)
    for sent_start, trigs in sorted(by_sent.items()):
        sent = trigs[0].head.sent
        nouns = [t for t in trigs if t.definition.kind == "media"]
        verbs = [t for t in trigs if t.definition.kind == "release"]
        threats = [t for t in trigs if t.definition.kind == "threat"]
        # A platform alone ("watch on YouTube") anchors nothing; an outlet (Amaq, al-Naba) does.
        has_name = any(sent.start <= s.start < sent.end and lab == "OUTLET" for lab, s in names)
        # "X claimed responsibility for the attack in a statement on Amaq": the claim belongs to the event.
        claim = any(
            t.lemma_.lower() == "responsibility" and t.head.lemma_.lower() in RESPONSIBILITY_VERBS
            for t in sent
        ) and any(sent.start <= i < sent.end for i in trigger_ids)
        for noun in nouns:
            tok = noun.head
            propaganda = any(c.lemma_.lower() in PROPAGANDA_MODIFIERS for c in tok.lefts)
            mention = Mention(noun, tok, "Propaganda release", None, "media")
            mention.media = release_facts(sent, tok, names)
            mention.anchor = bool(verbs) or propaganda or has_name or mention.media.outlet is not None
            verb_tok = next((v.head for v in verbs), None)
            issuer = args.actor_kind(args.perpetrators(verb_tok)) if verb_tok is not None else None
            if (
                claim
                or issuer == "state"
                or (
                    mention.media.medium in {"statement", "audio"}
                    and issuer != "nonstate"
                    and not (propaganda or has_name or mention.media.outlet)
                )
            ):
                mention.anchor = False  # a government communique or a spokesman's statement
            verb = next((v.head for v in verbs), None)
            mention.date = (
                args.attach_date(verb, dates_by_sent.get(sent_start, []), trigger_ids) if verb else None
            )
            mention.status = event_status(verb) if verb is not None else "actual"
            if mention.status not in {"actual", "planned", "negated", "hypothetical"}:
                mention.status = "actual"
            who = args.perpetrators(verb) if verb is not None else []
            mention.perpetrators = [args.Role(t, args.noun_phrase_text(t), "perpetrator") for t in who]
            mention.evidence = _media_evidence(tok, verb, mention.anchor)
            found.append(mention)
        if not nouns:
            for verb in verbs:  # "It was issued on Thursday": a release told by pronoun
                tok = verb.head
                obj = [c for c in tok.children if c.dep_ in {"nsubjpass", "dobj"}]
                if not any(c.lower_ in POINTING_PRONOUNS for c in obj):
                    continue
                mention = Mention(verb, tok, "Propaganda release", None, "media", anchor=False)
                mention.media = release_facts(sent, None, names)
                mention.date = args.attach_date(tok, dates_by_sent.get(sent_start, []), trigger_ids)
                mention.evidence = clause_span(tok)
                found.append(mention)
        if threats and not nouns and not verbs:
            for threat in threats:
                tok = threat.head
                mention = Mention(threat, tok, "Threat", None, "threat")
                mention.perpetrators = [
                    args.Role(t, args.noun_phrase_text(t), "perpetrator") for t in args.perpetrators(tok)
                ]
                threatened = release_facts(sent, None, names).threatened
                mention.targets = [args.Role(tok, name, "target") for name in threatened]
                mention.date = args.attach_date(tok, dates_by_sent.get(sent_start, []), trigger_ids)
                mention.evidence = clause_span(tok)
                if mention.perpetrators and event_status(tok) == "actual":
                    events.append(mention)
    return found


def _separate_evidence(here: list[Mention]) -> None:
    """Where one clause's evidence swallows another event's clause ("X were killed in a gunfight ... and Y
    died in a rocket attack"), cut it down to the mention's own part, so each event's evidence is its own."""
    text = doc_text(here[0].token.doc) if here else ""
    for a in here:
        for b in here:
            if a is b or not (a.evidence[0] <= b.evidence[0] and b.evidence[1] <= a.evidence[1]):
                continue
            if a.evidence == b.evidence:
                continue
            start, end = a.evidence
            if a.token.idx >= b.evidence[1]:
                start = b.evidence[1]
            elif a.token.idx + len(a.token.text) <= b.evidence[0]:
                end = b.evidence[0]
            else:
                continue
            piece = text[start:end]
            lead = len(piece) - len(piece.lstrip(" ,;:"))
            m = re.match(r"(?:and|but|while|or)\s+", piece[lead:])
            lead += m.end() if m else 0
            tail = re.search(r"[\s,;:]*(?:\b(?:and|but|while|or))?[\s,;:]*$", piece)
            stop = tail.start() if tail else len(piece)
            if stop - lead > 10:
                a.evidence = (start + lead, start + stop)


def _absorb_subject_weapons(here: list[Mention]) -> None:
    """ "Twin bombs exploded near the finish line": the weapon noun that is the subject of the event verb is
    that event's weapon, not a second event: the verb's mention tells it, with the weapon and any toll."""
    # Only a verb that types the event itself ("exploded", "detonated"): a weapon that "killed two militants"
    # is the event, and the kill verb only its toll.
    verbs = {
        m.token.i: m
        for m in here
        if m.token.pos_ == "VERB" and m.media is None and m.kind not in {"kill", "generic"}
    }
    for m in here:
        tok = m.token
        verb = verbs.get(tok.head.i)
        if verb is None or m is verb or m.media is not None or tok.pos_ != "NOUN":
            continue
        if tok.dep_ in {"nsubj", "nsubjpass"} and m.weapons and m.kind not in {"kill", "generic"}:
            for w in m.weapons:
                if all(w.name != v.name for v in verb.weapons):
                    verb.weapons.append(w)
            verb.killed = richer(verb.killed, m.killed)
            verb.wounded = richer(verb.wounded, m.wounded)
            m.aggregate = True


# A death toll dated to a whole month or year, told by a verb of killing alone (no attack, bombing or other
# incident word), is a tally over the period: "at least 282 people were killed in June".
_TALLY_PRECISIONS = frozenset({"month", "year"})


def read_mentions(
    doc: Doc,
    triggers: tuple[list[Trigger], list[Trigger]],
    media_names: list[tuple[str, Span]] | None,
    published: date | None,
) -> list[Mention]:
    """Every event and release mention of a document, in text order, before merging.

    `triggers` are the TriggerFinder's (event triggers, propaganda triggers); `media_names` the MediaReader's
    outlet, platform and language names, or None where media reading is switched off (then no release or
    threat mentions are read).
    """
    event_triggers, media_triggers = triggers
    trigger_ids = {t.head.i for t in event_triggers}
    dates_by_sent: dict[int, list[args.DateCandidate]] = {}
    for sent in doc.sents:
        dates_by_sent[sent.start] = args.date_candidates(sent, published)
    by_sent: dict[int, list[Mention]] = {}
    for trig in event_triggers:
        if trig.head.ent_type_ in {"DATE", "TIME"}:  # "the 19 march elections"
            continue
        sent = trig.head.sent
        mention = _event_mention(trig, dates_by_sent[sent.start], trigger_ids)
        if not_an_event(trig):  # habitual, generic or figurative: it absorbs its figures, it is no event
            mention.aggregate = True
        by_sent.setdefault(sent.start, []).append(mention)
    previous: list[Mention] = []  # the events of the last sentence that told any, within _TOLL_REACH
    since = 0  # sentences since then
    chunks = {c.end - 1: c for c in doc.noun_chunks}
    chunks.update({c.root.i: c for c in doc.noun_chunks})
    mentions: list[Mention] = []
    text = doc_text(doc)
    last_end = 0
    for sent in doc.sents:
        words_start = sent.start_char + len(sent.text) - len(sent.text.lstrip())
        if ("\n" in text[last_end:words_start] and since) or since >= _TOLL_REACH:
            previous = []  # past a new paragraph, or too far: a toll no longer follows that event
        last_end = sent.start_char + len(sent.text.rstrip())
        here = by_sent.get(sent.start, [])
        dates = dates_by_sent[sent.start]
        real = [m for m in here if m.kind != "kill"]
        if (
            len(real) == 1
            and real[0].date is None
            and len(dates) == 1
            and not args.dated_by_legal_act(real[0].token, dates[0], trigger_ids)
        ):
            real[0].date = dates[0].info  # one event, one date: the sentence's date is the event's
        _separate_evidence(here)
        kill_mentions = {m.token.i: m for m in here if m.kind == "kill"}
        _attach_casualties(find_casualties(sent, chunks), here, previous, kill_mentions)
        _absorb_subject_weapons(here)
        for m in here:
            if m.kind == "kill" and (m.token.tag_ == "VBG" or (not m.killed.text and not m.wounded.text)):
                m.aggregate = True
            if m.kind == "kill" and m.date is not None and m.date.precision in _TALLY_PRECISIONS:
                m.aggregate = True  # "at least 282 people were killed in June": a month's tally, no incident
            toll = bool(m.killed.text or m.wounded.text)
            day = m.date is not None and m.date.precision == "day"
            if m.media is None and background_reason(m.token, toll, day, status=m.status):
                m.aggregate = True  # refers to an incident (court case, summary, list line): no record
            if m.media is None and out_of_scope(m.token, m.sub):
                m.aggregate = True  # disease, disaster, animals, ordinary crime: not political violence
        mentions.extend(here)
        told = [m for m in here if m.kind != "kill" and m.media is None]
        if told:
            previous, since = told, 0
        elif sent.text.strip():
            since += 1
    extra_threats: list[Mention] = []
    if media_names is not None:
        mentions.extend(
            _media_mentions(doc, media_triggers, media_names, dates_by_sent, trigger_ids, extra_threats)
        )
    mentions.extend(extra_threats)
    mentions = [m for m in mentions if not m.aggregate]
    mentions.sort(key=lambda m: m.token.i)
    _foil_plans(mentions, {s.start: n for n, s in enumerate(doc.sents)})
    return mentions


__all__ = ["Mention", "read_mentions"]
