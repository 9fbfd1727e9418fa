"""Extraction: actors, places, times and typed events from one report's text.

Importing this package registers the built-in pipeline steps (see :mod:`khronika.pipeline`).
"""

from . import actors, details, events, language, languages, names, statements, steps
from ._nlp import MODEL, load_nlp

__all__ = [
    "MODEL",
    "actors",
    "details",
    "events",
    "language",
    "languages",
    "load_nlp",
    "names",
    "statements",
    "steps",
]
