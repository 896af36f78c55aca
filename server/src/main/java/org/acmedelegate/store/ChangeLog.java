package org.acmedelegate.store;

/**
 * The cluster-wide change feed of a shared store: every write that changes what DNS answers gets the next
 * sequence number, and writes commit in sequence order, so a reader that has applied everything up to
 * {@code n} needs only the changes after {@code n}.
 */
public interface ChangeLog {

    /**
     * The change sequence of the last write this thread committed through the store; 0 if none, or if its
     * last call was a purge that changed nothing (the index changes that follow it are not this node's).
     */
    long lastWriteSequence();

    /**
     * The change sequence at which this thread's last write changed {@code subdomain}: the write's sequence,
     * or for an expiry purge (which gives each name it touched a sequence of its own) that name's; 0 if the
     * last write did not touch it or changed nothing. The zone journal records an index change there.
     */
    long writeSequenceOf(String subdomain);

    /**
     * What changed after {@code applied}: the current state of every subdomain a later change touched, as
     * of one consistent read, and the sequence that read reached. {@link ChangeBatch#gap} when changes after
     * {@code applied} were already pruned, or are more than {@code maxSubdomains} subdomains, or the
     * database's sequence is below {@code applied} (restored, or failed over to a replica that lacked the
     * newest changes): the caller reloads everything with {@link #scanAll} instead.
     */
    ChangeBatch changesAfter(long applied, int maxSubdomains);

    /**
     * Streams what {@link AccountStore#scanChallenges} streams, from one consistent read, and returns the
     * change sequence that read includes.
     */
    long scanAll(AccountStore.ChallengeRows rows);

    /** The newest change sequence committed. */
    long headSequence();

    /** Deletes changes older than {@code retentionSeconds}; a node further behind than that reloads everything. */
    int pruneChanges(long retentionSeconds);
}
