"""Use cases over the record: ingest reports end to end, one transaction per report.

This is the library the CLI (and later the API and web app) call; it works without them.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .actor_corrections import corrected_actors
from .authors import default_author
from .corroborate import Corroborator, Evidence
from .corroborate.reviews import apply_reviews
from .domain.gazetteer import Gazetteer
from .errors import InputError, KhronikaError, StoreError
from .evidence import store_evidence
from .extract.mainplace import main_place
from .ingest import nearcopy
from .ingest.docid import doc_id_problem
from .link import DocumentGrouper, Linker, LocalIncident
from .link.documents import ReportLinker, primary_group
from .link.profile import ReportProfile, build_profile, lead_time
from .link.text import terms
from .model import (
    Claim,
    EventMention,
    Extraction,
    Incident,
    IncomingReport,
    PlaceMention,
    Report,
    TimeMention,
)
from .pages import paginate
from .pipeline import Pipeline, split_paragraphs
from .resolve import ActorResolver, normalise
from .store import DATABASE_ERRORS, Store

if TYPE_CHECKING:
    from .distributed import DaskExtractor


def extract_report(pipeline: Pipeline, incoming: IncomingReport, report: Report) -> Extraction:
    """The report read by the pipeline, its spans on their pages; an error the extractor
    raises becomes the report's own (the batch goes on)."""
    try:
        return paginate(pipeline(report), incoming.pages)  # spans keep their page
    except KhronikaError:
        raise
    except Exception as exc:  # a report the extractor cannot take must not end the batch
        raise _unreadable(incoming, exc) from exc


def _unreadable(incoming: IncomingReport, exc: BaseException) -> InputError:
    return InputError(
        incoming.origin,
        f"this report could not be read by the extractor ({type(exc).__name__}: "
        f"{exc}). Nothing was added; the other reports went on.",
    )


RECONSIDER_ROUNDS = 2  # a batch's reports are filed again at most twice (it settles in one)


@dataclass
class IngestResult:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    copies: list[tuple[str, str]] = field(default_factory=list)
    not_extracted: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, why)
    errors: list[KhronikaError] = field(default_factory=list)


class Record:
    """The khronika record: a store plus the pipeline that fills it."""

    def __init__(
        self, store: Store, pipeline: Pipeline | None = None, author: str | None = None
    ) -> None:
        self.store = store
        self._pipeline = pipeline
        self.author = author or default_author()

    @cached_property
    def pipeline(self) -> Pipeline:
        return self._pipeline or Pipeline()

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer.default()

    def ingest(
        self,
        items: Iterable[IncomingReport | InputError],
        progress: Callable[[str], None] | None = None,
    ) -> IngestResult:
        """Store, extract and link each report; a bad item is reported and the batch goes on."""
        result = IngestResult()
        for item in items:
            if isinstance(item, InputError):
                result.errors.append(item)
            else:
                try:
                    self._ingest_one(item, result)
                except KhronikaError as exc:
                    result.errors.append(exc)
                except DATABASE_ERRORS as exc:  # named, and the batch goes on
                    result.errors.append(_not_stored(item, exc))
            if progress:
                progress(item.origin if isinstance(item, InputError) else item.meta.doc_id)
        try:
            self.reconsider(result.added)
        except KhronikaError as exc:
            result.errors.append(_not_refiled(exc))
        except DATABASE_ERRORS as exc:
            result.errors.append(_not_refiled(exc))
        return result

    def reconsider(self, doc_ids: Sequence[str], rounds: int = RECONSIDER_ROUNDS) -> list[str]:
        """File each report again against the incidents its batch built: a report linked
        before the reports that tell its incident best (an undated arrest report filed under
        a later conviction, the arrest's dated reports arriving after it) moves to the
        incident it now fits best. Reports an analyst placed stay. Returns the reports moved."""
        moved: list[str] = []
        for _ in range(rounds):
            now = [d for d in doc_ids if self._reconsider_one(d)]
            moved += now
            if not now:
                break
        return moved

    def _reconsider_one(self, doc_id: str) -> bool:
        current = self.store.primary_incident(doc_id)
        stored = self.store.report_profile(doc_id)
        if current is None or stored is None or self.store.pinned_mentions(doc_id):
            return False
        profile = ReportProfile.from_json(stored)
        best, why = ReportLinker(self.store)(profile, [current], set())
        if best is None or best == current:
            return False
        with self.store.transaction():
            for mention_id, linked in self.store.doc_links(doc_id).items():
                if linked == current:
                    self.store.link_mention(mention_id, doc_id, best, "reconsidered: " + why)
            self.store.set_primary_incident(doc_id, best)
            if not self.store.mention_links(current):  # nothing else filed under it
                self.store.delete_incident(current)
            else:
                self.rebuild_incident(current)
            self.rebuild_incident(best)
            detail = json.dumps({"doc_id": doc_id, "from": current, "to": best})
            self.store.record_change(
                self.author, "reconsider", None, detail, incidents=[current, best]
            )
        return True

    def _ingest_one(self, incoming: IncomingReport, result: IngestResult) -> None:
        sha = hashlib.sha256(incoming.raw).hexdigest()
        if self._already_stored(incoming, sha, result):
            return
        report = Report(incoming.meta, sha, incoming.text, incoming.media_type)
        self._store_extracted(incoming, sha, self._extract(incoming, report), result)

    def ingest_distributed(
        self,
        items: Iterable[IncomingReport | InputError],
        extractor: DaskExtractor,
        progress: Callable[[str], None] | None = None,
        extracted: Callable[[], None] | None = None,
    ) -> IngestResult:
        """As :meth:`ingest`, each report extracted on a Dask cluster (``extractor``), then
        stored and linked here in the order the reports came: the same record as
        :meth:`ingest` makes. ``extracted`` is called as each extraction comes back."""
        result = IngestResult()

        def sendable() -> Iterator[tuple[Any, IncomingReport, str]]:
            for item in items:
                try:
                    if isinstance(item, InputError):
                        raise item
                    sha = hashlib.sha256(item.raw).hexdigest()
                    if not self._already_stored(item, sha, result):
                        yield item, item, sha
                        continue
                except KhronikaError as exc:
                    result.errors.append(exc)
                if progress:  # neither sent nor waited for
                    progress(item.origin if isinstance(item, InputError) else item.meta.doc_id)

        for incoming, outcome in extractor.extract(self.pipeline, sendable(), extracted):
            try:
                if isinstance(outcome, KhronikaError):
                    raise outcome
                if isinstance(outcome, BaseException):
                    raise _unreadable(incoming, outcome)
                sha = hashlib.sha256(incoming.raw).hexdigest()
                self._store_extracted(incoming, sha, outcome, result)
            except KhronikaError as exc:
                result.errors.append(exc)
            except DATABASE_ERRORS as exc:
                result.errors.append(_not_stored(incoming, exc))
            if progress:
                progress(incoming.meta.doc_id)
        return result

    def _store_extracted(
        self, incoming: IncomingReport, sha: str, extraction: Extraction, result: IngestResult
    ) -> None:
        """Store and link one extracted report (a busy store tried again)."""
        signature = nearcopy.signature(incoming.text)
        for attempt in range(BUSY_RETRIES):
            try:
                return self._store_one(incoming, sha, signature, extraction, result)
            except DATABASE_ERRORS as exc:
                if not _busy(exc) or attempt == BUSY_RETRIES - 1:
                    raise _not_stored(incoming, exc) from exc

    def _already_stored(self, incoming: IncomingReport, sha: str, result: IngestResult) -> bool:
        """True when these bytes are stored (under any id); an error when the id is taken by a
        different report. Asked again inside the transaction: another khronika (a second
        ingest, the web app) may have stored the same report meanwhile."""
        existing = self.store.doc_id_for_sha(sha)
        if existing is not None:
            result.unchanged.append(existing)
            return True
        doc_id = incoming.meta.doc_id
        problem = doc_id_problem(doc_id)
        if problem is not None:
            raise InputError(incoming.origin, problem)
        if self.store.has_doc_id(doc_id):
            raise InputError(
                incoming.origin,
                f"a different report is already stored as "
                f"{doc_id!r}; give this one another doc_id in a manifest.",
            )
        return False

    def _extract(self, incoming: IncomingReport, report: Report) -> Extraction:
        return extract_report(self.pipeline, incoming, report)

    def _store_one(
        self,
        incoming: IncomingReport,
        sha: str,
        signature: tuple[int, ...],
        extraction: Extraction,
        result: IngestResult,
    ) -> None:
        doc_id = incoming.meta.doc_id
        with self.store.transaction():
            if self._already_stored(incoming, sha, result):
                return
            copy_of = self._copy_of(signature)
            self.store.add_report(incoming, sha, copy_of, nearcopy.to_bytes(signature))
            store_evidence(self.store, incoming, self.author)  # pages, provenance, attachments
            self.store.add_bands(doc_id, nearcopy.bands(signature))
            self.store.add_document_terms(sorted(terms([incoming.text])))
            extraction = ActorResolver(self.store)(extraction)
            self.store.save_extraction(extraction, self.pipeline.name)
            touched = self.link_report(extraction) if extraction.extracted else set()
            touched |= set(self.store.doc_links(doc_id).values())
            self.store.record_change(
                self.author,
                "ingest",
                None,
                json.dumps({"doc_id": doc_id, "sha256": sha}),
                doc_id=doc_id,
                incidents=sorted(touched),
            )
        result.added.append(doc_id)
        if not extraction.extracted:
            result.not_extracted.append((doc_id, "; ".join(extraction.notes)))
        if copy_of:
            result.copies.append((doc_id, copy_of))

    def _copy_of(self, signature: tuple[int, ...]) -> str | None:
        best: tuple[float, str] | None = None
        for doc_id, blob in self.store.copy_candidates(nearcopy.bands(signature)):
            score = nearcopy.similarity(signature, nearcopy.from_bytes(blob))
            if score >= nearcopy.COPY_THRESHOLD and (best is None or score > best[0]):
                best = (score, doc_id)
        return best[1] if best else None

    # ---- linking -----------------------------------------------------------------------------
    def link_report(
        self, extraction: Extraction, previous_ids: Mapping[str, str] | None = None
    ) -> set[str]:
        """Link the report's unpinned mentions; returns the incidents touched. The report's
        primary local incident is linked as a whole report (:mod:`.link.documents`), the
        others (background incidents) mention by mention. ``previous_ids`` (mention ->
        incident before a re-link) gives a new incident the id its mentions had (ids are
        cited)."""
        pinned = self.store.pinned_mentions(extraction.doc_id)
        events = [e for e in extraction.events if e.mention_id not in pinned]
        groups = DocumentGrouper(self.gazetteer)(events)
        main = primary_group(groups)
        report = self.store.report(extraction.doc_id)
        profile = build_profile(
            report.meta, report.text, extraction, groups[main] if main is not None else None
        )
        self.store.save_profile(extraction.doc_id, profile.to_json())
        linker = Linker(self.store, self.gazetteer)
        assigned: dict[int, str] = {}
        kept_apart = {i for p in set(pinned.values()) for i in self.store.cannot_link(p)}
        order = sorted(range(len(groups)), key=lambda i: i != main)
        for index in order:
            group = groups[index]
            exclude = set(assigned.values()) | kept_apart
            if index == main:
                blocked = linker.blocked(group)
                incident_id, why = ReportLinker(self.store, documents=linker.document_count())(
                    profile, blocked.ids, exclude, blocked.ranked
                )
            else:
                incident_id, why = linker(group, exclude=exclude)
            if incident_id is None:
                incident_id = self._new_incident_id(group, previous_ids or {})
                self.store.save_incident(_placeholder(incident_id, group))
                why = "new incident: " + why
            assigned[index] = incident_id
            for mention in group.mentions:
                self.store.link_mention(mention.mention_id, extraction.doc_id, incident_id, why)
        primary = assigned[main] if main is not None else next(iter(pinned.values()), None)
        if primary is None:  # no event found: filed by its words, dates, places and people
            primary, _ = ReportLinker(self.store, documents=linker.document_count())(
                profile, [], kept_apart
            )
        self.store.set_primary_incident(extraction.doc_id, primary)
        touched = set(assigned.values()) | set(pinned.values())
        if primary is not None:
            touched.add(primary)
        seen = _Rebuilding({extraction.doc_id: extraction})  # one long report: many incidents
        for incident_id in sorted(touched):
            self.rebuild_incident(incident_id, seen)
        return touched

    def _new_incident_id(self, group: LocalIncident, previous_ids: Mapping[str, str]) -> str:
        """A fresh id, or after a re-link the id these mentions had before (ids are cited)."""
        before = Counter(
            previous_ids[m.mention_id] for m in group.mentions if m.mention_id in previous_ids
        )
        for incident_id, _ in before.most_common():
            if not self.store.incident_exists(incident_id):
                return incident_id
        return f"inc-{self.store.next_incident_seq():05d}"

    def rebuild_incident(self, incident_id: str, seen: _Rebuilding | None = None) -> None:
        """Grade the incident anew from its reports. ``seen`` keeps what was read for the
        incidents rebuilt before it in the same change (a report read once, not once per
        incident: a 5 MB report feeds hundreds of incidents)."""
        seen = seen or _Rebuilding({})
        links = self.store.mention_links(incident_id)
        doc_ids = list(dict.fromkeys(link.doc_id for link in links))
        doc_ids += [d for d in self.store.primary_reports(incident_id) if d not in doc_ids]
        wanted = {link.mention_id for link in links}
        mentions: list[EventMention] = []
        details: list[Claim] = []
        actor_places: list[tuple[str, PlaceMention]] = []
        fallback: dict[str, PlaceMention] = {}
        main_places: list[PlaceMention] = []
        lead_times: list[TimeMention] = []
        primary_of = set(self.store.primary_reports(incident_id))
        for doc_id in doc_ids:
            extraction = seen.extraction(self.store, doc_id)
            place = main_place(extraction) if doc_id in primary_of else None
            if place is not None:
                main_places.append(place)
            lead = lead_time(extraction) if doc_id in primary_of else None
            if lead is not None:
                lead_times.append(lead)
            mentions += [e for e in extraction.events if e.mention_id in wanted]
            details += [c for c, o in self._detail_owners(extraction, seen) if o == incident_id]
            actor_places += list(extraction.actor_places)
            country = self._main_country(extraction)
            if country is not None:
                fallback[doc_id] = country
        order = sorted(doc_ids, key=lambda d: self.store.source_info(d).seq)
        evidence = Evidence(
            mentions,
            details,
            actor_places,
            fallback,
            self._source_key,
            order,
            tuple(doc_ids),
            tuple(main_places),
            tuple(lead_times),
        )
        incident = Corroborator(self.gazetteer)(incident_id, evidence)
        reviews = self.store.reviews(incident_id)
        incident = apply_reviews(incident, reviews, self.gazetteer)
        self.store.save_incident(corrected_actors(incident, self.store))
        sentences = dict.fromkeys(m.sentence.quote for m in mentions)
        self.store.set_incident_terms(incident_id, dict(terms(sentences)))

    def _detail_owners(
        self, extraction: Extraction, seen: _Rebuilding
    ) -> list[tuple[Claim, str | None]]:
        """Each detail claim of a report with the incident it belongs to (once per report)."""
        doc_id = extraction.doc_id
        if doc_id not in seen.owners:
            links = self.store.doc_links(doc_id)
            primary = self.store.primary_incident(doc_id)
            text = self.store.report(doc_id).text
            owner = _detail_owners(extraction, text, links, primary)
            seen.owners[doc_id] = [(c, owner(c)) for c in extraction.details]
        return seen.owners[doc_id]

    def _main_country(self, extraction: Extraction) -> PlaceMention | None:
        counts = Counter(
            p.place.country or p.place.name
            for p in extraction.places
            if p.place.country or p.place.kind == "country"
        )
        if not counts:
            return None
        country = counts.most_common(1)[0][0]
        place = self.gazetteer.lookup(country)
        first = next(p for p in extraction.places if (p.place.country or p.place.name) == country)
        return PlaceMention(first.span, place) if place else None

    def _source_key(self, doc_id: str) -> str:
        """Independent sources: copies count as their original, then one per publisher."""
        source = self.store.source_info(doc_id)
        seen = {doc_id}
        while source.copy_of and source.copy_of not in seen:
            seen.add(doc_id := source.copy_of)
            source = self.store.source_info(doc_id)
        return "publisher:" + normalise(source.publisher) if source.publisher else "doc:" + doc_id


BUSY_RETRIES = 3  # each attempt waits up to the store's busy timeout for the lock


def _busy(exc: Exception) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _not_refiled(exc: Exception) -> StoreError:
    """Filing a batch again stopped: nothing is lost, every report stays where it was filed."""
    return StoreError(
        f"Filing this batch's reports again against one another stopped ({exc}). Every "
        "report is stored and filed where it was first placed; run `khronika relink` to file "
        "them again."
    )


def _not_stored(incoming: IncomingReport, exc: Exception) -> StoreError:
    if _busy(exc):
        why = (
            "the store stayed busy (another khronika was writing to it for minutes); "
            "ingest this file again"
        )
    else:
        why = f"the store refused it ({exc}); run `khronika verify`"
    return StoreError(f"{incoming.origin}: this report was not added: {why}. Nothing was changed.")


@dataclass
class _Rebuilding:
    """What rebuilding incidents one after another has read already."""

    extractions: dict[str, Extraction]
    owners: dict[str, list[tuple[Claim, str | None]]] = field(default_factory=dict)

    def extraction(self, store: Store, doc_id: str) -> Extraction:
        if doc_id not in self.extractions:
            self.extractions[doc_id] = store.extraction(doc_id)
        return self.extractions[doc_id]


def _placeholder(incident_id: str, group: LocalIncident) -> Incident:
    return Incident(incident_id, group.event_type)


def _detail_owners(
    extraction: Extraction, text: str, links: dict[str, str], primary: str | None
) -> Callable[[Claim], str | None]:
    """Which incident a detail claim belongs to: its sentence's, else its paragraph's
    nearest earlier mention's, else the report's primary incident. Every look-up is a binary
    search, so a report with thousands of claims and mentions takes no quadratic time."""
    paragraphs = [(start, start + len(chunk)) for start, chunk in split_paragraphs(text)]
    paragraph_starts = [start for start, _ in paragraphs]
    events = sorted(
        (e for e in extraction.events if e.mention_id in links), key=lambda e: e.trigger.start
    )
    triggers = [e.trigger.start for e in events]
    by_sentence = sorted(events, key=lambda e: (e.sentence.start, e.trigger.start))
    sentence_starts = [e.sentence.start for e in by_sentence]

    def owner(claim: Claim) -> str | None:
        start = claim.span.start
        last = bisect.bisect_right(sentence_starts, start) - 1  # sentences do not overlap
        if last >= 0 and start < by_sentence[last].sentence.end:  # the claim's sentence
            first = bisect.bisect_left(sentence_starts, sentence_starts[last])
            return links[by_sentence[first].mention_id]
        index = bisect.bisect_right(paragraph_starts, start) - 1
        bounds = paragraphs[index] if index >= 0 and start < paragraphs[index][1] else None
        if bounds is not None:
            low = bisect.bisect_left(triggers, bounds[0])
            at = bisect.bisect_left(triggers, start)
            high = bisect.bisect_left(triggers, bounds[1])
            if at > low:  # the nearest earlier mention in the paragraph
                return links[events[at - 1].mention_id]
            if high > at:  # else the first one after
                return links[events[at].mention_id]
            if elsewhere_in_time(bounds):
                return None  # "Two weeks ago, ...": a paragraph about another time
        return primary

    primary_times = [
        e.time.time for e in events if links[e.mention_id] == primary and e.time is not None
    ]

    def elsewhere_in_time(bounds: tuple[int, int]) -> bool:
        times = [t.time for t in extraction.times if bounds[0] <= t.span.start < bounds[1]]
        known = [t for t in times if t.known]
        return bool(primary_times and known) and not any(
            t.overlaps(p) for t in known for p in primary_times
        )

    return owner
