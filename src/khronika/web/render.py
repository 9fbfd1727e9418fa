"""Drawing a page: the templates in each language (Jinja2, autoescaped), the error page the
app's error handlers are given, and the helpers every page shares (safe URL parts, paging).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from markupsafe import escape

from ..model import EVENT_TYPES
from ..webcommon import queries
from ..webcommon.account import current_account, may_change
from . import TEMPLATE_DIR, i18n
from .formtoken import fact_key, form_token
from .highlight import snippet_html
from .reviewer import reviewer_name

LISTED = 200  # the longest list a page shows before pointing to the paged incident list


def quote_part(value: object) -> str:
    """A value made safe as one path segment of a URL."""
    return urllib.parse.quote(str(value), safe="")


def safe_url(value: str | None) -> str | None:
    """The URL if it is an ordinary web address, else None (never a javascript: link)."""
    if not value:
        return None
    scheme = urllib.parse.urlsplit(value.strip()).scheme.lower()
    return value.strip() if scheme in ("http", "https") else None


def _environment(language: i18n.Language = i18n.ENGLISH) -> Environment:
    """The templates in one language: Jinja's i18n extension with that language's catalog,
    ``lang``/``dir`` for the html element, and the language switcher."""
    env = i18n.i18n_environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=True)
    env.install_gettext_translations(language.translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters["q"] = quote_part
    env.filters["safe_url"] = safe_url
    env.filters["snippet"] = snippet_html
    env.filters["translated"] = _sentence_translator(language)
    env.globals["EVENT_TYPES"] = EVENT_TYPES
    env.globals["STATUSES"] = queries.STATUSES
    env.globals["LISTED"] = LISTED
    env.globals["form_token"] = form_token
    env.globals["fact_key"] = fact_key
    env.globals["account_of"] = current_account
    env.globals["may_change"] = may_change
    env.globals["reviewer_name"] = reviewer_name
    env.globals["LANGUAGE"] = language
    env.globals["LANGUAGES"] = LANGUAGES
    env.globals["switch_url"] = i18n.switch_url
    return env


def _sentence_translator(language: i18n.Language) -> Callable[[object], str]:
    """A filter for a whole sentence built in Python (an error message): its translation if
    the catalog has it, else the sentence as it is. Plain text, escaped like any value."""

    def translated(sentence: object) -> str:
        text = str(sentence) if sentence is not None else ""
        return language.translations.gettext(text) if text else text

    return translated


LANGUAGES = i18n.load_languages()
TEMPLATES = {code: Jinja2Templates(env=_environment(lang)) for code, lang in LANGUAGES.items()}
templates = TEMPLATES[i18n.SOURCE]


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    """The page in the language of the request (``?lang=``, cookie, Accept-Language)."""
    code, asked = i18n.choose(request, LANGUAGES)
    page = TEMPLATES[code].TemplateResponse(request, name, context, status_code=status_code)
    page.headers["Content-Language"] = code
    page.headers.add_vary_header("Accept-Language")
    page.headers.add_vary_header("Cookie")
    if asked:
        i18n.remember(request, page, code)
    return page


def render_error(request: Request, status: int, message: str, hint: str) -> Response:
    """The error page; if even that cannot be drawn, a bare page with the same sentence."""
    try:
        context = {"status": status, "message": message, "hint": hint}
        return render(request, "error.html", status, **context)
    except Exception:  # noqa: BLE001 - the last resort must not fail
        body = f"<!doctype html><title>Error</title><p>{escape(message)}</p>"
        return HTMLResponse(body, status_code=status)


def page_links(
    request: Request, total: int, limit: int, offset: int, *, more: bool = False
) -> dict[str, Any]:
    """Previous and next page URLs keeping every other query parameter; with ``more``, there
    are more than ``total`` (shown as "10000+")."""
    params = dict(request.query_params)

    def url(at: int) -> str:
        return request.url.path + "?" + urllib.parse.urlencode({**params, "offset": at})

    return {
        "first": offset + 1 if total else 0,
        "last": offset + limit if more and offset >= total else min(offset + limit, total),
        "total": f"{total}+" if more else total,
        "prev": url(max(offset - limit, 0)) if offset > 0 else None,
        "next": url(offset + limit) if more or offset + limit < total else None,
    }
