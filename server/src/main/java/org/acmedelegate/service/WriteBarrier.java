package org.acmedelegate.service;

/**
 * What a write waits for after it is committed and answered by this node, before its caller hears of it:
 * nothing on a single node; with several nodes, that the others answer it too ({@code wait_for = "all"}).
 * Never throws: the write is durable whatever happens here.
 */
@FunctionalInterface
public interface WriteBarrier {
    WriteBarrier NONE = () -> {};

    /** Waits, bounded, until the write this thread just committed is answered where it should be. */
    void awaitLastWrite();
}
