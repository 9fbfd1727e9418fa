"""Issue 10 patterns on sentences written for the tests: killings typed as killings, event
dates kept apart from follow-ups and statements, datelines, and stated killed/injured counts."""

from __future__ import annotations

import datetime as dt

import pytest

from khronika.extract.timeroles import find_dateline
from khronika.model import EventMention, Extraction, Report, ReportMeta
from khronika.pipeline import Pipeline

PUBLISHED = dt.date(2019, 11, 14)  # a Thursday


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def extract(pipeline: Pipeline, text: str, published: dt.date | None = PUBLISHED) -> Extraction:
    meta = ReportMeta("t10", publisher="Test Desk", published=published, language="en")
    return pipeline(Report(meta, "0" * 64, text, "text/plain"))


def events(x: Extraction) -> list[EventMention]:
    return [e for e in x.events if not e.follow_up]


def types(x: Extraction) -> set[str]:
    return {e.event_type for e in events(x)}


def counts(x: Extraction) -> dict[str, tuple[int, str]]:
    return {c.field: (int(c.value), c.span.quote) for e in x.events for c in e.casualties}


def dates(x: Extraction) -> set[str | None]:
    return {e.time.time.value if e.time else None for e in events(x)}


# ---------------------------------------------------------------- killings
@pytest.mark.parametrize(
    "text",
    [
        "Ruben Ortega died of his wounds at a clinic on Tuesday.",
        "A farmer was found dead near the river on Tuesday.",
        "Police are investigating a fatal shooting on Tuesday night.",
        "Gunmen shot dead a community leader on Tuesday.",
        "A 19-year-old was shot and killed on Tuesday.",
        "The teacher was murdered on Tuesday.",
        "Detectives opened a homicide investigation after the city's third homicide on Tuesday.",
        "The driver was pronounced dead at the scene on Tuesday.",
        "A woman died at the hospital on Tuesday after she was stabbed.",
        "The body of a missing activist was found on Tuesday.",
        "Police are investigating a shooting on Tuesday that left a 17-year-old boy dead.",
        "A gunman opened fire on a crowd on Tuesday, leaving two people dead.",
        "The activist was beaten to death by a mob on Tuesday.",
    ],
)
def test_killings_are_typed_killing(pipeline: Pipeline, text: str) -> None:
    x = extract(pipeline, text)
    assert types(x) == {"killing"}, [(e.event_type, e.trigger.quote) for e in x.events]
    assert dates(x) == {"2019-11-12"}


def test_a_shooting_in_which_someone_died_is_a_killing(pipeline: Pipeline) -> None:
    x = extract(pipeline, "Three men were shot on Friday. One of them died in hospital.")
    assert types(x) == {"killing"}
    shot = next(e for e in x.events if e.trigger.quote == "shot")
    assert shot.secondary_types == ("assault",)


def test_a_shooting_where_nobody_died_stays_an_assault(pipeline: Pipeline) -> None:
    x = extract(pipeline, "A woman was shot and wounded late Saturday night. No one was killed.")
    assert types(x) == {"assault"}
    assert dates(x) == {"2019-11-09"}
    left = extract(pipeline, "Police are investigating a shooting that left a man wounded.")
    assert types(left) == {"assault"}


def test_a_death_years_before_does_not_make_the_shooting_a_killing(pipeline: Pipeline) -> None:
    """A report on a shooting that recalls the suspect's earlier, fatal one: the shooting it
    reports stays an assault; a death on its day still makes it a killing."""
    text = (
        "A teenager was charged on Wednesday with shooting a friend in the leg at an"
        " apartment.\n\nPolice said he admitted shooting his friend by accident.\n\n"
        "In 2010 he was charged as an adult in the Sept. 16, 2010, shooting death of a girl."
    )
    x = extract(pipeline, text)
    firsts = [e.event_type for e in events(x) if e.trigger.start < text.index("In 2010")]
    assert firsts
    assert set(firsts) == {"assault"}, [(e.event_type, e.trigger.quote) for e in x.events]
    same_day = text.replace(
        "In 2010 he was charged as an adult in the Sept. 16, 2010, shooting death of a girl.",
        "The friend died in hospital.",
    )
    assert "killing" in {e.event_type for e in events(extract(pipeline, same_day))}


def test_no_arrests_is_not_an_arrest(pipeline: Pipeline) -> None:
    x = extract(pipeline, "A man was shot on Monday. No arrests have been made.")
    assert types(x) == {"assault"}


# ---------------------------------------------------------------- follow-ups and statements
def test_charges_do_not_date_the_killing(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "A man was shot and killed on Sunday evening. His neighbour was arrested on Tuesday and "
        "charged with murder in the shooting.",
    )
    assert dates(x) == {"2019-11-10"}
    follow = [e for e in x.events if e.follow_up]
    assert [e.event_type for e in follow] == ["arbitrary_detention"]
    assert follow[0].time is None
    roles = {t.span.quote: t.role for t in x.times}
    assert roles == {"Sunday evening": "event", "Tuesday": "follow_up"}


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("A vigil for the victims was held on Wednesday.", "follow_up"),
        ("Her funeral took place on Wednesday.", "follow_up"),
        ("Visitation will be held on Wednesday at the funeral home.", "follow_up"),
        ("The suspect was arraigned on Wednesday in the killing.", "follow_up"),
        ("He was sentenced on Wednesday for the murder of his wife.", "follow_up"),
        ("Police said on Wednesday that the investigation continues.", "statement"),
        ("Friends marked the anniversary of her death on Wednesday.", "follow_up"),
        ("Police in Elmwood said Wednesday that a man had been shot.", "statement"),
        ("A boy was shot and taken to a hospital Wednesday, police said.", "event"),
        ("A teen was wounded in the chest Wednesday, the sheriff's office announced.", "event"),
        ("A man was charged in connection with a fatal shooting on Wednesday.", "event"),
        ("No charges have been brought over the shooting Wednesday, police said.", "event"),
        ("The school said counselors will be there on Wednesday for students.", "follow_up"),
        ("A fundraiser for the family is going to be held Wednesday.", "follow_up"),
    ],
)
def test_times_of_follow_ups_and_statements(pipeline: Pipeline, text: str, role: str) -> None:
    x = extract(pipeline, text)
    assert [(t.span.quote.split()[-1], t.role) for t in x.times] == [("Wednesday", role)]


def test_an_activists_arrest_is_an_event_not_a_follow_up(pipeline: Pipeline) -> None:
    x = extract(pipeline, "Police arrested the activist Lena Morozova in Kazan on Wednesday.")
    (event,) = x.events
    assert (event.event_type, event.follow_up) == ("arbitrary_detention", False)
    assert event.time is not None
    assert event.time.time.value == "2019-11-13"


def test_an_undated_sentence_takes_the_lead_time(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "Officers were called to a house on Elm Street late Sunday night.\n\n"
        "They found a 12-year-old boy who had shot himself while playing with a gun.",
    )
    assert dates(x) == {"2019-11-10"}


@pytest.mark.parametrize(
    "lead",
    [
        "It happened just after 9:30 a.m. in the 300 block of Elm Street.",
        "Just before 4:30 pm, officers responded to a shooting on Elm Street.",
        "A man was shot on Elm Street shortly after midnight, police said.",
    ],
)
def test_a_time_of_day_alone_is_the_day_of_publication(pipeline: Pipeline, lead: str) -> None:
    x = extract(pipeline, f"Police are investigating a shooting.\n\n{lead}")
    (clock,) = [t for t in x.times if t.role == "event"]
    assert clock.time.value == "2019-11-14"
    assert clock.time.reference == PUBLISHED
    assert clock.span.quote in lead


def test_a_day_given_only_to_a_follow_up_leaves_the_time_of_day_to_date_the_event(
    pipeline: Pipeline,
) -> None:
    x = extract(
        pipeline,
        "Police responded to a shooting in the 1500 block of Elm Street just before noon.\n\n"
        "Thursday afternoon, the coroner identified the two dead victims.",
    )
    assert {t.time.value for t in x.times if t.role == "event"} == {"2019-11-14"}


def test_a_time_of_day_beside_a_stated_day_adds_no_day(pipeline: Pipeline) -> None:
    x = extract(pipeline, "A man was shot on Elm Street at 9:30 p.m. Tuesday, police said.")
    assert {t.time.value for t in x.times} == {"2019-11-12"}
    assert not [t for t in extract(pipeline, "It happened at 9:30 p.m.", None).times]


# ---------------------------------------------------------------- datelines
@pytest.mark.parametrize(
    ("head", "day"),
    [
        ("Posted: Tuesday, January 28, 2014\n\nA man was shot.", "2014-01-28"),
        ("By Staff\nUpdated 5:32 PM, Jan 3, 2015\nA man was shot.", "2015-01-03"),
        ("The Daily Example\n date 2018-06-13 \nA man was shot.", "2018-06-13"),
        ("Wednesday, 8 February 2017, 15:09\n\nThe court froze her accounts.", "2017-02-08"),
    ],
)
def test_dateline_at_the_head(head: str, day: str) -> None:
    found = find_dateline(head)
    assert found is not None
    assert found.value.value == day


def test_no_dateline_in_a_sentence_or_a_late_record_field() -> None:
    assert find_dateline("Police said a man was shot on January 28, 2014 in Dayton.") is None
    late = "Title\nA\nB\nC\nD\nDate 12/12/2018\n"
    assert find_dateline(late) is None


def test_relative_dates_use_the_dateline_without_publication_date(pipeline: Pipeline) -> None:
    text = "Posted: Tuesday, January 28, 2014\n\nA journalist was beaten in Odesa on Sunday."
    x = extract(pipeline, text, published=None)
    assert dates(x) == {"2014-01-26"}
    assert [t.role for t in x.times] == ["dateline", "event"]


# ---------------------------------------------------------------- counts
@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("Two people were killed and three wounded in a shooting on Sunday.", 2, 3),
        ("A 17-year-old was killed on Sunday.", 1, None),
        ("Three men were shot on Sunday; one died.", 1, 2),
        ("Six people were shot Sunday night, leaving one man dead.", 1, 5),
        ("The gunman killed two people and injured four others on Sunday.", 2, 4),
        ("A man was shot and killed on Sunday.", 1, 0),
        ("A woman was shot and wounded on Sunday.", 0, 1),
        ("A boy died on Sunday. Neither the driver nor the passenger was injured.", 1, None),
        ("A boy died on Sunday; no one else was injured.", 1, None),
        ("Police said the 17 y/o boy was shot on Sunday.", 0, 1),
        ("Five people were shot on Sunday, including two men who were killed.", 2, 3),
        ("The 14-year-old boy accidentally shot himself in the leg on Sunday.", 0, 1),
        ("A teenager suffered a gunshot wound in a shooting on Sunday, police said.", 0, 1),
        ("Two men are suffering from gunshot wounds after a shooting on Sunday.", 0, 2),
        ("A woman suffered a fatal gunshot wound in a shooting on Sunday.", 1, None),
        ("SAN LEANDRO -- Four people were shot and hospitalized early on Sunday.", 0, 4),
        ("A woman was killed, and her daughter and brother were wounded on Sunday.", 1, 2),
        ("A shooting at a home on Sunday left four people dead.", 4, None),
        ("A third person has died after the shooting on Sunday.", 3, None),
        ("Officers found a man suffering from a gunshot wound on Sunday. He died later.", 1, 0),
        ("The woman was struck in the shoulder during the shooting on Sunday.", 0, 1),
        ("The gun went off in a shooting on Sunday, striking her in the thigh.", 0, 1),
    ],
)
def test_stated_counts(pipeline: Pipeline, text: str, killed: int, injured: int | None) -> None:
    found = counts(extract(pipeline, text))
    assert found["killed"][0] == killed
    assert found.get("injured", (None, ""))[0] == injured
    for _value, quote in found.values():
        assert quote in text


def test_no_count_where_none_is_stated(pipeline: Pipeline) -> None:
    assert counts(extract(pipeline, "Police raided the office of the newspaper on Sunday.")) == {}


# ---------------------------------------------------------------- typology
@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("A criminal case was opened against the lawyer on Monday.", "judicial_harassment"),
        ("The minister filed a libel suit against the reporter on Monday.", "judicial_harassment"),
        ("She has been the target of a relentless campaign of online abuse.", "smear_campaign"),
        ("The online abuse against the blogger went on for weeks.", "smear_campaign"),
    ],
)
def test_typology_triggers(pipeline: Pipeline, text: str, event_type: str) -> None:
    assert types(extract(pipeline, text)) == {event_type}


def test_a_closed_case_is_not_an_event(pipeline: Pipeline) -> None:
    assert extract(pipeline, "The police closed the case on Monday.").events == ()


def test_every_date_line_at_the_head_is_a_dateline(pipeline: Pipeline) -> None:
    text = (
        "Man charged Posted: Tuesday, November 25, 2014 Updated: Tuesday, December 9, 2014\n\n"
        "A man was shot on Monday."
    )
    x = extract(pipeline, text, published=None)
    assert [t.role for t in x.times] == ["dateline", "dateline", "event"]
    assert dates(x) == {"2014-11-24"}


def test_a_person_reported_missing_is_a_disappearance(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "A local journalist, Mr Peter Okello, has been reported missing since March 3 this year.",
    )
    assert types(x) == {"abduction_or_disappearance"}
    assert [v.name for e in events(x) for v in e.victims] == ["Peter Okello"]
    assert not events(extract(pipeline, "The missing documents were never found."))


@pytest.mark.parametrize(
    "text",
    [
        "Police are investigating after a man was shot in Dayton, Ohio.",
        "Detroit police are investigating after a 15-year-old girl was shot by her father.",
    ],
)
def test_what_a_clause_after_an_investigation_tells_happened(pipeline: Pipeline, text: str) -> None:
    assert types(extract(pipeline, text)) == {"assault"}


def test_an_investigation_into_whether_something_happened_is_no_event(pipeline: Pipeline) -> None:
    assert not events(extract(pipeline, "Police are investigating whether the man was shot."))


def test_with_no_publication_date_the_latest_stated_day_dates_weekdays(pipeline: Pipeline) -> None:
    text = (
        "A complaint was filed against the rights group on Monday over a panel discussion.\n\n"
        "The students protested outside its office on Tuesday as well.\n\n"
        "— a reporter on social media, March 8, 2022"
    )
    x = extract(pipeline, text, published=None)
    by_quote = {t.span.quote: t.time.value for t in x.times}
    assert by_quote["Monday"] == "2022-03-07"
    assert by_quote["Tuesday"] == "2022-03-08"
    assert dates(x) == {"2022-03-07"}


def test_a_step_to_come_is_not_the_day_a_report_speaks_from(pipeline: Pipeline) -> None:
    text = (
        "Police detained the lawyer on Monday. His trial is due to open on 20 June 2022, "
        "his family said."
    )
    x = extract(pipeline, text, published=None)
    assert {t.span.quote: t.time.value for t in x.times}["Monday"] is None


def test_a_case_named_by_its_acronym_is_judicial_harassment(pipeline: Pipeline) -> None:
    x = extract(pipeline, "An FIR was filed against the Human Rights Forum on Monday.")
    assert types(x) == {"judicial_harassment"}
    assert dates(x) == {"2019-11-11"}
