-- 0020: the incident list filtered by country or region (compared ignoring case) found in an
-- index in the list's order, and counted from it: a country with few incidents no longer
-- scans the list's index to the end.
CREATE INDEX incidents_country_list ON incidents(country COLLATE NOCASE, date_earliest IS NULL,
    date_earliest, created_seq, incident_id);
CREATE INDEX incidents_region_list ON incidents(region COLLATE NOCASE, date_earliest IS NULL,
    date_earliest, created_seq, incident_id);
