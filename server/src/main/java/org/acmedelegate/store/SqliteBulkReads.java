package org.acmedelegate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TxtValue;

/**
 * The whole-store reads of {@link SqliteAccountStore} that fill the DNS index at start: the account count,
 * the snapshot, and the streamed scan. Callers hold the reader connection's lock.
 */
final class SqliteBulkReads {
    private static final String CHALLENGES =
            "FROM accounts a " + "LEFT JOIN txt_values t ON t.subdomain = a.subdomain AND a.disabled = 0";

    private SqliteBulkReads() {}

    static int accountCount(Connection reader) {
        try (PreparedStatement select = reader.prepareStatement("SELECT count(*) FROM accounts");
                ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    static StoreSnapshot snapshot(Connection reader) {
        Map<Subdomain, List<TxtEntry>> all = new HashMap<>();
        try (PreparedStatement select =
                        reader.prepareStatement("SELECT a.subdomain, t.value, t.seq, t.updated_at " + CHALLENGES);
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                List<TxtEntry> list = all.computeIfAbsent(new Subdomain(rs.getString(1)), k -> new ArrayList<>());
                if (rs.getString(2) != null) {
                    list.add(new TxtEntry(
                            new TxtValue(rs.getString(2)), rs.getLong(3), Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
        } catch (SQLException e) {
            throw failed(e);
        }
        all.values().forEach(list -> list.sort((x, y) -> Long.compare(y.sequence(), x.sequence())));
        return new StoreSnapshot(all);
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
