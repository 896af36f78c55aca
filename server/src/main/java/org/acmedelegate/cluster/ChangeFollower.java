package org.acmedelegate.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.config.ClusterConfig;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.store.ChangeBatch;
import org.acmedelegate.store.ChangeLog;
import org.acmedelegate.store.PostgresAccountStore;
import org.acmedelegate.store.PostgresDatabase;
import org.acmedelegate.store.StoreException;
import org.acmedelegate.store.TxtEntry;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's DNS index equal to the database: a notification says something changed, and the
 * follower then reads every change after the last sequence it applied, so a lost or coalesced notification
 * loses nothing; it also reads every {@code poll_interval} without one, and reloads everything when the
 * changes it missed were pruned. It records a heartbeat with its applied sequence, and after a database
 * outage it reconnects and catches up by itself. Local writes publish to the index themselves; the
 * follower applies changes while none is between its commit and its publish (see {@code exclusive}).
 */
public final class ChangeFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFollower.class);
    private static final int MAX_SUBDOMAINS_PER_BATCH = 10_000;
    private static final long RETENTION_SECONDS = 3600;
    private static final long PRUNE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final ChangeLog log;
    private final PostgresDatabase db;
    private final ChallengeIndex index;
    private final Consumer<Runnable> exclusive;
    private final ClusterNodes nodes;
    private final ClusterBarrier barrier;
    private final ClusterConfig config;
    private final String node;
    private final boolean servesDns;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong reloads = new AtomicLong();
    private final FollowedChannels channels = new FollowedChannels();
    private volatile boolean running;
    private volatile boolean connected;
    private volatile Connection listen;
    private Thread thread;

    public ChangeFollower(
            ChangeLog log,
            PostgresDatabase db,
            ChallengeIndex index,
            Consumer<Runnable> exclusive,
            ClusterNodes nodes,
            ClusterBarrier barrier,
            ClusterConfig config,
            String node,
            boolean servesDns) {
        this.log = log;
        this.db = db;
        this.index = index;
        this.exclusive = exclusive;
        this.nodes = nodes;
        this.barrier = barrier;
        this.config = config;
        this.node = node;
        this.servesDns = servesDns;
    }

    /** Fills the index with everything the database holds and remembers the sequence that includes. */
    public void load() {
        exclusive.accept(() -> applied.set(index.reload(log::scanAll)));
    }

    /**
     * Also hands each notification's payload on {@code channel} to {@code handler} on the follower's thread,
     * and null after each (re)connect; a {@link StoreException} from it reconnects. Call before {@link #start}.
     */
    public void alsoFollow(String channel, Consumer<String> handler) {
        channels.add(channel, handler);
    }

    /** Starts following the feed (after {@link #load}) and records the first heartbeat. */
    public void start() {
        try {
            nodes.beat(node, servesDns, applied.get(), true);
        } catch (SQLException e) {
            throw new StoreException(
                    StoreException.Kind.UNAVAILABLE, "cannot record this node in cluster_nodes: " + e.getMessage(), e);
        }
        running = true;
        thread = new Thread(this::run, "change-follower");
        thread.setDaemon(true);
        thread.start();
    }

    /** The change sequence up to which this node's index holds every change: its SOA serial. */
    public long applied() {
        return applied.get();
    }

    /** How many times the follower reloaded everything because it could not bridge a gap. */
    public long reloads() {
        return reloads.get();
    }

    /** Whether the follower is connected to the database and listening now. */
    public boolean connected() {
        return connected;
    }

    public String node() {
        return node;
    }

    private void run() {
        long nextPoll = 0;
        long nextBeat = 0;
        long nextPrune = System.nanoTime();
        boolean lost = false;
        while (running) {
            try {
                if (listen == null) {
                    listen = openListen();
                    connected = true;
                    if (lost) {
                        LOG.info("the database is back: following the change feed again from change {}", applied.get());
                        lost = false;
                    }
                    catchUp();
                    channels.reconnected();
                    nextPoll = System.nanoTime() + config.pollInterval().toNanos();
                }
                long now = System.nanoTime();
                if (now >= nextPoll) {
                    catchUp();
                    nextPoll = now + config.pollInterval().toNanos();
                }
                if (now >= nextBeat) {
                    nodes.beat(node, servesDns, applied.get(), false);
                    nextBeat = now + config.heartbeatInterval().toNanos();
                }
                if (now >= nextPrune) {
                    prune();
                    nextPrune = now + PRUNE_EVERY_NANOS;
                }
                long waitMillis = TimeUnit.NANOSECONDS.toMillis(Math.min(nextPoll, nextBeat) - System.nanoTime());
                PGNotification[] notes = listen.unwrap(PGConnection.class)
                        .getNotifications((int) Math.max(1, Math.min(waitMillis, Integer.MAX_VALUE)));
                boolean changed = false;
                boolean appliedElsewhere = false;
                for (PGNotification n : notes == null ? new PGNotification[0] : notes) {
                    if (channels.deliver(n.getName(), n.getParameter())) {
                        continue;
                    }
                    if (PostgresAccountStore.CHANNEL.equals(n.getName())) {
                        changed = true;
                    } else {
                        appliedElsewhere = true;
                    }
                }
                if (changed) {
                    catchUp(); // one read for however many notifications came together
                }
                if (appliedElsewhere) {
                    barrier.wake();
                }
            } catch (SQLException | StoreException e) {
                connected = false;
                closeListen();
                if (!running) {
                    return;
                }
                if (!lost) {
                    LOG.warn(
                            "lost the database ({}): DNS answers from memory; catching up when it returns",
                            e.getMessage());
                    lost = true;
                }
                sleep(config.pollInterval().toMillis());
            } catch (RuntimeException e) {
                LOG.error("the change follower failed; retrying", e);
                sleep(config.pollInterval().toMillis());
            }
        }
    }

    private Connection openListen() throws SQLException {
        Connection c = db.dedicatedConnection();
        try (Statement s = c.createStatement();
                PreparedStatement name = c.prepareStatement("SELECT set_config('application_name', ?, false)")) {
            name.setString(1, "acme-delegate-listen " + node); // lets an operator see which node listens
            name.execute();
            s.execute("LISTEN " + PostgresAccountStore.CHANNEL);
            s.execute("LISTEN " + ClusterNodes.APPLIED_CHANNEL);
            channels.listen(s);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Applies every change after the applied sequence; reloads everything when they cannot be had. */
    void catchUp() throws SQLException {
        long before = applied.get();
        exclusive.accept(() -> {
            ChangeBatch batch = log.changesAfter(applied.get(), MAX_SUBDOMAINS_PER_BATCH);
            if (batch.gap()) {
                long head = index.reload(log::scanAll);
                reloads.incrementAndGet();
                LOG.info(
                        "reloaded every registration: the changes after {} were no longer all there"
                                + " (database at change {})",
                        applied.get(),
                        head);
                applied.set(head);
                return;
            }
            batch.states().forEach(this::apply);
            if (batch.head() > applied.get()) {
                applied.set(batch.head());
            }
        });
        if (applied.get() != before) {
            nodes.beat(node, servesDns, applied.get(), true);
        }
    }

    private void apply(String subdomain, Optional<List<TxtEntry>> state) {
        Subdomain s = new Subdomain(subdomain);
        if (state.isEmpty()) {
            index.remove(s);
        } else {
            index.replace(s, state.get());
        }
    }

    private void prune() {
        try {
            int pruned = log.pruneChanges(RETENTION_SECONDS);
            int forgotten = nodes.forgetGone();
            if (pruned > 0 || forgotten > 0) {
                LOG.debug("pruned {} old changes, forgot {} nodes gone for a day", pruned, forgotten);
            }
        } catch (SQLException | StoreException e) {
            LOG.debug("pruning the change feed failed: {}", e.getMessage());
        }
    }

    private void closeListen() {
        Connection c = listen;
        listen = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Broken already.
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops following and removes this node from the cluster table, so nobody waits for it. */
    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            closeListen();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            nodes.leave(node);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("could not remove node {} from cluster_nodes: {}", node, e.getMessage());
        }
    }
}
