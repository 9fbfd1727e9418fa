"""Is this report about that incident? A pairwise model over features one can explain.

Each feature compares a report's profile with the profiles of the reports already filed under
a stored incident: whole-text TF-IDF cosine (the word-overlap baseline is one feature), event
dates, publication dates, places, countries, the surnames of people named, event types. A
logistic regression, trained on the training parts of the development sets
(``khronika.link.training``), weighs them; its weights and threshold are data
(``linker_model.json``), and ``show --why`` shows each feature's share of a decision.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..domain.gazetteer import Gazetteer
from ..domain.lexicon import TYPE_GROUPS
from .profile import PlaceKey, ReportProfile, skeleton
from .text import Vector, tfidf_vector, vector_cosine

CITY_KINDS = {"city"}
NEAR_KM = 40.0  # towns this close may be one incident's city and suburb
TEXT_LOW, TEXT_HIGH = 0.1, 0.4  # cosine bands: little shared beyond common words / much shared
PUBLISHED_FAR_DAYS = 30
YEAR_DAYS = 366
YEARLESS_SLACK_DAYS = 7
FEATURES = (
    "bias",
    "text_max",
    "text_mean",
    "same_day",
    "dates_overlap",
    "dates_conflict",
    "dates_unknown",
    "event_gap",
    "published_gap",
    "published_unknown",
    "published_far",
    "day_conflict",
    "years_apart",
    "text_low",
    "text_high",
    "same_place",
    "place_conflict",
    "country_conflict",
    "shared_people",
    "people_disjoint",
    "shared_victims",
    "same_type",
    "related_type",
    "type_conflict",
    "text_ratio",
    "text_best",
    "cross_language",
)
TEXT_FEATURES = ("text_max", "text_mean", "text_low", "text_high")
# Types one incident can carry together, for linking: a shooting reported as an assault is
# the killing another report calls it once a victim died.
LINK_FAMILIES = (*TYPE_GROUPS, frozenset({"killing", "assault", "attack_on_premises", "arson"}))


def features(
    report: ReportProfile,
    members: Sequence[ReportProfile],
    df: Mapping[str, int],
    documents: int,
    vector: Vector | None = None,
) -> dict[str, float]:
    """The feature vector of (report, incident whose primary reports are ``members``);
    ``vector``: the report's TF-IDF vector, if already computed for these frequencies."""
    own = tfidf_vector(report.words, df, documents) if vector is None else vector
    sims = [vector_cosine(own, tfidf_vector(m.words, df, documents)) for m in members] or [0.0]
    best = max(sims)
    found = {"bias": 1.0, "text_max": best, "text_mean": sum(sims) / len(sims)}
    found["text_low"] = float(best < TEXT_LOW)
    found["text_high"] = float(best >= TEXT_HIGH)
    found.update(_date_features(report, members))
    found.update(_published_features(report, members))
    found.update(_place_features(report, members))
    mine = set(report.people)
    shared = {p for m in members for p in m.people} & mine
    shared |= _shared_across_scripts(report, members, mine - shared)
    found["shared_people"] = float(min(len(shared), 3))
    theirs = {p for m in members for p in m.people}
    found["people_disjoint"] = float(bool(mine and theirs and not shared))
    victims = {v for m in members for v in m.victims} & (set(report.victims) | mine)
    found["shared_victims"] = float(min(len(victims), 2))
    found.update(_type_features(report, members))
    found["text_ratio"] = found["text_best"] = 1.0  # until compared: see add_relative
    found["cross_language"] = float(_cross_language(report, members))
    if found["cross_language"]:
        found.update(dict.fromkeys(TEXT_FEATURES, 0.0))  # words of two languages never meet
    return found


def _shared_across_scripts(
    report: ReportProfile, members: Sequence[ReportProfile], unmatched: set[str]
) -> set[str]:
    """Surnames of the report that meet a surname of a report in another language by their
    consonants only (Беляцкий / Bialiatski, سوتوده / Sotoudeh)."""
    theirs = {skeleton(p) for m in members if m.language != report.language for p in m.people}
    return {p for p in unmatched if (bare := skeleton(p)) and bare in theirs}


def _cross_language(report: ReportProfile, members: Sequence[ReportProfile]) -> bool:
    """The report and the incident's reports share no language: text similarity says
    nothing, dates, places, types and people decide."""
    return bool(members) and all(m.language != report.language for m in members)


def add_relative(candidates: Sequence[dict[str, float]]) -> None:
    """Features relative to the report's other candidates: its text similarity as a share of
    the best one, and whether it is the best (scale-free across long and short reports)."""
    best = max((c["text_max"] for c in candidates), default=0.0)
    for values in candidates:
        values["text_ratio"] = values["text_max"] / best if best else 0.0
        values["text_best"] = float(bool(best) and values["text_max"] == best)


def _date_features(report: ReportProfile, members: Sequence[ReportProfile]) -> dict[str, float]:
    names = ("same_day", "dates_overlap", "dates_conflict", "dates_unknown", "day_conflict")
    out = dict.fromkeys(names, 0.0)
    out["event_gap"] = 0.0
    theirs = [m.time for m in members if m.time is not None]
    mine = report.time
    if mine is None or not theirs:
        yearless = _yearless_agreement(report, members)
        if yearless is None and _same_weekday(report, members):
            yearless = True
        out["dates_unknown"] = float(yearless is None)
        out["dates_overlap"] = float(yearless is True)
        out["day_conflict"] = float(yearless is False)
        return out
    if any(t.precision == mine.precision == "day" and t.value == mine.value for t in theirs):
        out["same_day"] = 1.0
    elif any(mine.overlaps(t) for t in theirs):
        out["dates_overlap"] = 1.0
    else:
        out["dates_conflict"] = 1.0
    gaps = [_gap_days(mine.earliest, mine.latest, t.earliest, t.latest) for t in theirs]
    out["event_gap"] = math.log1p(min(gaps))
    days = [t for t in theirs if t.precision == "day"]
    if mine.precision == "day" and days and not out["same_day"] and min(gaps) > 1:
        out["day_conflict"] = float(not _day_named_by_other(report, members))
    return out


def _same_weekday(report: ReportProfile, members: Sequence[ReportProfile]) -> bool:
    """A report that names its event only by a weekday, and an incident on that weekday."""
    days = [m.time.earliest for m in members if m.time and m.time.precision == "day"]
    return bool(report.weekdays) and any(
        d is not None and d.weekday() in report.weekdays for d in days
    )


def _year_days(profile: ReportProfile) -> set[int]:
    """Days of the year (1..366) the profile's event is on, with or without its year."""
    time = profile.time
    days = [time.value[5:]] if time and time.precision == "day" and time.value else []
    return {day_of_year(d) for d in [*profile.month_days, *days]}


def day_of_year(month_day: str) -> int:
    return dt.date.fromisoformat(f"2000-{month_day}").timetuple().tm_yday


def _yearless_agreement(report: ReportProfile, members: Sequence[ReportProfile]) -> bool | None:
    """When one side names its day without a year ("On July 4"): True if the other's day of
    the year is near it, False if not and neither names the other's day anywhere (as a
    follow-up would), None if there is nothing to compare."""
    mine = _year_days(report)
    theirs = {d for m in members for d in _year_days(m)}
    if not mine or not theirs:
        return None
    if near_days(mine, theirs):
        return True
    named_by_me = {day_of_year(d[5:]) for d in report.days}
    named_by_them = {day_of_year(d[5:]) for m in members for d in m.days}
    return None if near_days(mine, named_by_them) or near_days(theirs, named_by_me) else False


def near_days(a: set[int], b: set[int]) -> bool:
    """Within a few days of each other: without its year, a day is compared loosely (reports
    of a killing may give the day of the death or the day the body was found)."""
    return any(min(abs(x - y), 366 - abs(x - y)) <= YEARLESS_SLACK_DAYS for x in a for y in b)


def _day_named_by_other(report: ReportProfile, members: Sequence[ReportProfile]) -> bool:
    """Either side states (anywhere in its text) a day within a day of the other's event:
    a follow-up report names the day of the event it follows."""

    def near(day: str, days: Iterable[str]) -> bool:
        d = dt.date.fromisoformat(day)
        return any(abs((dt.date.fromisoformat(x) - d).days) <= 1 for x in days)

    theirs_days = {x for m in members for x in m.days}
    theirs_events = [m.time.value for m in members if m.time and m.time.precision == "day"]
    mine = report.time.value if report.time and report.time.precision == "day" else None
    return bool(
        (mine and near(mine, theirs_days)) or any(v and near(v, report.days) for v in theirs_events)
    )


def _gap_days(a0: object, a1: object, b0: object, b1: object) -> int:
    if not all(isinstance(x, dt.date) for x in (a0, a1, b0, b1)):
        return 0
    assert isinstance(a0, dt.date) and isinstance(a1, dt.date)
    assert isinstance(b0, dt.date) and isinstance(b1, dt.date)
    if a1 < b0:
        return (b0 - a1).days
    if b1 < a0:
        return (a0 - b1).days
    return 0


def _published_features(
    report: ReportProfile, members: Sequence[ReportProfile]
) -> dict[str, float]:
    dates = [m.published for m in members if m.published is not None]
    if report.published is None or not dates:
        return {
            "published_gap": 0.0,
            "published_unknown": 1.0,
            "published_far": 0.0,
            "years_apart": 0.0,
        }
    gap = min(abs((report.published - d).days) for d in dates)
    far = float(gap > PUBLISHED_FAR_DAYS)
    return {
        "published_gap": math.log1p(gap),
        "published_unknown": 0.0,
        "published_far": far,
        "years_apart": float(_years_apart(report, members)),
    }


def _years_apart(report: ReportProfile, members: Sequence[ReportProfile]) -> bool:
    """A report that dates nothing is news of its own days: it is not about an incident whose
    reports were all published, and whose dates all lie, more than a year from it."""
    if report.published is None or report.time is not None:
        return False
    known = [d for m in members for d in (m.published, m.time and m.time.latest) if d]
    return bool(known) and all(abs((report.published - d).days) > YEAR_DAYS for d in known)


def _place_features(report: ReportProfile, members: Sequence[ReportProfile]) -> dict[str, float]:
    mine = [p for p in report.places if p.kind in CITY_KINDS]
    theirs = [p for m in members for p in m.places if p.kind in CITY_KINDS]
    same = bool({p.place_id for p in mine} & {p.place_id for p in theirs})
    conflict = bool(mine and theirs and not same and not _near(mine, theirs))
    country = _country_conflict(report, members)
    return {
        "same_place": float(same),
        "place_conflict": float(conflict),
        "country_conflict": float(country),
    }


def _near(a: list[PlaceKey], b: list[PlaceKey]) -> bool:
    """Different towns within ``NEAR_KM`` of each other (a city and its suburb) count as
    neither the same nor a conflict; towns without coordinates, when of one region."""
    return any(_near_pair(x, y) for x in a for y in b)


def _near_pair(a: PlaceKey, b: PlaceKey) -> bool:
    g = Gazetteer.default()
    first, second = g.get(a.place_id), g.get(b.place_id)
    km = g.distance_km(first, second) if first and second else None
    if km is not None:
        return km <= NEAR_KM
    return a.region is not None and (a.country, a.region) == (b.country, b.region)


def _country_conflict(report: ReportProfile, members: Sequence[ReportProfile]) -> bool:
    mine = _main_country(report)
    theirs = {c for m in members if (c := _main_country(m))}
    return bool(mine and theirs and mine not in theirs)


def _main_country(profile: ReportProfile) -> str | None:
    for place in profile.places:
        if place.country:
            return place.country
    return profile.countries[0] if profile.countries else None


def _type_features(report: ReportProfile, members: Sequence[ReportProfile]) -> dict[str, float]:
    mine = report.event_type
    theirs = {m.event_type for m in members if m.event_type}
    same = bool(mine and mine in theirs)
    related = not same and bool(
        mine and any(mine in g and t in g for g in TYPE_GROUPS for t in theirs)
    )
    # "other" (an event outside the typology) is compatible with every type
    mine_all = (set(report.types) | ({mine} if mine else set())) - {"other"}
    theirs_all = ({t for m in members for t in m.types} | theirs) - {"other"}
    conflict = bool(mine_all and theirs_all) and not any(
        a == b or any(a in f and b in f for f in LINK_FAMILIES)
        for a in mine_all
        for b in theirs_all
    )
    return {
        "same_type": float(same),
        "related_type": float(related),
        "type_conflict": float(conflict),
    }


@dataclass(frozen=True)
class LinkModel:
    """Logistic-regression weights over :data:`FEATURES` and the decision threshold."""

    weights: dict[str, float]
    threshold: float
    trained_on: str = ""
    never: tuple[str, ...] = ()  # features that, when set, rule a link out

    def ruled_out(self, values: Mapping[str, float]) -> str | None:
        return next((k for k in self.never if values.get(k)), None)

    def probability(self, values: Mapping[str, float]) -> float:
        if self.ruled_out(values):
            return 0.0
        z = sum(self.weights.get(k, 0.0) * v for k, v in values.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def shares(self, values: Mapping[str, float]) -> list[tuple[str, float]]:
        """Each feature's contribution to the decision's log-odds, largest first."""
        parts = [(k, self.weights.get(k, 0.0) * v) for k, v in values.items() if k != "bias"]
        return sorted((p for p in parts if abs(p[1]) >= 0.005), key=lambda p: -abs(p[1]))

    def explain(self, values: Mapping[str, float]) -> str:
        rule = self.ruled_out(values)
        if rule:
            return f"ruled out by {rule}"
        p = self.probability(values)
        parts = ", ".join(f"{k} {v:+.2f}" for k, v in self.shares(values)[:6])
        return f"p={p:.2f} (threshold {self.threshold:.2f}): {parts}"

    def to_json(self) -> str:
        data = {
            "weights": self.weights,
            "threshold": self.threshold,
            "never": list(self.never),
            "trained_on": self.trained_on,
        }
        return json.dumps(data, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> LinkModel:
        data = json.loads(text)
        return cls(
            {str(k): float(v) for k, v in data["weights"].items()},
            float(data["threshold"]),
            str(data.get("trained_on", "")),
            tuple(data.get("never", ())),
        )


MODEL_FILE = "linker_model.json"


@lru_cache(maxsize=1)
def default_model() -> LinkModel:
    """The model shipped with khronika (trained by ``python -m khronika.link.training``)."""
    text = (resources.files("khronika.link") / MODEL_FILE).read_text(encoding="utf-8")
    return LinkModel.from_json(text)
