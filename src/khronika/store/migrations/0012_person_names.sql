-- 0012: names of people, for redaction (khronika.security.redact).
-- person_names: every name a report's extraction read as a person's (extract/names.py), kept
-- in step with the extraction by Store.save_extraction; derived, so not in the chain's digests.
CREATE TABLE person_names (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    name   TEXT NOT NULL,
    PRIMARY KEY (doc_id, name)
) WITHOUT ROWID;
CREATE INDEX person_names_name ON person_names(name);

INSERT OR IGNORE INTO person_names (doc_id, name)
SELECT extractions.doc_id, json_extract(person.value, '$.quote')
FROM extractions, json_each(extractions.data, '$.people') AS person
WHERE json_extract(person.value, '$.quote') IS NOT NULL;

-- people an analyst marked public: their names are shown to viewers (each mark is also a
-- change in the chain, with who and when).
CREATE TABLE public_names (
    name      TEXT PRIMARY KEY COLLATE NOCASE,
    actor_id  TEXT,
    author    TEXT NOT NULL,
    marked_at TEXT NOT NULL
) WITHOUT ROWID;
