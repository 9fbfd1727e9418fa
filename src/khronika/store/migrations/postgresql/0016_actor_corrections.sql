-- 0016 (issue 15, as SQLite's 0016): analysts' corrections of actors, and incidents marked
-- reviewed. A merged actor's id answers as the one it was merged into (reports already read
-- keep naming the old id); an actor renamed or given another kind by an analyst keeps that
-- name and kind in every incident rebuilt afterwards.
CREATE TABLE actor_redirects (
    old_id TEXT COLLATE "C" PRIMARY KEY,
    new_id TEXT COLLATE "C" NOT NULL
);
CREATE INDEX actor_redirects_new ON actor_redirects(new_id);

CREATE TABLE actor_edits (
    actor_id TEXT COLLATE "C" PRIMARY KEY,
    author   TEXT COLLATE "C" NOT NULL,
    at       TEXT COLLATE "C" NOT NULL
);

-- The "needs review" queue: an incident an analyst marked reviewed leaves it.
CREATE TABLE incident_checks (
    incident_id TEXT COLLATE "C" PRIMARY KEY,
    author      TEXT COLLATE "C" NOT NULL,
    at          TEXT COLLATE "C" NOT NULL
);

-- The list sorted by its number of reports: SQLite's json_array_length(doc, path).
CREATE FUNCTION json_array_length(doc text, path text) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_array_length(doc::jsonb #> string_to_array(substr(path, 3), '.'))
$$;
