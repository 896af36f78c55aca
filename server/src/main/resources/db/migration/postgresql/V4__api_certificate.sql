-- The API's own certificate ([api.acme]), shared by every node: one row, the chain (leaf first) and its key as
-- PEM, and when it was stored (epoch milliseconds). Only the node holding the advisory lock orders and writes it.
CREATE TABLE api_certificate (
    id         SMALLINT NOT NULL PRIMARY KEY CHECK (id = 1),
    chain_pem  TEXT     NOT NULL,
    key_pem    TEXT     NOT NULL,
    updated_at BIGINT   NOT NULL
);
