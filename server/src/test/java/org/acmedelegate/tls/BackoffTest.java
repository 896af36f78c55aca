package org.acmedelegate.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final Backoff backoff = new Backoff(Duration.ofMinutes(5), Duration.ofHours(6));

    @Test
    void waitsTheMinimumAfterTheFirstFailureAndDoublesAfterEachFurtherOne() {
        assertThat(backoff.next(1, NOW, Optional.empty())).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(backoff.next(2, NOW, Optional.empty())).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(backoff.next(3, NOW, Optional.empty())).isEqualTo(NOW.plus(Duration.ofMinutes(20)));
        assertThat(backoff.next(6, NOW, Optional.empty())).isEqualTo(NOW.plus(Duration.ofMinutes(160)));
    }

    @Test
    void neverWaitsLongerThanTheMaximumOfItsOwnAccord() {
        assertThat(backoff.next(7, NOW, Optional.empty())).isEqualTo(NOW.plus(Duration.ofMinutes(320)));
        assertThat(backoff.next(8, NOW, Optional.empty())).isEqualTo(NOW.plus(Duration.ofHours(6)));
        assertThat(backoff.next(1000, NOW, Optional.empty())).isEqualTo(NOW.plus(Duration.ofHours(6)));
    }

    @Test
    void honoursTheCasRetryAfterWhenItIsLaterThanTheBackoffEvenBeyondTheMaximum() {
        Instant rateLimitReset = NOW.plus(Duration.ofHours(30));
        assertThat(backoff.next(1, NOW, Optional.of(rateLimitReset))).isEqualTo(rateLimitReset);
        assertThat(backoff.next(1, NOW, Optional.of(NOW.plusSeconds(30)))).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void refusesAMaximumBelowTheMinimum() {
        assertThatThrownBy(() -> new Backoff(Duration.ofHours(1), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
