"""Remove page furniture that survives main-text extraction, before any NLP sees the text.

Extractors (trafilatura, a feed's content:encoded, a news dump's `maintext`) keep more than the report:
login prompts, comment-forum invitations, donation appeals, share and cookie lines, a bare outlet name.
Left in, they become spurious sentences for the event extractor ("Your support makes all the difference"
is not news), and they make the same report hash differently on two sites. The rules are data
(`data/boilerplate/en.json`), so they can be extended without touching code, and each removal is
explainable: `find_boilerplate` says which rule removed which piece.

Three mechanisms, from precise to contextual:
1. sentence patterns: a sentence (or a short line) that matches a rule is dropped, the rest of its
   paragraph stays, so an appeal glued to a real sentence on one line costs only itself;
2. the reader-appeal heuristic: a paragraph that speaks as the outlet ("we", "our", the outlet's name)
   about support, donations, paywalls or journalism is an appeal; a paragraph that speaks as the outlet
   and sits between two appeals belongs to the same appeal box;
3. trailing furniture: a bare name ("The Times") in the run of furniture that ends a page is a masthead
   or footer, as is any line that is exactly the outlet's name.
Every rule stays away from sentences with quotation marks: quoted speech is evidence, never furniture.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = ["Boilerplate", "Removal", "clean_text", "find_boilerplate", "normalize_lines"]

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# Extraction sometimes drops the break between two paragraphs ("the difference.The group"): a sentence end
# glued to a capitalised word. "U.S.Army"-like abbreviations have a capital before the dot and stay whole.
_GLUE = re.compile(r"(?<=[a-z0-9)][.!?])(?=[A-Z][a-z])|(?<=[.!?][\"”’])(?=[A-Z])")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"”’)])\s+")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_QUOTE_CHARS = frozenset('“”"')
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_MAX_BOX_WORDS = 120  # reader-appeal paragraphs are short; longer ones are never judged appeals
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’&.-]*|of|the|and|de|al|el|on|for|&)$")


@dataclass(frozen=True)
class Boilerplate:
    """The compiled rules of one boilerplate data file."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    appeal_terms: frozenset[str]
    self_reference: frozenset[str]
    # The same patterns merged for speed (2x over one search per pattern): those anchored at the start
    # become one `match`, the rest one `search`; a named group per kind says which rule fired.
    _anchored: re.Pattern[str] | None = None
    _floating: re.Pattern[str] | None = None

    @classmethod
    def load(cls, path: Path | None = None) -> Boilerplate:
        """Read a rules file; the default is the English file shipped in eventwire/data/boilerplate."""
        if path is None:
            raw = resources.files("eventwire").joinpath("data/boilerplate/en.json").read_text("utf-8")
        else:
            raw = Path(path).read_text("utf-8")
        data = json.loads(raw)
        patterns = tuple(
            (kind, re.compile(rx, re.IGNORECASE))
            for kind, rxs in data["sentence_patterns"].items()
            for rx in rxs
        )
        return cls(
            patterns=patterns,
            appeal_terms=frozenset(data["appeal_terms"]),
            self_reference=frozenset(data["self_reference"]),
            _anchored=_merge(data["sentence_patterns"], anchored=True),
            _floating=_merge(data["sentence_patterns"], anchored=False),
        )

    def match(self, sentence: str) -> str | None:
        """The kind of the first rule that matches `sentence` ("login", "appeal", ...), or None."""
        probe = sentence.strip().replace("’", "'")
        if self._anchored is None or self._floating is None:
            return next((kind for kind, rx in self.patterns if rx.search(probe)), None)
        m = self._anchored.match(probe) or self._floating.search(probe)
        if m is None:
            return None
        return m.lastgroup or next(k for k, v in m.groupdict().items() if v is not None)


def _merge(patterns: dict[str, list[str]], *, anchored: bool) -> re.Pattern[str] | None:
    groups = []
    for kind, rxs in patterns.items():
        chosen = [rx[1:] if anchored else rx for rx in rxs if rx.startswith("^") == anchored]
        if chosen:
            groups.append(f"(?P<{kind}>{'|'.join(f'(?:{rx})' for rx in chosen)})")
    return re.compile("|".join(groups), re.IGNORECASE) if groups else re.compile(r"(?!)")


@lru_cache(maxsize=1)
def _default_rules() -> Boilerplate:
    return Boilerplate.load()


@dataclass(frozen=True)
class Removal:
    """One piece of removed text and the rule that removed it (for logs, tests and tuning)."""

    text: str
    kind: str


@dataclass
class _Para:
    line: int  # index of the input line this paragraph came from (glued paragraphs share one)
    text: str
    original: str = ""  # the text before sentence rules ran: appeals are judged on the whole paragraph
    removed: str | None = None  # kind of rule that removed the whole paragraph
    appeal_anchor: bool = False


def normalize_lines(text: str) -> list[str]:
    """Non-empty lines with whitespace collapsed, zero-width characters dropped and Unicode in NFC."""
    text = unicodedata.normalize("NFC", text.translate(_ZERO_WIDTH))
    lines = (" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return [line for line in lines if line]


def clean_text(text: str, *, outlet: str | None = None, rules: Boilerplate | None = None) -> str:
    """The article body without page furniture: paragraphs as lines joined by "\\n", whitespace normalised.

    Args:
        text: extracted body text, one paragraph per line.
        outlet: the publishing outlet's name, when known; a line that is just that name is dropped, and
            paragraphs that talk about the outlet count as speaking in its voice.
        rules: boilerplate rules; the shipped English file by default.
    """
    return _clean(text, outlet, rules or _default_rules())[0]


def find_boilerplate(
    text: str, *, outlet: str | None = None, rules: Boilerplate | None = None
) -> list[Removal]:
    """What `clean_text` removes from `text`, with the kind of rule that removed each piece."""
    return _clean(text, outlet, rules or _default_rules())[1]


def _clean(text: str, outlet: str | None, rules: Boilerplate) -> tuple[str, list[Removal]]:
    removals: list[Removal] = []
    paras = [
        _Para(i, seg.strip(), seg.strip())
        for i, line in enumerate(normalize_lines(text))
        for seg in _GLUE.split(line)
        if seg.strip()
    ]
    outlet_key = _name_key(outlet) if outlet else None
    for para in paras:
        _strip_sentences(para, rules, outlet_key, removals)
    _remove_appeal_boxes(paras, rules, outlet_key, removals)
    _remove_trailing_names(paras, removals)

    lines: dict[int, list[str]] = {}
    for para in paras:
        if para.removed is None:
            lines.setdefault(para.line, []).append(para.text)
    return "\n".join(" ".join(parts) for _, parts in sorted(lines.items())), removals


def _strip_sentences(para: _Para, rules: Boilerplate, outlet_key: str | None, out: list[Removal]) -> None:
    """Drop the sentences that match a rule; drop the paragraph if nothing of substance is left."""
    if outlet_key and _name_key(para.text) == outlet_key:
        para.removed = "outlet"
        out.append(Removal(para.text, "outlet"))
        return
    sentences = _SENTENCE_END.split(para.text)
    kept: list[str] = []
    dropped_kinds: list[str] = []
    for sentence in sentences:
        kind = None if _QUOTE_CHARS & set(sentence) else rules.match(sentence)
        if kind is None:
            kept.append(sentence)
        else:
            dropped_kinds.append(kind)
            out.append(Removal(sentence, kind))
    if not dropped_kinds:
        return
    para.appeal_anchor = "appeal" in dropped_kinds
    rest = " ".join(kept)
    # What is left of a prompt line ("Register", "Logout") is a button label, not a sentence.
    if not kept or (len(rest.split()) < 3 and not rest.rstrip('”"’)').endswith((".", "!", "?"))):
        if kept:
            out.append(Removal(rest, dropped_kinds[-1]))
        para.removed = dropped_kinds[-1]
        para.text = ""
    else:
        para.text = rest


def _appeal_voice(text: str, rules: Boilerplate, outlet_key: str | None) -> tuple[bool, bool]:
    """(is an appeal, speaks as the outlet) for one paragraph, judged sentence by sentence.

    An appeal speaks as the outlet ("we", "our", its name) about support, donations, paywalls or
    journalism in at least half of its sentences. Long paragraphs are never appeals: a whole article
    extracted as one line mentions "we" and "support" somewhere without being a donation box.
    """
    if len(text.split()) > _MAX_BOX_WORDS:
        return False, False
    sentences = _SENTENCE_END.split(text)
    voiced = appealing = 0
    terms: set[str] = set()
    for sentence in sentences:
        unquoted = _QUOTED.sub(" ", sentence).replace("’", "'")
        words = _WORD.findall(unquoted.lower())
        found = {w for w in words if w in rules.appeal_terms}
        speaks = any(w in rules.self_reference for w in words) or (
            bool(outlet_key) and f" {outlet_key} " in f" {' '.join(words)} "
        )
        voiced += speaks
        appealing += speaks and bool(found)
        terms |= found
    return len(terms) >= 2 and 2 * appealing >= len(sentences), voiced > 0


def _remove_appeal_boxes(
    paras: list[_Para], rules: Boilerplate, outlet_key: str | None, out: list[Removal]
) -> None:
    """A paragraph in the outlet's voice about support or journalism is an appeal; so is one between two."""
    own: list[bool] = []  # the paragraph itself is an appeal
    anchor: list[bool] = []  # an appeal is here (also a removed appeal sentence), for its neighbours
    voiced: list[bool] = []  # speaks as the outlet: part of an appeal box when between two anchors
    for para in paras:
        if para.removed is not None:
            own.append(False)
            anchor.append(para.appeal_anchor)
            voiced.append(para.appeal_anchor)
            continue
        is_appeal, speaks = _appeal_voice(para.original, rules, outlet_key)
        own.append(is_appeal)
        anchor.append(is_appeal or para.appeal_anchor)
        voiced.append(is_appeal or para.appeal_anchor or speaks)
    for i, para in enumerate(paras):
        if para.removed is not None:
            continue
        between = _anchor_within(anchor, voiced, i, -1) and _anchor_within(anchor, voiced, i, +1)
        if own[i] or (voiced[i] and not para.appeal_anchor and between):
            para.removed = "appeal"
            out.append(Removal(para.text, "appeal"))


def _anchor_within(strong: list[bool], weak: list[bool], i: int, step: int) -> bool:
    """Whether an appeal anchor is reachable from i in direction `step` through outlet-voice paragraphs."""
    j = i + step
    while 0 <= j < len(strong) and weak[j]:
        if strong[j]:
            return True
        j += step
    return False


def _remove_trailing_names(paras: list[_Para], out: list[Removal]) -> None:
    """In the furniture run that ends a page, a bare name ("The Times", "Reuters") is a masthead."""
    run: list[_Para] = []
    for para in reversed(paras):
        if para.removed is None and not _is_bare_name(para.text):
            break
        run.append(para)
    if not any(p.removed for p in run):
        return
    for para in run:
        if para.removed is None:
            para.removed = "outlet"
            out.append(Removal(para.text, "outlet"))


def _is_bare_name(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 5 or any(ch.isdigit() for ch in text) or text.endswith((".", "!", "?", ":")):
        return False
    return all(_NAME_WORD.match(w) for w in words)


def _name_key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower().replace("’", "'")))
