package org.acmedelegate.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.acmedelegate.config.ClusterConfig;
import org.acmedelegate.config.PostgresConfig;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.metrics.Metrics;
import org.acmedelegate.store.PostgresAccountStore;
import org.acmedelegate.store.PostgresDatabase;

/**
 * This process as one node of a cluster on PostgreSQL: the store, the barrier its writes wait at, and
 * (once the index exists) the follower that keeps the index current. Wired by {@code AcmeDelegate}.
 */
public final class ClusterNode implements AutoCloseable {
    private final PostgresAccountStore store;
    private final ClusterNodes nodes;
    private final ClusterBarrier barrier;
    private final ClusterConfig config;
    private final String name;
    private volatile ChangeFollower follower;

    private ClusterNode(PostgresAccountStore store, ClusterConfig config) {
        this.store = store;
        this.config = config;
        this.nodes = new ClusterNodes(store.database().pool());
        this.barrier = new ClusterBarrier(store, nodes, config);
        this.name = config.nodeName().orElseGet(ClusterNode::generatedName);
    }

    /** Connects to the database (see {@link PostgresDatabase#open}) as a node of the cluster. */
    public static ClusterNode open(PostgresConfig database, ClusterConfig config) {
        return new ClusterNode(new PostgresAccountStore(PostgresDatabase.open(database)), config);
    }

    private static String generatedName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return host + "-" + HexFormat.of().formatHex(random);
    }

    public PostgresAccountStore store() {
        return store;
    }

    public ClusterBarrier barrier() {
        return barrier;
    }

    /** Creates the follower of {@code index}; {@code exclusive} runs work while no local write is publishing. */
    public ChangeFollower follow(ChallengeIndex index, Consumer<Runnable> exclusive, boolean servesDns) {
        follower =
                new ChangeFollower(store, store.database(), index, exclusive, nodes, barrier, config, name, servesDns);
        return follower;
    }

    public String name() {
        return name;
    }

    /** The SOA serial: the change sequence up to which this node answers everything. */
    public long serial() {
        return follower == null ? 0 : follower.applied();
    }

    public void registerMetrics(Metrics metrics) {
        metrics.gauge(
                "acme_delegate_cluster_applied_sequence",
                "Change sequence this node answers everything up to",
                this::serial);
        metrics.counter(
                "acme_delegate_cluster_wait_timeouts_total",
                "Writes whose reply stopped waiting for other nodes at cluster.wait_timeout",
                barrier::timeouts);
        metrics.counter(
                "acme_delegate_cluster_reloads_total",
                "Full reloads of the index after changes could not be caught up one by one",
                () -> follower == null ? 0 : follower.reloads());
        metrics.gauge(
                "acme_delegate_cluster_feed_connected",
                "1 while the change feed listens to the database",
                () -> follower != null && follower.connected() ? 1 : 0);
    }

    /** Stops the follower and leaves the cluster table; the store is closed by its owner. */
    @Override
    public void close() {
        if (follower != null) {
            follower.close();
        }
    }
}
