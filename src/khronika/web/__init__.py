"""Server-rendered pages: Jinja2 templates (autoescaped) and one CSS file, no script."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
TEMPLATE_DIR = HERE / "templates"

__all__ = ["STATIC_DIR", "TEMPLATE_DIR"]
