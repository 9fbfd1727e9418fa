-- 0020 (as SQLite's 0020): the incident list filtered by country or region (compared as
-- lower-case) found in an index in the list's order, and counted from it.
CREATE INDEX incidents_country_list ON incidents(lower(country), (date_earliest IS NULL),
    date_earliest, created_seq) INCLUDE (incident_id);
CREATE INDEX incidents_region_list ON incidents(lower(region), (date_earliest IS NULL),
    date_earliest, created_seq) INCLUDE (incident_id);
