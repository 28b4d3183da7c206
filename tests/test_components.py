"""The extractor's declared components (nlp/components.py): each alone on a small Doc, then the Extractor
built from them: swapping one, switching one off for an ablation, and the errors of a broken pipeline."""

from __future__ import annotations

import logging
from datetime import date

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from eventwire.extract.engine import ComponentError, Extractor
from eventwire.lexicon import LexiconError
from eventwire.models import Article, Location
from eventwire.nlp.components import PIPELINE
from eventwire.resolve.actors import ActorResolver
from eventwire.resolve.places import PlaceResolver

RELEASE = (
    "Islamic State has released a 22-minute propaganda video on Telegram, its Amaq News Agency said on "
    "Sunday. Gunmen attacked a police checkpoint in Mosul on Monday, killing three officers."
)
TWO_MENTIONS = "A car bomb exploded in a market in Kabul on Monday. The blast killed five people."


@Language.factory("eventwire_test_no_triggers", assigns=["doc._.ew_triggers"])
def _make_no_triggers(nlp, name):  # no annotations: spaCy resolves them, and this module defers them
    """A stand-in for eventwire_triggers that finds nothing: swapping a component is naming another."""

    def no_triggers(doc: Doc) -> Doc:
        doc._.ew_triggers = ([], [])
        return doc

    return no_triggers


class _NoPlaces(PlaceResolver):
    def __init__(self) -> None:  # no gazetteer: these tests check extraction only
        pass

    def locate_event(self, doc, anchor, context):  # noqa: ARG002 - fixed interface
        return Location()


class _SurfaceActors(ActorResolver):
    def canonical(self, text):  # noqa: ARG002 - fixed interface
        return None


def _extractor(nlp: Language, known_actors: bool = False, **kwargs) -> Extractor:
    """Neutral resolvers; `known_actors` takes the real actor resolver (a release needs its armed group)."""
    actors = ActorResolver() if known_actors else _SurfaceActors()
    return Extractor(nlp=nlp, places=_NoPlaces(), actors=actors, **kwargs)


def _subs(extractor: Extractor, text: str) -> list[str]:
    article = Article(id=Article.make_id(text), text=text, published=date(2024, 10, 15))
    return [e.sub_event_type for e in extractor.extract(article)]


def _parsed(nlp: Language, text: str, *components: str) -> Doc:
    """`text` parsed by the model, then run through the named components (built from their factories)."""
    doc = nlp(text)
    doc._.ew_published = date(2024, 10, 15)
    for name in components:
        doc = nlp.create_pipe(name)(doc)
    return doc


def test_the_index_lists_registered_factories_and_a_versioned_lexicon() -> None:
    blank = spacy.blank("en")
    assert PIPELINE == ("eventwire_triggers", "eventwire_media", "eventwire_mentions", "eventwire_merge")
    for name in PIPELINE:
        assert blank.has_factory(name) and "." not in name
        assert blank.get_factory_meta(name).assigns
    assert registry.misc.get("eventwire.lexicon.v1")("en").language == "en"


def test_triggers_alone_on_a_hand_built_doc() -> None:
    """Built on a blank pipeline: lemmas, tags and a parse given by hand, no model."""
    blank = spacy.blank("en")
    doc = Doc(
        blank.vocab,
        words=["Gunmen", "bombed", "the", "market", "in", "a", "video"],
        lemmas=["gunman", "bomb", "the", "market", "in", "a", "video"],
        pos=["NOUN", "VERB", "DET", "NOUN", "ADP", "DET", "NOUN"],
        heads=[1, 1, 3, 1, 1, 6, 4],
        deps=["nsubj", "ROOT", "det", "dobj", "prep", "det", "pobj"],
    )
    doc = blank.create_pipe("eventwire_triggers")(doc)
    events, media = doc._.ew_triggers
    assert [t.head.text for t in events] == ["bombed"]
    assert events[0].definition.kind == "specific"
    assert [(t.head.text, t.definition.kind) for t in media] == [("video", "media")]


def test_media_names_alone() -> None:
    blank = spacy.blank("en")
    doc = blank.create_pipe("eventwire_media")(blank("It was posted on Telegram by the Amaq News Agency."))
    assert ("PLATFORM", "Telegram") in [(label, span.text) for label, span in doc._.ew_media_names]
    assert ("OUTLET", "Amaq News Agency") in [(label, span.text) for label, span in doc._.ew_media_names]


@pytest.mark.slow
def test_mentions_alone(nlp: Language) -> None:
    doc = _parsed(nlp, "Gunmen attacked a police checkpoint in Mosul on Monday, killing three officers.")
    doc._.ew_triggers = nlp.create_pipe("eventwire_triggers").finder(doc)  # its input, given
    doc = nlp.create_pipe("eventwire_mentions")(doc)
    (mention,) = doc._.ew_mentions
    assert mention.token.text == "attacked"
    assert mention.killed.best == 3
    assert mention.date is not None and mention.date.start == date(2024, 10, 14)


@pytest.mark.slow
def test_merge_alone(nlp: Language) -> None:
    doc = _parsed(nlp, TWO_MENTIONS, "eventwire_triggers", "eventwire_mentions")
    mentions = doc._.ew_mentions
    assert len(mentions) > 1 and "blast" in [m.token.text for m in mentions]
    doc = nlp.create_pipe("eventwire_merge")(doc)
    (group,) = doc._.ew_groups
    assert group.mentions == mentions


@pytest.mark.slow
def test_media_off_is_an_ablation_that_says_so(nlp: Language, caplog: pytest.LogCaptureFixture) -> None:
    full = _extractor(nlp, known_actors=True)
    assert full.component_names == list(PIPELINE) and full.disabled == ()
    assert "Propaganda release" in _subs(full, RELEASE)
    with caplog.at_level(logging.WARNING, logger="eventwire.extract.engine"):
        ablated = _extractor(nlp, known_actors=True, disable=["eventwire_media"])
    assert ablated.disabled == ("eventwire_media",)
    assert "eventwire_media switched off (ablation)" in caplog.text
    subs = _subs(ablated, RELEASE)
    assert "Propaganda release" not in subs and "Armed clash" in subs


@pytest.mark.slow
def test_merge_off_gives_one_event_per_mention(nlp: Language) -> None:
    assert len(_subs(_extractor(nlp), TWO_MENTIONS)) == 1
    assert len(_subs(_extractor(nlp, disable=["eventwire_merge"]), TWO_MENTIONS)) > 1
    article = Article(id="a", text=TWO_MENTIONS, published=date(2024, 10, 15))
    doc = nlp(TWO_MENTIONS)
    assert len(_extractor(nlp).events_from_doc(article, doc)) == 1
    unmerged = _extractor(nlp, disable=["eventwire_merge"]).events_from_doc(article, doc)
    assert len(unmerged) > 1  # the same Doc again: nothing of the first run's groups is reused


@pytest.mark.slow
def test_a_component_is_swapped_by_naming_another_factory(nlp: Language) -> None:
    pipeline = ["eventwire_test_no_triggers", *PIPELINE[1:]]
    assert _subs(_extractor(nlp, pipeline=pipeline), RELEASE) == []


@pytest.mark.slow
def test_config_reaches_the_component(nlp: Language) -> None:
    lexicon = {"@misc": "eventwire.lexicon.v1", "language": "xx"}
    with pytest.raises(LexiconError, match="no lexicon folder"):
        _extractor(nlp, config={"eventwire_triggers": {"lexicon": lexicon}})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"disable": ["eventwire_triggers"]}, "eventwire_mentions needs doc._.ew_triggers"),
        ({"disable": ["eventwire_mentions", "eventwire_merge"]}, "records needs doc._.ew_mentions"),
        ({"disable": ["eventwire_nothing"]}, "unknown extractor component"),
        ({"pipeline": PIPELINE[:2], "disable": ["eventwire_merge"]}, "not in the pipeline"),
    ],
)
def test_a_broken_pipeline_is_refused_with_a_clear_error(kwargs: dict, message: str) -> None:
    with pytest.raises(ComponentError, match=message):
        Extractor(nlp=spacy.blank("en"), places=_NoPlaces(), actors=_SurfaceActors(), **kwargs)
