-- 0021 (as SQLite's 0021): the linker's incidents at one place, the most recent first, found in
-- that order in an index holding their types.
CREATE INDEX incidents_place_recent ON incidents(place_id, created_seq)
    INCLUDE (event_type, incident_id);
CREATE INDEX incidents_place_undated ON incidents(place_id, created_seq)
    INCLUDE (event_type, incident_id) WHERE date_earliest IS NULL;
