"""Where tests find the development sets: ``$KHRONIKA_SHARED``, else the repository's sibling
folder ``shared/`` (as for the seeds, see conftest). They are read by path, never copied, and
a checkout without them fails, saying where they were looked for, rather than skipping."""

from __future__ import annotations

import pytest

from khronika.benchmarks.ecbplus import default_shared_dir

SHARED = default_shared_dir()
HRDEV = SHARED / "benchmarks" / "hrdev"


def hrdev_text(doc_id: str) -> str:
    """The text of one hrdev report."""
    path = HRDEV / "docs" / f"{doc_id}.txt"
    if not path.is_file():
        pytest.fail(f"the development set hrdev is missing from {HRDEV}")
    return path.read_text(encoding="utf-8")
