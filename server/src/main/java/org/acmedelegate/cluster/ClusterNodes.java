package org.acmedelegate.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The {@code cluster_nodes} table: one row per running node with its heartbeat and the change sequence
 * up to which its DNS answers everything. Times are the database's, so node clocks need not agree.
 */
public final class ClusterNodes {
    /** The channel on which a node says it has applied more of the feed; the payload is its name. */
    static final String APPLIED_CHANNEL = "acme_delegate_applied";

    private final DataSource pool;

    public ClusterNodes(DataSource pool) {
        this.pool = pool;
    }

    /** Records that {@code node} is alive and has applied everything up to {@code applied}; wakes waiting writers. */
    void beat(String node, boolean servesDns, long applied, boolean advanced) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement upsert = c.prepareStatement(
                        "INSERT INTO cluster_nodes (node, serves_dns, applied_seq, heartbeat_at, started_at)"
                                + " VALUES (?, ?, ?, now(), now()) ON CONFLICT (node) DO UPDATE SET"
                                + " serves_dns = excluded.serves_dns, applied_seq = excluded.applied_seq, heartbeat_at = now()")) {
            upsert.setString(1, node);
            upsert.setBoolean(2, servesDns);
            upsert.setLong(3, applied);
            upsert.executeUpdate();
            if (advanced) {
                try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify('" + APPLIED_CHANNEL + "', ?)")) {
                    notify.setString(1, node);
                    notify.execute();
                }
            }
        }
    }

    /** Removes {@code node}, so nobody waits for it after it stopped. */
    void leave(String node) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement delete = c.prepareStatement("DELETE FROM cluster_nodes WHERE node = ?")) {
            delete.setString(1, node);
            delete.executeUpdate();
        }
    }

    /** How many DNS nodes with a heartbeat within {@code timeout} have not applied {@code sequence} yet. */
    int lagging(long sequence, Duration timeout) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement select =
                        c.prepareStatement("SELECT count(*) FROM cluster_nodes WHERE serves_dns AND applied_seq < ?"
                                + " AND heartbeat_at > now() - make_interval(secs => ?)")) {
            select.setLong(1, sequence);
            select.setDouble(2, timeout.toMillis() / 1000.0);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Forgets nodes without a heartbeat for a day (stopped by kill, or renamed). */
    int forgetGone() throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement delete =
                        c.prepareStatement("DELETE FROM cluster_nodes WHERE heartbeat_at < now() - interval '1 day'")) {
            return delete.executeUpdate();
        }
    }
}
