"""Decisions over a whole report's event mentions, after each was found in its sentence.

* A violent act in a report that tells of a death is a killing: "three men were shot; one died"
  makes the shooting mentions killings (the assault type is kept as a secondary type), unless
  their dates rule out that they are the same event (a death dated months or years before
  the report's event, "charged in the 2010 shooting death", is another).
* A mention whose sentence gives no event time takes the time of the nearest mention of its
  type family in its paragraph that has one (an earlier one first); a mention in the report's
  opening (its first ``LEAD_CHARS`` characters) else takes the report's lead time: the time of
  the first mention in the opening dated to a day (or a few days), else the first time in the
  opening that dates an event (not a statement, a follow-up or the dateline), is a day (or a
  few days), and lies within ``LEAD_MAX_DAYS`` before the report's date.  Mentions further
  down without a time stay undated: they are often background (an earlier killing, a campaign).
  Follow-up mentions take no time: their dates are not the event's.
* Killed and injured counts (:mod:`casualties`) go to the mention of the sentence that states
  them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..domain.lexicon import TYPE_GROUPS, VIOLENT_LEMMAS
from ..model import Claim, EventMention, TimeMention
from ..pipeline import ReportDocument
from .casualties import find_casualties

LEAD_CHARS = 700
LEAD_MAX_DAYS = 62
LEAD_MAX_WIDTH = 7


def document_pass(
    document: ReportDocument, found: list[tuple[EventMention, str]]
) -> list[EventMention]:
    lead = _report_lead(document, [m for m, _ in found])
    mentions = _inherit_times(document, _fatal_violence(document, found, lead), lead)
    deaths = any(m.event_type == "killing" and not m.follow_up for m in mentions)
    return attach_casualties(mentions, find_casualties(document, deaths))


def attach_casualties(mentions: list[EventMention], claims: list[Claim]) -> list[EventMention]:
    """Each count goes to the mention told in its sentence, else to the report's first
    killing or assault (the English and the other languages' extractors both)."""
    owners: dict[int, list[Claim]] = {}
    violent = [i for i, m in enumerate(mentions) if m.event_type in ("killing", "assault")]
    for claim in claims:
        here = [
            i
            for i, m in enumerate(mentions)
            if m.sentence.start <= claim.span.start < m.sentence.end and not m.follow_up
        ]
        choices = here or violent
        if choices:
            owners.setdefault(choices[0], []).append(claim)
    return [
        dataclasses.replace(m, casualties=tuple(owners[i])) if i in owners else m
        for i, m in enumerate(mentions)
    ]


def _fatal_violence(
    document: ReportDocument, found: list[tuple[EventMention, str]], lead: TimeMention | None
) -> list[EventMention]:
    """Violent acts become killings where the report tells of a death at their time, not of
    one long before them: an undated act is at the report's lead time (or its date), and a
    death without a time of its own is at the date its sentence gives ("charged with assault
    on Wednesday for shooting a friend" is no killing for "charged in the Sept. 16, 2010,
    shooting death")."""
    deaths = [m for m, _ in found if m.event_type == "killing" and not m.follow_up]
    death_times = [d.time or _sentence_time(document, d) for d in deaths]
    published = document.report.meta.published or _dateline(document)
    out: list[EventMention] = []
    for mention, lemma in found:
        when = mention.time or lead
        done = when.time.earliest if when is not None else published
        if (
            deaths
            and mention.event_type == "assault"
            and lemma in VIOLENT_LEMMAS
            and any(
                _same_time(mention, d) and not _long_before(t, done)
                for d, t in zip(deaths, death_times, strict=True)
            )
        ):
            mention = dataclasses.replace(
                mention, event_type="killing", secondary_types=("assault",)
            )
        out.append(mention)
    return out


def _sentence_time(document: ReportDocument, mention: EventMention) -> TimeMention | None:
    """The first time in a mention's sentence, whatever it dates."""
    sentence = mention.sentence
    return next((t for t in document.times if sentence.start <= t.span.start < sentence.end), None)


def _long_before(death: TimeMention | None, done: dt.date | None) -> bool:
    """A death dated more than ``LEAD_MAX_DAYS`` before the act (or, undated, the report):
    another, earlier event."""
    died = death.time.latest if death is not None else None
    return died is not None and done is not None and (done - died).days > LEAD_MAX_DAYS


def _same_time(a: EventMention, b: EventMention) -> bool:
    if a.time is None or b.time is None:
        return True
    return a.time.time.overlaps(b.time.time)


def _family(event_type: str) -> set[str]:
    found = {event_type}
    for group in TYPE_GROUPS:
        if event_type in group:
            found |= group
    return found


def _report_lead(document: ReportDocument, mentions: list[EventMention]) -> TimeMention | None:
    """The time of the first mention in the opening dated to a day (or a few days), else the
    report's lead time."""
    lead = next(
        (
            m.time
            for m in mentions
            if m.time is not None
            and not m.follow_up
            and m.trigger.start < LEAD_CHARS
            and m.time.time.width_days() <= LEAD_MAX_WIDTH
        ),
        None,
    )
    return lead or _lead_time(document)


def _inherit_times(
    document: ReportDocument, mentions: list[EventMention], lead: TimeMention | None
) -> list[EventMention]:
    dated = [m for m in mentions if m.time is not None and not m.follow_up]
    out: list[EventMention] = []
    for mention in mentions:
        if mention.time is None and not mention.follow_up:
            time = _nearest(document, mention, dated)
            if time is None and mention.trigger.start < LEAD_CHARS:
                time = lead
            if time is not None:
                mention = dataclasses.replace(mention, time=time)
        out.append(mention)
    return out


def _nearest(
    document: ReportDocument, mention: EventMention, dated: list[EventMention]
) -> TimeMention | None:
    family = _family(mention.event_type)
    here = mention.trigger.start
    paragraph = next(
        (
            (p.offset, p.offset + len(p.text))
            for p in document.paragraphs
            if p.offset <= here < p.offset + len(p.text)
        ),
        (here, here + 1),
    )
    kin = [
        d
        for d in dated
        if d.event_type in family and paragraph[0] <= d.trigger.start < paragraph[1]
    ]
    if not kin:
        return None
    best = min(kin, key=lambda d: (d.trigger.start > here, abs(d.trigger.start - here)))
    return best.time


def _lead_time(document: ReportDocument) -> TimeMention | None:
    reference = document.report.meta.published or _dateline(document)
    for time in document.times:
        value = time.time
        if time.span.start >= 2 * LEAD_CHARS:
            break
        if time.follow_up or not value.known or value.width_days() > LEAD_MAX_WIDTH:
            continue
        ref = value.reference or reference
        if value.latest is None:
            continue
        if ref is None or 0 <= (ref - value.latest).days <= LEAD_MAX_DAYS:
            return time  # with no date for the report, an absolute date cannot be checked
    return None


def _dateline(document: ReportDocument) -> dt.date | None:
    return next((t.time.earliest for t in document.times if t.role == "dateline"), None)
