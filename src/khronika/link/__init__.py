"""Link event mentions into incidents: first within a report, then against the store.

Within a report, mentions that are compatible (type family, date, place) form one local
incident; an anaphoric mention ("the attack") joins the best earlier compatible one.
Each local incident is then scored against stored incidents found by blocking on date
(so the cost does not grow with the whole store), and joins the best one above the
threshold or becomes a new incident. Every decision keeps its evidence.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..domain.gazetteer import Gazetteer
from ..domain.lexicon import SPECIFICITY, TYPE_GROUPS
from ..model import EventMention, Incident, Place, TimeValue
from ..store import Blocked, Store
from .candidates import LOCAL_COMPARISONS, shortlist
from .text import cosine, terms

ATTACK_FAMILY = {"attack_on_premises", "assault", "arson", "other"}
LINK_THRESHOLD = 2.0
TEXT_WEIGHT = 1.0  # added for a TF-IDF cosine of 1.0 between the reports' sentences


def family_of(event_type: str) -> set[str]:
    """The type and every type one incident can hold with it."""
    found = {event_type}
    for group in TYPE_GROUPS:
        if event_type in group:
            found |= group
    return found


def same_family(a: str, b: str) -> bool:
    return a == b or any(a in g and b in g for g in TYPE_GROUPS)


@dataclass
class LocalIncident:
    """The mentions of one incident inside one report."""

    mentions: list[EventMention] = field(default_factory=list)

    @property
    def event_type(self) -> str:
        return main_type([m for m in self.mentions])

    @property
    def time(self) -> TimeValue | None:
        times = [m.time.time for m in self.mentions if m.time is not None]
        return min(times, key=lambda t: t.width_days()) if times else None

    @property
    def places(self) -> list[Place]:
        return [p.place for m in self.mentions for p in m.places]

    @property
    def victim_ids(self) -> set[str]:
        return {a.actor_key for m in self.mentions for a in m.victims if a.actor_key}

    @property
    def actor_ids(self) -> set[str]:
        return self.victim_ids | {
            a.actor_key for m in self.mentions for a in m.perpetrators if a.actor_key
        }


def main_type(mentions: list[EventMention]) -> str:
    """The type most mentions give; ties go to the more specific type. Follow-up mentions (an
    arrest in a shooting) vote only when nothing else does."""
    events = [m for m in mentions if not m.follow_up] or mentions
    votes = Counter(m.event_type for m in events if not m.anaphoric and m.event_type != "other")
    if not votes:
        return "other"
    return min(votes, key=lambda t: (-votes[t], SPECIFICITY.index(t)))


def places_compatible(a: list[Place], b: list[Place], gazetteer: Gazetteer) -> bool | None:
    """True if some place of one contains a place of the other; None if either is unknown."""
    if not a or not b:
        return None
    return any(gazetteer.contains(x, y) or gazetteer.contains(y, x) for x in a for y in b)


def date_score(a: TimeValue | None, b: TimeValue | None) -> float | None:
    """None: incompatible; 0: unknown; up to 1 for the same day."""
    if a is None or b is None or not a.known or not b.known:
        return 0.0
    if not a.overlaps(b):
        return None
    same = a.precision == b.precision == "day" and a.value == b.value
    return 1.0 if same else 0.6


class DocumentGrouper:
    """Groups one report's event mentions into local incidents."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, mentions: list[EventMention]) -> list[LocalIncident]:
        groups: list[LocalIncident] = []
        # follow-ups (an arrest, charges, a funeral) join the event they follow, so they come last
        ordered = [m for m in mentions if not m.follow_up] + [m for m in mentions if m.follow_up]
        for mention in ordered:
            best = self._best_group(mention, groups)
            if best is None:
                groups.append(LocalIncident([mention]))
            else:
                best.mentions.append(mention)
        return groups

    def _best_group(
        self, mention: EventMention, groups: list[LocalIncident]
    ) -> LocalIncident | None:
        scored = []
        for index, group in enumerate(groups):
            score = self._score(mention, group)
            if score is not None:
                scored.append((score, len(group.mentions), index, group))
        if not scored:
            return None
        return max(scored, key=lambda s: s[:3])[3]

    def _score(self, mention: EventMention, group: LocalIncident) -> float | None:
        group_type = group.event_type
        if mention.follow_up:
            return 0.5
        if mention.anaphoric:
            if group_type not in ATTACK_FAMILY and mention.event_type == "other":
                return None
        elif (
            not same_family(mention.event_type, group_type)
            and group_type != "other"
            or mention.event_type != group_type
            and _victims_differ(mention, group)
        ):
            return None
        dates = date_score(mention.time.time if mention.time else None, group.time)
        if dates is None or (not dates and _days_of_year_apart(mention, group)):
            return None
        places = places_compatible([p.place for p in mention.places], group.places, self.gazetteer)
        if places is False:
            return None
        same_type = 1.0 if mention.event_type == group_type else 0.0
        return dates + same_type + (0.5 if places else 0.0)


def _days_of_year_apart(mention: EventMention, group: LocalIncident) -> bool:
    """One names its day without a year ("4 июля"), the other a day weeks away in the year
    (a background "20 января 2022 года"): two events."""
    from .pairwise import near_days

    mine = _day_of_year(mention)
    theirs = {d for m in group.mentions if (d := _day_of_year(m)) is not None}
    return mine is not None and bool(theirs) and not near_days({mine}, theirs)


def _day_of_year(mention: EventMention) -> int | None:
    from ..extract.languages.dates import any_month_day
    from .pairwise import day_of_year

    if mention.time is None:
        return None
    time = mention.time.time
    if time.precision == "day" and time.value:
        return day_of_year(time.value[5:])
    found = None if time.known else any_month_day(mention.time.span.quote)
    return day_of_year(found) if found else None


def _victims_differ(mention: EventMention, group: LocalIncident) -> bool:
    """Both name their victims and no victim is shared: two different events."""
    mine = {a.actor_key for a in mention.victims if a.actor_key}
    theirs = group.victim_ids
    return bool(mine and theirs and not mine & theirs)


class Linker:
    """Links one report's local incidents to the incidents in the store."""

    def __init__(
        self, store: Store, gazetteer: Gazetteer | None = None, threshold: float = LINK_THRESHOLD
    ) -> None:
        self.store = store
        self.gazetteer = gazetteer or Gazetteer.default()
        self.threshold = threshold
        self._df: dict[str, int] = {}
        self._documents: int | None = None

    def document_count(self) -> int:
        """The number of stored reports, counted once: a Linker serves one report's linking,
        during which it does not change."""
        if self._documents is None:
            self._documents = self.store.document_count()
        return self._documents

    def candidates(self, local: LocalIncident) -> list[Incident]:
        """The stored incidents blocking finds for ``local``: a shortlist of at most
        LOCAL_COMPARISONS (:mod:`.candidates`), read."""
        blocked = self.blocked(local)
        return [
            self.store.incident(i)
            for i in shortlist(blocked.ids, blocked.ranked, LOCAL_COMPARISONS)
        ]

    def candidate_ids(self, local: LocalIncident) -> list[str]:
        """The ids of the stored incidents blocking finds for ``local`` (not read)."""
        return self.blocked(local).ids

    def blocked(self, local: LocalIncident) -> Blocked:
        """What blocking finds for ``local``: the ids, and each blocking key's ranking."""
        time = local.time
        earliest = time.earliest.isoformat() if time and time.earliest else None
        latest = time.latest.isoformat() if time and time.latest else None
        types = sorted(family_of(local.event_type))
        place_ids = sorted({p.place_id for p in local.places})
        countries = sorted(
            {p.country or p.name for p in local.places if p.country or p.kind == "country"}
        )
        return self.store.blocked_incidents(
            earliest, latest, types, sorted(local.actor_ids), place_ids, countries
        )

    def __call__(self, local: LocalIncident, exclude: set[str]) -> tuple[str | None, str]:
        """The stored incident this local incident belongs to (or None), and why."""
        best: tuple[float, str, str] | None = None
        words = terms(m.sentence.quote for m in local.mentions)
        self._df = self.store.document_frequencies(sorted(words))
        self.document_count()
        for incident in self.candidates(local):
            if incident.incident_id in exclude:
                continue
            scored = self.score(local, incident, words)
            if scored is not None and (best is None or scored[0] > best[0]):
                best = (scored[0], incident.incident_id, scored[1])
        if best is None or best[0] < self.threshold:
            return None, "no stored incident scored above the threshold"
        return best[1], best[2]

    def score(
        self, local: LocalIncident, incident: Incident, words: Counter[str] | None = None
    ) -> tuple[float, str] | None:
        """Evidence that ``local`` is ``incident``: None when something rules it out."""
        reasons: list[str] = []
        kind = local.event_type
        theirs_types = (incident.event_type, *incident.secondary_event_types)
        if kind in theirs_types:
            total = 1.0
            reasons.append(f"same type {kind}")
        elif any(same_family(kind, t) for t in theirs_types):
            total = 0.5
            reasons.append(f"related types {kind}/{incident.event_type}")
        else:
            return None
        theirs = _incident_time(incident)
        dates = date_score(local.time, theirs)
        if dates is None:
            return None
        if dates:
            reasons.append(f"dates agree ({dates:.1f})")
        total += dates
        places = places_compatible(
            local.places, _incident_places(incident, self.gazetteer), self.gazetteer
        )
        if places is False:
            return None
        if places:
            total += 0.5
            reasons.append("places agree")
        shared = local.actor_ids & {
            e.actor_id for e in (*incident.victims, *incident.perpetrators) if e.actor_id
        }
        if shared:
            total += 1.0
            reasons.append("shared actors " + ", ".join(sorted(shared)))
        if words:
            their_words = self.store.incident_terms(incident.incident_id)
            similarity = cosine(words, their_words, self._df, self.document_count())
            total += TEXT_WEIGHT * similarity
            reasons.append(f"text similarity {similarity:.2f}")
        return total, f"score {total:.1f}: " + "; ".join(reasons)


def _incident_time(incident: Incident) -> TimeValue | None:
    date = incident.date
    if date.precision == "unknown" or not date.earliest or not date.latest:
        return None
    import datetime as dt

    return TimeValue(
        date.value,
        dt.date.fromisoformat(date.earliest),
        dt.date.fromisoformat(date.latest),
        date.precision,
    )


def _incident_places(incident: Incident, gazetteer: Gazetteer) -> list[Place]:
    place_id = incident.location.place_id
    if place_id and not incident.location.inferred:
        place = gazetteer.get(place_id)
        if place is not None:
            return [place]
    return []
