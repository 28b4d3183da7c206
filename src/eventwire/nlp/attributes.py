"""spaCy's attribute ruler with its one-token rules looked up once per kind of token, not matched per token.

Why: the English model's attribute ruler maps each fine-grained tag to its part of speech and morphology
(and fixes a few words) with 179 Matcher patterns, and spaCy's Matcher tries every pattern at every token,
then sets each match's attributes through a Span, in Python: about 7 % of an ingest's CPU. All but a handful
of those patterns test one token's tag, lower-case form, dependency label or spaciness, so what they do to a
token is a function of those four values: `CachedAttributeRuler` works that out once per distinct
combination, keeps it, and writes the parts of speech, morphologies and lemmas of a whole Doc at once
(`Doc.from_array`). The other patterns (several tokens, a regular expression) still run through a Matcher
of their own. Every match is applied in the ruler's own order (a later pattern overrides an earlier one,
`AttributeRuler.match`), so the result is the same as the ruler's.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

_KEY = (TAG, LOWER, DEP, IS_SPACE)  # what a one-token pattern may test, in the order of a token's key
_BY_NAME = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_SELECTIVE = (1, 2, 0, 3)  # the places of the key, the one that tells tokens apart best first
_BULK = (POS, MORPH, LEMMA)  # written for the whole Doc at once; any other attribute token by token
TABLE_SIZE = 200_000  # kinds of token whose outcome is kept


class Outcome(NamedTuple):
    """What a set of patterns leaves on a token."""

    ids: tuple[int, ...]  # the patterns, ascending (later ones override)
    values: tuple[int, ...]  # the value of each of _BULK (0 where not set)
    sets: tuple[bool, ...]  # whether each of _BULK is set
    others: tuple[tuple[int, int], ...]  # any other attribute set, with its value


class CachedAttributeRuler(AttributeRuler):
    """An AttributeRuler that applies its one-token patterns from a table keyed by (tag, lower, dep, space).

    Used as a mixin in front of the loaded ruler's class (see `cache_attributes`); its patterns, attributes
    and indices are the loaded ones, compiled on first use."""

    def __call__(self, doc: Doc) -> Doc:
        if not (len(doc) and doc.has_annotation("TAG") and doc.has_annotation("DEP")):
            return super().__call__(doc)  # what the one-token table assumes is not there: the ruler's way
        rules, rest, table = self.__dict__.get("_compiled") or self._compile()
        if len(table) > TABLE_SIZE:
            table.clear()  # a stream of millions of articles meets ever more rare words
        keys = doc.to_array(list(_KEY))
        kinds, token_kind = numpy.unique(keys, axis=0, return_inverse=True)
        token_kind = token_kind.reshape(-1)
        per_kind = []
        for key in map(tuple, kinds.tolist()):
            if key not in table:
                table[key] = self._outcome(rules.matching(key))
            per_kind.append(table[key])
        special: dict[int, Outcome] = {}  # tokens that the other patterns set attributes of
        if len(rest):
            for match_id, start, end in rest(doc, allow_missing=True, as_spans=False):
                attr_id = int(self.vocab.strings[match_id])
                at = (start if self.indices[attr_id] >= 0 else end) + self.indices[attr_id]
                if not start <= at < end:
                    return super().__call__(doc)  # the ruler raises its own error for this
                done = special.get(at, per_kind[token_kind[at]])
                special[at] = self._outcome(sorted({*done.ids, attr_id}))
        values = numpy.array([o.values for o in per_kind], dtype=numpy.uint64)[token_kind]
        sets = numpy.array([o.sets for o in per_kind], dtype=bool)[token_kind]
        for i, outcome in special.items():
            values[i], sets[i] = outcome.values, outcome.sets
        doc.from_array(list(_BULK), numpy.where(sets, values, doc.to_array(list(_BULK))))
        with_others = [k for k, outcome in enumerate(per_kind) if outcome.others]
        for i in numpy.flatnonzero(numpy.isin(token_kind, with_others)).tolist() if with_others else ():
            if i not in special:
                set_token_attrs(doc[i], dict(per_kind[token_kind[i]].others))
        for i, outcome in special.items():
            if outcome.others:
                set_token_attrs(doc[i], dict(outcome.others))
        return doc

    def add(self, *args: Any, **kwargs: Any) -> None:
        self.__dict__.pop("_compiled", None)  # compiled again, with the new pattern, on the next Doc
        super().add(*args, **kwargs)

    def clear(self) -> None:
        self.__dict__.pop("_compiled", None)
        super().clear()

    def _outcome(self, attr_ids: list[int]) -> Outcome:
        """What the patterns `attr_ids` (ascending) leave on a token: each attribute's last value."""
        final: dict[int, int] = {}
        for attr_id in attr_ids:
            final.update(self.attrs[attr_id])
        return Outcome(
            ids=tuple(attr_ids),
            values=tuple(final.get(attr, 0) for attr in _BULK),
            sets=tuple(attr in final for attr in _BULK),
            others=tuple((attr, value) for attr, value in final.items() if attr not in _BULK),
        )

    def _compile(self) -> tuple[OneTokenRules, Matcher, dict[tuple[int, ...], Outcome]]:
        """The one-token patterns indexed, a Matcher of the others, an empty table."""
        rules = OneTokenRules()
        rest = Matcher(self.vocab, validate=False)
        for attr_id in range(len(self.attrs)):
            key = str(attr_id)
            alternatives = self.matcher.get(key)[1]
            checks = [_checks(pattern, self.vocab.strings) for pattern in alternatives]
            if self.indices[attr_id] in (0, -1) and all(c is not None for c in checks):
                for one in checks:
                    rules.add(attr_id, one)  # type: ignore[arg-type]
            else:
                rest.add(key, alternatives)
        self.__dict__["_compiled"] = (rules, rest, {})
        return self.__dict__["_compiled"]


Check = tuple[int, bool, frozenset[int]]  # (place in a token's key, whether the value must be in, values)


class OneTokenRules:
    """One-token patterns indexed by a value each requires, so a token is tested only against the few
    patterns that can match it (its word's, its tag's), not all of them."""

    def __init__(self) -> None:
        self._by_value: dict[tuple[int, int], list[tuple[int, list[Check]]]] = {}
        self._always: list[tuple[int, list[Check]]] = []  # no value required (only NOT_IN tests)

    def add(self, attr_id: int, checks: list[Check]) -> None:
        required = [c for c in checks if c[1]]
        if not required:
            self._always.append((attr_id, checks))
            return
        place, _, values = min(required, key=lambda c: _SELECTIVE.index(c[0]))
        for value in values:
            self._by_value.setdefault((place, value), []).append((attr_id, checks))

    def matching(self, key: tuple[int, ...]) -> list[int]:
        """The ids of the patterns that match a token with this key, ascending."""
        found = {
            attr_id
            for place, value in enumerate(key)
            for attr_id, checks in self._by_value.get((place, value), ())
            if all((key[at] in values) == inside for at, inside, values in checks)
        }
        found.update(
            attr_id
            for attr_id, checks in self._always
            if all((key[at] in values) == inside for at, inside, values in checks)
        )
        return sorted(found)


def _checks(pattern: list[dict[str, Any]], strings: Any) -> list[Check] | None:
    """The checks on a token's key equivalent to a one-token Matcher pattern; None if it is not one."""
    if len(pattern) != 1:
        return None
    checks: list[Check] = []
    for name, value in pattern[0].items():
        if name not in _BY_NAME:
            return None
        if name == "IS_SPACE":
            if not isinstance(value, bool):
                return None
            checks.append((_BY_NAME[name], True, frozenset({int(value)})))
        elif isinstance(value, str):
            checks.append((_BY_NAME[name], True, frozenset({strings.add(value)})))
        elif isinstance(value, dict) and len(value) == 1 and set(value) <= {"IN", "NOT_IN"}:
            op, values = next(iter(value.items()))
            checks.append((_BY_NAME[name], op == "IN", frozenset(map(strings.add, values))))
        else:
            return None  # a regular expression, a comparison: left to the Matcher
    return checks


@cache
def _cached_class(cls: type[AttributeRuler]) -> type[AttributeRuler]:
    return type(f"Cached{cls.__name__}", (CachedAttributeRuler, cls), {})


def cache_attributes(nlp: Language) -> Language:
    """Put CachedAttributeRuler in front of the class of `nlp`'s attribute rulers (in place); `nlp`."""
    for _, component in nlp.components:
        if isinstance(component, AttributeRuler) and not isinstance(component, CachedAttributeRuler):
            component.__class__ = _cached_class(type(component))
    return nlp
