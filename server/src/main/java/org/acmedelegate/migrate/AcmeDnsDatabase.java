package org.acmedelegate.migrate;

import java.util.List;

/** What an acme-dns database holds: its schema version, its registrations and its TXT rows, in row order. */
public record AcmeDnsDatabase(String source, String version, List<AcmeDnsRecord> records, List<AcmeDnsTxt> txt) {
    public AcmeDnsDatabase {
        records = List.copyOf(records);
        txt = List.copyOf(txt);
    }
}
