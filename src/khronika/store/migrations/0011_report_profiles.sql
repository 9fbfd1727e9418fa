-- 0011: document-level linking. Each report's profile (its words, dates, places, people and
-- the type of its primary incident; JSON) is compared with the profiles of the reports filed
-- under a candidate incident. Reports are found by their primary incident and by date.
CREATE TABLE report_profiles (
    doc_id  TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    profile TEXT NOT NULL
);
CREATE INDEX documents_primary ON documents(primary_incident);
CREATE INDEX documents_published ON documents(published);
