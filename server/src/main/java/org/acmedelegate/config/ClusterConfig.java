package org.acmedelegate.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How nodes sharing one PostgreSQL database keep each other current (read only with that engine).
 *
 * @param nodeName this node's name in the cluster table; empty: a name of its own at every start
 * @param waitFor whether a write's reply waits for this node only or for every live node to serve it
 * @param waitTimeout the longest a reply waits for the other nodes (the write is durable either way)
 * @param heartbeatInterval how often a node records that it is alive and what it has applied
 * @param nodeTimeout a node without a heartbeat for this long is not waited for
 * @param pollInterval how often a node reads the change feed even without a notification
 */
public record ClusterConfig(
        Optional<String> nodeName,
        WaitFor waitFor,
        Duration waitTimeout,
        Duration heartbeatInterval,
        Duration nodeTimeout,
        Duration pollInterval) {
    public static final ClusterConfig DEFAULT = new ClusterConfig(
            Optional.empty(),
            WaitFor.ALL,
            Duration.ofSeconds(2),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Duration.ofSeconds(2));

    /** Whom a write's {@code 200} waits for. */
    public enum WaitFor {
        /** This node: it answers the value; the others within a notification's delay. */
        LOCAL,
        /** Every node with a recent heartbeat that answers DNS, up to {@code wait_timeout}. */
        ALL
    }

    public ClusterConfig {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(waitFor, "waitFor");
        Objects.requireNonNull(waitTimeout, "waitTimeout");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(nodeTimeout, "nodeTimeout");
        Objects.requireNonNull(pollInterval, "pollInterval");
    }
}
