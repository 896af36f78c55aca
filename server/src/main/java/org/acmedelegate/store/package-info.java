/**
 * Persistence: the {@link org.acmedelegate.store.AccountStore} contract and its SQLite and PostgreSQL
 * implementations (schema by Flyway, store errors classified for the API), SQLite backups, the change log
 * a cluster follows, and the process lock that keeps two servers off one SQLite file.
 */
package org.acmedelegate.store;
