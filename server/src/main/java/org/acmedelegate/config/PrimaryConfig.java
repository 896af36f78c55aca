package org.acmedelegate.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.acmedelegate.dns.tsig.TsigKey;

/**
 * Serving standard secondaries (the hidden-primary set-up): the TSIG keys of the config, who may transfer
 * the zone, whom to NOTIFY of changes, and how much history IXFR keeps.
 *
 * @param transferAllow empty: nobody may transfer (AXFR and IXFR are REFUSED, as without this feature)
 * @param notifyTargets empty: no NOTIFY is sent
 */
public record PrimaryConfig(
        List<TsigKey> tsigKeys,
        List<TransferRule> transferAllow,
        List<NotifyTarget> notifyTargets,
        JournalLimits journal) {
    public static final PrimaryConfig NONE = new PrimaryConfig(List.of(), List.of(), List.of(), JournalLimits.DEFAULT);

    public PrimaryConfig {
        tsigKeys = List.copyOf(tsigKeys);
        transferAllow = List.copyOf(transferAllow);
        notifyTargets = List.copyOf(notifyTargets);
        Objects.requireNonNull(journal, "journal");
    }

    /** True when secondaries are served: someone may transfer or is notified. */
    public boolean enabled() {
        return !transferAllow.isEmpty() || !notifyTargets.isEmpty();
    }

    /**
     * How much change history is kept for IXFR: changes older than {@code maxAge} or beyond the newest
     * {@code maxChanges} go; a secondary further behind gets the full zone.
     */
    public record JournalLimits(Duration maxAge, int maxChanges) {
        public static final JournalLimits DEFAULT = new JournalLimits(Duration.ofDays(7), 10_000);

        public JournalLimits {
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("journal max_age must be above zero");
            }
            if (maxChanges < 1) {
                throw new IllegalArgumentException("journal max_changes must be at least 1");
            }
        }
    }
}
