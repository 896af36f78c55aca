-- Accounts: the key is only ever stored as a bcrypt hash.
CREATE TABLE accounts (
    username   TEXT    NOT NULL PRIMARY KEY,
    key_hash   TEXT    NOT NULL,
    subdomain  TEXT    NOT NULL UNIQUE,
    allow_from TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);

-- One row per live TXT value; seq orders values (newest = largest) independent of clocks.
CREATE TABLE txt_values (
    subdomain  TEXT    NOT NULL REFERENCES accounts (subdomain) ON DELETE CASCADE,
    value      TEXT    NOT NULL,
    seq        INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (subdomain, value)
);

CREATE INDEX txt_values_updated_at ON txt_values (updated_at);

-- The monotonic counter behind txt_values.seq; never goes back, even when rows are deleted.
CREATE TABLE txt_sequence (
    id    INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);
INSERT INTO txt_sequence (id, value) VALUES (1, 0);
