package org.acmedelegate.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.acmedelegate.index.ChallengeLookup;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class QueryPathWarmerTest {

    @Test
    void sendsTheMadeUpQueriesThroughTheAnswerPathOverUdpAndTcp() {
        AtomicInteger lookups = new AtomicInteger();
        ChallengeLookup counting = new ChallengeLookup() {
            @Override
            public List<String> txtValues(Name name) {
                lookups.incrementAndGet();
                return null;
            }

            @Override
            public byte[] packedValues(byte[] wire, int from, int length, Name zone) {
                lookups.incrementAndGet();
                return null;
            }
        };

        QueryPathWarmer.warm(new Responder(TestServedZone.zone(), counting, Duration.ofSeconds(1)), 600);

        // Half of the mix asks for a registration's name; each such query looks it up at least once.
        assertThat(lookups.get()).isGreaterThanOrEqualTo(300);
    }

    @Test
    void warmingWithNoQueriesDoesNothing() {
        AtomicInteger lookups = new AtomicInteger();
        QueryPathWarmer.warm(
                new Responder(
                        TestServedZone.zone(),
                        name -> {
                            lookups.incrementAndGet();
                            return null;
                        },
                        Duration.ofSeconds(1)),
                0);

        assertThat(lookups.get()).isZero();
    }
}
