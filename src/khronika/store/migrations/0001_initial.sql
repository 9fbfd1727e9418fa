-- 0001: the record. Originals are kept byte for byte; everything else is derived from them.
CREATE TABLE originals (
    sha256 TEXT PRIMARY KEY,
    raw    BLOB NOT NULL
);

CREATE TABLE documents (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id       TEXT NOT NULL UNIQUE,
    sha256       TEXT NOT NULL UNIQUE REFERENCES originals(sha256),
    url          TEXT,
    publisher    TEXT,
    published    TEXT,
    title        TEXT,
    language     TEXT,
    media_type   TEXT NOT NULL,
    origin       TEXT,
    text         TEXT NOT NULL,
    copy_of      TEXT REFERENCES documents(doc_id),
    minhash      BLOB,
    primary_incident TEXT,
    ingested_at  TEXT NOT NULL
);

-- Everything extracted from one report, as JSON (see khronika.store._codec).
CREATE TABLE extractions (
    doc_id   TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    pipeline TEXT NOT NULL,
    data     TEXT NOT NULL
);

CREATE TABLE actors (
    actor_id TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    kind     TEXT NOT NULL
);

-- Every name an actor is known by, with the evidence for the merge.
CREATE TABLE actor_aliases (
    actor_id TEXT NOT NULL REFERENCES actors(actor_id),
    norm     TEXT NOT NULL,
    alias    TEXT NOT NULL,
    evidence TEXT NOT NULL,
    doc_id   TEXT,
    start    INTEGER,
    end      INTEGER,
    PRIMARY KEY (norm, actor_id)
);

CREATE TABLE incidents (
    incident_id     TEXT PRIMARY KEY,
    event_type      TEXT NOT NULL,
    secondary_types TEXT NOT NULL DEFAULT '[]',
    summary         TEXT NOT NULL,          -- JSON: date, location, victims, perpetrators, facts
    date_earliest   TEXT,
    date_latest     TEXT,
    place           TEXT,
    region          TEXT,
    country         TEXT,
    created_seq     INTEGER NOT NULL
);

-- Which incident each event mention belongs to; the mention itself lives in extractions.
CREATE TABLE event_links (
    mention_id  TEXT PRIMARY KEY,
    doc_id      TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    incident_id TEXT NOT NULL REFERENCES incidents(incident_id),
    evidence    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX event_links_incident ON event_links(incident_id);

CREATE TABLE incident_actors (
    incident_id TEXT NOT NULL REFERENCES incidents(incident_id) ON DELETE CASCADE,
    role        TEXT NOT NULL,
    name        TEXT NOT NULL,
    actor_id    TEXT
);
CREATE INDEX incident_actors_actor ON incident_actors(actor_id);
