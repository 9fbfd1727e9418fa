-- 0018: a report's entries in both full-text indexes have the report's seq as their rowid, so
-- a search finds the reports matching by spelling but not as written by rowid alone (FTS5
-- lists the rowids of a match from its index; a doc_id is read from each entry's row), and
-- ranks the reports added last among many matches (a range of rowids).
DROP TRIGGER documents_search_insert;
DELETE FROM report_search;
INSERT INTO report_search (rowid, doc_id, title, text)
    SELECT seq, doc_id, COALESCE(title, ''), text FROM documents;
CREATE TRIGGER documents_search_insert AFTER INSERT ON documents BEGIN
    INSERT INTO report_search (rowid, doc_id, title, text)
    VALUES (new.seq, new.doc_id, COALESCE(new.title, ''), new.text);
END;
CREATE TEMP TABLE khronika_spelling AS SELECT doc_id, keys FROM report_spelling;
DELETE FROM report_spelling;
INSERT INTO report_spelling (rowid, doc_id, keys)
    SELECT d.seq, k.doc_id, k.keys FROM temp.khronika_spelling k JOIN documents d USING (doc_id);
DROP TABLE temp.khronika_spelling;
