"""Domain data, below extraction: the gazetteer of places (GeoNames, pycountry), the lexicon of
human-rights reporting (event triggers, role nouns, number words), and word lists (English
stop words, common English words). Linking, resolution and corroboration read them without
loading spaCy or the extraction steps; ``data/`` holds their tables.

Nothing here imports :mod:`khronika.extract`, :mod:`khronika.link` or the store
(tests/test_layers.py).
"""
