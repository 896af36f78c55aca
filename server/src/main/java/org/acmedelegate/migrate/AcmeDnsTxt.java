package org.acmedelegate.migrate;

/** One row of acme-dns' {@code txt} table as stored: {@code lastUpdate} is in Unix seconds, 0 when never set. */
public record AcmeDnsTxt(long row, String subdomain, String value, long lastUpdate) {
    @Override
    public String toString() {
        return "txt row " + row + " (subdomain " + subdomain + ")";
    }
}
