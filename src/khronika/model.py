"""The khronika data model, in one place.

Small frozen dataclasses. Every extracted value carries a :class:`SourceSpan`
(document, character offsets into the report's extracted text, and the quote):
a claim cannot be built without one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

EVENT_TYPES: tuple[str, ...] = (
    "killing",
    "attack_on_premises",
    "arson",
    "raid_or_search",
    "arbitrary_detention",
    "abduction_or_disappearance",
    "torture_or_ill_treatment",
    "assault",
    "threat_or_intimidation",
    "judicial_harassment",
    "smear_campaign",
    "property_seizure",
    "other",
)

Precision = Literal["day", "month", "year", "range", "unknown"]
ActorKind = Literal["person", "organization", "group"]
PlaceKind = Literal["city", "region", "country", "area"]
Role = Literal["perpetrator", "victim"]
Status = Literal["corroborated", "single_source", "contested"]


@dataclass(frozen=True)
class SourceSpan:
    """Where a value comes from: a document, character offsets, and the quote."""

    doc_id: str
    start: int
    end: int
    quote: str
    # The page of a paged report (PDF, scan) the quote starts on; None for other reports
    # (left out of stored JSON then). Not part of a span's identity.
    page: int | None = field(default=None, compare=False, metadata={"omit_none": True})

    def __post_init__(self) -> None:
        if not self.doc_id:
            raise ValueError("a source span needs a document id")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span offsets {self.start}..{self.end}")
        if len(self.quote) != self.end - self.start:
            raise ValueError("quote length does not match the span offsets")
        if self.page is not None and self.page < 1:
            raise ValueError(f"bad page number {self.page}")

    @classmethod
    def of(cls, doc_id: str, text: str, start: int, end: int) -> SourceSpan:
        return cls(doc_id, start, end, text[start:end])


@dataclass(frozen=True)
class ReportMeta:
    """What is known about a report besides its text."""

    doc_id: str
    url: str | None = None
    publisher: str | None = None
    published: dt.date | None = None  # the first day of its month or year when less precise
    title: str | None = None
    language: str | None = None
    published_precision: Precision | None = None  # "month", "year"; None: the day is known

    @property
    def published_text(self) -> str | None:
        """The publication date as known: ``2017-10-05``, ``2017-10`` or ``2017``."""
        if self.published is None:
            return None
        if self.published_precision == "year":
            return f"{self.published.year:04d}"
        if self.published_precision == "month":
            return self.published.isoformat()[:7]
        return self.published.isoformat()

    @classmethod
    def parse_published(cls, value: str) -> tuple[dt.date, Precision | None]:
        """``2017-10-05``, ``2017-10`` or ``2017`` -> (its first day, its precision); raises
        ValueError for anything else."""
        value = value.strip()
        if re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 1, 1), "year"
        if re.fullmatch(r"\d{4}-\d{2}", value):
            return dt.date.fromisoformat(value + "-01"), "month"
        return dt.date.fromisoformat(value), None


@dataclass(frozen=True)
class PageSpan:
    """One page of a paged report: where its text lies in the report's text, and whether it
    was read by OCR (with Tesseract's mean word confidence, 0-100)."""

    page: int  # from 1
    start: int
    end: int
    ocr: bool = False
    confidence: float | None = None


@dataclass(frozen=True)
class IncomingAttachment:
    """A file that came with a report (a Telegram message's photo, say), kept as evidence."""

    name: str
    raw: bytes


@dataclass(frozen=True)
class IncomingReport:
    """A report read by ingest, not yet stored."""

    meta: ReportMeta
    raw: bytes
    text: str
    media_type: str  # text/plain, text/html, application/rss+xml, ...
    origin: str  # file path or "manifest.jsonl:3", for error messages
    pages: tuple[PageSpan, ...] = ()  # a PDF's or a scan's pages
    # Where it came from beyond its URL: ("kind", "warc"), ("captured_at", ...), ...
    provenance: tuple[tuple[str, str], ...] = ()
    attachments: tuple[IncomingAttachment, ...] = ()


@dataclass(frozen=True)
class Report:
    """A stored report: the original bytes are kept untouched elsewhere."""

    meta: ReportMeta
    sha256: str
    text: str
    media_type: str
    copy_of: str | None = None
    ingested_at: str | None = None

    @property
    def doc_id(self) -> str:
        return self.meta.doc_id


@dataclass(frozen=True)
class TimeValue:
    """A normalised time: ISO value at its precision plus the interval it covers."""

    value: str | None  # "2015-06-03" | "2014-12" | "2015" | None
    earliest: dt.date | None
    latest: dt.date | None
    precision: Precision
    reference: dt.date | None = None  # the date relative expressions were resolved against

    def overlaps(self, other: TimeValue) -> bool:
        if None in (self.earliest, self.latest, other.earliest, other.latest):
            return True
        assert self.earliest and self.latest and other.earliest and other.latest
        return self.earliest <= other.latest and other.earliest <= self.latest

    def contains(self, other: TimeValue) -> bool:
        """True if every day of the other time is one of this time's ("June 2015" holds
        "3 June 2015"); an open-ended time holds nothing."""
        if None in (self.earliest, self.latest, other.earliest, other.latest):
            return False
        assert self.earliest and self.latest and other.earliest and other.latest
        return self.earliest <= other.earliest and other.latest <= self.latest

    @property
    def known(self) -> bool:
        return self.precision != "unknown"

    def width_days(self) -> int:
        if self.earliest is None or self.latest is None:
            return 10**6
        return (self.latest - self.earliest).days


UNKNOWN_TIME = TimeValue(None, None, None, "unknown")


@dataclass(frozen=True)
class Place:
    """A gazetteer place. ``place_id`` is stable across reports (e.g. ``geonames:558418``)."""

    place_id: str
    name: str
    kind: PlaceKind
    region: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    @property
    def region_name(self) -> str | None:
        """The region the place is (its own name, for a region) or lies in."""
        return self.name if self.kind == "region" else self.region

    def within(self, other: Place) -> bool:
        """True if this place is the other one or lies inside it."""
        if self.place_id == other.place_id:
            return True
        if other.kind == "country":
            return self.country == other.name
        if other.kind == "region":
            return self.region == other.name and self.country == other.country
        return False


@dataclass(frozen=True)
class ActorMention:
    span: SourceSpan
    name: str  # cleaned surface name ("Joint Mobile Group", "masked men")
    kind: ActorKind
    title: str | None = None  # "Head of the Committee Against Torture"
    count: int | None = None  # "two staff members" -> 2
    actor_key: str | None = None  # filled by resolve


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a report. ``incidental``: named for something else than where the
    event happened: someone's home ("a Covington woman", "Jane Doe, 15, of Raleigh,"), the
    hospital that treated them ("Mercy Hospital in Dayton"), a war ("an Iraq war veteran").
    ``region_written``: the English name the report gives the place's region when the
    gazetteer's differs ("Kibiti in the Coast Region": Coast Region, which GeoNames calls
    Pwani); shown as the region, never compared. ``county_written``: the county a report
    names when it names no town ("a Clark County teen", placed in its state); shown as the
    incident's place, never compared. ``headline``: the report's headline names the place
    too ("San Bernardino shooting victims: who they were")."""

    span: SourceSpan
    place: Place
    incidental: bool = False
    region_written: str | None = None
    county_written: str | None = None
    headline: bool = False


TimeRole = Literal["event", "follow_up", "statement", "dateline"]


@dataclass(frozen=True)
class TimeMention:
    """A time expression. ``role`` says what it dates: ``event`` (what happened, the default),
    ``follow_up`` (a step after the event: charges, a hearing, a funeral, a vigil, an
    anniversary), ``statement`` (when something was said: "police said Monday") or
    ``dateline`` (when the report was written or updated). Only ``event`` times date events."""

    span: SourceSpan
    time: TimeValue
    role: TimeRole = "event"

    @property
    def follow_up(self) -> bool:
        return self.role != "event"


@dataclass(frozen=True)
class EventMention:
    """One mention of an event in one report, typed by the typology, with its roles."""

    mention_id: str  # "<doc_id>#<trigger start>"
    trigger: SourceSpan
    sentence: SourceSpan
    event_type: str
    perpetrators: tuple[ActorMention, ...] = ()
    victims: tuple[ActorMention, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    time: TimeMention | None = None
    secondary_types: tuple[str, ...] = ()
    anaphoric: bool = False  # "the attack", "this latest attack": refers back
    # A step taken after another event the report tells ("police arrested a suspect in the
    # shooting", "a vigil was held"): not an incident of its own, and its date is not the event's.
    follow_up: bool = False
    # Stated counts: claims with field "killed" or "injured", value the number as text.
    casualties: tuple[Claim, ...] = ()

    def __post_init__(self) -> None:
        if self.event_type not in EVENT_TYPES:
            raise ValueError(f"unknown event type {self.event_type!r}")

    @property
    def doc_id(self) -> str:
        return self.trigger.doc_id


@dataclass(frozen=True)
class Claim:
    """One sourced statement about an incident: ``field`` = ``value`` according to ``span``."""

    field: str  # event_type | date | place | victim | perpetrator | detail | killed | injured
    value: str
    span: SourceSpan
    key: str = ""  # normalised value used to compare claims across reports

    def __post_init__(self) -> None:
        if not isinstance(self.span, SourceSpan):
            raise TypeError("a claim cannot exist without a source span")


@dataclass(frozen=True)
class Statement:
    """A statement or quote attributed to its speaker ("..., says Engesland")."""

    span: SourceSpan  # the words said or written
    speaker: ActorMention | None  # None when the report does not say who
    cue: str  # the reporting verb: "says", "said", "stated", "according to"
    direct: bool  # True for a quotation in quotation marks


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one report."""

    doc_id: str
    actors: tuple[ActorMention, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    times: tuple[TimeMention, ...] = ()
    events: tuple[EventMention, ...] = ()
    details: tuple[Claim, ...] = ()  # detail claims tied to an event mention via key prefix
    aliases: tuple[tuple[str, str, SourceSpan], ...] = ()  # (alias, full name, evidence)
    actor_places: tuple[tuple[str, PlaceMention], ...] = ()  # organisation located in place
    statements: tuple[Statement, ...] = ()
    # Every name the statistical model alone read as a person's (never shown to viewers).
    people: tuple[SourceSpan, ...] = ()
    language: str | None = None  # detected language (ISO 639-1), None if undetected
    extracted: bool = True  # False: stored but not extracted (e.g. not an English report)
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Fact:
    """A graded statement about an incident: its value, its status, and every source span."""

    field: str
    value: str
    status: Status
    sources: tuple[SourceSpan, ...]
    review: str | None = None  # "confirmed by X", "rejected by X", "edited by X (was ...)"

    def __post_init__(self) -> None:
        if not self.sources:
            raise ValueError(f"fact {self.field}={self.value!r} has no source")


@dataclass(frozen=True)
class DateField:
    value: str | None = None
    earliest: str | None = None
    latest: str | None = None
    precision: Precision = "unknown"
    status: Status | None = None


@dataclass(frozen=True)
class LocationField:
    place: str | None = None
    region: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    status: Status | None = None
    place_id: str | None = None
    inferred: bool = False  # not stated for this incident: from where the victim is based


@dataclass(frozen=True)
class RoleEntry:
    name: str
    actor_id: str | None
    kind: str
    count: int | None = None


@dataclass(frozen=True)
class Incident:
    """One incident as the record holds it, in the shape of the export contract."""

    incident_id: str
    event_type: str
    secondary_event_types: tuple[str, ...] = ()
    date: DateField = DateField()
    location: LocationField = LocationField()
    victims: tuple[RoleEntry, ...] = ()
    perpetrators: tuple[RoleEntry, ...] = ()
    doc_ids: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()
    killed: int | None = None  # as the reports state it; None when none does
    injured: int | None = None


@dataclass(frozen=True)
class Actor:
    actor_id: str
    name: str
    kind: ActorKind
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Attachment:
    """A photo, video, audio file or document kept as evidence of a report or an incident.
    Its bytes are an original (by SHA-256); ``metadata`` is what the file itself says
    (capture time, camera, GPS, ...), as JSON-ready values."""

    attachment_id: str
    sha256: str
    name: str
    media_type: str
    size: int
    metadata: dict[str, object]
    doc_id: str | None = None
    incident_id: str | None = None
    added_at: str | None = None
    added_by: str | None = None
    has_thumbnail: bool = False
