package org.acmedelegate.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TxtValue;
import org.acmedelegate.config.DnsConfig;
import org.acmedelegate.config.NameServer;
import org.acmedelegate.config.TcpLimits;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.store.TxtEntry;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The zone every DNS test answers from: auth.example.org with glue, static records and two subdomains. */
final class TestServedZone {
    static final Name APEX = name("auth.example.org.");
    static final Instant START = Instant.parse("2026-01-02T03:04:05Z");
    static final Clock CLOCK = Clock.fixed(START, ZoneOffset.UTC);
    static final String VALUE_1 = "A".repeat(42) + "1";
    static final String VALUE_2 = "b".repeat(42) + "2";
    static final Subdomain WITH_VALUES = new Subdomain("abc-123");
    static final Subdomain WITHOUT_VALUES = new Subdomain("empty-1");

    private TestServedZone() {}

    static DnsConfig config(TcpLimits tcp, List<InetSocketAddress> listen) {
        return new DnsConfig(
                listen,
                APEX,
                List.of(
                        new NameServer(
                                name("ns1.auth.example.org."), List.of(address("192.0.2.1"), address("2001:db8::1"))),
                        new NameServer(name("ns2.other.net."), List.of())),
                name("hostmaster.example.org."),
                Duration.ofSeconds(1),
                Duration.ofSeconds(3600),
                Duration.ofSeconds(60),
                List.of(
                        record("www.auth.example.org.", Type.A, "192.0.2.10"),
                        record("www.auth.example.org.", Type.A, "192.0.2.11"),
                        record("MiXeD.auth.example.org.", Type.TXT, "\"Hello World\""),
                        record("a.b.c.auth.example.org.", Type.A, "192.0.2.12"),
                        record("_acme-challenge.alias.auth.example.org.", Type.CNAME, "abc-123.auth.example.org."),
                        record("out.auth.example.org.", Type.CNAME, "www.example.com."),
                        record("gone.auth.example.org.", Type.CNAME, "nothing.auth.example.org.")),
                tcp,
                DnsConfig.DEFAULT_UDP_WORKERS);
    }

    static DnsConfig config() {
        return config(TcpLimits.DEFAULT, List.of());
    }

    static ServedZone zone() {
        return ServedZone.from(config(), CLOCK);
    }

    static ChallengeIndex challenges() {
        ChallengeIndex index = new ChallengeIndex(APEX, CLOCK, Duration.ZERO, 0);
        index.replace(
                WITH_VALUES,
                List.of(new TxtEntry(new TxtValue(VALUE_1), 1, START), new TxtEntry(new TxtValue(VALUE_2), 2, START)));
        index.replace(WITHOUT_VALUES, List.of());
        return index;
    }

    static Responder responder() {
        return new Responder(zone(), challenges(), Duration.ofSeconds(1));
    }

    static WireResponder wire() {
        return new WireResponder(responder());
    }

    static Name name(String s) {
        try {
            return Name.fromString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Record record(String owner, int type, String rdata) {
        try {
            return Record.fromString(name(owner), type, DClass.IN, 300, rdata, Name.root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
