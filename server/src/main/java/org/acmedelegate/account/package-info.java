/**
 * Account values: records that validate in their constructors ({@link org.acmedelegate.account.Account},
 * {@link org.acmedelegate.account.Subdomain}, {@link org.acmedelegate.account.TxtValue},
 * {@link org.acmedelegate.account.AllowFrom}), credential generation and bcrypt checks, and the API error
 * with its acme-dns error code. No I/O.
 */
package org.acmedelegate.account;
