/**
 * The audit log: one JSON line per API or admin action, written to a file (owner-only, reopened on
 * rotation) or to standard output; it never holds a key, a password or a hash.
 */
package org.acmedelegate.audit;
