package org.acmedelegate.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RenewalTimingTest {
    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant EXPIRES = ISSUED.plus(Duration.ofDays(90));

    @Test
    void renewsAThirdOfTheLifetimeBeforeExpiryByDefault() {
        assertThat(RenewalTiming.renewAt(ISSUED, EXPIRES, Optional.empty(), Optional.empty(), 0.5))
                .isEqualTo(EXPIRES.minus(Duration.ofDays(30)));
    }

    @Test
    void renewsTheConfiguredTimeBeforeExpiry() {
        assertThat(RenewalTiming.renewAt(ISSUED, EXPIRES, Optional.of(Duration.ofDays(10)), Optional.empty(), 0.5))
                .isEqualTo(EXPIRES.minus(Duration.ofDays(10)));
    }

    @Test
    void neverRenewsEarlierThanHalfwaySoAShortLivedCertificateIsNotOrderedInALoop() {
        Instant shortExpiry = ISSUED.plus(Duration.ofHours(6));
        assertThat(RenewalTiming.renewAt(ISSUED, shortExpiry, Optional.of(Duration.ofDays(30)), Optional.empty(), 0.5))
                .isEqualTo(ISSUED.plus(Duration.ofHours(3)));
    }

    @Test
    void followsTheCasRenewalWindowWhenItOffersOnePickingAMomentInsideIt() {
        Instant start = ISSUED.plus(Duration.ofDays(5));
        Instant end = start.plus(Duration.ofHours(10));
        Optional<Instant[]> window = Optional.of(new Instant[] {start, end});
        assertThat(RenewalTiming.renewAt(ISSUED, EXPIRES, Optional.empty(), window, 0.0))
                .isEqualTo(start);
        assertThat(RenewalTiming.renewAt(ISSUED, EXPIRES, Optional.empty(), window, 0.5))
                .isEqualTo(start.plus(Duration.ofHours(5)));
        assertThat(RenewalTiming.renewAt(ISSUED, EXPIRES, Optional.of(Duration.ofDays(1)), window, 0.99))
                .isBetween(start, end);
    }

    @Test
    void ignoresAnEmptyOrBackwardsWindow() {
        Instant at = ISSUED.plus(Duration.ofDays(5));
        assertThat(RenewalTiming.renewAt(ISSUED, EXPIRES, Optional.empty(), Optional.of(new Instant[] {at, at}), 0.5))
                .isEqualTo(EXPIRES.minus(Duration.ofDays(30)));
    }
}
