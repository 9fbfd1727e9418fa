"""Analysts' corrections of actors: merges (redirects), renames and kind changes."""

from __future__ import annotations

from collections.abc import Iterable

from ._helpers import Connected, _now
from .results import ActorOverride, ActorRow


class ActorCorrectionsMixin(Connected):
    def resolve_actor_id(self, actor_id: str) -> str:
        row = self.db.execute(
            "SELECT new_id FROM actor_redirects WHERE old_id = ?", (actor_id,)
        ).fetchone()
        return str(row[0]) if row else actor_id

    def actor_row(self, actor_id: str) -> ActorRow | None:
        """The name and kind of an actor in the actors table, None if there is none."""
        row = self.db.execute(
            "SELECT name, kind FROM actors WHERE actor_id = ?", (actor_id,)
        ).fetchone()
        return ActorRow(str(row[0]), str(row[1])) if row else None

    def redirect_actor(self, old_id: str, new_id: str) -> None:
        """``old_id`` answers as ``new_id`` from now on: its names become ``new_id``'s."""
        self.db.execute("UPDATE actor_redirects SET new_id = ? WHERE new_id = ?", (new_id, old_id))
        self.db.execute("INSERT OR REPLACE INTO actor_redirects VALUES (?, ?)", (old_id, new_id))
        self.db.execute(  # an alias the target has already stays its own
            "UPDATE actor_aliases SET actor_id = ? WHERE actor_id = ? AND NOT EXISTS"
            " (SELECT 1 FROM actor_aliases AS kept WHERE kept.actor_id = ?"
            " AND kept.norm = actor_aliases.norm)",
            (new_id, old_id, new_id),
        )
        self.db.execute("DELETE FROM actor_aliases WHERE actor_id = ?", (old_id,))
        self.db.execute("DELETE FROM actor_edits WHERE actor_id = ?", (old_id,))
        self.db.execute("DELETE FROM actors WHERE actor_id = ?", (old_id,))

    def edit_actor(self, actor_id: str, name: str, kind: str, author: str) -> None:
        self.db.execute(
            "UPDATE actors SET name = ?, kind = ? WHERE actor_id = ?", (name, kind, actor_id)
        )
        self.db.execute(
            "INSERT OR REPLACE INTO actor_edits VALUES (?, ?, ?)", (actor_id, author, _now())
        )

    def actor_overrides(self, actor_ids: Iterable[str]) -> dict[str, ActorOverride]:
        """actor id -> (id now, name, kind) for the ids an analyst merged or corrected."""
        found: dict[str, ActorOverride] = {}
        for actor_id in dict.fromkeys(actor_ids):
            now = self.resolve_actor_id(actor_id)
            edited = self.db.execute(
                "SELECT 1 FROM actor_edits WHERE actor_id = ?", (now,)
            ).fetchone()
            row = self.actor_row(now)
            if row is not None and (now != actor_id or edited):
                found[actor_id] = ActorOverride(now, row.name, row.kind)
        return found

    def incidents_of_actor(self, actor_id: str) -> list[str]:
        rows = self.db.execute(
            "SELECT DISTINCT incident_id FROM incident_actors WHERE actor_id = ?", (actor_id,)
        )
        return [str(r[0]) for r in rows]

    def actor_role_counts(self) -> dict[str, dict[str, int]]:
        """actor id -> {role: how many incidents}."""
        counts: dict[str, dict[str, int]] = {}
        rows = self.db.execute(
            "SELECT actor_id, role, COUNT(DISTINCT incident_id) FROM incident_actors"
            " WHERE actor_id IS NOT NULL GROUP BY actor_id, role"
        )
        for actor_id, role, count in rows:
            counts.setdefault(str(actor_id), {})[str(role)] = int(count)
        return counts
