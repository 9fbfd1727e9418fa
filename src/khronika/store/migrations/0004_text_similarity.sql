-- 0004: what the linker needs to compare the words of reports: how many reports use each
-- word (document frequency) and the words each incident's reports use about it.
CREATE TABLE term_df (
    term TEXT PRIMARY KEY,
    df   INTEGER NOT NULL
);
CREATE TABLE incident_terms (
    incident_id TEXT PRIMARY KEY,
    terms       TEXT NOT NULL   -- JSON object: word -> count
);
