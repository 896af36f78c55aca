package org.acmedelegate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.acmedelegate.account.Cidr;
import org.acmedelegate.account.IpLiteral;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private static final ClientAddress BEHIND_PROXIES =
            new ClientAddress(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8:ffff::/48")));
    private static final InetAddress PROXY = ip("10.0.0.1");

    private static InetAddress ip(String text) {
        return IpLiteral.parse(text);
    }

    @Test
    void believesThePeerWhenNoProxyIsTrusted() {
        ClientAddress direct = new ClientAddress(List.of());

        assertThat(direct.resolve(ip("203.0.113.9"), List.of("192.0.2.1"))).isEqualTo(ip("203.0.113.9"));
    }

    @Test
    void ignoresForwardedForFromAPeerThatIsNotATrustedProxy() {
        assertThat(BEHIND_PROXIES.resolve(ip("203.0.113.9"), List.of("192.0.2.1")))
                .isEqualTo(ip("203.0.113.9"));
    }

    @Test
    void takesTheForwardedAddressFromATrustedProxy() {
        assertThat(BEHIND_PROXIES.resolve(PROXY, List.of("192.0.2.1"))).isEqualTo(ip("192.0.2.1"));
    }

    @Test
    void takesTheRightMostAddressThatIsNotATrustedProxy() {
        List<String> header = List.of("192.0.2.66, 198.51.100.7, 10.9.9.9 ,10.0.0.2");

        assertThat(BEHIND_PROXIES.resolve(PROXY, header)).isEqualTo(ip("198.51.100.7"));
    }

    @Test
    void joinsSeveralForwardedForHeadersInOrder() {
        List<String> headers = List.of("192.0.2.66, 198.51.100.7", "10.9.9.9");

        assertThat(BEHIND_PROXIES.resolve(PROXY, headers)).isEqualTo(ip("198.51.100.7"));
    }

    @Test
    void keepsThePeerWhenATrustedProxySendsNoForwardedFor() {
        assertThat(BEHIND_PROXIES.resolve(PROXY, List.of())).isEqualTo(PROXY);
    }

    @Test
    void stopsAtAMalformedEntryAndKeepsTheLastTrustedHop() {
        List<String> header = List.of("192.0.2.66, unknown, 10.9.9.9");

        assertThat(BEHIND_PROXIES.resolve(PROXY, header)).isEqualTo(ip("10.9.9.9"));
    }

    @Test
    void treatsAnEntryWithAPortOrAHostNameAsMalformed() {
        assertThat(BEHIND_PROXIES.resolve(PROXY, List.of("192.0.2.66:4711"))).isEqualTo(PROXY);
        assertThat(BEHIND_PROXIES.resolve(PROXY, List.of("localhost"))).isEqualTo(PROXY);
        assertThat(BEHIND_PROXIES.resolve(PROXY, List.of(""))).isEqualTo(PROXY);
    }

    @Test
    void returnsTheLeftMostHopWhenEveryHopIsATrustedProxy() {
        assertThat(BEHIND_PROXIES.resolve(PROXY, List.of("10.3.3.3, 10.2.2.2"))).isEqualTo(ip("10.3.3.3"));
    }

    @Test
    void handlesIpv6PeersAndHops() {
        InetAddress v6Proxy = ip("2001:db8:ffff::1");

        assertThat(BEHIND_PROXIES.resolve(v6Proxy, List.of("2001:db8:1::5"))).isEqualTo(ip("2001:db8:1::5"));
        assertThat(BEHIND_PROXIES.resolve(v6Proxy, List.of("[2001:db8:1::5]"))).isEqualTo(ip("2001:db8:1::5"));
    }
}
