"""WikiEvents benchmark: argument identification / classification F1 with head-word match.

The reference (BART-Gen's scorer, raspberryice/gen-arg src/genie/scorer.py, `--head-only`) scores the
arguments predicted for each gold event mention: a predicted argument is the tuple (head token, event
type, role); it is *identified* when a gold argument of that event has the same head and event type, and
*classified* when the role matches too. Heads come from a dependency parse of the gold tokens.

eventwire has no gold triggers to start from, so its predictions for a gold event mention are the
arguments of every extracted event whose evidence covers the trigger, with our roles mapped to the KAIROS
roles of the gold event's type (perpetrator → Attacker / Killer / Injurer ..., victim → Victim or Target,
weapons → Instrument or ExplosiveDevice, location → Place). Gold events of types we do not model (Contact,
Movement ...) still count in the recall denominator, as in the reference.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from eventwire.errors import DatasetError
from eventwire.eval.metrics import prf

# KAIROS type prefix → our role → KAIROS role. "weapon" and "place" stand for Event.weapons / .location.
ROLE_MAP: dict[str, dict[str, str]] = {
    "Conflict.Attack.DetonateExplode": {
        "perpetrator": "Attacker",
        "claimant": "Attacker",
        "target": "Target",
        "victim": "Target",
        "weapon": "ExplosiveDevice",
        "place": "Place",
    },
    "Conflict.Attack": {
        "perpetrator": "Attacker",
        "claimant": "Attacker",
        "target": "Target",
        "victim": "Target",
        "weapon": "Instrument",
        "place": "Place",
    },
    "Life.Die": {"perpetrator": "Killer", "victim": "Victim", "weapon": "Instrument", "place": "Place"},
    "Life.Injure": {"perpetrator": "Injurer", "victim": "Victim", "weapon": "Instrument", "place": "Place"},
    "Justice.ArrestJailDetain": {
        "actor": "Jailer",
        "target": "Detainee",
        "victim": "Detainee",
        "place": "Place",
    },
    "Contact.ThreatenCoerce": {
        "perpetrator": "Communicator",
        "source": "Communicator",
        "claimant": "Communicator",
        "target": "Recipient",
        "victim": "Recipient",
    },
    "GenericCrime": {"perpetrator": "Perpetrator", "victim": "Victim", "place": "Place"},
    "ArtifactExistence.DamageDestroyDisableDismantle": {
        "perpetrator": "Damager",
        "target": "Artifact",
        "weapon": "Instrument",
        "place": "Place",
    },
}


def role_map_for(event_type: str) -> dict[str, str]:
    """The most specific ROLE_MAP entry whose key prefixes the KAIROS event type (empty when none)."""
    keys = [k for k in ROLE_MAP if event_type == k or event_type.startswith(k + ".")]
    return ROLE_MAP[max(keys, key=len)] if keys else {}


def iter_docs(path: Path) -> Iterator[dict[str, Any]]:
    if not path.exists():
        raise DatasetError(f"WikiEvents file not found at {path}")
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def layout(doc: dict[str, Any]) -> tuple[str, list[tuple[int, int]]]:
    """Our article text (sentences joined by newlines) and each gold token's character span in it."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for sent in doc["sentences"]:
        sent_tokens, sent_text = sent[0], sent[1]
        base = sent_tokens[0][1] if sent_tokens else 0
        for _, start, end in sent_tokens:
            spans.append((pos + start - base, pos + end - base))
        parts.append(sent_text)
        pos += len(sent_text) + 1
    if len(spans) != len(doc["tokens"]):
        raise DatasetError(f"{doc.get('doc_id')}: sentence tokens do not add up to the document tokens")
    return "\n".join(parts), spans


def _token_span(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """Inclusive token indices covering characters [start, end), or None when no token does."""
    inside = [i for i, (s, e) in enumerate(spans) if s < end and e > start]
    return (inside[0], inside[-1]) if inside else None


def _head(parsed: Any, first: int, last: int) -> int:
    """The token of the span whose syntactic head lies outside it (spaCy's span root)."""
    return parsed[first : last + 1].root.i


def _strip_article(tokens: list[str], first: int, last: int) -> int:
    """The reference drops a leading the/an/a from gold spans before finding the head."""
    return first + 1 if first < last and tokens[first].lower() in {"the", "an", "a"} else first


def _locate(text: str, needle: str, near: int) -> tuple[int, int] | None:
    """The occurrence of `needle` closest to character `near` (case-insensitive)."""
    if not needle or not needle.strip():
        return None
    low, n = text.lower(), needle.lower().strip()
    hits, i = [], low.find(n)
    while i != -1:
        hits.append(i)
        i = low.find(n, i + 1)
    if not hits:
        return None
    best = min(hits, key=lambda h: abs(h - near))
    return best, best + len(n)


def _event_arguments(event: Any) -> Iterable[tuple[str, str]]:
    for actor in event.actors:
        yield actor.role, actor.text or actor.name
    for weapon in event.weapons:
        yield "weapon", weapon.text or weapon.name
    if event.location.text or event.location.name:
        yield "place", event.location.text or event.location.name


def score_doc(doc: dict[str, Any], events: list[Any], parsed: Any) -> list[int]:
    """[predicted, gold, identified, classified] argument counts for one document."""
    text, spans = layout(doc)
    entities = {e["id"]: e for e in doc["entity_mentions"]}
    tokens = doc["tokens"]
    counts = [0, 0, 0, 0]
    for mention in doc["event_mentions"]:
        etype = mention["event_type"]
        gold: set[tuple[int, str]] = set()
        for arg in mention["arguments"]:
            ent = entities.get(arg["entity_id"])
            if ent is None:
                continue
            first, last = ent["start"], ent["end"] - 1
            first = _strip_article(tokens, first, last)
            gold.add((_head(parsed, first, last), arg["role"]))
        trig_start = spans[mention["trigger"]["start"]][0]
        roles = role_map_for(etype)
        pred: set[tuple[int, str]] = set()
        for event in events:
            if not roles or not any(ev.start <= trig_start < ev.end for ev in event.evidence):
                continue
            for our_role, mention_text in _event_arguments(event):
                kairos = roles.get(our_role)
                found = _locate(text, mention_text, trig_start) if kairos else None
                tok = _token_span(spans, *found) if found else None
                if kairos and tok:
                    pred.add((_head(parsed, *tok), kairos))
        gold_heads = {h for h, _ in gold}
        counts[0] += len(pred)
        counts[1] += len(gold)
        counts[2] += sum(1 for h, _ in pred if h in gold_heads)
        counts[3] += len(pred & gold)
    return counts


def evaluate(data_dir: Path, split: str = "dev", **options: Any) -> dict[str, float]:
    """Head-match argument F1s (percent) of the Extractor on `<data_dir>/wikievents/<split>.jsonl`.

    Options: `limit` (first N documents), `extractor` (an object with `.nlp` and `.extract_many`)."""
    from spacy.tokens import Doc

    from eventwire.models import Article

    docs = list(iter_docs(Path(data_dir) / "wikievents" / f"{split}.jsonl"))
    if options.get("limit") is not None:
        docs = docs[: int(options["limit"])]
    extractor = options.get("extractor")
    if extractor is None:
        from eventwire.extract import Extractor

        extractor = Extractor()
    nlp = extractor.nlp
    articles = [Article(id=d["doc_id"], text=layout(d)[0]) for d in docs]
    total = [0, 0, 0, 0]
    for doc, (_, events) in zip(docs, extractor.extract_many(articles), strict=True):
        parsed = nlp(Doc(nlp.vocab, words=doc["tokens"]))
        total = [a + b for a, b in zip(total, score_doc(doc, events, parsed), strict=True)]
    pred, gold, idn, cls = total
    ip, ir, i_f = prf(idn, pred, idn, gold)
    cp, cr, c_f = prf(cls, pred, cls, gold)
    return {
        "arg_identification_precision": 100 * ip,
        "arg_identification_recall": 100 * ir,
        "arg_identification_f1": 100 * i_f,
        "arg_classification_precision": 100 * cp,
        "arg_classification_recall": 100 * cr,
        "arg_classification_f1": 100 * c_f,
        "predicted_arguments": float(pred),
        "gold_arguments": float(gold),
        "documents": float(len(docs)),
    }
