package org.acmedelegate.hook;

/** Waits until the delegated zone's authoritative servers answer a TXT value. */
public interface Propagation {
    /**
     * Returns once every authoritative server answers {@code value} at {@code fullDomain}; throws
     * {@link ExitCode#PROPAGATION_TIMEOUT} naming the servers still missing it when the timeout passes.
     */
    void awaitServed(String fullDomain, TxtValue value) throws HookException;
}
