-- 0006: analysts' decisions on facts and fields; applied every time an incident is rebuilt.
CREATE TABLE fact_reviews (
    incident_id TEXT NOT NULL,
    field       TEXT NOT NULL,
    value       TEXT NOT NULL,
    decision    TEXT NOT NULL,      -- confirmed | rejected | edited
    new_value   TEXT,               -- for edited fields
    note        TEXT NOT NULL DEFAULT '',
    author      TEXT NOT NULL,
    at          TEXT NOT NULL,
    PRIMARY KEY (incident_id, field, value)
);
