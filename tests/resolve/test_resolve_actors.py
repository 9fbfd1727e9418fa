"""Actor resolution across reports written for the tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from khronika.model import Actor
from khronika.resolve import normalise
from khronika.service import Record
from khronika.store import Store

R1 = (
    "The Human Rights Centre (HRC) in Istanbul said on Monday that police detained two of "
    "its lawyers. HRC called for their release."
)
R2 = (
    "Police raided the Human Rights Centre (HRS) in Istanbul on Tuesday. "
    "HRS staff said computers were seized."
)


def _owners(actors: list[Actor], names: set[str]) -> dict[str, set[str]]:
    owners: dict[str, set[str]] = {}
    for actor in actors:
        for name in (actor.name, *actor.aliases):
            if name in names:
                owners.setdefault(name, set()).add(actor.actor_id)
    return owners


def test_an_acronym_and_its_typo_in_another_report_are_one_actor(
    fresh_store: Store, make_incoming: Any
) -> None:
    result = Record(fresh_store).ingest(
        [
            make_incoming(
                "hrc-1", R1, publisher="Amnesty International", published=dt.date(2021, 3, 10)
            ),
            make_incoming(
                "hrc-2", R2, publisher="Human Rights Watch", published=dt.date(2021, 3, 11)
            ),
        ]
    )
    assert result.errors == []
    assert result.added == ["hrc-1", "hrc-2"]
    names = {"Human Rights Centre", "HRC", "HRS"}
    owners = _owners(fresh_store.actors(), names)
    assert set(owners) == names, owners
    ids = set().union(*owners.values())
    assert len(ids) == 1, owners
    (actor,) = [a for a in fresh_store.actors() if a.actor_id in ids]
    assert actor.name == "Human Rights Centre"
    assert actor.kind == "organization"
    evidence = " ".join(e for _, e in fresh_store.alias_evidence(actor.actor_id))
    assert "HRC" in evidence or "hrc" in evidence


def test_acronym_alone_in_a_report_stays_unmerged_without_evidence(
    fresh_store: Store, make_incoming: Any
) -> None:
    """'HRC' without a definition in its own report is not silently merged by letters."""
    Record(fresh_store).ingest(
        [
            make_incoming("def", R1, publisher="A", published=dt.date(2021, 3, 10)),
            make_incoming(
                "other",
                "Police raided the Kazakh Press Club on Tuesday, KPC said.",
                publisher="B",
                published=dt.date(2021, 3, 11),
            ),
        ]
    )
    owners = _owners(fresh_store.actors(), {"HRC", "KPC"})
    assert "HRC" in owners
    assert owners.get("KPC", set()).isdisjoint(owners["HRC"])


@pytest.mark.parametrize(
    ("full", "surname"),
    [
        ("Ahmet Yilmaz", "Yilmaz"),
        pytest.param("Maria Sokolova", "Sokolova"),
        pytest.param("Carlos Mendoza", "Mendoza"),
    ],
)
def test_a_surname_maps_to_the_full_name_in_the_same_report(
    fresh_store: Store, make_incoming: Any, full: str, surname: str
) -> None:
    text = (
        f"Police officers threatened the lawyer {full} in Istanbul on Monday. "
        f"{surname} said the threats would not stop the work."
    )
    Record(fresh_store).ingest(
        [make_incoming("surname", text, publisher="Test Monitor", published=dt.date(2021, 3, 10))]
    )
    owners = _owners(fresh_store.actors(), {full, surname})
    assert set(owners) == {full, surname}, owners
    assert len(set().union(*owners.values())) == 1, owners
    (actor,) = [a for a in fresh_store.actors() if a.actor_id in owners[full]]
    assert actor.name == full
    assert actor.kind == "person"


def test_normalise_ignores_case_accents_articles_and_possessives() -> None:
    assert normalise("The Committee Against Torture's") == normalise("committee against torture")
    assert normalise("Bjørn Engesland") != normalise("Engesland")
    assert normalise("Culiacán") == normalise("CULIACAN")
