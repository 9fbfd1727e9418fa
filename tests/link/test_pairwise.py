"""The document-level link model: profiles, features, the model's decisions and its training."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from khronika.domain.gazetteer import Gazetteer
from khronika.link.pairwise import FEATURES, LinkModel, default_model, features
from khronika.link.profile import PlaceKey, ReportProfile
from khronika.link.training import Example, bcubed_f1, fit, pairs, replay
from khronika.model import TimeValue

GROZNY = PlaceKey("geonames:558418", "city", "Chechnya", "Russia")
MOSCOW = PlaceKey("geonames:524901", "city", "Moscow", "Russia")


def _day(value: str) -> TimeValue:
    day = dt.date.fromisoformat(value)
    return TimeValue(value, day, day, "day")


def _profile(doc_id: str, words: str, **kw: object) -> ReportProfile:
    base: dict[str, object] = {
        "published": None,
        "event_type": "attack_on_premises",
        "time": None,
        "places": (),
        "countries": ("Russia",),
        "people": (),
    }
    base.update(kw)
    counts: dict[str, int] = {}
    for w in words.split():
        counts[w] = counts.get(w, 0) + 1
    return ReportProfile(doc_id=doc_id, words=counts, **base)  # type: ignore[arg-type]


def test_a_profile_survives_its_json() -> None:
    profile = _profile(
        "a",
        "masked men office",
        published=dt.date(2015, 6, 4),
        time=_day("2015-06-03"),
        places=(GROZNY,),
        people=("kaliapin",),
        victims=("kaliapin",),
        days=("2015-06-03",),
        types=("attack_on_premises",),
    )
    assert ReportProfile.from_json(profile.to_json()) == profile


def test_features_name_what_agrees_and_what_conflicts() -> None:
    report = _profile(
        "b",
        "masked men stormed office grozny",
        time=_day("2015-06-03"),
        places=(GROZNY,),
        people=("kaliapin",),
    )
    same = _profile(
        "a",
        "masked men stormed office grozny",
        time=_day("2015-06-03"),
        places=(GROZNY,),
        people=("kaliapin",),
    )
    other = _profile(
        "c",
        "police detained journalist moscow",
        time=_day("2015-02-10"),
        places=(MOSCOW,),
        people=("ivanov",),
        event_type="arbitrary_detention",
        types=("arbitrary_detention",),
    )
    words = ["masked", "men", "stormed", "office", "grozny", "police", "detained", "journalist"]
    df = {w: 1 for w in words}
    agree = features(report, [same], df, 10)
    assert set(agree) == set(FEATURES)
    assert agree["same_day"] == agree["same_place"] == agree["same_type"] == 1.0
    assert agree["text_max"] == pytest.approx(1.0)
    assert agree["shared_people"] == 1.0
    assert agree["day_conflict"] == 0.0
    differ = features(report, [other], df, 10)
    assert differ["day_conflict"] == 1.0
    assert differ["place_conflict"] == 1.0
    assert differ["people_disjoint"] == 1.0
    assert differ["type_conflict"] == 1.0
    assert differ["text_max"] == 0.0


def test_a_follow_up_naming_the_event_day_is_not_a_date_conflict() -> None:
    event = _profile("a", "shot", time=_day("2016-01-03"), days=("2016-01-03",))
    follow_up = _profile("b", "charged", time=_day("2016-01-20"), days=("2016-01-03", "2016-01-20"))
    assert features(follow_up, [event], {}, 2)["day_conflict"] == 0.0


def test_the_shipped_model_rules_out_what_it_says_it_never_links() -> None:
    model = default_model()
    assert set(model.weights) <= set(FEATURES)
    assert 0.0 < model.threshold < 1.0
    values = dict.fromkeys(FEATURES, 0.0) | {"bias": 1.0, "text_max": 1.0, "text_high": 1.0}
    for rule in model.never:
        assert model.probability(values | {rule: 1.0}) == 0.0
        assert model.explain(values | {rule: 1.0}) == f"ruled out by {rule}"
    assert "text_max" in model.explain(values)


def test_newton_fit_separates_a_learnable_rule() -> None:
    rng = np.random.default_rng(0)
    x = np.column_stack([np.ones(400), rng.normal(size=400)])
    y = (x[:, 1] > 0.3).astype(float)
    w = fit(x, y, l2=0.01)
    predicted = (1 / (1 + np.exp(-(x @ w)))) > 0.5
    assert (predicted == y.astype(bool)).mean() > 0.97


def test_training_pairs_and_replay_on_written_reports() -> None:
    texts = {
        "a1": ("arson office grozny jmg", "I1", "2014-12-14"),
        "b1": ("detained journalist minsk viasna", "I2", "2021-07-14"),
        "a2": ("arson office grozny jmg fire", "I1", "2014-12-14"),
        "b2": ("detained journalist minsk viasna bialiatski", "I2", "2021-07-14"),
    }
    examples = [
        Example(_profile(d, t, time=_day(day)), gold) for d, (t, gold, day) in texts.items()
    ]
    x, y = pairs(examples)
    assert x.shape == (1 + 2 + 2, len(FEATURES))
    assert y.tolist() == [0, 1, 0, 0, 1]
    weights = dict.fromkeys(FEATURES, 0.0) | {"bias": -3.0, "text_max": 8.0}
    predicted = replay(LinkModel(weights, 0.5), examples)
    gold = {d: g for d, (_, g, _) in texts.items()}
    assert bcubed_f1(predicted, gold) == 1.0
    assert bcubed_f1({d: "one" for d in gold}, gold) < 0.7


def test_a_day_named_without_its_year_still_rules_out_other_days() -> None:
    """ "On July 4" in a report with no publication date: not the incident of 15 July, whatever
    the year; the incident of 5 July (a day or a few apart, as reports of a death differ) it
    may be."""
    report = _profile("y", "journalist beaten chechnya", month_days=("07-04",))
    other = _profile("o", "journalist killed chechnya", time=_day("2009-07-15"))
    near = _profile("n", "journalist beaten chechnya", time=_day("2023-07-05"))
    df: dict[str, int] = {}
    apart = features(report, [other], df, 10)
    assert apart["day_conflict"] == 1.0
    assert default_model().ruled_out(apart) == "day_conflict"
    together = features(report, [near], df, 10)
    assert together["day_conflict"] == 0.0
    assert together["dates_overlap"] == 1.0
    named = _profile("f", "trial journalist", month_days=("07-04",), days=("2009-07-15",))
    assert features(named, [other], df, 10)["day_conflict"] == 0.0  # it names that day


def test_a_report_that_dates_nothing_is_not_about_an_incident_years_before() -> None:
    report = _profile("late", "milashina beaten", published=dt.date(2023, 7, 4))
    old = _profile(
        "old", "estemirova killed", published=dt.date(2009, 7, 15), time=_day("2009-07-15")
    )
    values = features(report, [old], {}, 10)
    assert values["years_apart"] == 1.0
    assert default_model().ruled_out(values) == "years_apart"
    dated = _profile(
        "anniv", "estemirova killed", published=dt.date(2019, 7, 15), time=_day("2009-07-15")
    )
    assert features(dated, [old], {}, 10)["years_apart"] == 0.0  # it names the day
    soon = _profile("soon", "estemirova", published=dt.date(2009, 8, 1))
    assert features(soon, [old], {}, 10)["years_apart"] == 0.0


def _city(gaz: Gazetteer, name: str, region: str) -> PlaceKey:
    place = next(p for p in gaz.candidates(name) if p.region == region and p.kind == "city")
    return PlaceKey.of(place)


def test_towns_far_apart_in_one_state_conflict_and_a_suburb_does_not() -> None:
    """Jacksonville and Orlando are both in Florida but 200 km apart: two shootings the same
    Saturday are two incidents. Pine Hills lies at Orlando's edge: one incident may be
    reported under either."""
    gaz = Gazetteer.default()
    orlando, pine_hills, jacksonville = (
        _city(gaz, name, "Florida") for name in ("Orlando", "Pine Hills", "Jacksonville")
    )
    saturday = _day("2017-02-04")

    def conflict(a: PlaceKey, b: PlaceKey) -> float:
        mine = _profile("a", "shot", time=saturday, places=(a,), countries=("United States",))
        theirs = _profile("b", "shot", time=saturday, places=(b,), countries=("United States",))
        return features(mine, [theirs], {}, 2)["place_conflict"]

    assert conflict(jacksonville, orlando) == 1.0
    assert conflict(pine_hills, orlando) == 0.0
