"""khronika's JSON API under /api (:data:`router`), with the field names of the export
contract. It shares its plumbing with the pages through :mod:`khronika.webcommon` and never
imports :mod:`khronika.web`; :func:`khronika.app.create_app` assembles both into one app.
"""

from .routes import router

__all__ = ["router"]
