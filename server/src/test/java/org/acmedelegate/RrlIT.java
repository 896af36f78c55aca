package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Response-rate limiting on the real UDP listener: a flood from one /24 (127.0.0.0/24) is limited
 * while another /24 (127.0.1.0/24, also loopback on Linux) and TCP from the flooded one are answered.
 * The server's clock is frozen, so the limit does not refill during the test.
 */
class RrlIT {
    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));

    @TempDir
    Path dir;

    private AcmeDelegate server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Message ask(InetAddress from, InetSocketAddress to, Name name) throws IOException {
        return DnsTestClient.udp(from, to, DnsTestClient.query(name, Type.SOA).toWire(), Duration.ofSeconds(5));
    }

    @Test
    void aFloodFromOneNetworkIsTruncatedWhileAnotherNetworkAndTcpAreAnswered() throws Exception {
        // slip = 1: every limited answer is sent truncated, so each query gets a reply to count.
        server = AcmeDelegate.start(LoopbackConfig.with(dir.resolve("db.sqlite"), """
                [dns.rrl]
                enabled = true
                responses_per_second = 5
                window = 1
                slip = 1
                """), clock, true);
        InetSocketAddress dns = server.dnsUdpAddresses().get(0);
        Name apex = Name.fromConstantString("auth.example.org.");
        InetAddress flooder = InetAddress.getByName("127.0.0.1");
        InetAddress other = InetAddress.getByName("127.0.1.1");

        int full = 0;
        int truncated = 0;
        for (int i = 0; i < 20; i++) {
            Message reply = ask(flooder, dns, apex);
            assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
            if (reply.getHeader().getFlag(Flags.TC)) {
                truncated++;
                assertThat(reply.getSection(Section.ANSWER)).isEmpty();
            } else {
                full++;
            }
        }
        assertThat(full).isEqualTo(5);
        assertThat(truncated).isEqualTo(15);

        assertThat(ask(other, dns, apex).getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(DnsTestClient.tcp(server.dnsTcpAddresses().get(0), DnsTestClient.query(apex, Type.SOA))
                        .getSection(Section.ANSWER))
                .isNotEmpty();
        assertThat(server.metrics().scrape()).contains("acme_delegate_dns_rate_limited_total{action=\"slipped\"} 15.0");

        clock.advance(Duration.ofSeconds(1));
        assertThat(ask(flooder, dns, apex).getHeader().getFlag(Flags.TC)).isFalse();
    }
}
