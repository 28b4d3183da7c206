"""The seed articles: what a careful analyst codes from two reports, checked field by field.

A required gold event is found when an extracted event's evidence overlaps the gold evidence (or one of its
"also_reported_as" phrases) and has the gold sub-type. Then its date (accepted values and precision), its
fatalities (exact / min / lower_bound / or_unknown), its actors (each name of the gold "actors" list must be
among the event's actor names exactly: analysts count events by canonical name) and, where the event's place
was resolved, its place are scored. `must_not` statements must not come out as actual events or as casualty
figures, and every event that matches no required or optional gold event counts as an extra.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.errors import DatasetError
from eventwire.models import Article, Count, Event
from eventwire.resolve.gazetteer import haversine_km

__all__ = ["evaluate", "score_article", "find_span"]


def _norm(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').lower()


def find_span(text: str, phrase: str) -> tuple[int, int] | None:
    """Offsets of a gold phrase in the article text (quotes and case normalised; same length mapping)."""
    start = _norm(text).find(_norm(phrase))
    return None if start < 0 else (start, start + len(phrase))


def _overlaps(event: Event, span: tuple[int, int]) -> bool:
    return any(e.start < span[1] and span[0] < e.end for e in event.evidence)


def _gold_spans(text: str, gold: dict[str, Any]) -> list[tuple[int, int]]:
    phrases = [gold.get("evidence", ""), *gold.get("also_reported_as", [])]
    return [s for s in (find_span(text, p) for p in phrases if p) if s is not None]


def _subtype_ok(event: Event, gold: dict[str, Any]) -> bool:
    want = gold.get("sub_event_type")
    if want is None:
        return True
    return event.sub_event_type in (want if isinstance(want, list) else [want])


def date_ok(event: Event, gold: dict[str, Any]) -> bool:
    """Gold date: a list of accepted values ("2020-03-13", "2019-08", "2015-11-02/2015-11-08", "2017") at the
    gold precision; null means the text gives none, so no date may be invented (or, where the gold says
    "after D", a range after D is fine)."""
    d = event.date
    accepted = gold.get("date")
    precision = str(gold.get("date_precision", "unknown"))
    if not accepted:
        if d.start is None:
            return True
        m = re.search(r"after (\d{4}-\d\d-\d\d)", precision)
        return bool(m) and d.start > date.fromisoformat(m.group(1))
    if d.start is None:
        return False
    if d.precision != precision.split()[0]:
        return False
    value = {
        "day": d.start.isoformat(),
        "month": d.start.strftime("%Y-%m"),
        "year": str(d.start.year),
        "week": f"{d.start.isoformat()}/{d.end.isoformat() if d.end else ''}",
    }.get(d.precision)
    return value in accepted


def count_ok(count: Count, gold: dict[str, Any]) -> bool:
    """exact n: low = best = high = n (or all unknown where or_unknown);
    min n: the range's floor is at least n;
    lower_bound n: a floor of at least n is given (a best estimate is not required)."""
    unknown = count.low is None and count.best is None and count.high is None
    if gold.get("or_unknown") and unknown:
        return True
    if "exact" in gold:
        n = gold["exact"]
        if n == 0 and unknown:
            return bool(gold.get("or_unknown"))
        return count.best == n and (count.low in (None, n)) and (count.high in (None, n))
    floor = count.low if count.low is not None else count.best
    if "min" in gold:
        return floor is not None and floor >= gold["min"]
    if "lower_bound" in gold:
        return floor is not None and floor >= gold["lower_bound"]
    return True


def actors_found(event: Event, gold: dict[str, Any]) -> int:
    """How many of the gold event's canonical actor names the event carries (any role, exact name)."""
    names = {a.name for a in event.actors}
    return sum(name in names for name in gold.get("actors", []))


def place_ok(event: Event, gold: dict[str, Any]) -> bool:
    loc = event.location
    if gold.get("country") and loc.country and loc.country != gold["country"]:
        return False
    if "lat" in gold and loc.lat is not None and loc.lon is not None:
        return haversine_km(loc.lat, loc.lon, gold["lat"], gold["lon"]) <= gold.get("within_km", 25)
    if gold.get("name") and loc.name:
        return _norm(loc.name) == _norm(gold["name"]) or bool(
            gold.get("precision") and loc.precision == gold["precision"] and loc.country
        )
    return bool(loc.country) and loc.country == gold.get("country")


def _must_not_phrase(item: str) -> str:
    return item.split(" (", 1)[0].strip()


def _violations(text: str, events: list[Event], item: str, boilerplate: list[str]) -> int:
    """One must_not statement: an actual event built mostly on it, or a casualty figure read from it."""
    phrase = _must_not_phrase(item)
    spans = [s for s in [find_span(text, phrase)] if s]
    if not spans:  # "the boilerplate lines": check every boilerplate line still in the text
        spans = [s for s in (find_span(text, b) for b in boilerplate) if s]
    hits = 0
    for event in events:
        bad = False
        for start, end in spans:
            segment = _norm(text[start:end])
            for count in (event.fatalities.killed, event.fatalities.wounded):
                if count.text and (_norm(count.text) in segment or segment in _norm(count.text)):
                    bad = True
            for ev in event.evidence:
                inside = max(0, min(ev.end, end) - max(ev.start, start))
                if (
                    event.status == "actual"
                    and inside >= 0.5 * (ev.end - ev.start)
                    and all(
                        max(0, min(o.end, end) - max(o.start, start)) >= 0.5 * (o.end - o.start)
                        for o in event.evidence
                    )
                ):
                    bad = True
        hits += bad
    return hits


def score_article(text: str, events: list[Event], gold: dict[str, Any]) -> dict[str, float]:
    """Raw counts for one article (summed over articles, then turned into percentages by `evaluate`)."""
    c = dict.fromkeys(
        (
            "required",
            "found",
            "overlapped",
            "subtype",
            "date",
            "fat_total",
            "fat_ok",
            "loc_total",
            "loc_ok",
            "act_total",
            "act_ok",
            "must_not",
            "extra",
        ),
        0.0,
    )
    matched: set[int] = set()
    for g in gold.get("required", []):
        c["required"] += 1
        c["act_total"] += len(g.get("actors", []))
        spans = _gold_spans(text, g)
        cands = [i for i, e in enumerate(events) if any(_overlaps(e, s) for s in spans)]
        matched.update(cands)
        if not cands:
            if "killed" in g or "wounded" in g:
                c["fat_total"] += 1
            continue
        c["overlapped"] += 1
        typed = [i for i in cands if _subtype_ok(events[i], g)]

        def quality(i: int, g: dict[str, Any] = g) -> tuple[bool, bool]:
            e = events[i]
            fat = all(count_ok(getattr(e.fatalities, k), g[k]) for k in ("killed", "wounded") if k in g)
            return (date_ok(e, g), fat)

        best = max(typed or cands, key=quality)
        event = events[best]
        if typed:
            c["found"] += 1
            c["subtype"] += 1
        c["date"] += date_ok(event, g) and bool(typed)
        if "killed" in g or "wounded" in g:
            c["fat_total"] += 1
            c["fat_ok"] += bool(typed) and all(
                count_ok(getattr(event.fatalities, k), g[k]) for k in ("killed", "wounded") if k in g
            )
        c["act_ok"] += actors_found(event, g) if typed else 0
        if g.get("place") and event.location.precision != "unknown":
            c["loc_total"] += 1
            c["loc_ok"] += place_ok(event, g["place"])
    for g in gold.get("optional", []):
        spans = _gold_spans(text, g)
        matched.update(i for i, e in enumerate(events) if any(_overlaps(e, s) for s in spans))
    c["extra"] = float(len(events) - len(matched))
    boiler = gold.get("boilerplate_lines", [])
    c["must_not"] = float(sum(_violations(text, events, item, boiler) for item in gold.get("must_not", [])))
    return c


def _percent(num: float, den: float) -> float:
    return round(100.0 * num / den, 1) if den else 0.0


def _read_seed(path: Path, meta: dict[str, Any]) -> Article:
    raw = path.read_text(encoding="utf-8")
    title, _, body = raw.partition("\n")
    try:
        from eventwire.clean import clean_text
    except ImportError:  # the cleaner is optional here: the body is scored as it is
        text = body
    else:
        text = clean_text(body, outlet=meta.get("outlet"))
    published = date.fromisoformat(meta["published"]) if meta.get("published") else None
    return Article(
        id=Article.make_id(text),
        title=title.strip() or None,
        text=text,
        outlet=meta.get("outlet"),
        published=published,
        source_path=str(path),
        source_format="txt",
    )


def evaluate(
    data_dir: Path, split: str = "dev", seeds_dir: Path | None = None, extractor: Any = None
) -> dict[str, float]:
    """Score the extractor on the seed articles (the split is ignored: the seeds have one).

    Returns percentages: required_recall, subtype_accuracy, date_accuracy, fatalities_accuracy,
    location_accuracy, actor_accuracy (gold actors found under their canonical name, over all gold actors of
    required events, missed events included); counts: must_not_violations, extra_events, location_resolved,
    required, actors (the number of gold actors).
    """
    seeds = Path(seeds_dir) if seeds_dir is not None else Path(data_dir).parent / "seeds"
    gold_path = seeds / "gold.json"
    if not gold_path.is_file():
        raise DatasetError(f"no seed gold at {gold_path}; pass seeds_dir or put the seeds beside {data_dir}")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    if extractor is None:
        from eventwire.extract import Extractor

        extractor = Extractor()
    total: dict[str, float] = {}
    for name, meta in sorted(gold.get("articles", {}).items()):
        path = seeds / name
        if not path.is_file():
            raise DatasetError(f"seed article {path} is missing")
        article = _read_seed(path, meta)
        counts = score_article(article.text, extractor.extract(article), meta)
        for key, value in counts.items():
            total[key] = total.get(key, 0.0) + value
    return {
        "required_recall": _percent(total["found"], total["required"]),
        "subtype_accuracy": _percent(total["subtype"], total["overlapped"]),
        "date_accuracy": _percent(total["date"], total["required"]),
        "fatalities_accuracy": _percent(total["fat_ok"], total["fat_total"]),
        "location_accuracy": _percent(total["loc_ok"], total["loc_total"]),
        "actor_accuracy": _percent(total["act_ok"], total["act_total"]),
        "location_resolved": total["loc_total"],
        "must_not_violations": total["must_not"],
        "extra_events": total["extra"],
        "required": total["required"],
        "actors": total["act_total"],
    }
