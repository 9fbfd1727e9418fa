"""Which of a report's blocked candidates get the full comparison: a bounded shortlist.

Blocking finds candidates by several keys (dates near the event's, places, actors, words
shared with recent reports, publication dates near the report's), each key's list capped and
ranked best first. Their union still grows with the store until every key's cap is reached
(at 10,000 reports most keys hold fewer than their cap; at 100,000 all are full), and the full
comparison of each candidate (its reports' profiles read, :func:`.pairwise.features`, the
model) is most of the cost of adding a report. So only ``limit`` candidates get it: those the
keys rank best together, by reciprocal rank fusion (the sum over the keys that found a
candidate of 1 / (RANK_OFFSET + its rank there)): a candidate near the top of one key, or found
by several, goes first. Candidates in no ranking, and those to be kept whatever their rank (a
reconsidered report's present incident), always are; with ``limit`` or fewer, all are, in
their order.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Sequence

FULL_COMPARISONS = 150  # per report: reached by most reports of a 10,000-report record
LOCAL_COMPARISONS = 60  # per background incident of a report (Linker)
RANK_OFFSET = 60  # the usual constant of reciprocal rank fusion


def shortlist(
    ids: Sequence[str],
    ranked: Sequence[Sequence[str]],
    limit: int,
    always: Collection[str] = (),
) -> list[str]:
    """The ``limit`` of ``ids`` the rankings put first together (see the module), in the
    order of ``ids``; ties go to the earlier in ``ids``. Ids in no ranking, and those in
    ``always`` (the present incident of a report reconsidered), are kept whatever their
    rank."""
    if len(ids) <= limit:
        return list(ids)
    unranked = float("inf")
    fused: dict[str, float] = dict.fromkeys(always, unranked)
    for keyed in ranked:
        for rank, incident_id in enumerate(keyed):
            fused[incident_id] = fused.get(incident_id, 0.0) + 1.0 / (RANK_OFFSET + rank)
    order = {incident_id: n for n, incident_id in enumerate(ids)}
    best = heapq.nsmallest(limit, order, key=lambda i: (-fused.get(i, unranked), order[i]))
    kept = set(best)
    return [i for i in ids if i in kept]
