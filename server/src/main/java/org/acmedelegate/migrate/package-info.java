/**
 * Moving from acme-dns: reading an acme-dns database (read-only) and its {@code config.cfg}, planning an
 * import against the configured store (what is new, what is already there, which rows are skipped and
 * why), writing that plan into an {@link org.acmedelegate.store.AccountStore}, and converting the
 * acme-dns configuration into an acme-delegate TOML file. The CLI commands only wire these together.
 */
package org.acmedelegate.migrate;
