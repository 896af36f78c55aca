package org.acmedelegate.cluster;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.acmedelegate.config.ClusterConfig;
import org.acmedelegate.service.WriteBarrier;
import org.acmedelegate.store.ChangeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code wait_for = "all"}: a write's reply waits until every DNS node with a recent heartbeat has applied
 * the write's change sequence, up to {@code wait_timeout}. Woken by the nodes' "applied" notifications,
 * with a short poll as a fallback. A wait that runs out is logged and counted; the reply is still a
 * success, since the value is durable and this node answers it.
 */
public final class ClusterBarrier implements WriteBarrier {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterBarrier.class);
    private static final long POLL_MILLIS = 20;
    private static final long LOG_EVERY_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

    private final ChangeLog log;
    private final ClusterNodes nodes;
    private final ClusterConfig config;
    private final Object signal = new Object();
    private long generation;
    private final AtomicLong timeouts = new AtomicLong();
    private long lastLog;

    public ClusterBarrier(ChangeLog log, ClusterNodes nodes, ClusterConfig config) {
        this.log = log;
        this.nodes = nodes;
        this.config = config;
    }

    @Override
    public void awaitLastWrite() {
        if (config.waitFor() == ClusterConfig.WaitFor.LOCAL) {
            return;
        }
        long sequence = log.lastWriteSequence();
        if (sequence > 0) {
            await(sequence);
        }
    }

    private void await(long sequence) {
        long start = System.nanoTime();
        long deadline = start + config.waitTimeout().toNanos();
        try {
            while (true) {
                long seen;
                synchronized (signal) {
                    seen = generation;
                }
                int lagging = nodes.lagging(sequence, config.nodeTimeout());
                if (lagging == 0) {
                    return;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    timedOut(lagging, sequence);
                    return;
                }
                synchronized (signal) {
                    if (generation == seen) {
                        signal.wait(Math.max(1, Math.min(POLL_MILLIS, left / 1_000_000)));
                    }
                }
            }
        } catch (SQLException e) {
            LOG.debug("waiting for the other nodes failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // A stuck node with a fresh heartbeat would make every write time out: one line a minute says so.
    private void timedOut(int lagging, long sequence) {
        long total = timeouts.incrementAndGet();
        long now = System.nanoTime();
        synchronized (signal) {
            if (lastLog != 0 && now - lastLog < LOG_EVERY_NANOS) {
                return;
            }
            lastLog = now;
        }
        LOG.warn(
                "{} node(s) had not applied change {} after {} ms; replying anyway (the value is stored);"
                        + " {} such waits so far",
                lagging,
                sequence,
                config.waitTimeout().toMillis(),
                total);
    }

    /** Another node said it applied more: waiting writers look again. */
    void wake() {
        synchronized (signal) {
            generation++;
            signal.notifyAll();
        }
    }

    /** Waits that ran out before every live node had applied the write. */
    public long timeouts() {
        return timeouts.get();
    }
}
