-- 0015: search by spelling. Each report's names as spelling keys (khronika.spelling: the same
-- name in Cyrillic, Latin or Arabic letters, inflected or not, has one key), written by the
-- store with the report (the keys are computed in Python, not by a trigger) and filled for
-- the reports of an older store when this migration is applied.
CREATE VIRTUAL TABLE report_spelling USING fts5(
    doc_id UNINDEXED,
    keys,
    tokenize = 'unicode61'
);
CREATE TRIGGER documents_spelling_delete AFTER DELETE ON documents BEGIN
    DELETE FROM report_spelling WHERE doc_id = old.doc_id;
END;
