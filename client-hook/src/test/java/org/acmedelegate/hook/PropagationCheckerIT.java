package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PropagationCheckerIT {
    private static final String NAME = "d420c923-bbd7-4056-ab64-c3ca54c9b3cf.auth.example.org";
    private static final TxtValue VALUE = new TxtValue("A".repeat(43));
    private static final NameserverAddress NO_RESOLVER = new NameserverAddress("127.0.0.1", 9);

    private FakeDns first;
    private FakeDns second;

    @AfterEach
    void stop() throws Exception {
        for (FakeDns d : new FakeDns[] {first, second}) {
            if (d != null) {
                d.close();
            }
        }
    }

    private static PropagationChecker checker(
            List<NameserverAddress> servers, NameserverAddress resolver, int port, Duration t) {
        return new PropagationChecker(servers, resolver, port, t, Clock.systemUTC(), null);
    }

    @Test
    void returnsWhenEveryServerAlreadyAnswersTheValue() throws Exception {
        first = FakeDns.start().txt(NAME, "B".repeat(43)).txt(NAME, VALUE.value());
        second = FakeDns.start().txt(NAME, VALUE.value());
        checker(List.of(first.address(), second.address()), NO_RESOLVER, 53, Duration.ofSeconds(30))
                .awaitServed(NAME, VALUE);
        assertThat(first.queries()).isEqualTo(1);
        assertThat(second.queries()).isEqualTo(1);
    }

    @Test
    void keepsAskingAServerUntilItHasTheValue() throws Exception {
        first = FakeDns.start().txt(NAME, VALUE.value());
        AtomicInteger asked = new AtomicInteger();
        second = FakeDns.start();
        second.onQuery(q -> {
            if (asked.incrementAndGet() == 3) {
                second.txt(NAME, VALUE.value());
            }
        });
        checker(List.of(first.address(), second.address()), NO_RESOLVER, 53, Duration.ofSeconds(60))
                .awaitServed(NAME, VALUE);
        assertThat(first.queries())
                .as("a server that has the value is not asked again")
                .isEqualTo(1);
        assertThat(second.queries()).isEqualTo(3);
    }

    @Test
    void retriesOverTcpWhenTheUdpAnswerIsTruncated() throws Exception {
        first = FakeDns.start().txt(NAME, VALUE.value()).truncateUdp();
        checker(List.of(first.address()), NO_RESOLVER, 53, Duration.ofSeconds(30))
                .awaitServed(NAME, VALUE);
        assertThat(first.transports()).containsExactly("udp", "tcp");
    }

    @Test
    void comparesTheValueExactly() throws Exception {
        first = FakeDns.start().txt(NAME, VALUE.value().toLowerCase());
        assertThatThrownBy(() -> checker(List.of(first.address()), NO_RESOLVER, 53, Duration.ofSeconds(1))
                        .awaitServed(NAME, VALUE))
                .hasMessageContaining("answers 1 other value(s)");
    }

    @Test
    void timesOutNamingOnlyTheServersStillMissingTheValue() throws Exception {
        first = FakeDns.start().txt(NAME, VALUE.value());
        second = FakeDns.start();
        assertThatThrownBy(() -> checker(
                                List.of(first.address(), second.address()), NO_RESOLVER, 53, Duration.ofSeconds(1))
                        .awaitServed(NAME, VALUE))
                .isInstanceOf(HookException.class)
                .hasMessageContaining(second.address().toString())
                .hasMessageNotContaining(first.address().toString())
                .hasMessageContaining("NXDOMAIN")
                .extracting(e -> ((HookException) e).exitCode())
                .isEqualTo(ExitCode.PROPAGATION_TIMEOUT);
    }

    @Test
    void findsTheZonesNameserversThroughTheResolverAndAsksThemDirectly() throws Exception {
        // One fake plays both parts: recursive resolver (NS + glue) and, on the same port, the nameserver.
        first = FakeDns.start()
                .ns("auth.example.org", "ns1.auth.example.org")
                .a("ns1.auth.example.org", "127.0.0.1")
                .txt(NAME, VALUE.value());
        checker(List.of(), first.address(), first.port(), Duration.ofSeconds(30))
                .awaitServed(NAME, VALUE);
        assertThat(first.queries()).isEqualTo(2);
    }

    @Test
    void looksUpNameserverAddressesWhenTheAnswerHasNoGlue() throws Exception {
        first = FakeDns.start()
                .ns("auth.example.org", "ns1.example.net")
                .a("ns1.example.net", "127.0.0.1")
                .txt(NAME, VALUE.value())
                .withoutGlue();
        checker(List.of(), first.address(), first.port(), Duration.ofSeconds(30))
                .awaitServed(NAME, VALUE);
        assertThat(first.queries()).as("NS, A, AAAA, then TXT").isEqualTo(4);
    }

    @Test
    void reportsDiscoveredServersByNameAndAddress() throws Exception {
        first = FakeDns.start().ns("auth.example.org", "ns1.auth.example.org").a("ns1.auth.example.org", "127.0.0.1");
        assertThatThrownBy(() -> checker(List.of(), first.address(), first.port(), Duration.ofSeconds(1))
                        .awaitServed(NAME, VALUE))
                .hasMessageContaining("ns1.auth.example.org (127.0.0.1:" + first.port() + ")");
    }

    @Test
    void aZoneWithoutNameserversAsksForExplicitServers() throws Exception {
        first = FakeDns.start();
        assertThatThrownBy(() -> checker(List.of(), first.address(), first.port(), Duration.ofSeconds(5))
                        .awaitServed(NAME, VALUE))
                .hasMessageContaining("--dns-server")
                .extracting(e -> ((HookException) e).exitCode())
                .isEqualTo(ExitCode.DNS_ERROR);
    }
}
