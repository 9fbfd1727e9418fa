-- 0021: the linker's incidents at one place (undated ones, or all of them for an undated
-- report), the most recent first, found in that order in an index holding their types: a place
-- with thousands of incidents is no longer read whole and sorted for its 200 most recent.
CREATE INDEX incidents_place_recent ON incidents(place_id, created_seq, event_type, incident_id);
CREATE INDEX incidents_place_undated ON incidents(place_id, created_seq, event_type, incident_id,
    date_earliest) WHERE date_earliest IS NULL;
