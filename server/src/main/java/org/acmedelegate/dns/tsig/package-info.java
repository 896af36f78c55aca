/**
 * TSIG (RFC 8945): keys and where they come from, verification of signed requests with dnsjava's
 * {@link org.xbill.DNS.TSIG}, and the signing of answers, error answers included. Zone transfers use it
 * with the keys of the config; anything else that takes signed requests (RFC 2136 UPDATE with a key per
 * registration) plugs its own {@link org.acmedelegate.dns.tsig.TsigKeyring} into the same
 * {@link org.acmedelegate.dns.tsig.TsigVerifier}.
 */
package org.acmedelegate.dns.tsig;
