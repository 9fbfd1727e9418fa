"""Names of people, as redaction needs them: who is withheld from viewers, who is readable
(named perpetrators, organisations, publishers, people an analyst marked public), and the
names the extraction read as people's (see :mod:`khronika.security.redact`)."""

from __future__ import annotations

from collections.abc import Iterable

from ._helpers import Connected, _now
from .results import NamedPerson, PublicName

_PERSON_NAMES = (
    "SELECT a.actor_id, a.name FROM actors a WHERE a.kind = 'person' AND {which} ("
    " EXISTS (SELECT 1 FROM incident_actors v"
    "         WHERE v.actor_id = a.actor_id AND v.role = 'victim')"
    " OR NOT EXISTS (SELECT 1 FROM incident_actors p"
    "         WHERE p.actor_id = a.actor_id AND p.role = 'perpetrator'))"
)


class NamesMixin(Connected):
    """Names of people and their public marks, as :class:`Store` keeps them."""

    def _people(self, which: str) -> list[NamedPerson]:
        rows = self.db.execute(_PERSON_NAMES.format(which=which)).fetchall()
        names: dict[str, list[str]] = {str(i): [str(n)] for i, n in rows}
        for actor_id, alias in self.db.execute(
            "SELECT actor_id, alias FROM actor_aliases WHERE actor_id IN "
            "(SELECT actor_id FROM actors WHERE kind = 'person') ORDER BY rowid"
        ):
            if str(actor_id) in names and str(alias) not in names[str(actor_id)]:
                names[str(actor_id)].append(str(alias))
        return [NamedPerson(actor_id, found) for actor_id, found in sorted(names.items())]

    def people_to_withhold(self) -> list[NamedPerson]:
        """Every person whose name a viewer may not see, with every name they are known by:
        victims of any incident, and every other person who is not a named perpetrator
        (witnesses, relatives, sources). See :mod:`khronika.security.redact`."""
        return self._people("")

    def named_perpetrators(self) -> list[NamedPerson]:
        """The people named as perpetrators and never as victims, with all their names."""
        return self._people("NOT")

    def organisation_names(self) -> list[str]:
        """Every name and alias of an organisation or group, and every publisher."""
        rows = self.db.execute(
            "SELECT name FROM actors WHERE kind != 'person' UNION SELECT alias FROM"
            " actor_aliases WHERE actor_id IN (SELECT actor_id FROM actors WHERE kind != 'person')"
            " UNION SELECT publisher FROM documents WHERE publisher IS NOT NULL"
        )
        return [str(r[0]) for r in rows]

    def save_person_names(self, doc_id: str, names: Iterable[str]) -> None:
        """The names the extraction of ``doc_id`` read as people's (replacing earlier ones)."""
        self.db.execute("DELETE FROM person_names WHERE doc_id = ?", (doc_id,))
        self.db.executemany(
            "INSERT OR IGNORE INTO person_names (doc_id, name) VALUES (?, ?)",
            [(doc_id, name) for name in names],
        )

    def person_names(self) -> list[str]:
        """Every name any report's extraction read as a person's, once."""
        rows = self.db.execute("SELECT DISTINCT name FROM person_names ORDER BY name")
        return [str(r[0]) for r in rows]

    def public_names(self) -> list[PublicName]:
        """Every name marked public: its actor id (or None), who marked it, and when."""
        rows = self.db.execute(
            "SELECT name, actor_id, author, marked_at FROM public_names ORDER BY name"
        )
        return [
            PublicName(str(n), a if a is None else str(a), str(w), str(t)) for n, a, w, t in rows
        ]

    def mark_public(self, names: Iterable[str], actor_id: str | None, author: str) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO public_names (name, actor_id, author, marked_at)"
            " VALUES (?, ?, ?, ?)",
            [(name, actor_id, author, _now()) for name in names],
        )

    def unmark_public(self, names: Iterable[str], actor_id: str | None) -> int:
        """Remove the marks on ``names`` (and every mark made for ``actor_id``); how many."""
        count = 0
        for name in names:
            count += self.db.execute("DELETE FROM public_names WHERE name = ?", (name,)).rowcount
        if actor_id is not None:
            count += self.db.execute(
                "DELETE FROM public_names WHERE actor_id = ?", (actor_id,)
            ).rowcount
        return count

    def unread_reports(self, doc_ids: Iterable[str] | None = None) -> set[str]:
        """The reports (of ``doc_ids``, or all) whose names were never read: not extracted
        (a language khronika does not read) or not extracted yet. A report extracted in
        Russian, Spanish, French, Turkish or Arabic was read for names, and redaction
        withholds their other cases and spellings (Саратовой for Saratova)."""
        rows = self.db.execute(
            "SELECT d.doc_id FROM documents d LEFT JOIN extractions e ON e.doc_id = d.doc_id"
            " WHERE e.doc_id IS NULL OR CAST(json_extract(e.data, '$.extracted') AS INTEGER) = 0"
        )
        unread = {str(r[0]) for r in rows}
        return unread if doc_ids is None else unread & set(doc_ids)
