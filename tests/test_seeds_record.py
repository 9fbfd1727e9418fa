"""The seed reports, checked against facts from gold.json and the BRIEF (not copied outputs)."""

from __future__ import annotations

from typing import Any

import pytest

from khronika.resolve import normalise
from khronika.store import Store


def _gold_incident(gold: dict[str, Any], event_type: str, date: str) -> dict[str, Any]:
    found = [
        g
        for g in gold["incidents"]
        if g["event_type"] == event_type and g.get("date") == date and g.get("required", True)
    ]
    assert len(found) == 1, (event_type, date)
    incident: dict[str, Any] = found[0]
    return incident


def _precision(value: str) -> str:
    return {10: "day", 7: "month", 4: "year"}[len(value)]


def test_both_seeds_are_mainly_about_the_same_attack(
    seeded: Store, gold: dict[str, Any], seed_ids: list[str]
) -> None:
    g = _gold_incident(gold, "attack_on_premises", "2015-06-03")
    assert sorted(g["doc_ids"]) == sorted(seed_ids)
    primary = seeded.primary_incidents()
    ids = {primary[d] for d in seed_ids}
    assert len(ids) == 1, primary
    assert None not in ids, primary
    incident_id = ids.pop()
    assert incident_id is not None
    incident = seeded.incident(incident_id)
    assert incident.event_type == g["event_type"]
    assert incident.date.value == g["date"]
    assert incident.date.precision == _precision(g["date"]) == "day"
    assert incident.location.place == g["location"]["place"]
    assert incident.location.region == g["location"]["region"]
    assert incident.location.country == g["location"]["country"]
    assert sorted(incident.doc_ids) == sorted(g["doc_ids"])


def test_the_december_arson_is_a_separate_incident(seeded: Store, gold: dict[str, Any]) -> None:
    g = _gold_incident(gold, "arson", "2014-12")
    primary = set(seeded.primary_incidents().values())
    arsons = [
        i for i in seeded.incidents() if i.event_type == "arson" and i.date.value == g["date"]
    ]
    assert len(arsons) == 1, [(i.incident_id, i.date.value) for i in seeded.incidents()]
    arson = arsons[0]
    assert arson.incident_id not in primary
    assert arson.date.precision == _precision(g["date"]) == "month"
    assert arson.date.earliest == "2014-12-01"
    assert arson.date.latest == "2014-12-31"
    assert sorted(arson.doc_ids) == sorted(g["doc_ids"])


def test_every_required_gold_incident_has_a_counterpart(
    seeded: Store, gold: dict[str, Any]
) -> None:
    incidents = seeded.incidents()
    for g in gold["incidents"]:
        if not g.get("required", True):
            continue
        matches = [
            i
            for i in incidents
            if g["event_type"] in (i.event_type, *i.secondary_event_types)
            and set(g["doc_ids"]) <= set(i.doc_ids)
        ]
        assert matches, g["incident_id"]


def test_jmg_and_its_typo_lmg_are_one_actor(seeded: Store, gold: dict[str, Any]) -> None:
    g = next(a for a in gold["actors"] if a["canonical"] == "Joint Mobile Group")
    wanted = {"Joint Mobile Group", "JMG", "LMG"}
    assert wanted <= {g["canonical"], *g["aliases"]}
    owners: dict[str, set[str]] = {}
    for actor in seeded.actors():
        for name in (actor.name, *actor.aliases):
            if name in wanted:
                owners.setdefault(name, set()).add(actor.actor_id)
    assert set(owners) == wanted, owners
    assert len(set().union(*owners.values())) == 1, owners
    actor = next(a for a in seeded.actors() if a.actor_id in owners["JMG"])
    assert actor.name == "Joint Mobile Group"
    assert actor.kind == g["kind"]


@pytest.mark.parametrize("canonical", ["Ramzan Kadyrov", "Bjørn Engesland"])
def test_surnames_in_the_seeds_resolve_to_the_full_name(
    seeded: Store, gold: dict[str, Any], canonical: str
) -> None:
    g = next(a for a in gold["actors"] if a["canonical"] == canonical)
    surname = canonical.split()[-1]
    assert surname in g["aliases"]
    owners = {
        a.actor_id
        for a in seeded.actors()
        if surname in (a.name, *a.aliases) or canonical in (a.name, *a.aliases)
    }
    assert len(owners) == 1, owners


def test_every_spelling_of_grozny_is_one_place(seeded: Store, gold: dict[str, Any]) -> None:
    g = next(p for p in gold["places"] if p["canonical"] == "Grozny")
    spellings = {normalise(n) for n in (g["canonical"], *g["aliases"])}
    seen: dict[str, set[str]] = {}
    for report in seeded.reports():
        for mention in seeded.extraction(report.doc_id).places:
            assert mention.span.quote == report.text[mention.span.start : mention.span.end]
            if normalise(mention.span.quote) in spellings:
                seen.setdefault(normalise(mention.span.quote), set()).add(mention.place.place_id)
    assert set(seen) == spellings, seen  # both "Grozny" and "Groznyy" occur in the seeds
    assert len(set().union(*seen.values())) == 1, seen


def test_every_fact_has_a_source_quoting_the_stored_text(seeded: Store) -> None:
    texts = {r.doc_id: r.text for r in seeded.reports()}
    incidents = seeded.incidents()
    assert incidents
    for incident in incidents:
        assert incident.facts, incident.incident_id
        assert {f.field for f in incident.facts} >= {"event_type"}
        assert set(incident.doc_ids) <= set(texts)
        for fact in incident.facts:
            assert fact.sources, (incident.incident_id, fact.field, fact.value)
            assert fact.status in ("corroborated", "single_source", "contested")
            for s in fact.sources:
                assert s.doc_id in incident.doc_ids or fact.field == "detail", (fact, s)
                assert 0 <= s.start < s.end <= len(texts[s.doc_id])
                assert texts[s.doc_id][s.start : s.end] == s.quote


def test_facts_backed_by_both_independent_seeds_are_corroborated(seeded: Store) -> None:
    """Two publishers are two independent sources (BRIEF, step 5)."""
    publishers = {r.doc_id: r.meta.publisher for r in seeded.reports()}
    assert len(set(publishers.values())) == 2
    for incident in seeded.incidents():
        for fact in incident.facts:
            docs = {s.doc_id for s in fact.sources}
            if fact.status == "contested":
                continue
            expected = "corroborated" if len(docs) == 2 else "single_source"
            assert fact.status == expected, (incident.incident_id, fact.field, fact.value)


def test_seed_attack_date_and_place_are_corroborated(
    seeded: Store, gold: dict[str, Any], seed_ids: list[str]
) -> None:
    g = _gold_incident(gold, "attack_on_premises", "2015-06-03")
    incident = seeded.incident(str(seeded.primary_incidents()[seed_ids[0]]))
    date_facts = [f for f in incident.facts if f.field == "date"]
    assert len(date_facts) == 1
    assert date_facts[0].value == g["date"]
    assert {s.doc_id for s in date_facts[0].sources} == set(g["doc_ids"])
    assert date_facts[0].status == incident.date.status == "corroborated"
