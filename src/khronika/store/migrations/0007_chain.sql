-- 0007: tamper evidence. Every change is a link of a hash chain: its hash covers the previous
-- entry's hash, its own fields and a digest of what it produced (state, JSON). The head (the
-- last entry's seq and hash) is kept apart, so that removing the last entries is detected.
ALTER TABLE changes ADD COLUMN state TEXT NOT NULL DEFAULT '{}';
ALTER TABLE changes ADD COLUMN prev_hash TEXT;
ALTER TABLE changes ADD COLUMN hash TEXT;
CREATE TABLE chain_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
