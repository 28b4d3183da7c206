"""The extractor's components, declared as spaCy factories. This module is their index, as spaCy's
`pipeline/factories.py` is: every factory with its defaults, what it requires and what it assigns.

Why declared parts: each stage of extraction can then be built from a name and a config, swapped for another
registered factory, tested alone on a small Doc, and switched off for an ablation
(`Extractor(disable=["eventwire_media"])`), while the rules themselves stay in `eventwire.extract`.

They run on a parsed Doc (tagger, parser and NER already applied), in this order (`PIPELINE`):

| factory | assigns | what |
| --- | --- | --- |
| eventwire_triggers | doc._.ew_triggers | trigger matches: (event triggers, propaganda triggers) |
| eventwire_media | doc._.ew_media_names | outlet, platform and language names (off: no releases read) |
| eventwire_mentions | doc._.ew_mentions | event mentions: type, arguments, status, date, casualties |
| eventwire_merge | doc._.ew_groups | the mentions of one incident merged (off: one event per mention) |
| eventwire_mention_filter | doc._.ew_groups | learned, opt-in: drops incidents no clause tells as happened |

The Extractor sets `doc._.ew_published` (the article's publication date, which dates are resolved against)
before it runs them, then turns each group into a record with its place and actor resolvers.
Registered functions carry a version: `eventwire.lexicon.v1` gives a component its language's lexicon.
"""

# No `from __future__ import annotations` here: spaCy validates a factory's config against its real types.
from pathlib import Path
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from eventwire import lexicon as lexicons
from eventwire.extract.media import MediaReader
from eventwire.extract.mention_filter import MODEL_PATH as MENTION_MODEL_PATH
from eventwire.extract.mention_filter import MentionFilter
from eventwire.extract.mentions import read_mentions
from eventwire.extract.merge import merge_mentions
from eventwire.extract.triggers import TriggerFinder
from eventwire.lexicon import Lexicon

PIPELINE = ("eventwire_triggers", "eventwire_media", "eventwire_mentions", "eventwire_merge")
# The learned mention filter (`extract/mention_filter.py`): a declared component that the Extractor puts at
# the end when `learned_mentions` is on (it is off by default: docs/models.md gives the figures).
MENTION_FILTER = "eventwire_mention_filter"
EXTENSIONS = ("ew_published", "ew_triggers", "ew_media_names", "ew_mentions", "ew_groups")
_LEXICON = {"@misc": "eventwire.lexicon.v1", "language": lexicons.DEFAULT_LANGUAGE}

for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@registry.misc("eventwire.lexicon.v1")
def make_lexicon(language: str = lexicons.DEFAULT_LANGUAGE) -> Lexicon:
    """The word lists and patterns of one language (`lexicon/<language>/`)."""
    return lexicons.load(language)


class Triggers:
    """Finds trigger words and phrases with one Matcher built from the lexicon's triggers.jsonl."""

    def __init__(self, nlp: Language, name: str, lexicon: Lexicon) -> None:
        self.name = name
        self.finder = TriggerFinder(nlp, lexicon.patterns("triggers"))

    def __call__(self, doc: Doc) -> Doc:
        doc._.ew_triggers = self.finder(doc)
        return doc


class Media:
    """Finds the names of outlets, platforms and languages that a propaganda release is told with."""

    def __init__(self, nlp: Language, name: str, lexicon: Lexicon) -> None:
        self.name = name
        self.reader = MediaReader(nlp, lexicon.patterns("media"))

    def __call__(self, doc: Doc) -> Doc:
        doc._.ew_media_names = self.reader.names(doc)
        return doc


class Mentions:
    """Reads every trigger as an event mention: its type, arguments, status, date and casualties."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.ew_mentions = read_mentions(doc, doc._.ew_triggers, doc._.ew_media_names, doc._.ew_published)
        return doc


class FilterMentions:
    """Drops the incidents whose every mention the learned filter reads as background, a total, a trial or a
    denial (after the merge; without one, each such mention)."""

    def __init__(self, name: str, model_path: str, threshold: float | None) -> None:
        self.name = name
        self.filter = MentionFilter(Path(model_path), threshold)

    def __call__(self, doc: Doc) -> Doc:
        sentence_index = {s.start: n for n, s in enumerate(doc.sents)}
        if doc._.ew_groups is not None:
            doc._.ew_groups = self.filter.keep_groups(doc._.ew_groups, sentence_index)
        else:
            doc._.ew_mentions = self.filter.keep(doc._.ew_mentions, sentence_index)
        return doc


class Merge:
    """Merges the mentions of one incident into one group (one record)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        sentence_index = {s.start: n for n, s in enumerate(doc.sents)}
        doc._.ew_groups = merge_mentions(doc._.ew_mentions, sentence_index)
        return doc


@Language.factory(
    "eventwire_triggers",
    default_config={"lexicon": _LEXICON},
    requires=["token.lemma", "token.dep"],
    assigns=["doc._.ew_triggers"],
)
def make_triggers(nlp: Language, name: str, lexicon: Lexicon) -> Triggers:
    return Triggers(nlp, name, lexicon)


@Language.factory(
    "eventwire_media",
    default_config={"lexicon": _LEXICON},
    assigns=["doc._.ew_media_names"],
)
def make_media(nlp: Language, name: str, lexicon: Lexicon) -> Media:
    return Media(nlp, name, lexicon)


@Language.factory(
    "eventwire_mentions",
    requires=["doc._.ew_triggers", "doc.ents", "token.dep"],
    assigns=["doc._.ew_mentions"],
)
def make_mentions(nlp: Language, name: str) -> Mentions:
    return Mentions(name)


@Language.factory(
    MENTION_FILTER,
    default_config={"model_path": str(MENTION_MODEL_PATH), "threshold": None},
    requires=["doc._.ew_mentions"],
    assigns=["doc._.ew_mentions", "doc._.ew_groups"],
)
def make_mention_filter(
    nlp: Language,
    name: str,
    model_path: str,
    threshold: Optional[float],  # noqa: UP045
) -> FilterMentions:
    return FilterMentions(name, model_path, threshold)


@Language.factory("eventwire_merge", requires=["doc._.ew_mentions"], assigns=["doc._.ew_groups"])
def make_merge(nlp: Language, name: str) -> Merge:
    return Merge(name)


__all__ = ["EXTENSIONS", "MENTION_FILTER", "PIPELINE", "make_lexicon"]
