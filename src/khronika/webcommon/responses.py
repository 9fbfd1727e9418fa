"""JSON responses safe to embed or sniff: ``<``, ``>`` and ``&`` are written as ``\\u003c``...

The JSON means the same to every parser, but a report text holding ``<script>`` never
appears as markup in a response body, whatever a browser or proxy guesses about it.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import JSONResponse

_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def safe_dumps(content: Any) -> str:
    text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for char, escaped in _UNSAFE.items():
        text = text.replace(char, escaped)
    return text


class SafeJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return safe_dumps(content).encode("utf-8")
