/**
 * The server's wiring and its command line: {@link org.acmedelegate.Main} parses the sub-commands (serve,
 * check-config, accounts, backups, imports and migrations, one class each), {@link org.acmedelegate.AcmeDelegate}
 * wires store, index, service, listeners and housekeeping by hand for {@code serve}. No logic lives here
 * that a package below could own.
 */
package org.acmedelegate;
