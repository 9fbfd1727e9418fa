"""Who makes a change: one rule for the command line, the API and the pages.

The name goes into the chain beside every change (and into the server's log beside every
download): ``user:NAME`` for a logged-in account; in single-user local mode the name typed in a
web form or remembered from the last one (``web:NAME``, else ``web:anonymous``); from the
command line, $KHRONIKA_AUTHOR, else the operating-system user.
"""

from __future__ import annotations

import getpass
import os


def default_author() -> str:
    """Who is making changes from the command line: $KHRONIKA_AUTHOR, else the OS user."""
    try:
        return os.environ.get("KHRONIKA_AUTHOR") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def web_author(account: str | None, typed: str = "") -> str:
    """Who is making a change through the web app or the API: the account's name if one is
    logged in, else the (cleaned) name typed or remembered, else ``web:anonymous``."""
    if account is not None:
        return f"user:{account}"
    return f"web:{typed}" if typed else "web:anonymous"
