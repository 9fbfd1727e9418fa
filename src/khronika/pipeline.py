"""The extraction pipeline: named steps with one shape, swappable by name.

Like spaCy's components: a step is built from keyword settings by a factory
registered under a name, and is called on a :class:`ReportDocument`, which it
returns enriched. ``Pipeline(["khronika.parse", "khronika.times", ...])``
builds the steps in order; a user can register a different extractor under a
new name and list it instead.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from .errors import ConfigError
from .model import (
    ActorMention,
    Claim,
    EventMention,
    Extraction,
    PlaceMention,
    Report,
    SourceSpan,
    Statement,
    TimeMention,
)


@dataclass
class Paragraph:
    """One paragraph of a report, parsed; ``offset`` maps token offsets back to the report."""

    offset: int
    text: str
    doc: Any  # spacy.tokens.Doc


@dataclass
class ReportDocument:
    """A report travelling through the pipeline, collecting what the steps find."""

    report: Report
    paragraphs: list[Paragraph] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    details: list[Claim] = field(default_factory=list)
    aliases: list[tuple[str, str, SourceSpan]] = field(default_factory=list)
    actor_places: list[tuple[str, PlaceMention]] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    people: list[SourceSpan] = field(default_factory=list)  # names seen as people (names.py)
    language: str | None = None
    extracted: bool = True  # a step may stop extraction (a report in no language it reads)
    finished: bool = False  # a step has extracted all there is (a language's own step)
    notes: list[str] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return self.report.doc_id

    @property
    def text(self) -> str:
        return self.report.text

    def span(self, start: int, end: int) -> SourceSpan:
        return SourceSpan.of(self.doc_id, self.text, start, end)

    def token_span(self, paragraph: Paragraph, start_token: Any, end_token: Any) -> SourceSpan:
        start = paragraph.offset + start_token.idx
        end = paragraph.offset + end_token.idx + len(end_token.text)
        return self.span(start, end)

    def to_extraction(self) -> Extraction:
        return Extraction(
            doc_id=self.doc_id,
            actors=tuple(self.actors),
            places=tuple(self.places),
            times=tuple(self.times),
            events=tuple(self.events),
            details=tuple(self.details),
            aliases=tuple(self.aliases),
            actor_places=tuple(self.actor_places),
            statements=tuple(self.statements),
            people=tuple(self.people),
            language=self.language,
            extracted=self.extracted,
            notes=tuple(self.notes),
        )


class Step(Protocol):
    def __call__(self, document: ReportDocument) -> ReportDocument: ...


StepFactory = Callable[..., Step]
_REGISTRY: dict[str, StepFactory] = {}


def register_step(name: str) -> Callable[[StepFactory], StepFactory]:
    """Register a step factory under ``name`` (decorator)."""

    def decorate(factory: StepFactory) -> StepFactory:
        _REGISTRY[name] = factory
        return factory

    return decorate


def registered_steps() -> list[str]:
    _load_builtin_steps()
    return sorted(_REGISTRY)


def make_step(name: str, **settings: Any) -> Step:
    _load_builtin_steps()
    try:
        factory = _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise ConfigError(f"Unknown pipeline step {name!r}. Known steps: {known}.") from None
    return factory(**settings)


# The packages whose ``STEP_MODULES`` register steps when imported, named rather than imported
# (like entry points): ``khronika.extract`` imports this module for the document and the
# decorator, and this module never imports it back (tests/test_layers.py). Add a package (or
# a module registering steps itself) to register more.
STEP_PACKAGES: list[str] = ["khronika.extract"]


def _load_builtin_steps() -> None:
    for name in STEP_PACKAGES:
        package = importlib.import_module(name)
        for module in getattr(package, "STEP_MODULES", ()):
            importlib.import_module(module)  # its @register_step calls fill _REGISTRY


DEFAULT_STEPS: tuple[str, ...] = (
    "khronika.language",
    "khronika.ru",
    "khronika.es",
    "khronika.fr",
    "khronika.tr",
    "khronika.ar",
    "khronika.parse",
    "khronika.names",
    "khronika.times",
    "khronika.places",
    "khronika.actors",
    "khronika.statements",
    "khronika.events",
    "khronika.details",
)


class Pipeline:
    """The extraction steps, in order. ``name`` is recorded with every extraction."""

    def __init__(
        self,
        steps: Sequence[str] = DEFAULT_STEPS,
        settings: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        settings = settings or {}
        self.names = tuple(steps)
        self.steps = [make_step(name, **settings.get(name, {})) for name in steps]
        _read_only_languages_with_steps(self.steps)

    @property
    def name(self) -> str:
        return "+".join(self.names)

    def __call__(self, report: Report) -> Extraction:
        document = ReportDocument(report)
        for step in self.steps:
            if not document.extracted or document.finished:
                break
            document = step(document)
        return document.to_extraction()

    def pipe(self, reports: Iterable[Report]) -> Iterable[Extraction]:
        for report in reports:
            yield self(report)


def _read_only_languages_with_steps(steps: list[Step]) -> None:
    """The language step lets through English and the languages whose own step (one with a
    ``language``) is in this pipeline; reports in others are stored, not extracted."""
    own = {"en"} | {str(s.language) for s in steps if hasattr(s, "language")}
    for step in steps:
        if hasattr(step, "extracted_languages"):
            step.extracted_languages = frozenset(step.extracted_languages) & own


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def split_paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph text) for each non-blank paragraph, in order."""
    result = []
    position = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[position:end]
        stripped = chunk.strip()
        if stripped:
            result.append((position + chunk.index(stripped), stripped))
        if match:
            position = match.end()
    return result


MAX_CHUNK_CHARS = 20_000  # far under spaCy's max_length (1,000,000); the parser is fastest here
_SENTENCE_END = re.compile(r"[.!?][\"'”’»)]*\s+|\n")


def split_chunks(text: str, limit: int = MAX_CHUNK_CHARS) -> list[tuple[int, str]]:
    """:func:`split_paragraphs`, with every paragraph longer than ``limit`` characters cut
    into pieces of at most ``limit`` (at a line or sentence end, else at a space, else
    anywhere), so a text with no blank line (a 1 MB page) is parsed piece by piece."""
    result = []
    for offset, paragraph in split_paragraphs(text):
        start = 0
        while len(paragraph) - start > limit:
            end = _cut(paragraph, start, start + limit)
            piece = paragraph[start:end]
            stripped = piece.strip()
            if stripped:
                result.append((offset + start + piece.index(stripped), stripped))
            start = end
        rest = paragraph[start:]
        if rest.strip():
            result.append((offset + start + rest.index(rest.strip()), rest.strip()))
    return result


def _cut(text: str, start: int, end: int) -> int:
    """Where to end the piece ``text[start:end]``: after its last sentence end, else its last
    space, else at ``end``; never in its first half, so pieces stay large."""
    window = text[start:end]
    ends = [m.end() for m in _SENTENCE_END.finditer(window, len(window) // 2)]
    if ends:
        return start + ends[-1]
    space = window.rfind(" ", len(window) // 2)
    return start + space + 1 if space > 0 else end
