/**
 * Several nodes on one PostgreSQL database: each node follows the store's change feed into its own DNS
 * index ({@link org.acmedelegate.cluster.ChangeFollower}), records a heartbeat and how far it has applied
 * the feed ({@link org.acmedelegate.cluster.ClusterNodes}), and with {@code wait_for = "all"} a write's
 * reply waits until every live node answers it ({@link org.acmedelegate.cluster.ClusterBarrier}). The DNS
 * path never reads the database: it reads the index, which only the follower and local writes change.
 */
package org.acmedelegate.cluster;
