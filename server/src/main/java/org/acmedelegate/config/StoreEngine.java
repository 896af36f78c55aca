package org.acmedelegate.config;

/** What keeps the accounts and values: an embedded SQLite file (one node) or a shared PostgreSQL database. */
public enum StoreEngine {
    SQLITE,
    POSTGRESQL
}
