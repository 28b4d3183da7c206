"""Toponym resolution benchmarks: LGL, TR-News, GeoVirus and GeoWebNews, scored as the literature does.

Metrics (all in percent):
- within_161km_gold_spans: share of gold toponyms whose resolved point lies within 161 km (100 miles) of the
  gold coordinates, given the gold spans (unresolvable ones count as misses).
- exact_id_gold_spans: share of gold toponyms with a GeoNames id that get exactly that id (NaN for GeoVirus,
  whose gold has Wikipedia pages, not ids).
- toponym_precision / recall / f1: recognition from raw text; a predicted span matches a gold span
  it overlaps.
- within_161km_end_to_end: share of gold toponyms that are recognised (overlapping span) and resolved within
  161 km; so it is bounded by recall.
LGL and TR-News are the dev sets weights were tuned on; GeoVirus and GWN (dev half) are reported only.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import DatasetError
from eventwire.resolve.gazetteer import Gazetteer, haversine_km

FILES = {"lgl": "lgl.xml", "trnews": "TR-News.xml", "geovirus": "GeoVirus.xml", "gwn": "GWN.xml"}
KM = 161.0


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    lat: float
    lon: float
    geonames_id: int | None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    text: str
    toponyms: tuple[GoldToponym, ...]


def _f(node: ET.Element | None, tag: str) -> str | None:
    if node is None:
        return None
    child = node.find(tag)
    return child.text.strip() if child is not None and child.text and child.text.strip() else None


def _num(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def read_dataset(path: Path, dataset: str) -> list[GoldArticle]:
    """Articles and gold toponyms of one benchmark file (the formats differ per corpus)."""
    if not path.exists():
        raise DatasetError(f"{path} not found: the geo data sets live in ../shared/data/geo/")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise DatasetError(f"{path}: not readable XML ({exc})") from exc
    articles = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        tops = []
        if dataset == "geovirus":
            for loc in art.iter("location"):
                lat, lon = _num(_f(loc, "lat")), _num(_f(loc, "lon"))
                start, end = _num(_f(loc, "start")), _num(_f(loc, "end"))
                if None not in (lat, lon, start, end):
                    tops.append(GoldToponym(int(start), int(end), _f(loc, "name") or "", lat, lon, None))
        elif dataset == "gwn":
            for top in art.iter("toponym"):
                lat, lon = _num(_f(top, "latitude")), _num(_f(top, "longitude"))
                start, end = _num(_f(top, "start")), _num(_f(top, "end"))
                if None in (lat, lon, start, end):
                    continue  # expressions, demonyms, non-toponyms carry no coordinates
                gid = _f(top, "geonamesID")
                tops.append(
                    GoldToponym(
                        int(start),
                        int(end),
                        _f(top, "extractedName") or "",
                        lat,
                        lon,
                        int(gid) if gid and gid.isdigit() else None,
                    )
                )
        else:
            for top in art.iter("toponym"):
                tag = top.find("gaztag")
                lat, lon = _num(_f(tag, "lat")), _num(_f(tag, "lon"))
                start, end = _num(_f(top, "start")), _num(_f(top, "end"))
                if tag is None or None in (lat, lon, start, end):
                    continue
                gid = tag.get("geonameid")
                tops.append(
                    GoldToponym(
                        int(start),
                        int(end),
                        _f(top, "phrase") or "",
                        lat,
                        lon,
                        int(gid) if gid and gid.isdigit() else None,
                    )
                )
        articles.append(GoldArticle(text, tuple(_realign_all(text, sorted(tops, key=lambda t: t.start)))))
    return articles


def _realign_all(text: str, tops: list[GoldToponym], slack: int = 12) -> list[GoldToponym]:
    """Fix offsets that do not point at their phrase: GeoVirus counts from 1, and in some TR-News articles the
    offsets drift further and further behind the text (by up to a few hundred characters: the annotation tool
    counted some characters differently). So the drift seen at one toponym is carried to the next, and each
    phrase is looked up nearest to its drift-corrected offset; a phrase not found nearby keeps its offsets."""
    out, drift = [], 0
    for t in tops:
        if not t.phrase or text[t.start : t.end] == t.phrase:
            out.append(t)
            drift = 0
            continue
        at = _nearest(text, t.phrase, t.start + drift, slack)
        if at is None and drift:
            at = _nearest(text, t.phrase, t.start, slack)
        if at is None:
            out.append(t)
            continue
        drift = at - t.start
        out.append(GoldToponym(at, at + len(t.phrase), t.phrase, t.lat, t.lon, t.geonames_id))
    return out


def _nearest(text: str, phrase: str, pos: int, slack: int) -> int | None:
    """Start of the occurrence of `phrase` closest to `pos`, within `slack` characters."""
    lo = max(0, pos - slack)
    best = None
    at = text.find(phrase, lo, pos + slack + len(phrase))
    while at >= 0:
        if best is None or abs(at - pos) < abs(best - pos):
            best = at
        at = text.find(phrase, at + 1, pos + slack + len(phrase))
    return best


def evaluate(data_dir: Path, split: str, dataset: str = "lgl", limit: int | None = None) -> dict[str, float]:
    """Score the place resolver on one geo benchmark. `split` is accepted for CLI symmetry: these sets have
    no split here (GWN.xml is already the dev half)."""
    from eventwire.nlp.pipeline import load_nlp
    from eventwire.resolve.places import PlaceResolver
    from eventwire.resolve.toponyms import Toponym, demonym_countries, text_hint

    if dataset not in FILES:
        raise DatasetError(f"unknown geo dataset {dataset!r}; choose one of {', '.join(FILES)}")
    base = Path(data_dir)
    path = base / "geo" / FILES[dataset] if (base / "geo").is_dir() else base / FILES[dataset]
    articles = read_dataset(path, dataset)[: limit if limit else None]
    gaz = Gazetteer.load()
    resolver = PlaceResolver(gaz)
    nlp = load_nlp()

    n_gold = n_ok = n_id_gold = n_id_ok = n_resolved = 0
    n_pred = n_pred_ok = n_gold_found = n_e2e_ok = 0
    docs = nlp.pipe((a.text for a in articles), batch_size=16)
    for art, doc in zip(articles, docs, strict=True):
        gold_tops = [
            Toponym(g.start, g.end, art.text[g.start : g.end], "gold", text_hint(art.text, g.start, g.end))
            for g in art.toponyms
        ]
        demonyms = demonym_countries(art.text, gaz)
        resolved = resolver.resolve_text(art.text, gold_tops, demonyms)
        for g, r in zip(art.toponyms, resolved, strict=True):
            n_gold += 1
            if g.geonames_id is not None:
                n_id_gold += 1
            if r.place is None:
                continue
            n_resolved += 1
            if haversine_km(g.lat, g.lon, r.place.lat, r.place.lon) <= KM:
                n_ok += 1
            if g.geonames_id is not None and r.place.geonames_id == g.geonames_id:
                n_id_ok += 1
        # End to end: recognise from the parse, resolve, match to gold by overlap.
        pred = resolver.resolve(doc, resolver.recognise(doc))
        n_pred += len(pred)
        n_pred_ok += sum(1 for r in pred if any(_overlap(r.toponym, g) for g in art.toponyms))
        for g in art.toponyms:
            hits = [r for r in pred if _overlap(r.toponym, g)]
            if hits:
                n_gold_found += 1
                p = hits[0].place
                if p is not None and haversine_km(g.lat, g.lon, p.lat, p.lon) <= KM:
                    n_e2e_ok += 1

    def pct(a: int, b: int) -> float:
        return round(100.0 * a / b, 2) if b else math.nan

    prec, rec = pct(n_pred_ok, n_pred), pct(n_gold_found, n_gold)
    f1 = round(2 * prec * rec / (prec + rec), 2) if prec + rec > 0 else 0.0
    return {
        "within_161km_gold_spans": pct(n_ok, n_gold),
        "exact_id_gold_spans": pct(n_id_ok, n_id_gold),
        "within_161km_end_to_end": pct(n_e2e_ok, n_gold),
        "toponym_precision": prec,
        "toponym_recall": rec,
        "toponym_f1": f1,
        "resolved": float(n_resolved),
        "gold_toponyms": float(n_gold),
        "articles": float(len(articles)),
    }


def _overlap(t: object, g: GoldToponym) -> bool:
    return t.start < g.end and g.start < t.end  # type: ignore[attr-defined]
