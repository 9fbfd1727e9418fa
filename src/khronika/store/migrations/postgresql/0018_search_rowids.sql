-- 0018 (as SQLite's 0018, where a report's entries in the full-text indexes have its seq as
-- their rowid): each report's search vector is kept with the report's seq, so a search ranks
-- the reports added last among many matches without reading the reports.
ALTER TABLE report_search ADD COLUMN seq BIGINT;
UPDATE report_search s SET seq = d.seq FROM documents d WHERE d.doc_id = s.doc_id;
ALTER TABLE report_search ALTER COLUMN seq SET NOT NULL;
CREATE OR REPLACE FUNCTION khronika_index_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_search (doc_id, seq, search)
    VALUES (NEW.doc_id, NEW.seq, khronika_search_vector(NEW.title, NEW.text))
    ON CONFLICT (doc_id) DO UPDATE SET seq = excluded.seq, search = excluded.search;
    RETURN NULL;
END
$$;
