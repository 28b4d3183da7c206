"""What a propaganda release is: medium, producing outlet, platform, length, language and threatened targets.

Outlets, platforms and languages are data (lexicon/en/media.jsonl) matched with a PhraseMatcher built once;
outlets not in the list are recognised by their shape ("X Media Centre", "its al-Naba newsletter"). A media
noun makes a release event only when something anchors it as one (a release verb, "propaganda", a known outlet
or platform): "said in a statement" or a bystander's video are not propaganda releases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from eventwire import lexicon
from eventwire.models import Media
from eventwire.nlp.doc_index import ents_within

LEXICON = lexicon.load()

MEDIUM_OF = LEXICON.table("medium_of")
_OUTLET_SHAPE = re.compile(
    r"\b((?:al|as|an|ad|ar|ash|at)-[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*|[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*)\s+"
    r"(Media\s+(?:Centre|Center|Foundation|Office|Agency|Wing)|News\s+Agency|Foundation\s+for\s+Media\s+Production)"
)
_DURATION = re.compile(
    r"\b(\d+(?:\.\d+)?|an|one|two|three|four|five|ten|half)[- ](?:an?[- ])?"
    r"(minute|min|hour|second)s?\b",
    re.I,
)
_WORDNUM = {"an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10, "half": 0.5}
_SHORT_PLATFORMS = LEXICON.words("short_platforms")
THREAT_WORDS = LEXICON.words("threat_words")


@dataclass
class MediaFacts:
    """Facts about one release read from one sentence; merged across the mentions of a release."""

    medium: str | None = None
    outlet: str | None = None
    platform: str | None = None
    duration_minutes: float | None = None
    language: str | None = None
    threatened: list[str] = field(default_factory=list)

    def to_media(self, text: str | None) -> Media:
        return Media(
            medium=self.medium,
            outlet=self.outlet,
            platform=self.platform,
            duration_minutes=self.duration_minutes,
            language=self.language,
            threatened=list(dict.fromkeys(self.threatened)),
            text=text,
        )

    def absorb(self, other: MediaFacts) -> None:
        for name in ("medium", "outlet", "platform", "duration_minutes", "language"):
            if getattr(self, name) is None:
                setattr(self, name, getattr(other, name))
        self.threatened.extend(t for t in other.threatened if t not in self.threatened)


class MediaReader:
    """Built once per Extractor: the lexicon matcher over outlets, platforms and languages."""

    def __init__(self, nlp: Language, rows: list[dict[str, Any]] | None = None) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.case_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for row in LEXICON.patterns("media") if rows is None else rows:
            target = (
                self.case_matcher
                if row["pattern"] in _SHORT_PLATFORMS or row["label"] == "LANGUAGE"
                else self.matcher
            )
            target.add(row["label"], [nlp.make_doc(row["pattern"])])

    def names(self, doc: Doc) -> list[tuple[str, Span]]:
        """All outlet/platform/language names of a document (label, span)."""
        found = [(doc.vocab.strings[m], doc[s:e]) for m, s, e in self.matcher(doc)]
        found += [(doc.vocab.strings[m], doc[s:e]) for m, s, e in self.case_matcher(doc)]
        # Longest first, so "Amaq News Agency" wins over "Amaq".
        return sorted(found, key=lambda item: (item[1].start, -(item[1].end - item[1].start)))


def release_facts(sent: Span, noun: Token | None, names: list[tuple[str, Span]]) -> MediaFacts:
    """Medium, outlet, platform, duration, language and threatened places stated in one sentence."""
    facts = MediaFacts()
    if noun is not None:
        facts.medium = MEDIUM_OF.get(noun.lemma_.lower())
        # "its al-Naba newsletter", "Dabiq magazine": the proper-noun compound names the outlet.
        compounds = [c for c in noun.lefts if c.dep_ in {"compound", "nmod"} and c.pos_ == "PROPN"]
        if compounds and facts.medium in {"newsletter", "magazine", "audio", "statement"}:
            first = min(t.i for c in compounds for t in c.subtree)
            facts.outlet = sent.doc[first : noun.i].text
    for label, span in names:
        if not (sent.start <= span.start < sent.end):
            continue
        if label == "OUTLET" and facts.outlet is None:
            facts.outlet = span.text
        elif label == "PLATFORM" and facts.platform is None:
            facts.platform = span.text
        elif label == "LANGUAGE" and facts.language is None and _is_language_use(span):
            facts.language = span.text
    if facts.outlet is None:
        m = _OUTLET_SHAPE.search(sent.text)
        if m:
            facts.outlet = m.group(0).strip()
    m = _DURATION.search(sent.text)
    near = m is not None and (noun is None or abs(_token_at(sent, m.end()) - noun.i) <= 6)
    if m and near:
        raw = m.group(1).lower()
        value = float(_WORDNUM.get(raw, raw) if raw in _WORDNUM else raw)
        unit = m.group(2).lower()
        facts.duration_minutes = value * 60 if unit == "hour" else value / 60 if unit == "second" else value
    facts.threatened = threatened_targets(sent)
    return facts


def _token_at(sent: Span, offset: int) -> int:
    """Index of the token that ends at or after a character offset inside the sentence."""
    absolute = sent.start_char + offset
    for tok in sent:
        if tok.idx + len(tok.text) >= absolute:
            return tok.i
    return sent.end


def _is_language_use(span: Span) -> bool:
    """ "in Arabic", "English-language", "Russian subtitles": a language, not a nationality."""
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end : span.end + 2].text.lower()
    return before in {"in", "into"} or after.startswith(("-language", "language", "subtitle", "- language"))


def threatened_targets(sent: Span) -> list[str]:
    """Places, peoples and organisations named under a threatening verb ("threatening attacks in Russia")."""
    found: list[str] = []
    for tok in sent:
        if tok.lemma_.lower() not in THREAT_WORDS:
            continue
        scope = tok.head if tok.dep_ == "amod" else tok  # "threatening attacks in France"
        for ent in ents_within(sent):
            if ent.label_ in {"GPE", "NORP", "ORG", "LOC", "FAC"} and scope.is_ancestor(ent.root):
                head = ent.root.head
                if ent.label_ == "NORP" and ent.root.dep_ in {"amod", "compound"} and head.pos_ == "NOUN":
                    found.append(sent.doc[ent.start : head.i + 1].text)  # "the Iraqi army", not "Iraqi"
                else:
                    found.append(ent.text)
    return found
