-- 0015: search by spelling (as SQLite's 0015). Each report's names as spelling keys
-- (khronika.spelling: the same name in Cyrillic, Latin or Arabic letters, inflected or not,
-- has one key), written by the store with the report (the keys are computed in Python, not by
-- a trigger) and filled for the reports of an older store when this migration is applied.
-- PostgreSQL's own search over them: a tsvector of the keys (the simple configuration: keys
-- are lower-case Latin letters, as written), kept by the server, and a GIN index on it.
CREATE TABLE report_spelling (
    doc_id TEXT COLLATE "C" PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    keys   TEXT COLLATE "C" NOT NULL,
    words  tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, keys)) STORED
);
CREATE INDEX report_spelling_words ON report_spelling USING gin (words);
