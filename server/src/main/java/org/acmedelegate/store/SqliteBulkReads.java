package org.acmedelegate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The whole-store reads of {@link SqliteAccountStore} that fill the DNS index at start: the account count,
 * the snapshot, and the streamed scan. Callers hold the reader connection's lock.
 */
final class SqliteBulkReads {
    private static final String CHALLENGES =
            "FROM accounts a " + "LEFT JOIN txt_values t ON t.subdomain = a.subdomain AND a.disabled = 0";

    private SqliteBulkReads() {}

    static int accountCount(Connection reader) {
        try {
            return SqlRows.countAccounts(reader);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    static StoreSnapshot snapshot(Connection reader) {
        try {
            return SqlRows.snapshot(reader, CHALLENGES);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    static void scanChallenges(Connection reader, AccountStore.ChallengeRows rows) {
        // Walks the accounts in subdomain order over the unique index, so each subdomain's rows are adjacent.
        try (PreparedStatement select =
                        reader.prepareStatement("SELECT a.rowid, a.subdomain, t.value, t.seq, t.updated_at "
                                + CHALLENGES + " ORDER BY a.subdomain");
                ResultSet rs = select.executeQuery()) {
            // Text columns cost a string conversion each: the subdomain is read once per account (its
            // rows are adjacent) and values come as the bytes the index keeps.
            long account = Long.MIN_VALUE;
            String subdomain = null;
            while (rs.next()) {
                long id = rs.getLong(1);
                if (id != account) {
                    account = id;
                    subdomain = rs.getString(2);
                }
                rows.row(subdomain, rs.getBytes(3), rs.getLong(4), rs.getLong(5));
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private static StoreException failed(SQLException e) {
        return new StoreException("reading the database failed: " + SqliteRows.rootMessage(e), e);
    }
}
