"""Document-level linking: which stored incident is a report mainly about?

The report's primary local incident is chosen inside the report (:func:`primary_group`); the
report is then compared, through :mod:`.pairwise`, with the reports already filed under each
candidate incident. Candidates come from blocking (publication dates near the report's, the
incident blocking of :class:`~khronika.link.Linker`, the most recent incidents for an undated
report), so the cost does not grow with the whole store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..store import Store
from .candidates import FULL_COMPARISONS, shortlist
from .pairwise import LinkModel, add_relative, default_model, features
from .profile import ReportProfile
from .text import tfidf_vector, tfidf_weight

if TYPE_CHECKING:
    from . import LocalIncident

PUBLISHED_WINDOW_DAYS = 45
DISTINCTIVE_WORDS = 12  # the report's words of highest TF-IDF, to find reports sharing them


def primary_group(groups: Sequence[LocalIncident]) -> int | None:
    """The index of the local incident the report is mainly about: most mentions, early ones
    and recent dates weigh more; background ("six months ago") weighs less."""
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

    return max(range(len(groups)), key=lambda i: (weight(groups[i]), -i))


class ReportLinker:
    """Finds the stored incident a report's profile belongs to, with the model's reasons."""

    def __init__(
        self, store: Store, model: LinkModel | None = None, documents: int | None = None
    ) -> None:
        """``documents``: the number of stored reports, if the caller has counted them."""
        self.store = store
        self.model = model or default_model()
        self.documents = documents

    def __call__(
        self,
        profile: ReportProfile,
        extra: Sequence[str],
        exclude: set[str],
        ranked: Sequence[Sequence[str]] = (),
    ) -> tuple[str | None, str]:
        """The best of the candidates (``extra``, ranked by blocking keys in ``ranked``, and
        those found here) for the report, or None, and why. Only a shortlist of them
        (:mod:`.candidates`) is compared in full; ``extra`` ids in no ranking always are."""
        df = self.store.document_frequencies(sorted(profile.words))
        documents = self.store.document_count() if self.documents is None else self.documents
        similar = self.store.incidents_of_similar_reports(_distinctive(profile, df, documents))
        keys = [*ranked, similar]
        scored: list[tuple[str, dict[str, float]]] = []
        vector = tfidf_vector(profile.words, df, documents)  # once for all candidates
        found = self.candidates(profile, [*extra, *similar], keys)
        given = {i for key in ranked for i in key}
        always = {i for i in extra if i not in given}  # a reconsidered report's incident
        found = [i for i in found if i not in exclude]
        candidates = shortlist(found, keys, FULL_COMPARISONS, always)
        profiles = self.store.profiles_of_incidents(candidates)  # the existing ones
        for incident_id in candidates:
            if incident_id not in profiles:
                continue
            members = [ReportProfile.from_json(p) for p in profiles[incident_id]]
            members = [m for m in members if m.doc_id != profile.doc_id]
            if members:
                scored.append((incident_id, features(profile, members, df, documents, vector)))
        add_relative([values for _, values in scored])
        best: tuple[float, str, str] | None = None
        for incident_id, values in scored:
            p = self.model.probability(values)
            if best is None or p > best[0]:
                best = (p, incident_id, self.model.explain(values))
        if best is None:
            return None, "no stored incident is a candidate"
        if best[0] < self.model.threshold:
            return None, f"closest was {best[1]}, {best[2]}"
        return best[1], best[2]

    def candidates(
        self, profile: ReportProfile, extra: Sequence[str], keys: list[Sequence[str]]
    ) -> list[str]:
        """``extra`` and the incidents of reports published near the report (or, for an
        undated one, the most recent); each list found here is appended to ``keys``."""
        found: dict[str, None] = dict.fromkeys(extra)
        for day in _anchor_days(profile):
            window = dt.timedelta(days=PUBLISHED_WINDOW_DAYS)
            keys.append(
                self.store.incidents_published_between(
                    (day - window).isoformat(), (day + window).isoformat()
                )
            )
            found.update(dict.fromkeys(keys[-1]))
        if not _anchor_days(profile):
            keys.append(self.store.recent_primary_incidents())
            found.update(dict.fromkeys(keys[-1]))
        return list(found)


def _anchor_days(profile: ReportProfile) -> list[dt.date]:
    days = []
    if profile.published is not None:
        days.append(profile.published)
    time = profile.time
    if (
        time is not None
        and time.latest is not None
        and time.precision in ("day", "range")
        and time.width_days() <= 31
        and time.latest not in days
    ):
        days.append(time.latest)
    return days


def _distinctive(profile: ReportProfile, df: dict[str, int], documents: int) -> list[str]:
    """The report's words that say most about it: highest TF-IDF, seen in another report."""
    weighted = [
        (tfidf_weight(count, df.get(word, 0), documents), word)
        for word, count in profile.words.items()
        if df.get(word, 0) > 1
    ]
    return [w for _, w in sorted(weighted, reverse=True)[:DISTINCTIVE_WORDS]]
