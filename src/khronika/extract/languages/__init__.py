"""Extraction from reports in Russian, Spanish, French, Turkish and Arabic.

One pipeline step per language (``khronika.ru``, ``khronika.es``, ``khronika.fr``,
``khronika.tr``, ``khronika.ar``), each acting only on reports the language step found in its
language; it fills the same fields as the English steps (event mentions typed by the same
typology, with their date, places and named victims; places; times; people), every value with
its span in the original text, and ends extraction for that report (the English steps do
not run on it). What a language needs is data: its trigger table
(``data/triggers_<code>.tsv``), CLDR month and weekday names and country names (babel),
GeoNames alternate names of cities. Nothing is loaded before the first report in a language.
"""

from __future__ import annotations

from functools import partial

from ...pipeline import register_step
from .extractor import ForeignExtractor

LANGUAGES: tuple[str, ...] = ("ru", "es", "fr", "tr", "ar")

for _code in LANGUAGES:
    register_step(f"khronika.{_code}")(partial(ForeignExtractor, _code))

__all__ = ["LANGUAGES", "ForeignExtractor"]
