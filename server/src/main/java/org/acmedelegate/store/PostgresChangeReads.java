package org.acmedelegate.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reads of {@link PostgresAccountStore} that feed the DNS index: the whole store at start or after a
 * gap, and the changes after a sequence. Each runs in one repeatable-read transaction, so the rows and
 * the sequence it reports are one consistent view.
 */
final class PostgresChangeReads {
    private static final String CHALLENGES =
            "FROM accounts a " + "LEFT JOIN txt_values t ON t.subdomain = a.subdomain AND NOT a.disabled";
    private static final int FETCH_ROWS = 10_000;

    private PostgresChangeReads() {}

    @FunctionalInterface
    private interface Snapshot<T> {
        T read(Connection c) throws SQLException;
    }

    private static <T> T consistently(Connection c, Snapshot<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            T result = work.read(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    static long head(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT value FROM change_counter WHERE id = 1");
                ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static StoreSnapshot snapshot(Connection c) throws SQLException {
        return SqlRows.snapshot(c, CHALLENGES);
    }

    static long scanAll(Connection c, AccountStore.ChallengeRows rows) throws SQLException {
        return consistently(c, tx -> {
            long head = head(tx);
            try (PreparedStatement select = tx.prepareStatement(
                    "SELECT a.subdomain, t.value, t.seq, t.updated_at " + CHALLENGES + " ORDER BY a.subdomain")) {
                select.setFetchSize(FETCH_ROWS); // a cursor: a million rows are streamed, not held at once
                try (ResultSet rs = select.executeQuery()) {
                    String subdomain = null;
                    while (rs.next()) {
                        String s = rs.getString(1);
                        subdomain = s.equals(subdomain) ? subdomain : s;
                        rows.row(subdomain, rs.getBytes(2), rs.getLong(3), rs.getLong(4));
                    }
                }
            }
            return head;
        });
    }

    static ChangeBatch changesAfter(Connection c, long applied, int maxSubdomains) throws SQLException {
        return consistently(c, tx -> {
            long head;
            long prunedBelow;
            try (PreparedStatement select =
                            tx.prepareStatement("SELECT value, pruned_below FROM change_counter WHERE id = 1");
                    ResultSet rs = select.executeQuery()) {
                rs.next();
                head = rs.getLong(1);
                prunedBelow = rs.getLong(2);
            }
            if (head < applied) {
                // The sequence went back: a database restored from a backup, or a failover to a replica that
                // lacked the newest changes. What this node holds may be gone from the database: reload.
                return ChangeBatch.gap(head);
            }
            if (head == applied) {
                return new ChangeBatch(head, Map.of(), false);
            }
            if (applied + 1 < prunedBelow) {
                return ChangeBatch.gap(head);
            }
            List<String> subdomains = new ArrayList<>();
            try (PreparedStatement select =
                    tx.prepareStatement("SELECT DISTINCT subdomain FROM changes WHERE seq > ? AND seq <= ? LIMIT ?")) {
                select.setLong(1, applied);
                select.setLong(2, head);
                select.setInt(3, maxSubdomains + 1);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        subdomains.add(rs.getString(1));
                    }
                }
            }
            if (subdomains.size() > maxSubdomains) {
                return ChangeBatch.gap(head);
            }
            return new ChangeBatch(head, states(tx, subdomains), false);
        });
    }

    private static Map<String, Optional<List<TxtEntry>>> states(Connection c, List<String> subdomains)
            throws SQLException {
        Map<String, List<TxtEntry>> found = new HashMap<>();
        Map<String, Optional<List<TxtEntry>>> states = new HashMap<>();
        Array names = c.createArrayOf("text", subdomains.toArray());
        try (PreparedStatement select = c.prepareStatement(
                "SELECT s.sub, a.subdomain, t.value, t.seq, t.updated_at FROM unnest(?::text[]) AS s(sub)"
                        + " LEFT JOIN accounts a ON a.subdomain = s.sub"
                        + " LEFT JOIN txt_values t ON t.subdomain = a.subdomain AND NOT a.disabled")) {
            select.setArray(1, names);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String sub = rs.getString(1);
                    if (rs.getString(2) == null) {
                        states.put(sub, Optional.empty());
                        continue;
                    }
                    List<TxtEntry> list = found.computeIfAbsent(sub, k -> new ArrayList<>());
                    if (rs.getString(3) != null) {
                        list.add(SqlRows.entry(rs, 3));
                    }
                }
            }
        } finally {
            names.free();
        }
        found.forEach((sub, list) -> {
            list.sort((x, y) -> Long.compare(y.sequence(), x.sequence()));
            states.put(sub, Optional.of(List.copyOf(list)));
        });
        return states;
    }

    static int prune(Connection c, long retentionSeconds) throws SQLException {
        long newest = -1;
        int pruned = 0;
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM changes WHERE changed_at < now() - make_interval(secs => ?) RETURNING seq")) {
            delete.setDouble(1, retentionSeconds);
            try (ResultSet rs = delete.executeQuery()) {
                while (rs.next()) {
                    pruned++;
                    newest = Math.max(newest, rs.getLong(1));
                }
            }
        }
        if (newest >= 0) {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE change_counter SET pruned_below = GREATEST(pruned_below, ?) WHERE id = 1")) {
                update.setLong(1, newest + 1);
                update.executeUpdate();
            }
        }
        return pruned;
    }
}
