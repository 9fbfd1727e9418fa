-- 0019: the linker's blocking read from indexes alone, so its cost follows the incidents it
-- finds, not the size of what it would otherwise read: the dated candidates (type and dates in
-- the date indexes; a summary, stored in each incident's row, is never read to reject one),
-- the primary incidents of reports by publication date and by seq (a report's row holds its
-- whole text before its primary incident), read in the order the linker wants them, and the
-- reports of an incident with their doc_ids, in ingest order (its members' profiles).
DROP INDEX incidents_dates;
CREATE INDEX incidents_dates
    ON incidents(date_earliest, date_latest, event_type, secondary_types, incident_id);
DROP INDEX incidents_country_dates;
CREATE INDEX incidents_country_dates
    ON incidents(country, date_earliest, date_latest, event_type, secondary_types, incident_id);
DROP INDEX incidents_wide;
CREATE INDEX incidents_wide
    ON incidents(date_earliest, date_latest, event_type, secondary_types, incident_id, date_wide)
    WHERE date_wide = 1;
DROP INDEX documents_published;
CREATE INDEX documents_published ON documents(published, seq, primary_incident);
CREATE INDEX documents_seq_primary ON documents(seq, primary_incident);
DROP INDEX documents_primary;
CREATE INDEX documents_primary ON documents(primary_incident, seq, doc_id);
