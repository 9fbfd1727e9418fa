"""Which language a report is written in, and whether khronika can extract from it.

khronika's extractors read English. A report in another language is still stored and
searchable, but it is not extracted: the step stops the pipeline and leaves a note a
monitor can act on. Detection uses lingua, restricted to the languages monitors meet,
built once per process and run on the start of the text only (lingua is offline: its
language models ship inside the wheel).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..pipeline import ReportDocument, register_step

# lingua has no Kurdish model; Georgian and Armenian it has.
MONITOR_LANGUAGES: tuple[str, ...] = (
    "ENGLISH",
    "RUSSIAN",
    "UKRAINIAN",
    "SPANISH",
    "PORTUGUESE",
    "FRENCH",
    "GERMAN",
    "TURKISH",
    "ARABIC",
    "PERSIAN",
    "CHINESE",
    "GEORGIAN",
    "ARMENIAN",
    "ITALIAN",
    "POLISH",
)
SAMPLE_CHARS = 2000  # the start of a report is enough to tell its language
MIN_LETTERS = 20  # below this, no language is detected
MIN_CONFIDENCE = 0.5  # a top language this confident decides whether to extract
EXTRACTED_LANGUAGES = frozenset({"en", "ru", "es", "fr", "tr", "ar"})  # with their steps


@cache
def _detector(accurate: bool = False) -> Any:
    """The lingua detector, built once per process.

    Low-accuracy mode (trigrams only) loads its models in ~0.1 s instead of ~1.5 s and is
    as right as the full mode on report-length text; ``accurate=True`` is for short texts.
    """
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in MONITOR_LANGUAGES]
    builder = LanguageDetectorBuilder.from_languages(*languages)
    if not accurate:
        builder = builder.with_low_accuracy_mode()
    return builder.build()


@cache
def language_name(code: str) -> str:
    """ "ru" -> "Russian"; unknown codes are returned as they are."""
    from lingua import IsoCode639_1, Language

    iso = getattr(IsoCode639_1, code.upper(), None)
    if iso is None:
        return code
    return str(Language.from_iso_code_639_1(iso).name.title())


def normalise_code(value: str | None) -> str | None:
    """A declared language ("en", "en-GB", "eng", "English") as an ISO 639-1 code."""
    if not value or not value.strip():
        return None
    value = value.strip().lower().replace("_", "-").split("-")[0]
    if len(value) == 2:
        return value
    from lingua import Language

    for language in Language.all():
        names = {language.name.lower(), language.iso_code_639_3.name.lower()}
        if value in names:
            return str(language.iso_code_639_1.name.lower())
    return value


SHORT_TEXT = 600
# English function words that other languages written in Latin script rarely use; when
# they make up this share of the words, the text is English without asking lingua.
ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "was",
        "were",
        "has",
        "have",
        "had",
        "with",
        "that",
        "which",
        "this",
        "from",
        "by",
        "to",
        "is",
        "are",
        "for",
        "their",
        "been",
        "would",
        "who",
        "after",
        "said",
    ]
)
PLAIN_ENGLISH = 0.15
_WORD = re.compile(r"[^\W\d_]+")


def english_share(text: str, min_words: int = 8) -> float:
    words = _WORD.findall(text.lower())
    if len(words) < min_words:
        return 0.0
    return sum(w in ENGLISH_WORDS for w in words) / len(words)


# A capitalised word: a name (José, Hernández, Грозный) or a sentence's first word; names
# say nothing of the language a report is written in.
_CAPITALISED = re.compile(r"\b[^\W\d_]*[A-ZÀ-ÞĀ-ſА-ЯЁ][^\W\d_]*(?:['’][^\W\d_]+)?")
MIN_PLAIN_LETTERS = 60  # below this, the text without names is too little to judge by


def without_names(text: str) -> str:
    """The text with every capitalised word left out (names of people and places, and
    sentence-initial words): an English report full of Spanish names reads as English."""
    return _CAPITALISED.sub(" ", text)


def detect_language(
    text: str, sample_chars: int = SAMPLE_CHARS, accurate: bool = False
) -> tuple[str | None, float]:
    """(ISO 639-1 code, confidence) of the text's most likely language; (None, 0.0) if too short.

    The language is judged on the text without its capitalised words when enough is left."""
    sample = text[:sample_chars]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None, 0.0
    plain = without_names(sample)
    if not accurate and max(english_share(plain, 6), english_share(sample)) >= PLAIN_ENGLISH:
        return "en", 1.0  # plainly English: no need for the statistical models
    if sum(ch.isalpha() for ch in plain) >= MIN_PLAIN_LETTERS:
        sample = plain
    if not accurate and english_share(sample) >= PLAIN_ENGLISH:
        return "en", 1.0  # plainly English: no need for the statistical models
    values = _detector(accurate).compute_language_confidence_values(sample)
    if values and not accurate and len(sample) < SHORT_TEXT and _code(values[0]) != "en":
        # The fast models misread short English sentences (one news line read as French at
        # 0.91): a short text that seems not to be English is checked by the accurate models.
        values = _detector(True).compute_language_confidence_values(sample)
    if not values:
        return None, 0.0
    return _code(values[0]), float(values[0].value)


def _names(codes: frozenset[str]) -> str:
    return ", ".join(language_name(c) for c in sorted(codes, key=lambda c: (c != "en", c)))


def _code(confidence: Any) -> str:
    return str(confidence.language.iso_code_639_1.name.lower())


@register_step("khronika.language")
class LanguageDetector:
    """Sets ``document.language``; stops extraction of reports confidently not in English."""

    def __init__(
        self,
        min_confidence: float = MIN_CONFIDENCE,
        sample_chars: int = SAMPLE_CHARS,
        accurate: bool = False,
        extracted_languages: tuple[str, ...] = tuple(EXTRACTED_LANGUAGES),
    ) -> None:
        self.min_confidence = min_confidence
        self.sample_chars = sample_chars
        self.accurate = accurate
        self.extracted_languages = frozenset(extracted_languages)
        _detector(accurate)  # build it now, not on the first report

    def __call__(self, document: ReportDocument) -> ReportDocument:
        code, confidence = detect_language(document.text, self.sample_chars, self.accurate)
        if code is None or confidence < self.min_confidence:
            document.language = None
            return document
        document.language = code
        declared = normalise_code(document.report.meta.language)
        if declared is not None and declared != code:
            document.notes.append(
                f"language: the report's metadata says {language_name(declared)} "
                f"({document.report.meta.language!r}) but the text appears to be in "
                f"{language_name(code)} (confidence {confidence:.2f}); "
                "khronika follows the text"
            )
        if code not in self.extracted_languages:
            document.extracted = False
            document.notes.append(
                f"not extracted: this report appears to be in {language_name(code)} "
                f"(confidence {confidence:.2f}); khronika extracts events from reports in "
                f"{_names(self.extracted_languages)} — it is stored and searchable"
            )
        return document
