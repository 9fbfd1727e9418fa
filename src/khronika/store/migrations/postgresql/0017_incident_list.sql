-- 0017 (as SQLite's 0017): the list's index also holds the columns the list filters by
-- (dates, type, place), so a page is found from the index alone; only its summaries are read.
DROP INDEX incidents_list;
CREATE INDEX incidents_list ON incidents((date_earliest IS NULL), date_earliest, created_seq)
    INCLUDE (incident_id, event_type, secondary_types, date_latest, place, region, country);
