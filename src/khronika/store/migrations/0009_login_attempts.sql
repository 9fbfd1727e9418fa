-- 0009: failed logins, kept a short while to refuse guessing (per account name and per
-- client address). Never a password: only who was tried, from where, and when.
CREATE TABLE login_failures (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    at     TEXT NOT NULL,
    name   TEXT NOT NULL,
    client TEXT NOT NULL
);
CREATE INDEX login_failures_name ON login_failures (name, at);
CREATE INDEX login_failures_client ON login_failures (client, at);
