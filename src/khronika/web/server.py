"""How ``khronika serve`` runs the app under uvicorn: whose forwarded headers are believed,
and what the access log keeps.

- ``X-Forwarded-For`` is believed only from the reverse proxies named with
  ``--trusted-proxy`` (none by default, not even this machine: any local program could
  otherwise claim to be any client, and so step around the per-address login limit). A proxy
  must append the real client's address (nginx: ``$proxy_add_x_forwarded_for``); the nearest
  address that is not a trusted proxy is the client.
- The access log has the method, the path and the status, never the query string (a search
  for a victim's name would otherwise sit in the log in plain text).
"""

from __future__ import annotations

import copy
import ipaddress
import logging
import os
from collections.abc import Sequence
from typing import Any

from ..errors import ConfigError

LOG = logging.getLogger("khronika.web")


class WithoutQuery(logging.Filter):
    """Drops the query string from uvicorn's access log lines (args: client, method, path,
    HTTP version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (args[0], args[1], args[2].split("?", 1)[0], *args[3:])
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging, with the access log filtered and khronika's own lines shown."""
    import uvicorn.config

    config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config["filters"] = {"without_query": {"()": WithoutQuery}}
    config["loggers"]["uvicorn.access"]["filters"] = ["without_query"]
    config["loggers"]["khronika"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def checked_proxies(proxies: Sequence[str]) -> list[str]:
    """The trusted proxy addresses, each an IP address or network; anything else refused."""
    for proxy in proxies:
        try:
            ipaddress.ip_network(proxy.strip(), strict=False)
        except ValueError:
            raise ConfigError(
                f"--trusted-proxy {proxy!r} is not an IP address or network: name the address"
                " your reverse proxy connects from (for example 127.0.0.1 or 10.0.0.5)."
            ) from None
    return [p.strip() for p in proxies]


class ForwardedWarning:
    """ASGI wrapper: says once, in the log, that ``X-Forwarded-For`` arrived and was ignored
    because no proxy is trusted (a reverse proxy the operator forgot to name)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.warned = False

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        headers = scope.get("headers", ()) if scope.get("type") == "http" else ()
        if not self.warned and any(name == b"x-forwarded-for" for name, _ in headers):
            self.warned = True
            client = (scope.get("client") or ("unknown",))[0]
            LOG.warning(
                "a request from %s carried X-Forwarded-For, which is ignored: if %s is your"
                " reverse proxy, serve with --trusted-proxy %s so each client is counted",
                client,
                client,
                client,
            )
        await self.app(scope, receive, send)


def run_workers(
    db: str, passphrase: str | None, host: str, port: int, proxies: Sequence[str], workers: int
) -> None:
    """``serve --workers N``: N uvicorn worker processes, each with its own pool of stores
    (login limits and sessions are in the store, so they hold across workers)."""
    import uvicorn

    trusted = checked_proxies(proxies)
    os.environ["KHRONIKA_DB"] = db
    os.environ["KHRONIKA_TRUSTED_PROXIES"] = ",".join(trusted)
    if passphrase:
        os.environ["KHRONIKA_PASSPHRASE"] = passphrase  # the workers' environment only
    uvicorn.run(
        "khronika.app:worker_app",  # the app, assembled at the top
        factory=True,
        workers=workers,
        **_uvicorn_settings(host, port, trusted),
    )


def server_config(app: Any, host: str, port: int, proxies: Sequence[str] = ()) -> Any:
    """The uvicorn configuration ``khronika serve`` runs with."""
    import uvicorn

    trusted = checked_proxies(proxies)
    return uvicorn.Config(
        app if trusted else ForwardedWarning(app), **_uvicorn_settings(host, port, trusted)
    )


def _uvicorn_settings(host: str, port: int, trusted: Sequence[str]) -> dict[str, Any]:
    """What one server and several worker processes run with alike."""
    return {
        "host": host,
        "port": port,
        "log_level": "info",
        "log_config": log_config(),
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": ",".join(trusted) if trusted else "",
        "server_header": False,
    }
