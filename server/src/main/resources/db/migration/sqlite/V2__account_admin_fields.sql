-- Operations: the domain an account serves, administrative disabling, the time of its last TXT
-- update, and the last check of the _acme-challenge CNAME that points at it.
ALTER TABLE accounts ADD COLUMN domain TEXT;
ALTER TABLE accounts ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN last_update_at INTEGER;
ALTER TABLE accounts ADD COLUMN cname_status TEXT;
ALTER TABLE accounts ADD COLUMN cname_target TEXT;
ALTER TABLE accounts ADD COLUMN cname_checked_at INTEGER;
