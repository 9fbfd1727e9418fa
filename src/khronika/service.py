"""Use cases over the record: ingest reports end to end, one transaction per report.

This is the library the CLI (and later the API and web app) call; it works without them.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from .corroborate import Corroborator, Evidence
from .errors import InputError, KhronikaError
from .extract.gazetteer import Gazetteer
from .ingest import nearcopy
from .link import DocumentGrouper, Linker, LocalIncident
from .model import (
    Claim,
    EventMention,
    Extraction,
    Incident,
    IncomingReport,
    PlaceMention,
    Report,
)
from .pipeline import Pipeline, split_paragraphs
from .resolve import ActorResolver, normalise
from .store import Store


@dataclass
class IngestResult:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    copies: list[tuple[str, str]] = field(default_factory=list)
    errors: list[KhronikaError] = field(default_factory=list)


class Record:
    """The khronika record: a store plus the pipeline that fills it."""

    def __init__(self, store: Store, pipeline: Pipeline | None = None) -> None:
        self.store = store
        self._pipeline = pipeline

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
            if progress:
                progress(item.origin if isinstance(item, InputError) else item.meta.doc_id)
        return result

    def _ingest_one(self, incoming: IncomingReport, result: IngestResult) -> None:
        sha = hashlib.sha256(incoming.raw).hexdigest()
        existing = self.store.doc_id_for_sha(sha)
        if existing is not None:
            result.unchanged.append(existing)
            return
        doc_id = incoming.meta.doc_id
        if self.store.has_doc_id(doc_id):
            raise InputError(
                incoming.origin,
                f"a different report is already stored as "
                f"{doc_id!r}; give this one another doc_id in a manifest.",
            )
        signature = nearcopy.signature(incoming.text)
        copy_of = self._copy_of(signature)
        report = Report(incoming.meta, sha, incoming.text, incoming.media_type, copy_of)
        extraction = self.pipeline(report)
        with self.store.transaction():
            self.store.add_report(incoming, sha, copy_of, nearcopy.to_bytes(signature))
            extraction = ActorResolver(self.store)(extraction)
            self.store.save_extraction(extraction, self.pipeline.name)
            self._link(extraction)
        result.added.append(doc_id)
        if copy_of:
            result.copies.append((doc_id, copy_of))

    def _copy_of(self, signature: tuple[int, ...]) -> str | None:
        best: tuple[float, str] | None = None
        for doc_id, blob in self.store.minhashes():
            score = nearcopy.similarity(signature, nearcopy.from_bytes(blob))
            if score >= nearcopy.COPY_THRESHOLD and (best is None or score > best[0]):
                best = (score, doc_id)
        return best[1] if best else None

    # ---- linking -----------------------------------------------------------------------------
    def _link(self, extraction: Extraction) -> None:
        groups = DocumentGrouper(self.gazetteer)(list(extraction.events))
        linker = Linker(self.store, self.gazetteer)
        assigned: dict[int, str] = {}
        for index, group in enumerate(groups):
            incident_id, why = linker(group, exclude=set(assigned.values()))
            if incident_id is None:
                incident_id = f"inc-{self.store.next_incident_seq():05d}"
                self.store.save_incident(_placeholder(incident_id, group))
                why = "new incident: " + why
            assigned[index] = incident_id
            for mention in group.mentions:
                self.store.link_mention(mention.mention_id, extraction.doc_id, incident_id, why)
        primary = _primary(groups, assigned, extraction)
        self.store.set_primary_incident(extraction.doc_id, primary)
        for incident_id in dict.fromkeys(assigned.values()):
            self.rebuild_incident(incident_id)

    def rebuild_incident(self, incident_id: str) -> None:
        links = self.store.mention_links(incident_id)
        doc_ids = list(dict.fromkeys(d for _, d, _, _ in links))
        wanted = {m for m, _, _, _ in links}
        mentions: list[EventMention] = []
        details: list[Claim] = []
        actor_places: list[tuple[str, PlaceMention]] = []
        fallback: dict[str, PlaceMention] = {}
        for doc_id in doc_ids:
            extraction = self.store.extraction(doc_id)
            mentions += [e for e in extraction.events if e.mention_id in wanted]
            details += self._details_for(extraction, incident_id)
            actor_places += list(extraction.actor_places)
            country = self._main_country(extraction)
            if country is not None:
                fallback[doc_id] = country
        order = sorted(doc_ids, key=lambda d: self.store.source_info(d)[2])
        evidence = Evidence(mentions, details, actor_places, fallback, self._source_key, order)
        self.store.save_incident(Corroborator(self.gazetteer)(incident_id, evidence))

    def _details_for(self, extraction: Extraction, incident_id: str) -> list[Claim]:
        links = self.store.doc_links(extraction.doc_id)
        primary = self.store.primary_incident(extraction.doc_id)
        text = self.store.report(extraction.doc_id).text
        owner = _detail_owners(extraction, text, links, primary)
        return [c for c in extraction.details if owner(c) == incident_id]

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
        publisher, copy_of, _ = self.store.source_info(doc_id)
        seen = {doc_id}
        while copy_of and copy_of not in seen:
            seen.add(copy_of)
            doc_id = copy_of
            publisher, copy_of, _ = self.store.source_info(doc_id)
        return "publisher:" + normalise(publisher) if publisher else "doc:" + doc_id


def _placeholder(incident_id: str, group: LocalIncident) -> Incident:
    return Incident(incident_id, group.event_type)


def _primary(
    groups: list[LocalIncident], assigned: dict[int, str], extraction: Extraction
) -> str | None:
    """The incident the report is mainly about: most mentions, early ones and recent dates
    weigh more; background ("six months ago") weighs less."""
    if not groups:
        return None

    def weight(group: LocalIncident) -> float:
        score = 0.0
        for mention in group.mentions:
            score += 1.0 + (2.0 if mention.trigger.start < 600 else 0.0)
            time = mention.time.time if mention.time else None
            if (
                time
                and time.reference
                and time.latest
                and time.precision == "day"
                and (time.reference - time.latest).days <= 3
            ):
                score += 2.0
        return score

    best = max(range(len(groups)), key=lambda i: (weight(groups[i]), -i))
    return assigned[best]


def _detail_owners(
    extraction: Extraction, text: str, links: dict[str, str], primary: str | None
) -> Callable[[Claim], str | None]:
    """Which incident a detail claim belongs to: its sentence's, else its paragraph's
    nearest earlier mention's, else the report's primary incident."""
    paragraphs = [(start, start + len(chunk)) for start, chunk in split_paragraphs(text)]
    events = [e for e in extraction.events if e.mention_id in links]

    def owner(claim: Claim) -> str | None:
        start = claim.span.start
        same_sentence = [e for e in events if e.sentence.start <= start < e.sentence.end]
        if same_sentence:
            return links[same_sentence[0].mention_id]
        bounds = next(((s, e) for s, e in paragraphs if s <= start < e), None)
        if bounds is not None:
            before = [e for e in events if bounds[0] <= e.trigger.start < start]
            after = [e for e in events if start <= e.trigger.start < bounds[1]]
            if before or after:
                return links[(before[-1] if before else after[0]).mention_id]
        return primary

    return owner
