-- 0016 (issue 15): analysts' corrections of actors, and incidents marked reviewed. A merged
-- actor's id answers as the one it was merged into (reports already read keep naming the old
-- id); an actor renamed or given another kind by an analyst keeps that name and kind in every
-- incident rebuilt afterwards.
CREATE TABLE actor_redirects (
    old_id TEXT PRIMARY KEY,
    new_id TEXT NOT NULL
);
CREATE INDEX actor_redirects_new ON actor_redirects(new_id);

CREATE TABLE actor_edits (
    actor_id TEXT PRIMARY KEY,
    author   TEXT NOT NULL,
    at       TEXT NOT NULL
);

-- The "needs review" queue: an incident an analyst marked reviewed leaves it.
CREATE TABLE incident_checks (
    incident_id TEXT PRIMARY KEY,
    author      TEXT NOT NULL,
    at          TEXT NOT NULL
);
