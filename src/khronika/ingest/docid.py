"""The rule for a report's ``doc_id``: it names the report in URLs, file names, logs and
exports, so it must stay one readable path segment.

A ``doc_id`` is 1 to 200 characters, with no ``/`` or ``\\``, no line break, tab or other
control character, no space at either end, does not start with ``.`` or ``~`` (``~`` starts
the opaque links viewers receive), and is not ``new`` (the page that adds a report).
"""

from __future__ import annotations

import unicodedata

MAX_DOC_ID = 200
RESERVED = frozenset({"new"})
RULE = (
    "a document id is 1 to 200 characters, without '/', '\\', line breaks or other control"
    " characters, without spaces at either end, not starting with '.' or '~', and not 'new'"
)


def doc_id_problem(doc_id: str) -> str | None:
    """What is wrong with ``doc_id`` (a sentence), or None if it follows the rule."""
    shown = repr(doc_id[:40] + ("..." if len(doc_id) > 40 else ""))
    if not doc_id:
        why = "it is empty"
    elif len(doc_id) > MAX_DOC_ID:
        why = f"it is {len(doc_id)} characters long"
    elif "/" in doc_id or "\\" in doc_id:
        why = "it contains a slash"
    elif any(unicodedata.category(c).startswith("C") for c in doc_id):
        why = "it contains a line break or another control character"
    elif doc_id != doc_id.strip():
        why = "it starts or ends with a space"
    elif doc_id[0] in ".~":
        why = f"it starts with {doc_id[0]!r}"
    elif doc_id.casefold() in RESERVED:
        why = "it is reserved for the page that adds a report"
    else:
        return None
    return (
        f"the document id {shown} cannot be used ({why}): {RULE}. Give the report another"
        " 'doc_id' in the manifest or the form, or rename the file."
    )
