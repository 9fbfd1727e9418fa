"""Analysts correct actors (issue 15): merge, rename, change kind; kept through re-linking."""

from __future__ import annotations

import pytest

from khronika.actor_corrections import edit_actor, merge_actors
from khronika.errors import ConfigError, NotFoundError
from khronika.review import relink
from khronika.service import Record
from khronika.store import Store


def _victims(store: Store) -> set[tuple[str, str | None, str]]:
    return {(v.name, v.actor_id, v.kind) for i in store.incidents() for v in i.victims}


def test_merge_rename_and_kind_survive_relinking(seeded_copy_any: Store) -> None:
    record = Record(seeded_copy_any, author="user:ana")
    assert ("Igor Kalyapin", "igor-kalyapin", "person") in _victims(seeded_copy_any)
    merge_actors(record, "committee-against-torture", "igor-kalyapin", "test")
    edit_actor(record, "committee-against-torture", "Committee for the Prevention of Torture", "")
    edit_actor(record, "nhc", "", "group")
    relink(record)  # every unpinned mention linked again, every incident rebuilt
    victims = _victims(seeded_copy_any)
    assert not any(actor_id == "igor-kalyapin" for _, actor_id, _ in victims)
    cpt = ("Committee for the Prevention of Torture", "committee-against-torture", "organization")
    assert cpt in victims
    assert seeded_copy_any.resolve_actor_id("igor-kalyapin") == "committee-against-torture"
    actors = {a.actor_id: a for a in seeded_copy_any.actors()}
    assert "igor-kalyapin" not in actors
    assert actors["nhc"].kind == "group"
    assert {"Igor Kalyapin", "Committee Against Torture"} <= set(
        actors["committee-against-torture"].aliases
    )
    actions = [c[2] for c in seeded_copy_any.changes()]
    assert actions.count("actor_merge") == 1
    assert actions.count("actor_edit") == 2


def test_corrections_refuse_nonsense(seeded_copy_any: Store) -> None:
    record = Record(seeded_copy_any, author="user:ana")
    with pytest.raises(ConfigError, match="already one actor"):
        merge_actors(record, "nhc", "nhc")
    with pytest.raises(NotFoundError, match="no actor"):
        merge_actors(record, "nhc", "nobody-at-all")
    with pytest.raises(ConfigError, match="not 'planet'"):
        edit_actor(record, "nhc", "", "planet")
    with pytest.raises(ConfigError, match="Nothing to change"):
        edit_actor(record, "nhc", "NHC", "organization")
