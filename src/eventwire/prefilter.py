"""A cheap relevance prefilter: does this article talk about political violence at all?

Most news is not about violence, and the spaCy pass is what an ingest spends its time on, so articles
without any sign of violence skip it (they are stored, with no events). The test is a word-prefix automaton
(pyahocorasick) over the lower-cased text, with terms from `data/prefilter/terms.tsv`:

- one *strong* term ("bomb*", "militant*", "kidnap*") is enough;
- otherwise weak terms of `GROUPS_NEEDED` different groups: harm ("killed", "died"), violence ("attack",
  "shot"), force ("police", "army"), detention ("arrested"), arms ("gun"). One group alone is everyday
  news: an outbreak report is full of deaths, a court report of arrests, with no violence between people;
- a short text (a wire brief, a feed summary) needs only one term of either kind, since it has room for few.

Cost: one pass over the characters, microseconds per article. Recall of articles holding a gold event and
the share of ordinary news it lets through are measured by `relevance_report` (docs/scale.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import ahocorasick

from eventwire.errors import EventwireError

SHORT_TEXT_WORDS = 120
GROUPS_NEEDED = 3
HARM_AND_VIOLENCE_TERMS = 3
_NOT_LETTERS = re.compile(r"[^a-z]+")


@dataclass(frozen=True)
class Term:
    text: str  # lower-case letters and single spaces
    prefix: bool  # True: matches any word starting with `text`
    group: str  # "strong", or the name of a group of weak terms

    @property
    def strong(self) -> bool:
        return self.group == "strong"


def load_terms(text: str | None = None) -> list[Term]:
    """The terms of terms.tsv (or of `text` in its format); EventwireError on a malformed line."""
    if text is None:
        text = files("eventwire").joinpath("data/prefilter/terms.tsv").read_text(encoding="utf-8")
    terms = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[1].strip().isalpha() or not parts[0].strip("* "):
            raise EventwireError(f"prefilter terms line {number}: expected TERM<TAB>TIER, got {line!r}")
        raw = parts[0].strip()
        words = _NOT_LETTERS.sub(" ", raw.rstrip("*").lower()).strip()
        terms.append(Term(text=words, prefix=raw.endswith("*"), group=parts[1].strip()))
    return terms


class Prefilter:
    """Decides in one scan whether an article may hold an event. Build once, reuse (it is immutable)."""

    def __init__(self, terms: list[Term] | None = None) -> None:
        self.terms = terms if terms is not None else load_terms()
        self._automaton = ahocorasick.Automaton()
        for index, term in enumerate(self.terms):
            # A leading space anchors the term at a word start; the text is scanned with one added in front.
            self._automaton.add_word(" " + term.text, index)
        self._automaton.make_automaton()

    def matches(self, text: str) -> set[Term]:
        """The different terms found in `text` (case and punctuation ignored)."""
        flat = " " + _NOT_LETTERS.sub(" ", text.lower()) + " "
        found: set[Term] = set()
        for end, index in self._automaton.iter(flat):
            term = self.terms[index]
            if term.prefix or flat[end + 1] == " ":
                found.add(term)
        return found

    def passes(self, text: str) -> bool:
        """True when `text` may report political violence and deserves the full extraction."""
        found = self.matches(text)
        if not found:
            return False
        groups = {term.group for term in found}
        if "strong" in groups:
            return True
        if len(groups) >= GROUPS_NEEDED or len(text.split()) < SHORT_TEXT_WORDS:
            return True
        # Harm done by violence ("shot", "attack" and "wounded"): enough words of both to rule out the one
        # stray "heart attack" or "flu shot" of an outbreak report.
        return {"harm", "violence"} <= groups and len(found) >= HARM_AND_VIOLENCE_TERMS


@lru_cache(maxsize=1)
def default_prefilter() -> Prefilter:
    """The prefilter with the shipped terms, built once per process."""
    return Prefilter()
