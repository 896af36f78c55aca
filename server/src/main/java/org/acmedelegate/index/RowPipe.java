package org.acmedelegate.index;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.StoreException;

/**
 * Carries the rows of a store scan from the thread that reads them to a second thread that hands them
 * to {@code sink}, in batches, so reading the database and building the index overlap on two cores.
 * Rows reach the sink in the order they were given. {@link #close} waits until the sink has seen every
 * row and rethrows what the sink threw.
 */
final class RowPipe implements AccountStore.ChallengeRows, AutoCloseable {
    private static final int BATCH_ROWS = 2048;
    private static final int BATCHES = 8;
    private static final Batch END = new Batch(0);

    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES + 1);
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private final Thread builder;
    private volatile Throwable failure;
    private Batch filling;
    private boolean closed;

    RowPipe(AccountStore.ChallengeRows sink, String threadName) {
        for (int i = 0; i < BATCHES; i++) {
            free.add(new Batch(BATCH_ROWS));
        }
        filling = take(free);
        builder = new Thread(() -> drain(sink), threadName);
        builder.setDaemon(true);
        builder.start();
    }

    @Override
    public void row(String subdomain, byte[] value, long sequence, long updatedAtMillis) {
        Batch b = filling;
        int i = b.size++;
        b.subdomains[i] = subdomain;
        b.values[i] = value;
        b.sequences[i] = sequence;
        b.times[i] = updatedAtMillis;
        if (b.size == BATCH_ROWS) {
            put(full, b);
            filling = take(free);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (filling.size > 0) {
            put(full, filling);
        }
        put(full, END);
        try {
            builder.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while loading the index", e);
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    // After a failure the builder keeps returning batches (unread) so the reader never blocks; the
    // failure is thrown by close().
    private void drain(AccountStore.ChallengeRows sink) {
        while (true) {
            Batch b = take(full);
            if (b == END) {
                return;
            }
            if (failure == null) {
                try {
                    for (int i = 0; i < b.size; i++) {
                        sink.row(b.subdomains[i], b.values[i], b.sequences[i], b.times[i]);
                    }
                } catch (RuntimeException | Error e) {
                    failure = e;
                }
            }
            b.clear();
            put(free, b);
        }
    }

    private static Batch take(BlockingQueue<Batch> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while loading the index", e);
        }
    }

    private static void put(BlockingQueue<Batch> queue, Batch batch) {
        try {
            queue.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while loading the index", e);
        }
    }

    private static final class Batch {
        final String[] subdomains;
        final byte[][] values;
        final long[] sequences;
        final long[] times;
        int size;

        Batch(int rows) {
            subdomains = new String[rows];
            values = new byte[rows][];
            sequences = new long[rows];
            times = new long[rows];
        }

        void clear() {
            java.util.Arrays.fill(subdomains, 0, size, null);
            java.util.Arrays.fill(values, 0, size, null);
            size = 0;
        }
    }
}
