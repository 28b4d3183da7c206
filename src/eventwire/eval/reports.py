"""Analyst-coded reports: a folder of NAME.txt files and a gold.json, scored the way an analyst reads the
output.

The format is that of ../shared/data/reports/README.md (the seeds are one such folder). Each extracted event
is
matched to the gold incident whose evidence (or an `also_reported_as` phrase) its own evidence overlaps, one
event per incident: a second event on the same incident is a duplicate, an event that matches no required or
optional incident is an extra. Optional incidents may be found without penalty.

For each required incident found, the fields an analyst checks are scored: type (ACLED sub-type), status
(whether it happened), date, place, perpetrators (the names the text attributes, with the doubt on the actor)
and fatalities. An incident is `complete` when it is found with every one of them right. `must_not` statements
must not come out as actual events nor lend a casualty figure.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.errors import DatasetError
from eventwire.models import Actor, Article, Count, Event
from eventwire.resolve.gazetteer import haversine_km

__all__ = ["evaluate", "score_folder", "score_article", "find_span", "date_ok", "count_ok", "place_ok"]

# The fields of a found incident that `complete` requires, in the order the metrics print them.
FIELDS = ("type", "status", "date", "place", "perpetrators", "fatalities")


def _norm(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').lower()


def find_span(text: str, phrase: str) -> tuple[int, int] | None:
    """Offsets of a gold phrase in the article text (quotes and case normalised; same length mapping)."""
    start = _norm(text).find(_norm(phrase))
    return None if start < 0 else (start, start + len(phrase))


def _gold_spans(text: str, gold: dict[str, Any]) -> list[tuple[int, int]]:
    phrases = [gold.get("evidence", ""), *gold.get("also_reported_as", [])]
    return [s for s in (find_span(text, p) for p in phrases if p) if s is not None]


def _overlap(event: Event, spans: list[tuple[int, int]]) -> int:
    """Characters of the event's evidence inside the gold spans (0: the event does not tell this incident)."""
    return sum(max(0, min(e.end, b) - max(e.start, a)) for e in event.evidence for a, b in spans)


# --- the fields ---------------------------------------------------------------------------------------------


def type_ok(event: Event, gold: dict[str, Any]) -> bool:
    want = gold.get("sub_event_type")
    if want is None:
        return True
    return event.sub_event_type in (want if isinstance(want, list) else [want])


def status_ok(event: Event, gold: dict[str, Any]) -> bool:
    want = gold.get("status") or ["actual"]
    return event.status in (want if isinstance(want, list) else [want])


def _in_range(value: str, day: date) -> bool:
    first, _, last = value.partition("/")
    try:
        return date.fromisoformat(first) <= day <= date.fromisoformat(last)
    except ValueError:
        return False


def date_ok(event: Event, gold: dict[str, Any]) -> bool:
    """Gold date: a list of accepted values ("2020-03-13", "2019-08", "2017", or a range
    "2015-11-02/2015-11-08"
    within which a day or week reading is right) at the gold precision; null means the text gives none, so no
    date may be invented (or, where the gold precision says "after D", only a date after D)."""
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
    ranges = [v for v in accepted if "/" in v]
    if d.precision in {"day", "week"} and any(
        _in_range(v, d.start) and _in_range(v, d.end or d.start) for v in ranges
    ):
        return True
    if d.precision != precision.split()[0]:
        return False
    value = {
        "day": d.start.isoformat(),
        "month": d.start.strftime("%Y-%m"),
        "year": str(d.start.year),
        "week": f"{d.start.isoformat()}/{d.end.isoformat() if d.end else ''}",
    }.get(d.precision)
    return value in accepted


def count_ok(count: Count, gold: dict[str, Any] | None) -> bool:
    """exact n: low = best = high = n (or all unknown where or_unknown); min n: the range's floor is at
    least n;
    lower_bound n: a floor of at least n is given (a best estimate is not required); no gold figure: the text
    gives none, so none may be read."""
    unknown = count.low is None and count.best is None and count.high is None
    if gold is None:
        return unknown
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


def fatalities_ok(event: Event, gold: dict[str, Any]) -> bool:
    return all(count_ok(getattr(event.fatalities, k), gold.get(k)) for k in ("killed", "wounded"))


def place_ok(event: Event, gold: dict[str, Any] | None) -> bool:
    """Within the gold radius of the gold point; the right country where the gold gives only a country; no
    place at all where the text gives none (an invented place is wrong)."""
    loc = event.location
    located = loc.precision != "unknown" or loc.country is not None
    if not gold:
        return not located
    if gold.get("country") and loc.country and loc.country != gold["country"]:
        return False
    if "lat" in gold:
        if loc.lat is None or loc.lon is None:
            return False
        return haversine_km(loc.lat, loc.lon, gold["lat"], gold["lon"]) <= gold.get("within_km", 25)
    return bool(loc.country) and loc.country == gold.get("country")


_DOUBT = re.compile(r"\s*\((suspected|alleged|claimed)\)\s*$", re.I)
_STOP = {"the", "a", "an", "of", "and", "group", "forces", "force"}


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"[\w']+", _norm(name)) if w not in _STOP}  # "Shia-dominated": two words


def _same_actor(actor: Actor, alternatives: list[str]) -> bool:
    """The actor is the gold name when its canonical name or its text equals one spelling, or one's words hold
    all the other's ("Tsarnaev" for "Dzhokhar Tsarnaev", "Islamic State" for "the Islamic State group")."""
    for surface in filter(None, (actor.name, actor.text)):
        mine = _words(surface)
        for alt in alternatives:
            theirs = _words(alt)
            if mine and theirs and (mine <= theirs or theirs <= mine):
                return True
    return False


def perpetrators_ok(event: Event, gold: dict[str, Any]) -> bool:
    """Every perpetrator the gold names is among the event's, with doubt where the text only blames or
    suspects, and the event names no perpetrator the gold does not. A gold event without the key is not
    scored on it."""
    if "perpetrators" not in gold:
        return True
    mine = [a for a in event.actors if a.role == "perpetrator"]
    used: set[int] = set()
    for entry in gold["perpetrators"]:
        doubt = _DOUBT.search(entry)
        alternatives = [a.strip() for a in _DOUBT.sub("", entry).split("|") if a.strip()]
        hit = next(
            (i for i, a in enumerate(mine) if i not in used and _same_actor(a, alternatives)),
            None,
        )
        if hit is None:
            return False
        certainty = getattr(mine[hit], "certainty", None)
        if doubt and doubt.group(1).lower() in {"suspected", "alleged"}:
            if certainty not in {"suspected", "alleged"}:
                return False
        elif certainty in {"suspected", "alleged"}:
            return False
        used.add(hit)
    return len(used) == len(mine)


CHECKS = {
    "type": type_ok,
    "status": status_ok,
    "date": date_ok,
    "place": lambda e, g: place_ok(e, g.get("place")),
    "perpetrators": perpetrators_ok,
    "fatalities": fatalities_ok,
}


# --- must_not -----------------------------------------------------------------------------------------------


def _must_not_phrase(item: str | dict[str, Any]) -> str:
    if isinstance(item, dict):
        return str(item.get("evidence", ""))
    return item.split(" (", 1)[0].strip()


def _violations(text: str, events: list[Event], item: str | dict[str, Any], boilerplate: list[str]) -> int:
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
            inside = [max(0, min(o.end, end) - max(o.start, start)) for o in event.evidence]
            if (
                event.status == "actual"
                and event.evidence
                and all(n >= 0.5 * (o.end - o.start) for n, o in zip(inside, event.evidence, strict=True))
            ):
                bad = True
        hits += bad
    return hits


# --- one article --------------------------------------------------------------------------------------------


@dataclass
class Counts:
    """Raw counts, summed over articles, then turned into percentages by `metrics`."""

    required: int = 0
    found: int = 0
    events: int = 0
    true_events: int = 0
    optional_events: int = 0
    duplicates: int = 0
    extras: int = 0
    must_not: int = 0
    complete: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))

    def add(self, other: Counts) -> None:
        for f in fields(self):
            if f.name == "right":
                for k, v in other.right.items():
                    self.right[k] += v
            else:
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass
class Match:
    """One required incident and the event that stands for it (None: missed), with its field checks."""

    key: str
    event: int | None
    checks: dict[str, bool]


def score_article(
    text: str, events: list[Event], gold: dict[str, Any]
) -> tuple[Counts, list[Match], dict[str, list[int]]]:
    """Counts for one article, the match of each required incident, and which events were
    extras/duplicates."""
    c = Counts(required=len(gold.get("required", [])), events=len(events))
    required = [(g, _gold_spans(text, g)) for g in gold.get("required", [])]
    optional = [(g, _gold_spans(text, g)) for g in gold.get("optional", [])]
    # Each event's best required incident: the most overlapping one, and among events for one incident the one
    # with the most fields right (ties: the most overlap) stands for it.
    taken: dict[int, int] = {}  # required index -> event index
    claims: dict[int, list[int]] = {}
    for i, event in enumerate(events):
        overlaps = [_overlap(event, spans) for _, spans in required]
        if overlaps and max(overlaps) > 0:
            claims.setdefault(overlaps.index(max(overlaps)), []).append(i)

    def quality(i: int, g: dict[str, Any], spans: list[tuple[int, int]]) -> tuple[int, int]:
        return (sum(check(events[i], g) for check in CHECKS.values()), _overlap(events[i], spans))

    for r, candidates in claims.items():
        g, spans = required[r]
        taken[r] = max(candidates, key=lambda i: quality(i, g, spans))
    # An incident no event claimed first may still be told by an event that also tells another incident.
    used = set(taken.values())
    for r, (g, spans) in enumerate(required):
        if r in taken:
            continue
        spare = [i for i, e in enumerate(events) if i not in used and _overlap(e, spans) > 0]
        if spare:
            taken[r] = max(spare, key=lambda i: quality(i, g, spans))
            used.add(taken[r])
    matches = []
    for r, (g, _) in enumerate(required):
        i = taken.get(r)
        checks = {name: bool(check(events[i], g)) for name, check in CHECKS.items()} if i is not None else {}
        matches.append(Match(str(g.get("key", r)), i, checks))
        if i is None:
            continue
        c.found += 1
        for name, ok in checks.items():
            c.right[name] += ok
        c.complete += all(checks.values())
    c.true_events = len(used)
    kinds: dict[str, list[int]] = {"duplicates": [], "extras": [], "optional": []}
    optional_taken: set[int] = set()
    for i, event in enumerate(events):
        if i in used:
            continue
        if any(_overlap(event, spans) > 0 for _, spans in required):
            kinds["duplicates"].append(i)
            continue
        opt = [o for o, (_, spans) in enumerate(optional) if _overlap(event, spans) > 0]
        if opt and not set(opt) <= optional_taken:
            optional_taken.update(opt)
            kinds["optional"].append(i)
        elif opt:
            kinds["duplicates"].append(i)
        else:
            kinds["extras"].append(i)
    c.duplicates = len(kinds["duplicates"])
    c.extras = len(kinds["extras"])
    c.optional_events = len(kinds["optional"])
    boiler = gold.get("boilerplate_lines", [])
    c.must_not = sum(_violations(text, events, item, boiler) for item in gold.get("must_not", []))
    return c, matches, kinds


def _percent(num: float, den: float) -> float:
    return round(100.0 * num / den, 1) if den else 0.0


def metrics(c: Counts) -> dict[str, float]:
    """Percentages of the counts. Precision leaves out events on optional incidents (found without
    penalty)."""
    scored = c.events - c.optional_events
    recall = _percent(c.found, c.required)
    precision = _percent(c.true_events, scored)
    f1 = round(2 * recall * precision / (recall + precision), 1) if recall + precision else 0.0
    out = {
        "incident_recall": recall,
        "incident_precision": precision,
        "incident_f1": f1,
        "complete": _percent(c.complete, c.required),
    }
    for name in FIELDS:
        out[f"{name}_accuracy"] = _percent(c.right[name], c.found)
    out.update(
        {
            "required": float(c.required),
            "found": float(c.found),
            "complete_count": float(c.complete),
            "events": float(c.events),
            "extras": float(c.extras),
            "duplicates": float(c.duplicates),
            "must_not_violations": float(c.must_not),
        }
    )
    return out


# --- a folder -----------------------------------------------------------------------------------------------


def read_report(path: Path, meta: dict[str, Any]) -> Article:
    """A report file as an Article: the first line is the headline, the body is cleaned as ingest cleans
    it."""
    from eventwire.clean import clean_text

    raw = path.read_text(encoding="utf-8")
    title, _, body = raw.partition("\n")
    outlet = meta.get("outlet") if meta.get("outlet") not in (None, "unknown") else None
    text = clean_text(body, outlet=outlet)
    published = date.fromisoformat(meta["published"]) if meta.get("published") else None
    return Article(
        id=Article.make_id(text),
        title=title.strip() or None,
        text=text,
        outlet=outlet,
        published=published,
        source_path=str(path),
        source_format="txt",
    )


def load_gold(folder: Path) -> dict[str, Any]:
    gold_path = Path(folder) / "gold.json"
    if not gold_path.is_file():
        raise DatasetError(f"no gold.json in {folder}: a reports folder holds NAME.txt files and a gold.json")
    try:
        return json.loads(gold_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{gold_path} is not valid JSON: {exc}") from exc


def score_folder(folder: Path, extractor: Any = None, details: bool = False) -> dict[str, Any]:
    """Score the extractor over one reports folder; with `details`, also each incident's match and checks."""
    gold = load_gold(folder)
    if extractor is None:
        from eventwire.extract import Extractor

        extractor = Extractor()
    total = Counts()
    per_article: dict[str, Any] = {}
    for name, meta in sorted(gold.get("articles", {}).items()):
        path = Path(folder) / name
        if not path.is_file():
            raise DatasetError(f"report {path} is listed in gold.json but missing")
        article = read_report(path, meta)
        events = extractor.extract(article)
        counts, matches, kinds = score_article(article.text, events, meta)
        total.add(counts)
        if details:
            per_article[name] = {
                "matches": [
                    {"key": m.key, "event": m.event, "wrong": [k for k, ok in m.checks.items() if not ok]}
                    for m in matches
                ],
                **{k: [events[i].summary for i in v] for k, v in kinds.items()},
                "events": [e.model_dump(mode="json") for e in events],
            }
    result: dict[str, Any] = metrics(total)
    if details:
        result = {"metrics": result, "articles": per_article}
    return result


def reports_folder(data_dir: Path, name: str = "reports") -> Path:
    """The folder `eval reports` reads: `data_dir` itself when it holds a gold.json, else data_dir/reports
    (the seeds: data_dir/../seeds, beside ../shared/data)."""
    data_dir = Path(data_dir)
    if (data_dir / "gold.json").is_file():
        return data_dir
    return data_dir.parent / "seeds" if name == "seeds" else data_dir / name


def evaluate(data_dir: Path, split: str = "dev", extractor: Any = None, **_: Any) -> dict[str, float]:
    """`eventwire eval reports`: the folder's metrics (the split is the folder's own; it has one)."""
    return score_folder(reports_folder(data_dir), extractor)
