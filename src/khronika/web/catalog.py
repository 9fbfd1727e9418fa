"""The messages to translate, for translators: every message of the templates and the fixed
sentences built in Python. ``python -m khronika.web.catalog > .../khronika.po`` writes a new
language's catalog (nothing at run time imports this module).
"""

from __future__ import annotations

from ..webcommon import errors
from . import admin, formtoken
from .i18n import SENTENCES, MessageKey, template_catalog, template_messages


def python_messages() -> set[MessageKey]:
    """Fixed sentences built in Python and shown on the web pages (error pages, the login
    and accounts pages), translated there by looking the whole sentence up. Sentences with a
    value inside (a name, an id, a number) stay in English."""
    fixed = {
        errors.GENERIC,
        errors.STORE_BUSY,
        *errors.HINTS.values(),
        admin.NO_ACCOUNTS,
        admin.NOT_ADMIN,
        formtoken.FORM_EXPIRED,
        formtoken.OTHER_SITE,
        *SENTENCES,
    }
    return {(None, sentence, None) for sentence in fixed}


if __name__ == "__main__":  # pragma: no cover - a tool for translators
    for out in template_catalog(template_messages() | python_messages()):
        print(out)
