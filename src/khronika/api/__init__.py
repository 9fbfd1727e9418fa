"""khronika's HTTP API and web app: one FastAPI application over one store file.

``create_app(db_path)`` is all a server needs (``khronika serve`` calls it). The only state
kept between requests is the store's path: each request opens its own :class:`Store`.
"""

from .app import create_app

__all__ = ["create_app"]
