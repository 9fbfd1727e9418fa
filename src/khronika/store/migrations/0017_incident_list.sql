-- 0017: the incident list's page found in an index, in the list's order (oldest first, undated
-- last). The columns it filters by (dates, type, place) are all in it, so sorting and
-- filtering never read an incident's summary (stored before them in each row): only the
-- page's summaries are read, by id.
CREATE INDEX incidents_list ON incidents(date_earliest IS NULL, date_earliest, created_seq,
    incident_id, event_type, secondary_types, date_latest, place, region, country);
