package org.acmedelegate.service;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.acmedelegate.account.ApiException;
import org.acmedelegate.account.ErrorCode;
import org.acmedelegate.store.StoreException;

/**
 * This node's one write path: a store commit and its publish to the DNS index run as one step under one
 * lock, so two changes of one name cannot publish out of order; a store failure becomes the API error its
 * caller answers with; a write that succeeded then waits at the {@link WriteBarrier}.
 */
final class SerialWriter {
    /** The {@code Retry-After} of a write refused because the store could not be reached. */
    static final int STORE_RETRY_AFTER_SECONDS = 5;

    private final ReentrantLock lock = new ReentrantLock();
    private final WriteBarrier barrier;

    SerialWriter(WriteBarrier barrier) {
        this.barrier = barrier;
    }

    /** Runs {@code change} (commit, then publish) under the lock; {@code what} names it in a failure. */
    <T> T write(String what, Supplier<T> change) {
        T result;
        lock.lock();
        try {
            result = change.get();
        } catch (StoreException e) {
            throw failure(what, e);
        } finally {
            lock.unlock();
        }
        barrier.awaitLastWrite();
        return result;
    }

    /** Runs {@code work} under the lock, its exceptions unchanged and with no barrier. */
    <T> T exclusive(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Runs a store call that needs no lock (a read, or a write nothing in the index depends on). */
    static <T> T unlocked(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (StoreException e) {
            throw failure(what, e);
        }
    }

    // The store could not be reached (locked past its timeout, its file gone): try again later. Otherwise
    // the database failed the write. Either way nothing was stored.
    private static ApiException failure(String what, StoreException e) {
        if (e.kind() == StoreException.Kind.UNAVAILABLE) {
            return new ApiException(ErrorCode.UNAVAILABLE, what, e, STORE_RETRY_AFTER_SECONDS);
        }
        return new ApiException(ErrorCode.DB_ERROR, what, e);
    }
}
