"""Who reviews in single-user local mode (no account in the store): the name the analyst
gives once, remembered a year in a cookie, so that no form asks for it again. With accounts,
the logged-in account is always the author and this name is never used."""

from __future__ import annotations

import urllib.parse

from fastapi import Request, Response

COOKIE = "khronika_reviewer"
MAX_NAME = 80


def clean_name(name: str) -> str:
    return " ".join(name.split())[:MAX_NAME]


def reviewer_name(request: Request) -> str:
    """The remembered name ("" when none was given)."""
    return clean_name(urllib.parse.unquote(request.cookies.get(COOKIE, "")))


def remember_name(response: Response, name: str) -> None:
    response.set_cookie(
        COOKIE,
        urllib.parse.quote(clean_name(name)),
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="strict",
    )


def local_path(path: str, fallback: str = "/incidents") -> str:
    """A path on this site to go back to (never another site: ``//host``, ``https:``)."""
    path = path.strip()
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return fallback
    return path
