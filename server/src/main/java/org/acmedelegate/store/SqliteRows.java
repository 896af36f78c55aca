package org.acmedelegate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** What only the SQLite schema has, for {@link SqliteAccountStore}, and the root cause of a failure. */
final class SqliteRows {
    private SqliteRows() {}

    /** Moves the TXT value sequence on (PostgreSQL uses its change sequence instead); returns the new value. */
    static long nextTxtSequence(Connection c) throws SQLException {
        try (PreparedStatement next =
                        c.prepareStatement("UPDATE txt_sequence SET value = value + 1 WHERE id = 1 RETURNING value");
                ResultSet rs = next.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
