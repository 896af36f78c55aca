/**
 * The client hook ({@code acme-delegate-hook}): its command line, the API client (JDK {@code HttpClient}),
 * the account file, the DNS propagation check, and one adapter per ACME client (Certbot, acme.sh, lego exec,
 * dehydrated, uacme). It talks to any acme-dns compatible server and shares no code with the server.
 */
package org.acmedelegate.hook;
