"""Pages of a paged report (a PDF, a scan): which page a character offset is on, and source
spans that carry their page."""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Sequence
from typing import Any, TypeVar

from .model import PageSpan, SourceSpan

T = TypeVar("T")


def page_of(pages: Sequence[PageSpan], offset: int) -> int | None:
    """The page the character at ``offset`` is on (a separator between two pages counts for
    the page after it); None for a report without pages."""
    if not pages:
        return None
    starts = [p.start for p in pages]
    index = max(0, bisect.bisect_right(starts, offset) - 1)
    return pages[index].page


def paginate(value: T, pages: Sequence[PageSpan]) -> T:
    """``value`` (an extraction, an incident...) with every source span in it given the page
    its quote starts on. Nothing else changes."""
    if not pages:
        return value
    paged: T = _paged(value, pages)
    return paged


def _paged(value: Any, pages: Sequence[PageSpan]) -> Any:
    if isinstance(value, SourceSpan):
        return dataclasses.replace(value, page=page_of(pages, value.start))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            new = _paged(old, pages)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, tuple):
        items = tuple(_paged(item, pages) for item in value)
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    return value
