"""The languages of the web interface: gettext catalogs kept as ``.po`` text, read at start.

``locales/<lang>/LC_MESSAGES/khronika.po`` holds one language; English is the source (the
msgids) and needs no catalog. A catalog's header names the language in itself
(``X-Language-Name``), its writing direction (``X-Text-Direction: rtl``) and its
``Plural-Forms``. The reader below takes what the templates use (msgctxt, msgid_plural,
``msgstr[N]``, multi-line strings, fuzzy entries left out) into a
:class:`gettext.NullTranslations` subclass, so Jinja's i18n extension installs it as it would
a compiled ``.mo``; nothing binary is built or committed.

Only the interface is translated: report texts, names and the stored values (event types,
statuses) stay as they are, and the JSON API stays English.

``python -m khronika.web.i18n`` prints a template catalog (every msgid, empty msgstr) to start
a new language from.
"""

from __future__ import annotations

import gettext
import re
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment
from jinja2.ext import extract_from_ast
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match

from ..errors import ConfigError
from . import TEMPLATE_DIR

LOCALE_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "khronika"
SOURCE = "en"
COOKIE = "khronika_lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
QUERY = "lang"

Key = tuple[str | None, str]  # (msgctxt, msgid)
MessageKey = tuple[str | None, str, str | None]  # (msgctxt, msgid, msgid_plural)


class PoError(ConfigError):
    """A catalog that cannot be read: the file, the line and what is wrong."""


@dataclass(frozen=True)
class Entry:
    """One message of a catalog: msgstr has one string, or one per plural form."""

    msgid: str
    strings: tuple[str, ...]
    context: str | None = None
    plural: str | None = None
    fuzzy: bool = False

    @property
    def translated(self) -> bool:
        return not self.fuzzy and bool(self.strings) and all(self.strings)


# --- reading .po text -------------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')


def _unquote(text: str, where: str) -> str:
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        raise PoError(f"{where}: a string must be in double quotes")

    def one(match: re.Match[str]) -> str:
        if match.group(1) not in _ESCAPES:
            raise PoError(f"{where}: unknown escape \\{match.group(1)}")
        return _ESCAPES[match.group(1)]

    body = text[1:-1]
    if re.search(r'(?<!\\)(?:\\\\)*"', body):
        raise PoError(f'{where}: a double quote inside a string must be written \\"')
    return re.sub(r"\\(.)", one, body)


@dataclass
class _Draft:
    """The entry being read: keyword -> text so far, and whether it is fuzzy."""

    parts: dict[str, str] = field(default_factory=dict)
    fuzzy: bool = False
    last: str = ""

    @property
    def complete(self) -> bool:
        return any(k.startswith("msgstr") for k in self.parts)

    def add(self, keyword: str, text: str, where: str) -> None:
        if keyword in self.parts:
            raise PoError(f"{where}: {keyword} given twice in one entry")
        self.parts[keyword], self.last = text, keyword

    def extend(self, text: str, where: str) -> None:
        if not self.last:
            raise PoError(f"{where}: a string that continues nothing")
        self.parts[self.last] += text

    def entry(self, where: str) -> Entry:
        if "msgid" not in self.parts or not self.complete:
            raise PoError(f"{where}: an entry needs a msgid and a msgstr")
        indexed = sorted(
            (int(k[7:-1]), v) for k, v in self.parts.items() if k.startswith("msgstr[")
        )
        if [n for n, _ in indexed] != list(range(len(indexed))):
            raise PoError(f"{where}: msgstr[N] must count from 0 without gaps")
        plural = self.parts.get("msgid_plural")
        if (plural is None) != (not indexed) or ("msgstr" in self.parts and indexed):
            raise PoError(f"{where}: msgid_plural goes with msgstr[N], and only with it")
        strings = tuple(v for _, v in indexed) or (self.parts["msgstr"],)
        context = self.parts.get("msgctxt")
        return Entry(self.parts["msgid"], strings, context, plural, self.fuzzy)


def _finish(draft: _Draft, entries: list[Entry], where: str) -> _Draft:
    """Add the entry read so far (if any) to ``entries``; a new draft for the next one."""
    if draft.parts:
        entries.append(draft.entry(where))
    return _Draft()


def _keyword(line: str, where: str) -> tuple[str, str]:
    match = _LINE.match(line)
    if not match:
        raise PoError(f"{where}: expected msgctxt, msgid, msgid_plural or msgstr")
    return match.group(1), _unquote(match.group(3), where)


def parse_po(text: str, name: str = "catalog") -> list[Entry]:
    """The entries of a .po file (comments and obsolete ``#~`` entries left out), in order;
    PoError naming the line if the file is malformed."""
    entries: list[Entry] = []
    draft = _Draft()
    for number, raw in enumerate(text.splitlines(), start=1):
        line, where = raw.strip(), f"{name}:{number}"
        if line.startswith("#,"):  # flags open the next entry
            draft = _finish(draft, entries, where) if draft.complete else draft
            draft.fuzzy |= "fuzzy" in (flag.strip() for flag in line[2:].split(","))
        elif not line or line.startswith("#"):
            continue
        elif line.startswith('"'):
            draft.extend(_unquote(line, where), where)
        else:
            keyword, value = _keyword(line, where)
            if keyword in ("msgctxt", "msgid") and draft.complete:
                draft = _finish(draft, entries, where)
            draft.add(keyword, value, where)
    _finish(draft, entries, f"{name}:{len(text.splitlines())}")
    return entries


# --- catalogs as gettext translations ---------------------------------------------------


def _header(entries: Iterable[Entry]) -> dict[str, str]:
    """The catalog's metadata (the msgstr of msgid ""), keys in lower case."""
    for entry in entries:
        if entry.msgid == "" and entry.context is None:
            pairs = (line.split(":", 1) for line in entry.strings[0].splitlines() if ":" in line)
            return {k.strip().lower(): v.strip() for k, v in pairs}
    return {}


def plural_rule(header: dict[str, str]) -> tuple[int, Callable[[int], int]]:
    """(nplurals, n -> plural form index) from the Plural-Forms header (English's if none)."""
    forms = header.get("plural-forms", "nplurals=2; plural=(n != 1);")
    count = re.search(r"nplurals\s*=\s*(\d+)", forms)
    rule = re.search(r"plural\s*=\s*([^;]+)", forms)
    if not count or not rule:
        raise PoError(f"Plural-Forms cannot be read: {forms!r}")
    return int(count.group(1)), gettext.c2py(rule.group(1).strip())


class Catalog(gettext.NullTranslations):
    """One language's messages, answering gettext, ngettext, pgettext and npgettext; a
    message missing (or fuzzy, or empty) falls back to the English source."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        super().__init__()
        entries = list(entries)
        self.header = _header(entries)
        self.nplurals, self.plural = plural_rule(self.header)
        self.messages: dict[Key, tuple[str, ...]] = {
            (e.context, e.msgid): e.strings for e in entries if e.msgid and e.translated
        }

    def info(self) -> dict[str, str]:
        return dict(self.header)

    def _one(self, context: str | None, message: str) -> str:
        found = self.messages.get((context, message))
        return found[0] if found else message

    def _many(self, context: str | None, singular: str, plural: str, n: int) -> str:
        found = self.messages.get((context, singular))
        if found:
            index = self.plural(n)
            if 0 <= index < len(found):
                return found[index]
        return singular if n == 1 else plural

    def gettext(self, message: str) -> str:
        return self._one(None, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self._many(None, msgid1, msgid2, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._one(context, message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self._many(context, msgid1, msgid2, n)


def read_catalog(path: Path) -> Catalog:
    return Catalog(parse_po(path.read_text(encoding="utf-8"), str(path)))


# --- the languages offered --------------------------------------------------------------


@dataclass(frozen=True)
class Language:
    code: str  # as in ?lang= and the html element's lang attribute
    name: str  # in the language itself, for the switcher
    direction: str  # "ltr" or "rtl"
    translations: gettext.NullTranslations


ENGLISH: Language = Language(SOURCE, "English", "ltr", gettext.NullTranslations())
_CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")


def catalog_paths(folder: Path = LOCALE_DIR) -> dict[str, Path]:
    """Language code -> its catalog, for every ``<code>/LC_MESSAGES/khronika.po``."""
    found = {p.parents[1].name: p for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return {code: found[code] for code in sorted(found) if _CODE.match(code)}


def load_languages(folder: Path = LOCALE_DIR) -> dict[str, Language]:
    """English, then every language with a catalog, by code."""
    languages = {SOURCE: ENGLISH}
    for code, path in catalog_paths(folder).items():
        catalog = read_catalog(path)
        direction = "rtl" if catalog.header.get("x-text-direction") == "rtl" else "ltr"
        languages[code] = Language(
            code, catalog.header.get("x-language-name", code), direction, catalog
        )
    return languages


# --- choosing the language of a request -------------------------------------------------


def accept_language(header: str) -> list[str]:
    """The language tags of an Accept-Language header, most wanted first (q=0 left out;
    equal q-values keep the header's order), in lower case."""
    ranked: list[tuple[float, int, str]] = []
    for n, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if tag.strip() and q > 0:
            ranked.append((-q, n, tag.strip().lower()))
    return [tag for _, _, tag in sorted(ranked)]


def negotiate(header: str, available: Iterable[str]) -> str | None:
    """The best language of ``available`` for an Accept-Language header: the exact tag, else
    its primary subtag (``ru-RU`` -> ``ru``); ``*`` means the source language."""
    codes = set(available)
    for tag in accept_language(header):
        if tag == "*":
            return SOURCE
        for candidate in (tag, tag.split("-")[0]):
            if candidate in codes:
                return candidate
    return None


def choose(request: Request, available: Iterable[str]) -> tuple[str, bool]:
    """(the language of this request, whether ``?lang=`` chose it): ``?lang=``, else the
    cookie, else Accept-Language, else English."""
    codes = set(available)
    asked = request.query_params.get(QUERY, "").strip().lower()
    if asked in codes:
        return asked, True
    cookie = request.cookies.get(COOKIE, "")
    if cookie in codes:
        return cookie, False
    return negotiate(request.headers.get("accept-language", ""), codes) or SOURCE, False


def remember(request: Request, response: Response, code: str) -> None:
    """The language chosen with ``?lang=``, kept for a year in a first-party cookie."""
    response.set_cookie(
        COOKIE,
        code,
        max_age=COOKIE_MAX_AGE,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def _gettable(request: Request) -> bool:
    """Whether this page's address also answers GET (a form's error page may not)."""
    if request.method in ("GET", "HEAD"):
        return True
    scope = {**request.scope, "method": "GET"}
    return any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes)


def switch_url(request: Request, code: str) -> str:
    """This page in another language (the incidents list if this page is a form's answer)."""
    if not _gettable(request):
        return "/incidents?" + urllib.parse.urlencode({QUERY: code})
    params = {k: v for k, v in request.query_params.items() if k != QUERY}
    query = urllib.parse.urlencode({**params, QUERY: code})
    return f"{request.url.path}?{query}"


# --- the messages to translate ----------------------------------------------------------


def i18n_environment(**options: Any) -> Environment:
    """An environment with Jinja's i18n extension, as the pages and the extraction use it
    (``{% trans %}`` blocks trimmed: line breaks and indentation are not part of a msgid)."""
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.policies["ext.i18n.trimmed"] = True
    return env


def template_messages(folder: Path = TEMPLATE_DIR) -> set[MessageKey]:
    """Every message marked in the templates (``{% trans %}``, ``_()``, ``ngettext()``,
    ``pgettext()``, ``npgettext()``) with a constant text."""
    env = i18n_environment()
    found: set[MessageKey] = set()
    for path in sorted(folder.glob("*.html")):
        tree = env.parse(path.read_text(encoding="utf-8"), path.name)
        for _, function, message in extract_from_ast(tree):
            key = _message_key(function, message)
            if key is not None:
                found.add(key)
    return found


def _message_key(function: str, message: object) -> MessageKey | None:
    parts = message if isinstance(message, tuple) else (message,)
    if function in ("pgettext", "npgettext"):
        context, parts = parts[0], parts[1:]
    else:
        context = None
    msgid = parts[0] if parts else None
    plural = parts[1] if function in ("ngettext", "npgettext") and len(parts) > 1 else None
    if not isinstance(msgid, str) or not isinstance(context, str | None):
        return None
    return context, msgid, plural if isinstance(plural, str) else None


# Sentences written inline in other modules (tests/web/test_i18n.py checks they still are).
SENTENCES = (
    "Nothing is at this address.",
    "Wrong name or password.",
    "A viewer account cannot change the record.",
    "A viewer account cannot add reports; ask an analyst.",
    "Paste the report's text or choose a file to upload.",
    "This incident changed since the page was loaded: reload it and choose the fact again.",
    "Send the form again: its size was not given.",
    "Give the account a name (letters, digits, spaces; at most 80).",
    "Choose exactly two incidents to merge.",
    "Tick at least one report to split off into a new incident.",
    "Write your name: it goes into the history beside every change.",
    "Choose the actor to merge into this one.",
)


def _po_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def template_catalog(messages: Iterable[MessageKey]) -> Iterator[str]:
    """The lines of a catalog with every message and empty translations."""
    yield 'msgid ""'
    yield 'msgstr ""'
    for line in ("Language: xx", "Content-Type: text/plain; charset=UTF-8",
                 "Plural-Forms: nplurals=2; plural=(n != 1);", "X-Language-Name: xx",
                 "X-Text-Direction: ltr"):  # fmt: skip
        yield _po_string(line + "\n")
    for context, msgid, plural in sorted(messages, key=lambda m: (m[1], m[0] or "", m[2] or "")):
        yield ""
        if context is not None:
            yield f"msgctxt {_po_string(context)}"
        yield f"msgid {_po_string(msgid)}"
        if plural is None:
            yield 'msgstr ""'
        else:
            yield f"msgid_plural {_po_string(plural)}"
            yield from ('msgstr[0] ""', 'msgstr[1] ""')
