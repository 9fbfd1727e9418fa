"""Reports not in English that give no year, no publication date, or name people in another
script: real reports of the development set hrdev (read from ../shared by path), profiled as
ingest profiles them, compared with the profile of an English report of their incident and of
a neighbouring incident (written here from those reports' facts)."""

from __future__ import annotations

import datetime as dt

import pytest

import devsets
from khronika.benchmarks.sets import load_set
from khronika.domain.gazetteer import Gazetteer
from khronika.extract.languages.dates import find_dates, weekday_of
from khronika.extract.languages.names import arabic_names, person_names
from khronika.link import DocumentGrouper
from khronika.link.documents import primary_group
from khronika.link.pairwise import default_model, features
from khronika.link.profile import ReportProfile, build_profile, skeleton, surname_key
from khronika.model import Report, TimeValue
from khronika.pipeline import Pipeline

HRDEV = devsets.HRDEV


@pytest.fixture(scope="module")
def profile_of() -> dict[str, ReportProfile]:
    if not (HRDEV / "docs.jsonl").is_file():
        pytest.fail(f"the development set hrdev is missing from {HRDEV}")
    wanted = {"h79", "h90", "h101", "h76", "h75"}
    steps = ["khronika.language", "khronika.ru", "khronika.ar"]  # no English step runs on these
    pipeline, grouper = Pipeline(steps), DocumentGrouper(Gazetteer.default())
    found = {}
    for doc in load_set(HRDEV).documents:
        if doc.doc_id not in wanted:
            continue
        incoming = doc.incoming()
        extraction = pipeline(Report(incoming.meta, "", incoming.text, incoming.media_type))
        groups = grouper(list(extraction.events))
        main = primary_group(groups)
        primary = groups[main] if main is not None else None
        found[doc.doc_id] = build_profile(incoming.meta, incoming.text, extraction, primary)
    return found


def _english(doc_id: str, day: str, event_type: str, *names: str) -> ReportProfile:
    date = dt.date.fromisoformat(day)
    return ReportProfile(
        doc_id=doc_id,
        published=date,
        words={"word": 1},
        event_type=event_type,
        time=TimeValue(day, date, date, "day"),
        places=(),
        countries=(),
        people=tuple(sorted(surname_key(n) for n in names)),
        days=(day,),
        types=(event_type,),
    )


def _p(report: ReportProfile, member: ReportProfile) -> float:
    return default_model().probability(features(report, [member], {}, 100))


def test_a_day_without_its_year_rules_out_other_days(profile_of: dict[str, ReportProfile]) -> None:
    """'С утра 14 июля' (h79, Belarus, no year, no publication date): the 14 July raids, not
    those of 16 February; 'МОСКВА, 4 июля. /ТАСС/.' (h101): the 4 July 2023 attack, not the
    6 February 2020 one on the same journalist."""
    h79, h101 = profile_of["h79"], profile_of["h101"]
    assert h79.month_days == ("07-14",)
    assert h101.month_days == ("07-04",)
    july = _english("en-july", "2021-07-14", "arbitrary_detention", "Ales Bialiatski")
    february = _english("en-feb", "2021-02-16", "raid_or_search", "Ales Bialiatski")
    assert _p(h79, july) >= default_model().threshold
    assert default_model().ruled_out(features(h79, [february], {}, 100)) == "day_conflict"
    earlier = _english("en-2020", "2020-02-06", "assault", "Elena Milashina")
    later = _english("en-2023", "2023-07-04", "assault", "Elena Milashina", "Alexander Nemov")
    assert default_model().ruled_out(features(h101, [earlier], {}, 100)) == "day_conflict"
    assert _p(h101, later) >= default_model().threshold


def test_a_background_date_does_not_date_the_attack(profile_of: dict[str, ReportProfile]) -> None:
    """h90 leads with 'В среду, 4 июля' and later recalls '20 января 2022 года': the attack
    keeps its yearless day, so the 2022 date neither dates it nor rules out the 2023 one."""
    h90 = profile_of["h90"]
    assert h90.time is None
    assert h90.month_days == ("07-04",)
    later = _english("en-2023", "2023-07-04", "assault", "Elena Milashina", "Alexander Nemov")
    assert _p(h90, later) >= default_model().threshold


def test_a_weekday_in_a_month_known_from_the_address(profile_of: dict[str, ReportProfile]) -> None:
    """h76 (Elaph, /2018/6/ in its address) says only 'الأربعاء' (Wednesday): any Wednesday of
    June 2018, which overlaps 13 June rather than conflicting with it."""
    h76 = profile_of["h76"]
    assert h76.time is not None
    assert h76.time.precision == "range"
    assert h76.time.earliest <= dt.date(2018, 6, 13) <= h76.time.latest  # type: ignore[operator]
    arrest = _english("en", "2018-06-13", "arbitrary_detention", "Nasrin Sotoudeh")
    assert _p(h76, arrest) >= default_model().threshold
    assert find_dates("الأربعاء", "ar", None)[0].time.precision == "unknown"
    assert weekday_of("الأربعاء", "ar") == 2


def test_names_meet_across_scripts_and_transliterations(
    profile_of: dict[str, ReportProfile],
) -> None:
    """Russian oblique forms in -ич (Лабковичу, Стефановича) in the nominative; Беляцкий
    (Russian) and Bialiatski (from Belarusian), سوتوده and Sotoudeh meet by their consonants."""
    text = (HRDEV / "docs" / "h75.txt").read_text(encoding="utf-8")
    names = {name for _, _, name in person_names(text, "ru", set())}
    assert {"Vladimir Labkovich", "Viktor Sazonov"} <= names
    assert surname_key("Ales Bialiatski") != surname_key("Алесь Беляцкий")
    assert skeleton(surname_key("Ales Bialiatski")) == skeleton(surname_key("Алесь Беляцкий"))
    arabic = (HRDEV / "docs" / "h76.txt").read_text(encoding="utf-8")
    found = {name for _, _, name in arabic_names(arabic, set())}
    assert "نسرين سوتوده" in found
    assert skeleton(surname_key("نسرين سوتوده")) == skeleton(surname_key("Nasrin Sotoudeh"))
    assert skeleton("nemov") != skeleton("milashina")
    assert skeleton("yunus") == ""
    h75 = profile_of["h75"]
    detained = _english("en", "2021-07-14", "arbitrary_detention", "Uladzimir Labkovich",
                        "Valiantsin Stefanovich", "Ales Bialiatski")  # fmt: skip
    assert features(h75, [detained], {}, 100)["shared_people"] >= 2
