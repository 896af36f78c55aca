/**
 * The API's own certificate from an ACME CA (acme4j), validated through this server's own DNS: the
 * DNS-01 value goes into the store and the in-memory index, the certificate is kept in the data folder,
 * renewed on time (or as the CA's renewal information says), retried with backoff, and swapped into the
 * running TLS listener without a restart.
 */
package org.acmedelegate.tls;
