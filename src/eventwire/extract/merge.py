"""One event once: mentions of the same incident within an article are merged.

Two mentions merge when nothing contradicts it (compatible type, date, place and status, no "another") and
something links them: an anaphor ("the attack", "the same base"), a shared target word ("a mortar strike on a
football match" ... "an attack on civilians playing football"), the same weapon, the same day, or — for
battles and protests — the same event told over neighbouring sentences, a headline or standfirst that restates
the lead, and a generic word ("a raid", "an attack") in the sentence of a typed one. Releases merge by medium
and outlet. The merged event keeps the most specific sub-type (Suicide bomb > Remote explosive > Attack).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eventwire.extract.mentions import PLURAL_DEFINITES, Mention
from eventwire.models import SUB_EVENT_PARENT, VIOLENT_EVENT_TYPES, DateInfo, Location

_REAL = frozenset({"actual", "claimed", "suspected", "alleged"})
_PRECISION_RANK = {"day": 4, "week": 3, "month": 2, "year": 1, "unknown": 0}
_PROTEST = frozenset(sub for sub, parent in SUB_EVENT_PARENT.items() if parent == "Protests")
# Sub-types that a more specific one of the same incident refines: "the blast" of a suicide bombing.
_REFINES = {
    "Remote explosive/landmine/IED": frozenset({"Suicide bomb", "Grenade"}),
    "Arrests": _PROTEST,  # demonstrators arrested at a protest: part of the intervention
    "Peaceful protest": frozenset({"Protest with intervention", "Excessive force against protesters"}),
    "Protest with intervention": frozenset({"Excessive force against protesters"}),
}
_END_PUNCT = (".", "!", "?", '"', "”", "’", "'", ":")


_RANK = {
    "Remote explosive/landmine/IED": 1,
    "Arrests": 1,
    "Peaceful protest": 2,
    "Protest with intervention": 3,
    "Excessive force against protesters": 4,
}


def _rank(m: Mention) -> int:
    """How specific a mention's type is: generic words < a sub-type others refine < a fully specific one."""
    return 0 if m.generic else _RANK.get(m.sub, 3)


def headline_like(m: Mention) -> bool:
    """A headline or standfirst: a line without a final full stop (newlines are sentence boundaries)."""
    return not m.token.sent.text.strip().endswith(_END_PUNCT)


@dataclass
class Group:
    """The mentions of one event, in text order, with the place resolved for them."""

    mentions: list[Mention] = field(default_factory=list)
    location: Location = field(default_factory=Location)

    @property
    def lead(self) -> Mention:
        """The mention that types the event: the most specific one, an actual one first, else the first."""
        best = max(_rank(m) for m in self.mentions)
        top = [m for m in self.mentions if _rank(m) == best]
        return next((m for m in top if m.status == "actual"), top[0])

    @property
    def sub(self) -> str:
        """The lead's sub-type, except that a protest with arrests is a protest with intervention."""
        sub = self.lead.sub
        if sub == "Peaceful protest" and any(m.sub == "Arrests" for m in self.mentions):
            return "Protest with intervention"
        return sub

    @property
    def date(self) -> DateInfo | None:
        """The most precise date of its mentions; an anaphor's date only when no telling mention has one."""
        dated = [m.date for m in self.mentions if m.date is not None and m.date.precision != "unknown"]
        told = [
            m.date
            for m in self.mentions
            if not m.anaphor and m.date is not None and m.date.precision != "unknown"
        ]
        dated = told or dated
        if not dated:
            return None
        return max(dated, key=lambda d: _PRECISION_RANK[d.precision])

    @property
    def last_sent(self) -> int:
        return self.mentions[-1].sent_start


def _dates_compatible(a: DateInfo | None, b: DateInfo | None, slack_days: int = 0) -> bool:
    if a is None or b is None or a.start is None or b.start is None or a.end is None or b.end is None:
        return True
    from datetime import timedelta

    return a.start <= b.end + timedelta(days=slack_days) and b.start <= a.end + timedelta(days=slack_days)


def _coarser_reference(m: Mention, group: Group) -> bool:
    """A definite reference dated only to a month or year, in a clause about something else ("died in 1977 of
    injuries suffered during the attack"), against an incident told to the day, or dated later than the
    incident: the date is not the incident's, so it does not keep the reference apart."""
    gd = group.date
    if not (m.anaphor and m.date is not None and gd is not None):
        return False
    if gd.precision == "day" and m.date.precision in {"month", "year"}:
        return True
    # "On Wednesday he pleaded not guilty to helping after the Boston Marathon bombing": a definite reference
    # dated after the incident told is dated by the telling; one dated before it is another incident.
    return bool(m.date.start and gd.end and m.date.start > gd.end)


def _types_compatible(m: Mention, lead: Mention) -> bool:
    if m.sub == lead.sub or lead.sub in _REFINES.get(m.sub, ()) or m.sub in _REFINES.get(lead.sub, ()):
        return True
    fam_m, fam_l = SUB_EVENT_PARENT.get(m.sub), SUB_EVENT_PARENT.get(lead.sub)
    if fam_m == "Battles" and fam_l == "Battles":
        return True
    return (m.generic or lead.generic) and fam_m in VIOLENT_EVENT_TYPES and fam_l in VIOLENT_EVENT_TYPES


def _names_another_target(m: Mention, group: Group) -> bool:
    """A definite noun with its own "of" patient that shares nothing with what the incident hit: "the killing
    of its founder" does not point back to "the beheading of captured Iraqi soldiers", however definite its
    article. (Only the "of" patient counts: other words near a noun, "the attack at the base, which hosts
    foreign troops", are no target of its own.)"""
    if not any(c.dep_ == "prep" and c.lower_ == "of" for c in m.token.children):
        return False
    told = set().union(*(g.lemmas for g in group.mentions))
    return bool(m.lemmas and told and not m.lemmas & told)


def _linked(m: Mention, group: Group, sentence_gap: int) -> bool:
    lead = group.lead
    if m.anaphor:
        return not _names_another_target(m, group)
    # "were kidnapped and held hostage", "attacked and looted": coordinated verbs of one subject tell one act,
    # unless each names what it hit and the two share nothing ("kidnapped a priest and abducted two pupils").
    coordinated = [g for g in group.mentions if m.token in g.token.conjuncts]
    if coordinated and not any(m.lemmas and g.lemmas and not m.lemmas & g.lemmas for g in coordinated):
        return True
    if m.sub == lead.sub == "Disrupted weapons use":
        return True  # one foiled plot per article: its plan, its "prevented a massacre"
    # A headline or standfirst restating the lead, and the lead restated by its headline.
    if sentence_gap <= 2 and (all(headline_like(g) for g in group.mentions) or headline_like(m)):
        return True
    # "Exchange of fire followed a raid": a generic word beside a typed one in one sentence.
    if (m.generic or lead.generic) and any(g.sent_start == m.sent_start for g in group.mentions):
        return True
    if any(m.lemmas & g.lemmas for g in group.mentions):
        return True
    # A bare toll told in the next sentence ("All six of the members killed were American") belongs to the
    # attack just told, unless it names its own perpetrator or weapon (then it may be another incident). A
    # toll further back in the paragraph was given to its event in the mention stage
    # (`mentions._attach_casualties`), so it never reaches the merge as a record of its own.
    if (
        m.kind == "kill"
        and sentence_gap <= 1
        and not m.perpetrators
        and not m.weapons
        and SUB_EVENT_PARENT.get(lead.sub) in VIOLENT_EVENT_TYPES
    ):
        return True
    if _same_dead(m, group):
        return True
    weapons = {w.name for g in group.mentions for w in g.weapons}
    # The same weapon links single incidents only: "air strikes" in the plural are a campaign.
    plural = m.token.tag_ == "NNS" or any(g.token.tag_ == "NNS" for g in group.mentions)
    if m.sub == lead.sub and not plural and weapons & {w.name for w in m.weapons}:
        return True
    # The same day links two mentions unless each names what was hit and the two share nothing: "an attack
    # on a patrol" and "attacked a bus" the same night are two incidents.
    gd = group.date
    same_day = bool(m.date and gd and m.date.precision == "day" == gd.precision and m.date.start == gd.start)
    if same_day and not (m.lemmas and set().union(*(g.lemmas for g in group.mentions))):
        return True
    if m.sub in _PROTEST | {"Arrests"} and lead.sub in _PROTEST and sentence_gap <= 3:
        return True
    # A battle told over neighbouring sentences, unless they date two fights to different days ("last night's
    # attack on a patrol", "ambushed a convoy this morning"); ground taken on a later day is the progress of
    # an offensive ("launched an offensive on Wednesday ... by Thursday had captured three villages").
    other_day = bool(m.date and gd and m.date.precision == "day" == gd.precision and m.date.start != gd.start)
    other_day = other_day and "territory" not in {m.kind, *(g.kind for g in group.mentions)}
    battles = SUB_EVENT_PARENT.get(m.sub) == "Battles" == SUB_EVENT_PARENT.get(lead.sub)
    return battles and sentence_gap <= 3 and not other_day


def _same_dead(m: Mention, group: Group) -> bool:
    """ "The eleven people were killed when rustlers stormed a village" after "rustlers have killed eleven
    people": a definite toll points back to dead already counted, so a toll of the same size told with "the"
    is the same incident, however the new clause types it."""
    count = m.killed
    if not count.text or count.text.split()[0].lower() not in PLURAL_DEFINITES or count.best is None:
        return False
    return any(g.killed.text and g.killed.best == count.best for g in group.mentions)


def _release_compatible(m: Mention, group: Group) -> bool:
    if group.lead.media is None or m.media is None:
        return False
    mediums = {g.media.medium for g in group.mentions if g.media and g.media.medium}
    outlets = {g.media.outlet for g in group.mentions if g.media and g.media.outlet}
    if m.media.medium and mediums and m.media.medium not in mediums:
        return False
    return not (m.media.outlet and outlets and m.media.outlet not in outlets)


def merge_mentions(mentions: list[Mention], sentence_index: dict[int, int]) -> list[Group]:
    """Group mentions (text order) into events; media mentions that never meet an anchor are dropped."""
    groups: list[Group] = []
    for m in mentions:
        chosen: Group | None = None
        if not m.new_event:
            ordered = sorted(groups, key=lambda g: g.last_sent, reverse=True)
            for group in ordered:
                lead = group.lead
                if m.media is not None or lead.media is not None:
                    if m.media is not None and lead.media is not None and _release_compatible(m, group):
                        chosen = group
                        break
                    continue
                if (m.status in _REAL) != (lead.status in _REAL) or not _types_compatible(m, lead):
                    continue
                battles = SUB_EVENT_PARENT.get(m.sub) == "Battles"
                # A definite reference ("the explosion") presupposes the incident already told; a date in its
                # clause a day or two later is usually the reporting's ("on Saturday police removed the
                # cordon around the explosion area"), so it does not keep it apart.
                slack = 2 if battles or m.anaphor else 0
                if not _dates_compatible(m.date, group.date, slack) and not _coarser_reference(m, group):
                    continue
                gap = sentence_index.get(m.sent_start, 0) - sentence_index.get(group.last_sent, 0)
                if _linked(m, group, gap):
                    chosen = group
                    break
                if m.anaphor:
                    break
        if chosen is None and m.anaphor and m.generic and groups and m.date is None and not m.killed.text:
            continue  # "nobody was hurt in the raid": it points back to an event already typed otherwise
        if chosen is not None:
            chosen.mentions.append(m)
        elif m.media is None or m.anchor:
            groups.append(Group([m]))
    # Releases started by a weak mention only (no verb, outlet or "propaganda") are not releases.
    return [g for g in groups if g.lead.media is None or any(x.anchor for x in g.mentions)]
