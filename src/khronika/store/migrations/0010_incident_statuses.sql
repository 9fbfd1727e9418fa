-- 0010: which corroboration statuses each incident's facts have, so the status filter reads
-- an index instead of every incident's summary. Derived from incidents.summary (kept in step
-- by Store.save_incident), so not part of the hash chain's digests.
CREATE TABLE incident_statuses (
    incident_id TEXT NOT NULL REFERENCES incidents(incident_id) ON DELETE CASCADE,
    status      TEXT NOT NULL,
    PRIMARY KEY (incident_id, status)   -- replaced per incident when it is saved
) WITHOUT ROWID;
CREATE INDEX incident_statuses_status ON incident_statuses(status, incident_id);  -- the filter

INSERT OR IGNORE INTO incident_statuses (incident_id, status)
SELECT incidents.incident_id, json_extract(fact.value, '$.status')
FROM incidents, json_each(incidents.summary, '$.facts') AS fact
WHERE json_extract(fact.value, '$.status') IS NOT NULL;
