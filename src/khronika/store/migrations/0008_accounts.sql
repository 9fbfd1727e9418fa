-- 0008: accounts and sessions. A password is kept only as its Argon2id hash; a session
-- token only as its SHA-256 digest, with an expiry.
CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    name       TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    expires_at TEXT NOT NULL
);
