package org.acmedelegate.dns;

/**
 * Told about every DNS answer, on the event-loop thread that sent it: implementations must be cheap,
 * lock-free and must not allocate per call (pre-registered counters indexed by number).
 */
public interface DnsObserver {
    DnsObserver NOOP = (tcp, qtype, rcode, nanos) -> {};

    /**
     * @param tcp whether the query came over TCP
     * @param qtype the question's type, or -1 when the query could not be parsed
     * @param rcode the answer's rcode
     * @param nanos time from receiving the bytes to having the answer's bytes
     */
    void answered(boolean tcp, int qtype, int rcode, long nanos);

    /** Told when response-rate limiting dropped an answer ({@code slipped} false) or sent it truncated. */
    default void rateLimited(boolean slipped) {}

    /** Told when a TCP connection was closed to make room for a new one (the table or its network was full). */
    default void tcpEvicted() {}
}
