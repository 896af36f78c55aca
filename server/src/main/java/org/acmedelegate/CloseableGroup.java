package org.acmedelegate;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a running server must release, closed in the reverse of the order it was added: a start that fails
 * half-way and a normal shutdown release the same things the same way.
 */
final class CloseableGroup implements AutoCloseable {
    private final Deque<AutoCloseable> members = new ArrayDeque<>();

    /** Adds {@code member}, to be closed before everything added earlier; returns it. */
    <T extends AutoCloseable> T add(T member) {
        members.push(member);
        return member;
    }

    /** Closes every member; the first failure is thrown once all were tried, later ones suppressed in it. */
    @Override
    public void close() {
        RuntimeException failure = null;
        while (!members.isEmpty()) {
            try {
                members.pop().close();
            } catch (Exception e) {
                RuntimeException wrapped = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes every member after a failed start, keeping {@code cause} as the error to report. */
    void closeAfter(RuntimeException cause) {
        try {
            close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
