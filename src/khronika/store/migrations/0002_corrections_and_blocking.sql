-- 0002: analyst corrections that automatic linking never undoes, the history of changes,
-- and indexes that keep the cost of adding a report independent of the store's size.
ALTER TABLE event_links ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;

CREATE TABLE changes (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    author      TEXT NOT NULL,
    action      TEXT NOT NULL,          -- ingest | merge | split | relink | ...
    incident_id TEXT,
    detail      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX changes_incident ON changes(incident_id);

-- Incidents an analyst split apart: automatic linking never joins them again.
CREATE TABLE cannot_link (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    PRIMARY KEY (a, b)
);

-- An incident merged into another keeps answering under its old id.
CREATE TABLE incident_redirects (
    old_id TEXT PRIMARY KEY,
    new_id TEXT NOT NULL
);

-- MinHash bands (locality-sensitive hashing): near-copy candidates without a full scan.
CREATE TABLE minhash_bands (
    band   INTEGER NOT NULL,
    digest TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE
);
CREATE INDEX minhash_bands_lookup ON minhash_bands(band, digest);

ALTER TABLE incidents ADD COLUMN place_id TEXT;
CREATE INDEX incidents_dates ON incidents(date_earliest, date_latest);
CREATE INDEX incidents_place ON incidents(place_id);
CREATE INDEX incidents_undated ON incidents(event_type) WHERE date_earliest IS NULL;
