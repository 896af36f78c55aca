-- One TSIG key per account for RFC 2136 updates. The secret is sealed with AES-GCM under the key in
-- [store] secrets_key_file, which never enters the database: a copy of this file alone holds no secret.
CREATE TABLE tsig_keys (
    username      TEXT    NOT NULL PRIMARY KEY REFERENCES accounts (username) ON DELETE CASCADE,
    key_name      TEXT    NOT NULL UNIQUE,
    algorithm     TEXT    NOT NULL,
    sealed_secret BLOB    NOT NULL,
    created_at    INTEGER NOT NULL
);
