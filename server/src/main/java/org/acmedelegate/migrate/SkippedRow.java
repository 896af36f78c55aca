package org.acmedelegate.migrate;

import java.util.Objects;

/** A source row the import leaves out, with the reason; {@code row} names it without any secret. */
public record SkippedRow(String row, String reason) {
    public SkippedRow {
        Objects.requireNonNull(row, "row");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return row + ": " + reason;
    }
}
