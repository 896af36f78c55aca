/**
 * The in-memory challenge index: every registered name of the zone and its live TXT values, loaded from
 * the store at start, kept current by the service (and, in a cluster, by the change follower), and read
 * lock-free by the DNS responder on every query.
 */
package org.acmedelegate.index;
