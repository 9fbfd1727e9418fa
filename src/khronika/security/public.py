"""Marking a person public: an analyst decides that viewers may read someone's name (an
official, a spokesperson, a person already named in the press). Each mark and unmark is a
change in the chain, with who and when; :mod:`.redact` reads the marks."""

from __future__ import annotations

import json

from ..errors import ConfigError, NotFoundError
from ..store import Store
from .redact import name_terms


def _names_of(store: Store, who: str) -> tuple[list[str], str | None]:
    """The names ``who`` (an actor id, or a name as written) stands for, and the actor id."""
    wanted = who.strip()
    actor = next((a for a in store.actors() if a.actor_id == wanted), None)
    if actor is not None:
        if actor.kind != "person":
            raise ConfigError(
                f"{actor.actor_id} is an organisation or a group: its name is never withheld."
            )
        return list(dict.fromkeys([actor.name, *actor.aliases])), actor.actor_id
    name = " ".join(wanted.split())
    if not name_terms(name):
        raise ConfigError(
            f"{name[:60]!r} is neither an actor id (see `khronika actors`) nor a name written"
            " with capitals (for example 'Ella Pamfilova')."
        )
    return [name], None


def mark_public(store: Store, author: str, who: str) -> list[str]:
    """Mark a person public (by actor id: every name they are known by); the names marked."""
    names, actor_id = _names_of(store, who)
    with store.transaction():
        store.mark_public(names, actor_id, author)
        detail = {"actor_id": actor_id, "names": names}
        store.record_change(author, "mark_public", None, json.dumps(detail, ensure_ascii=False))
    return names


def unmark_public(store: Store, author: str, who: str) -> list[str]:
    """Withhold a person's names from viewers again; the names unmarked."""
    names, actor_id = _names_of(store, who)
    with store.transaction():
        if store.unmark_public(names, actor_id) == 0:
            raise NotFoundError(f"{who.strip()[:60]!r} is not marked public.")
        detail = {"actor_id": actor_id, "names": names}
        store.record_change(author, "unmark_public", None, json.dumps(detail, ensure_ascii=False))
    return names


def rescan_names(store: Store) -> int:
    """Read every extracted report again for the names of people (a store whose reports were
    ingested before names were read that way); how many reports were read. Only the list of
    names changes, not the record, so nothing is added to the chain."""
    from ..pipeline import Pipeline

    pipeline = Pipeline(["khronika.parse", "khronika.names"])
    count = 0
    for report in store.reports():
        try:
            extraction = store.extraction(report.doc_id)
        except NotFoundError:
            continue
        if not extraction.extracted or extraction.language not in (None, "en"):
            continue  # the English steps read English reports only
        names = {span.quote for span in pipeline(report).people}
        with store.transaction():
            store.save_person_names(report.doc_id, names)
        count += 1
    return count
