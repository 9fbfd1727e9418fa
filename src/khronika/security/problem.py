"""One thing a check found wrong (the chain, the rows, the pages, a backup)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing found wrong: ``where`` names the report, incident or chain entry."""

    kind: str  # original | report | incident | chain
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"
