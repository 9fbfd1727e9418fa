-- 0014: evidence beyond plain text. The pages of a PDF or scanned report (character offsets
-- into its text; OCR pages with Tesseract's mean word confidence), where a report came from
-- beyond its URL (a web archive's capture, a Telegram message, a PDF's own metadata; JSON),
-- and attachments: photos, videos, audio and documents kept as evidence of a report or an
-- incident. An attachment's bytes are an original (kept byte for byte, by SHA-256); its
-- metadata (capture time, camera, GPS...) is JSON; its thumbnail a small JPEG.
CREATE TABLE report_pages (
    doc_id     TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    page       INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    ocr        INTEGER NOT NULL DEFAULT 0,
    confidence REAL,
    PRIMARY KEY (doc_id, page)
);

CREATE TABLE report_provenance (
    doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    kind   TEXT NOT NULL,
    data   TEXT NOT NULL
);

CREATE TABLE attachments (
    attachment_id TEXT PRIMARY KEY,
    sha256        TEXT NOT NULL REFERENCES originals(sha256),
    doc_id        TEXT REFERENCES documents(doc_id),
    incident_id   TEXT,
    name          TEXT NOT NULL,
    media_type    TEXT NOT NULL,
    size          INTEGER NOT NULL,
    metadata      TEXT NOT NULL,
    thumbnail     BLOB,
    added_at      TEXT NOT NULL,
    added_by      TEXT NOT NULL
);
CREATE INDEX attachments_doc ON attachments(doc_id);
CREATE INDEX attachments_incident ON attachments(incident_id);
