-- 0005: full-text search over report texts (SQLite FTS5), kept in step with documents.
CREATE VIRTUAL TABLE report_search USING fts5(
    doc_id UNINDEXED,
    title,
    text,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO report_search (doc_id, title, text) SELECT doc_id, COALESCE(title, ''), text FROM documents;
CREATE TRIGGER documents_search_insert AFTER INSERT ON documents BEGIN
    INSERT INTO report_search (doc_id, title, text)
    VALUES (new.doc_id, COALESCE(new.title, ''), new.text);
END;
CREATE TRIGGER documents_search_delete AFTER DELETE ON documents BEGIN
    DELETE FROM report_search WHERE doc_id = old.doc_id;
END;
