"""Extraction: actors, places, times and typed events from one report's text.

The built-in pipeline steps are registered by the modules :data:`STEP_MODULES` names, which
:mod:`khronika.pipeline` imports when a pipeline is first built; importing this package does
not import them (nor spaCy), so ``from khronika.extract.timex import ...`` stays light.
The gazetteer and the lexicon are domain data in :mod:`khronika.domain`.
"""

import sys

from ..domain import gazetteer as _gazetteer
from ..domain import lexicon as _lexicon
from ._nlp import MODEL, load_nlp

# Where they lived before they moved to khronika.domain: the old paths still import them.
sys.modules.setdefault(f"{__name__}.gazetteer", _gazetteer)
sys.modules.setdefault(f"{__name__}.lexicon", _lexicon)

STEP_MODULES = (
    "khronika.extract.language",
    "khronika.extract.languages",
    "khronika.extract.steps",
    "khronika.extract.names",
    "khronika.extract.actors",
    "khronika.extract.statements",
    "khronika.extract.events",
    "khronika.extract.details",
)

__all__ = ["MODEL", "STEP_MODULES", "load_nlp"]
