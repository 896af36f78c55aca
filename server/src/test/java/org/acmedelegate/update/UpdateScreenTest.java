package org.acmedelegate.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.acmedelegate.audit.AuditLog;
import org.acmedelegate.config.Rate;
import org.acmedelegate.dns.tsig.TsigAlgorithm;
import org.acmedelegate.dns.tsig.TsigKey;
import org.acmedelegate.dns.tsig.TsigKeyring;
import org.acmedelegate.http.RateLimiter;
import org.acmedelegate.metrics.Metrics;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

class UpdateScreenTest {
    private static final Name ZONE = Name.fromConstantString("auth.example.org.");
    private static final Name OWN = Name.fromConstantString("a.auth.example.org.");
    private static final String A = "3DAOpDAAUYuw8YigjouXbPBmHZinGyY_3sgP6A4XssU";
    private static final TsigKey KEY = new TsigKey(OWN, TsigAlgorithm.HMAC_SHA256, new byte[32]);
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-03T20:00:00Z"), ZoneOffset.UTC);
    private final List<String> lines = new ArrayList<>();
    private final TsigFailureAudit audit = TsigFailureAudit.manual(new AuditLog(clock, lines::add));
    private final AtomicInteger lookups = new AtomicInteger();
    private final TsigKeyring ring = name -> {
        lookups.incrementAndGet();
        return name.equals(OWN) ? java.util.Optional.of(KEY) : java.util.Optional.empty();
    };
    private final InetAddress client = InetAddress.getLoopbackAddress();

    private UpdateScreen screen(Rate limit) {
        return screen(limit, new Metrics());
    }

    private UpdateScreen screen(Rate limit, Metrics metrics) {
        return new UpdateScreen(ring, clock, new RateLimiter(limit, clock), audit, metrics);
    }

    private static byte[] signed(TsigKey key) throws java.io.IOException {
        Update u = new Update(ZONE);
        u.add(OWN, Type.TXT, 60, A);
        u.setTSIG(key.tsig(Clock.fixed(Instant.parse("2026-12-03T20:00:00Z"), ZoneOffset.UTC)));
        return u.toWire(65535);
    }

    private static UpdateScreen.Decision decide(UpdateScreen screen, byte[] wire, InetAddress from) throws Exception {
        assertThat(screen.refusedUnread(wire, from)).as("within the limit").isNull();
        return screen.screen(new Message(wire), wire, from);
    }

    @Test
    void aVerifiedUpdateGoesOnToTheWorkerWithItsVerdict() throws Exception {
        UpdateScreen.Decision d = decide(screen(Rate.OFF), signed(KEY), client);
        assertThat(d.reply()).isNull();
        assertThat(d.verdict().verified()).isTrue();
        audit.flush();
        assertThat(lines).isEmpty();
    }

    @Test
    void anUnknownKeyNameIsBadkeyAtOnceAndAWrongSecretBadsigBothAuditedInOneLinePerSource() throws Exception {
        Metrics metrics = new Metrics();
        UpdateScreen screen = screen(Rate.OFF, metrics);
        TsigKey stranger = new TsigKey(
                Name.fromConstantString("nobody.auth.example.org."), TsigAlgorithm.HMAC_SHA256, new byte[32]);
        TsigKey forged =
                new TsigKey(OWN, TsigAlgorithm.HMAC_SHA256, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        for (int i = 0; i < 3; i++) {
            UpdateScreen.Decision d = decide(screen, signed(stranger), client);
            assertThat(d.reply().getRcode()).isEqualTo(Rcode.NOTAUTH);
            assertThat(d.verdict().outcome().error()).isEqualTo(Rcode.BADKEY);
        }
        UpdateScreen.Decision bad = decide(screen, signed(forged), client);
        assertThat(bad.reply().getRcode()).isEqualTo(Rcode.NOTAUTH);
        assertThat(bad.verdict().outcome().error()).isEqualTo(Rcode.BADSIG);
        decide(screen, signed(forged), InetAddress.getByName("192.0.2.7"));
        assertThat(lines).as("nothing written on the receiving thread").isEmpty();

        audit.flush();
        assertThat(lines).hasSize(2);
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .contains("\"auth_failure\"", "127.0.0.1", "4 failed TSIG", "BADKEY 3", "BADSIG 1")
                        .contains("nobody.auth.example.org.", "a.auth.example.org."))
                .anySatisfy(l -> assertThat(l).contains("192.0.2.7", "1 failed TSIG (BADSIG 1"));
        audit.flush();
        assertThat(lines).as("each failure is written once").hasSize(2);
        assertThat(metrics.scrape())
                .contains("acme_delegate_auth_failures_total{kind=\"tsig\"} 5")
                .contains("acme_delegate_dns_updates_bad_tsig_total 5");
    }

    @Test
    void anUnsignedUpdateIsRefusedAndIsNoFailedLogin() throws Exception {
        Update u = new Update(ZONE);
        u.add(OWN, Type.TXT, 60, A);
        byte[] wire = u.toWire();
        UpdateScreen.Decision d = decide(screen(new Rate(1, Duration.ofHours(1))), wire, client);
        assertThat(d.reply().getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(decide(screen(new Rate(1, Duration.ofHours(1))), signed(KEY), client)
                        .reply())
                .isNull();
    }

    @Test
    void aSourcePastTheFailedLoginLimitIsRefusedWithoutLookingAtItsKeyAndStillAudited() throws Exception {
        UpdateScreen screen = screen(new Rate(2, Duration.ofHours(1)));
        TsigKey forged =
                new TsigKey(OWN, TsigAlgorithm.HMAC_SHA256, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        decide(screen, signed(forged), client);
        decide(screen, signed(forged), client);
        int before = lookups.get();
        for (int i = 0; i < 5; i++) {
            byte[] wire = signed(KEY);
            Message reply = new Message(screen.refusedUnread(wire, client));
            assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
            assertThat(reply.getHeader().getID())
                    .isEqualTo(new Message(wire).getHeader().getID());
            assertThat(reply.getHeader().getOpcode()).isEqualTo(Opcode.UPDATE);
            assertThat(reply.getSection(Section.ZONE))
                    .extracting(r -> r.getName())
                    .containsExactly(ZONE);
            assertThat(reply.getTSIG()).isNull();
        }
        assertThat(screen.refusedUnread(signed(KEY), InetAddress.getByName("192.0.2.8")))
                .as("another source is within its limit")
                .isNull();
        assertThat(lookups.get()).as("no key looked up, no HMAC").isEqualTo(before);
        audit.flush();
        assertThat(lines)
                .singleElement()
                .satisfies(l ->
                        assertThat(l).contains("2 failed TSIG (BADSIG 2", "5 refused over the failed-login limit"));
    }

    @Test
    void theBadtimeAnswerIsSignedWithTheKey() throws Exception {
        Update u = new Update(ZONE);
        u.add(OWN, Type.TXT, 60, A);
        u.setTSIG(KEY.tsig(Clock.offset(clock, Duration.ofHours(-1))));
        byte[] wire = u.toWire(65535);
        UpdateScreen.Decision d = decide(screen(Rate.OFF), wire, client);
        byte[] reply = d.reply().toWire(65535);
        assertThat(new Message(reply).getTSIG().getError()).isEqualTo(Rcode.BADTIME);
        TSIG client = KEY.tsig(Clock.offset(clock, Duration.ofHours(-1)));
        assertThat(client.verify(new Message(reply), reply, new Message(wire).getTSIG()))
                .isEqualTo(Rcode.NOERROR);
    }
}
