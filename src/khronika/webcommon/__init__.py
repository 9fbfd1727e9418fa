"""The plumbing the JSON API (:mod:`khronika.api`) and the pages (:mod:`khronika.web`) share:
the store lent to each request (:mod:`.deps`), every error mapped to its answer once
(:mod:`.errors`), JSON answers (:mod:`.responses`), the account asking (:mod:`.account`), the
read queries (:mod:`.queries`) and a viewer's redaction (:mod:`.redaction`).

Neither ``api/`` nor ``web/`` imports the other: both import this package, and
:mod:`khronika.app` assembles them into one application (tests/test_layers.py checks it).
"""
