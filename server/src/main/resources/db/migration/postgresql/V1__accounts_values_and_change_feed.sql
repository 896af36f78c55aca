-- Accounts: the key is only ever stored as a bcrypt hash. Times are epoch milliseconds, as in SQLite.
CREATE TABLE accounts (
    username         TEXT    NOT NULL PRIMARY KEY,
    key_hash         TEXT    NOT NULL,
    subdomain        TEXT    NOT NULL UNIQUE,
    allow_from       TEXT    NOT NULL DEFAULT '',
    created_at       BIGINT  NOT NULL,
    domain           TEXT,
    disabled         BOOLEAN NOT NULL DEFAULT FALSE,
    last_update_at   BIGINT,
    cname_status     TEXT,
    cname_target     TEXT,
    cname_checked_at BIGINT
);

-- One row per live TXT value; seq is the change sequence of the write that put it (newest = largest).
CREATE TABLE txt_values (
    subdomain  TEXT   NOT NULL REFERENCES accounts (subdomain) ON DELETE CASCADE,
    value      TEXT   NOT NULL,
    seq        BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (subdomain, value)
);

CREATE INDEX txt_values_updated_at ON txt_values (updated_at);

-- The cluster-wide change sequence. Every write that changes what DNS answers first takes this row's
-- lock and moves it on, so writes commit in sequence order and a reader that sees a sequence also sees
-- every smaller one. pruned_below: changes with a smaller sequence are no longer in the changes table.
CREATE TABLE change_counter (
    id           INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    value        BIGINT  NOT NULL,
    pruned_below BIGINT  NOT NULL
);
INSERT INTO change_counter (id, value, pruned_below) VALUES (1, 0, 0);

-- Which subdomains a change touched; nodes re-read those subdomains' state to apply it.
CREATE TABLE changes (
    seq        BIGINT      NOT NULL,
    subdomain  TEXT        NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (seq, subdomain)
);

-- Every running node: its heartbeat and the sequence up to which its DNS answers everything.
CREATE TABLE cluster_nodes (
    node         TEXT        NOT NULL PRIMARY KEY,
    serves_dns   BOOLEAN     NOT NULL,
    applied_seq  BIGINT      NOT NULL,
    heartbeat_at TIMESTAMPTZ NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL
);
