package org.acmedelegate.migrate;

/**
 * One row of acme-dns' {@code records} table as stored, before any check. {@code password} is the
 * bcrypt hash acme-dns wrote; it is never printed.
 */
public record AcmeDnsRecord(long row, String username, String password, String subdomain, String allowFrom) {
    @Override
    public String toString() {
        return "records row " + row + " (username " + username + ", subdomain " + subdomain + ")";
    }
}
