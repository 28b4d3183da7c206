"""Casualty figures: who was killed or wounded, as UCDP-style ranges (low, best, high) with their text.

A figure is only ever read from a death/injury word (killed, died, wounded, deaths, dead, injured) and the
people it applies to; a number next to "troops" or "fighters" with no such word is a deployment figure and is
never read. Qualifiers shape the range: "at least six" is low 6, "up to 15" is high 15, "dozens" and
"several" are lower bounds with no best estimate, "all 224 people" is exact, a plural noun with no number
("injuring more servicemen") is at least 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token
from text_to_num import text2num

from eventwire import lexicon
from eventwire.models import Count
from eventwire.nlp.doc_index import doc_text

LEXICON = lexicon.load()
NUMBER_JOINERS = LEXICON.words("number_joiners")
BE_FORMS = LEXICON.words("be_forms")
LIST_JOINERS = LEXICON.words("list_joiners")
INCLUSION_WORDS = LEXICON.words("inclusion_words")
AFTER_WORDS = LEXICON.words("time_after_words")
REFERRING_DETERMINERS = LEXICON.words("referring_determiners")

KILL_VERBS = LEXICON.words("kill_verbs")
WOUND_VERBS = LEXICON.words("wound_verbs")
KILL_NOUNS = LEXICON.words("kill_nouns")
WOUND_NOUNS = LEXICON.words("wound_nouns")
PERSON_NOUNS = LEXICON.words("person_nouns")
QUANT_WORDS = LEXICON.table("quantity_words")
PLURAL_PEOPLE = LEXICON.words("plural_people")
_AUX_SKIP = frozenset({"aux", "auxpass", "neg", "advmod", "prt"})


@dataclass
class CasualtyFact:
    """One casualty statement: the word that says it, killed or wounded, the range, and whether it names
    who did it (then it can stand as an event of its own)."""

    token: Token
    kind: str  # "killed" | "wounded"
    count: Count
    has_agent: bool
    total: bool = False  # "five deaths, including ...": a total over several events
    additional: bool = False  # "X was also killed": more dead, beside the figure already told


def _number(words: list[Token]) -> int | None:
    return number_of(" ".join(w.text for w in words if w.text != "-"))


def number_of(text: str) -> int | None:
    """The number written in `text` in digits or words ("1,200", "twenty-one"), None when it is none."""
    text = text.replace(",", "")
    if re.fullmatch(r"\d+", text):
        return int(text)
    try:
        return int(text2num(text.lower(), "en"))
    except (ValueError, TypeError):
        return None


def _qualifier(tokens: list[Token]) -> str:
    """The qualifier words right before a number: "at least", "up to", "more than", "nearly", "about"."""
    low = " ".join(t.lower_ for t in tokens)
    for key, name in (
        ("at least", "low"),
        ("no fewer than", "low"),
        ("more than", "more"),
        ("over", "more"),
        ("up to", "high"),
        ("as many as", "high"),
        ("nearly", "high"),
        ("almost", "high"),
        ("fewer than", "high"),
        ("about", "approx"),
        ("around", "approx"),
        ("some", "approx"),
        ("approximately", "approx"),
        ("roughly", "approx"),
        ("an estimated", "approx"),
        ("all", "exact"),
    ):
        if low.endswith(key) or f"{key} " in low + " ":
            return name
    return ""


def count_phrase(tokens: list[Token]) -> Count:
    """The range a victim noun phrase states, e.g. "at least six people", "a British soldier", "dozens"."""
    text = " ".join(t.text for t in tokens)
    nums = [t for t in tokens if t.like_num or t.tag_ == "CD"]
    nums = [t for t in nums if not re.fullmatch(r"(19|20)\d\d", t.text) and not _age(t)]
    lowers = {t.lower_ for t in tokens}
    if nums:
        first = nums[0].i
        run = [
            t for t in tokens if t.i >= first and (t.like_num or t.tag_ == "CD" or t.lower_ in NUMBER_JOINERS)
        ]
        run = [t for t in run if t.i < first + 5]
        while run and not (run[-1].like_num or run[-1].tag_ == "CD"):
            run.pop()
        value = _number(run) or _number(nums[:1])
        if value is None:
            return Count(text=text)
        qual = _qualifier([t for t in tokens if t.i < first])
        if "dozen" in lowers:
            value *= 12
        if qual == "low":
            return Count(low=value, best=value, text=text)
        if qual == "more":
            return Count(low=value + 1, text=text)
        if qual == "high":
            return Count(high=value, text=text)
        if qual == "approx":
            return Count(best=value, text=text)
        return Count(low=value, best=value, high=value, text=text)
    for word, low in QUANT_WORDS.items():
        if word in lowers:
            return Count(low=low, text=text)
    if "dozen" in lowers:
        return Count(low=12, best=12, high=12, text=text)
    head = tokens[-1]
    if head.tag_ in {"NNS", "NNPS"} or head.lower_ in PLURAL_PEOPLE:
        return Count(low=2, text=text)
    return Count(low=1, best=1, high=1, text=text)


def _age(number: Token) -> bool:
    """ "a 10-year-old girl", "a 3-month-old baby": the number counts one person's years, not people."""
    unit = number.head
    return (
        unit.i != number.i
        and unit.lemma_.lower() in _AGE_UNITS
        and unit.i > number.i
        and (unit.head.lower_ == "old" or any(t.lower_ == "old" for t in number.doc[unit.i + 1 : unit.i + 3]))
    )


_AGE_UNITS = frozenset({"year", "month", "week", "day"})


def _chunk_map(doc: Doc) -> dict[int, Span]:
    """End token index -> noun chunk, and root index -> noun chunk, for quick look-ups."""
    found: dict[int, Span] = {}
    for chunk in doc.noun_chunks:
        found[chunk.end - 1] = chunk
        found.setdefault(chunk.root.i, chunk)
    return found


def _is_person(chunk: Span) -> bool:
    root = chunk.root
    if root.lemma_.lower() in PERSON_NOUNS or root.lower_ in PERSON_NOUNS:
        return True
    if root.ent_type_ in {"PERSON", "NORP"} or _age_in_apposition(root):
        return True
    return root.lower_ in QUANT_WORDS and any(c.dep_ == "prep" and c.lower_ == "of" for c in root.children)


def _age_in_apposition(name: Token) -> bool:
    """ "Tamerlan, 26, died": news gives a person's age after the name, so the name is a person's, even where
    the entity recogniser read it as a place."""
    return name.pos_ == "PROPN" and any(
        c.dep_ == "appos" and c.text.isdigit() and 0 < int(c.text) < 120 for c in name.children
    )


def _with_qualifiers(chunk: Span) -> list[Token]:
    doc = chunk.doc
    start = chunk.start
    # "at least", "up to", "more than", "as many as", "nearly": up to three words before the chunk.
    for back in (3, 2, 1):
        if start - back >= chunk.sent.start:
            words = doc[start - back : start]
            if _qualifier(list(words)) and not any(t.is_punct for t in words):
                start -= back
                break
    tokens = list(doc[start : chunk.end])
    # "dozens of civilians": the quantity word carries the count, the noun after "of" the person check.
    return tokens


def _left_victims(verb: Token, chunks: dict[int, Span]) -> list[Span]:
    doc = verb.doc
    i = verb.i - 1
    while i >= verb.sent.start and (doc[i].dep_ in _AUX_SKIP or doc[i].lower_ in BE_FORMS):
        i -= 1
    if i < verb.sent.start:
        return []
    if doc[i].tag_ in {"WP", "WDT"} and verb.dep_ == "relcl":
        antecedent = chunks.get(verb.head.i)
        return [antecedent] if antecedent is not None and _is_person(antecedent) else []
    found: list[Span] = []
    while i >= verb.sent.start:
        chunk = chunks.get(i)
        if chunk is None or chunk.root.ent_type_ in {"DATE", "TIME"} or not _is_person(chunk):
            break
        found.append(chunk)
        i = chunk.start - 1
        if i - 1 >= verb.sent.start and doc[i].lower_ == "of" and doc[i - 1].lower_ in QUANT_WORDS:
            quant = chunks.get(i - 1)  # "dozens of people": the quantity word carries the count
            if quant is not None:
                found[-1] = doc[quant.start : chunk.end]
                i = quant.start - 1
        if i >= verb.sent.start and doc[i].lower_ in LIST_JOINERS:
            i -= 1
            continue
        break
    if not found:
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None and subject.i not in chunks:
            found = _elided(verb, subject)
    if not found:
        # "Seven people, five soldiers and two civilians, were wounded": an aside between the subject and
        # its verb hides the subject from the walk to the left; the parse still names it.
        for child in verb.children:
            chunk = chunks.get(child.i) if child.dep_ in {"nsubj", "nsubjpass"} else None
            if chunk is not None and chunk.root.ent_type_ not in {"DATE", "TIME"} and _is_person(chunk):
                found.append(chunk)
    return found


def _elided(verb: Token, number: Token | None) -> list[Span]:
    """ "killed 13 people and wounded 71", "two were killed and five wounded": a bare number as the object or
    subject of a casualty verb joined to another one counts the same people, the noun said once."""
    if (
        number is None
        or not (number.like_num or number.pos_ == "NUM")
        or number.ent_type_ in {"DATE", "TIME"}
    ):
        return []
    siblings = [verb.head] if verb.dep_ == "conj" else [c for c in verb.children if c.dep_ == "conj"]
    lemmas = KILL_VERBS | WOUND_VERBS
    if not any(s.pos_ == "VERB" and s.lemma_.lower() in lemmas for s in siblings):
        return []
    words = list(number.subtree)
    return [verb.doc[words[0].i : words[-1].i + 1]]


def _right_victims(verb: Token, chunks: dict[int, Span]) -> list[Span]:
    obj = next((c for c in verb.children if c.dep_ in {"dobj", "obj"}), None)
    if obj is None:
        return []
    if obj.i not in chunks:
        return _elided(verb, obj)
    found: list[Span] = []
    for tok in [obj, *[c for c in obj.children if c.dep_ == "conj"]]:
        chunk = chunks.get(tok.i)
        if chunk is not None and _is_person(chunk):
            found.append(chunk)
    return found


def _sum(parts: list[Count], text: str) -> Count:
    """The range of several victim phrases together ("a soldier and two Americans" is exactly 3)."""

    def total(values: list[int | None]) -> int | None:
        return sum(v for v in values if v is not None) if all(v is not None for v in values) else None

    return Count(
        low=total([p.low for p in parts]),
        best=total([p.best for p in parts]),
        high=total([p.high for p in parts]),
        text=text,
    )


def _passive_or_intransitive(verb: Token) -> bool:
    if verb.lemma_ in {"die", "perish"}:
        return True
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children):
        return True
    if any(c.dep_ in {"dobj", "obj"} for c in verb.children):
        return False
    if (
        verb.dep_ in {"advcl", "acl"}
        and verb.tag_ in {"VBD", "VBN"}
        and not any(c.dep_ in {"nsubj", "csubj"} for c in verb.children)
        and not (verb.dep_ == "acl" and any(c.lower_ in REFERRING_DETERMINERS for c in verb.head.children))
    ):  # a reduced passive after the people it counts: "with two Americans and an Afghani injured"; not
        # "the members killed", which points back at dead already counted
        return True
    # "... were killed and several others wounded": an elided passive, often tagged VBD.
    return verb.tag_ == "VBN" or verb.dep_ == "conj" and _passive_or_intransitive(verb.head)


def find_casualties(sent: Span, chunks: dict[int, Span] | None = None) -> list[CasualtyFact]:
    """Every killed/wounded statement of one sentence, with its range."""
    chunks = chunks if chunks is not None else _chunk_map(sent.doc)
    facts: list[CasualtyFact] = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and (lemma in KILL_VERBS or lemma in WOUND_VERBS):
            kind = "killed" if lemma in KILL_VERBS else "wounded"
            if _passive_or_intransitive(tok):
                victims = _left_victims(tok, chunks)
                agent = any(c.dep_ == "agent" for c in tok.children)
            else:
                victims = _right_victims(tok, chunks)
                subject_of = tok.head if tok.dep_ == "conj" else tok
                # "They killed 23 soldiers" after an attack: a pronoun names no new perpetrator.
                agent = any(
                    c.dep_ == "nsubj" and c.tag_ != "PRP" for c in [*tok.children, *subject_of.children]
                )
            if not victims:
                continue
            victims.sort(key=lambda c: c.start)
            parts = [count_phrase(_with_qualifiers(c)) for c in victims]
            start = _with_qualifiers(victims[0])[0].idx
            end = victims[-1].end_char
            text = doc_text(sent.doc)[start:end]
            also = any(c.dep_ == "advmod" and c.lower_ == "also" for c in tok.children)
            facts.append(CasualtyFact(tok, kind, _sum(parts, text), has_agent=agent, additional=also))
        elif tok.pos_ in {"NOUN", "ADJ"} and (
            lemma in KILL_NOUNS or tok.lower_ in KILL_NOUNS | WOUND_NOUNS or lemma in WOUND_NOUNS
        ):
            nums = [c for c in tok.children if c.dep_ == "nummod"]
            if (
                not nums
                and tok.i > sent.start
                and (tok.doc[tok.i - 1].tag_ == "CD" or tok.doc[tok.i - 1].lower_ in QUANT_WORDS)
            ):
                nums = [tok.doc[tok.i - 1]]
            if not nums:
                continue
            first = min(t.i for n in nums for t in n.subtree)
            tokens = list(tok.doc[first : tok.i + 1])
            for back in (3, 2, 1):
                words = list(tok.doc[max(sent.start, first - back) : first])
                if words and _qualifier(words):
                    tokens = words + tokens
                    break
            kind = "killed" if lemma in KILL_NOUNS or tok.lower_ in KILL_NOUNS else "wounded"
            text = doc_text(tok.doc)[tokens[0].idx : tok.idx + len(tok.text)]
            total = (
                any(c.lower_ in INCLUSION_WORDS for c in tok.children)
                or tok.dep_ == "pobj"
                and tok.head.lower_ in AFTER_WORDS
            )
            facts.append(
                CasualtyFact(tok, kind, _retext(count_phrase(tokens), text), has_agent=False, total=total)
            )
    return facts


def _retext(count: Count, text: str) -> Count:
    return count.model_copy(update={"text": text})


def added(a: Count, b: Count) -> Count:
    """Two figures of one event that count different people ("a major general was killed ... a local
    commander was also killed"): their sum, over the words of both."""
    if a.text is None:
        return b
    return _sum([a, b], f"{a.text}; {b.text}")


def richer(a: Count, b: Count) -> Count:
    """Of two figures for the same event, the one that says more: an exact figure over a bound, the larger
    bound over the smaller (the mentions of one event are partial views of one toll)."""
    if a.text is None:
        return b
    if b.text is None:
        return a

    def key(c: Count) -> tuple[int, int]:
        value = c.best if c.best is not None else (c.low if c.low is not None else (c.high or 0))
        return (value, 1 if c.best is not None else 0)

    return a if key(a) >= key(b) else b


__all__ = ["CasualtyFact", "added", "count_phrase", "find_casualties", "richer"]
