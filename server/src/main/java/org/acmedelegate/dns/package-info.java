/**
 * The authoritative DNS path: the served zone built from the config, the pure responder (a query message
 * in, a reply out, reading only the challenge index), bytes to messages with size limits, response rate
 * limiting, and the Netty UDP and TCP handlers with their bootstrap ({@link org.acmedelegate.dns.DnsServer}).
 * Nothing here blocks an event-loop thread or reads the database.
 */
package org.acmedelegate.dns;
