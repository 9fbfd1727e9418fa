-- 0019 (as SQLite's 0019): the linker's blocking read from indexes alone (index-only scans):
-- the dated candidates' type and dates, and the primary incidents of reports by publication
-- date and by seq.
DROP INDEX incidents_dates;
CREATE INDEX incidents_dates ON incidents(date_earliest, date_latest)
    INCLUDE (event_type, secondary_types, incident_id);
DROP INDEX incidents_country_dates;
CREATE INDEX incidents_country_dates ON incidents(country, date_earliest)
    INCLUDE (date_latest, event_type, secondary_types, incident_id);
DROP INDEX incidents_wide;
CREATE INDEX incidents_wide ON incidents(date_earliest)
    INCLUDE (date_latest, event_type, secondary_types, incident_id) WHERE date_wide = 1;
DROP INDEX documents_published;
CREATE INDEX documents_published ON documents(published, seq) INCLUDE (primary_incident);
CREATE INDEX documents_seq_primary ON documents(seq) INCLUDE (primary_incident);
DROP INDEX documents_primary;
CREATE INDEX documents_primary ON documents(primary_incident, seq) INCLUDE (doc_id);
