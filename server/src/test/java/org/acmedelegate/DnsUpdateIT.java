package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * RFC 2136 UPDATEs signed with a registration's own TSIG key against the real server over UDP and TCP,
 * built and signed with dnsjava as a client would: its own name changes, nothing else does, and each TSIG
 * failure gets its RFC 8945 answer. Signed SOA queries make {@code _acme-challenge.<domain>} an apex for that
 * key only.
 */
class DnsUpdateIT {
    private static final Name ZONE = Name.fromConstantString("auth.example.org.");
    private static final Name APEX = Name.fromConstantString("_acme-challenge.example.test.");
    private static final String A = "3DAOpDAAUYuw8YigjouXbPBmHZinGyY_3sgP6A4XssU";
    private static final String B = "v4i3Ae8rxNaHlcWUwubeLqxP7LV7xbCNglz8w9NVPI8";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final TestClock clock = new TestClock(Instant.now());

    @TempDir
    Path dir;

    private AcmeDelegate server;
    private InetSocketAddress dns;

    /** A registration as the test client holds it: its name and its TSIG key. */
    private record Reg(Name name, String secret) {
        TSIG tsig(Clock at) {
            return new TSIG(
                    TSIG.HMAC_SHA256,
                    name,
                    new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"),
                    at);
        }
    }

    @BeforeEach
    void start() {
        server = AcmeDelegate.start(LoopbackConfig.with(dir.resolve("db.sqlite"), ""), clock, true);
        dns = new InetSocketAddress("127.0.0.1", server.dnsUdpAddresses().get(0).getPort());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Reg register(String domain) throws Exception {
        String body = domain == null ? "{\"tsig\":true}" : "{\"tsig\":true,\"domain\":\"" + domain + "\"}";
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.apiPort() + "/register"))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode tsig = json.readTree(r.body()).get("tsig");
        return new Reg(
                Name.fromString(tsig.get("name").asText()), tsig.get("secret").asText());
    }

    /** Signs {@code m} with {@code tsig}, sends it, and returns the reply after checking its signature holds. */
    private Message signed(Message m, TSIG tsig, boolean overTcp) throws Exception {
        m.setTSIG(tsig);
        byte[] wire = m.toWire(65535);
        byte[] answer = overTcp ? DnsTestClient.tcpBytes(dns, wire) : DnsTestClient.udpBytes(dns, wire);
        Message reply = new Message(answer);
        assertThat(tsig.verify(reply, answer, new Message(wire).getTSIG()))
                .as("the reply's TSIG")
                .isEqualTo(Rcode.NOERROR);
        return reply;
    }

    private List<String> txt(Name name) throws Exception {
        Message reply = DnsTestClient.udp(dns, DnsTestClient.query(name, Type.TXT));
        return reply.getSection(Section.ANSWER).stream()
                .filter(r -> r instanceof TXTRecord)
                .map(r -> String.join("", ((TXTRecord) r).getStrings()))
                .toList();
    }

    @Test
    void aKeyAddsAndDeletesTxtValuesAtItsOwnNameOverUdpAndTcp() throws Exception {
        Reg reg = register(null);
        Update add = new Update(ZONE);
        add.add(reg.name(), Type.TXT, 3600, A);
        Message reply = signed(add, reg.tsig(clock), false);
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(txt(reg.name())).containsExactly(A);
        // The configured TXT TTL, not the UPDATE's.
        Message answer = DnsTestClient.udp(dns, DnsTestClient.query(reg.name(), Type.TXT));
        assertThat(answer.getSection(Section.ANSWER).get(0).getTTL()).isNotEqualTo(3600);

        Update more = new Update(ZONE);
        more.add(reg.name(), Type.TXT, 60, B);
        assertThat(signed(more, reg.tsig(clock), true).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(txt(reg.name())).containsExactlyInAnyOrder(A, B);

        Update one = new Update(ZONE);
        one.delete(reg.name(), Type.TXT, A);
        assertThat(signed(one, reg.tsig(clock), true).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(txt(reg.name())).containsExactly(B);

        Update all = new Update(ZONE);
        all.delete(reg.name());
        assertThat(signed(all, reg.tsig(clock), false).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(txt(reg.name())).isEmpty();
    }

    @Test
    void anotherAccountsNameANonTxtRecordOrAMixOfNamesChangesNothing() throws Exception {
        Reg mine = register(null);
        Reg theirs = register(null);
        Update foreign = new Update(ZONE);
        foreign.add(theirs.name(), Type.TXT, 60, A);
        assertThat(signed(foreign, mine.tsig(clock), false).getRcode()).isEqualTo(Rcode.REFUSED);

        Update mixed = new Update(ZONE);
        mixed.add(mine.name(), Type.TXT, 60, A);
        mixed.add(theirs.name(), Type.TXT, 60, B);
        assertThat(signed(mixed, mine.tsig(clock), false).getRcode()).isEqualTo(Rcode.REFUSED);

        Update address = new Update(ZONE);
        address.add(new ARecord(mine.name(), DClass.IN, 60, java.net.InetAddress.getByName("192.0.2.1")));
        assertThat(signed(address, mine.tsig(clock), true).getRcode()).isEqualTo(Rcode.REFUSED);

        Update elsewhere = new Update(Name.fromConstantString("example.com."));
        elsewhere.add(Name.fromConstantString("www.example.com."), Type.TXT, 60, A);
        assertThat(signed(elsewhere, mine.tsig(clock), false).getRcode()).isEqualTo(Rcode.NOTAUTH);

        assertThat(txt(mine.name())).isEmpty();
        assertThat(txt(theirs.name())).isEmpty();
    }

    @Test
    void prerequisitesAreEvaluatedBeforeAnyChange() throws Exception {
        Reg reg = register(null);
        Update needsValues = new Update(ZONE);
        needsValues.present(reg.name(), Type.TXT);
        needsValues.add(reg.name(), Type.TXT, 60, B);
        assertThat(signed(needsValues, reg.tsig(clock), false).getRcode()).isEqualTo(Rcode.NXRRSET);
        assertThat(txt(reg.name())).isEmpty();

        Update first = new Update(ZONE);
        first.absent(reg.name(), Type.TXT);
        first.add(reg.name(), Type.TXT, 60, A);
        assertThat(signed(first, reg.tsig(clock), false).getRcode()).isEqualTo(Rcode.NOERROR);
        Update again = new Update(ZONE);
        again.absent(reg.name(), Type.TXT);
        again.add(reg.name(), Type.TXT, 60, B);
        assertThat(signed(again, reg.tsig(clock), false).getRcode()).isEqualTo(Rcode.YXRRSET);
        assertThat(txt(reg.name())).containsExactly(A);
    }

    @Test
    void badKeyBadSignatureAndBadTimeGetTheirAnswersAndChangeNothing() throws Exception {
        Reg reg = register(null);
        Update add = new Update(ZONE);
        add.add(reg.name(), Type.TXT, 60, A);

        TSIG unknown = new Reg(Name.fromConstantString("nobody.auth.example.org."), reg.secret()).tsig(clock);
        add.setTSIG(unknown);
        Message badKey = new Message(DnsTestClient.udpBytes(dns, add.toWire(65535)));
        assertThat(badKey.getRcode()).isEqualTo(Rcode.NOTAUTH);
        assertThat(badKey.getTSIG().getError()).isEqualTo(Rcode.BADKEY);

        TSIG wrong = new Reg(reg.name(), Base64.getEncoder().encodeToString(new byte[32])).tsig(clock);
        add.setTSIG(wrong);
        Message badSig = new Message(DnsTestClient.udpBytes(dns, add.toWire(65535)));
        assertThat(badSig.getRcode()).isEqualTo(Rcode.NOTAUTH);
        assertThat(badSig.getTSIG().getError()).isEqualTo(Rcode.BADSIG);

        Clock anHourAgo = Clock.fixed(clock.instant().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        Update late = new Update(ZONE);
        late.add(reg.name(), Type.TXT, 60, A);
        late.setTSIG(reg.tsig(anHourAgo));
        byte[] lateWire = late.toWire(65535);
        byte[] lateAnswer = DnsTestClient.udpBytes(dns, lateWire);
        Message badTime = new Message(lateAnswer);
        assertThat(badTime.getRcode()).isEqualTo(Rcode.NOTAUTH);
        assertThat(badTime.getTSIG().getError()).isEqualTo(Rcode.BADTIME);
        assertThat(reg.tsig(anHourAgo).verify(badTime, lateAnswer, new Message(lateWire).getTSIG()))
                .isEqualTo(Rcode.NOERROR);

        Update unsigned = new Update(ZONE);
        unsigned.add(reg.name(), Type.TXT, 60, A);
        assertThat(new Message(DnsTestClient.udpBytes(dns, unsigned.toWire())).getRcode())
                .isEqualTo(Rcode.REFUSED);
        assertThat(txt(reg.name())).isEmpty();
        // Audited in aggregate: one line per address and second (so one or two lines here), within a second.
        String failures = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!(failures.contains("BADKEY 1") && failures.contains("BADSIG 1") && failures.contains("BADTIME 1"))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
            failures = String.join(
                    "\n",
                    Files.readAllLines(dir.resolve("audit.log")).stream()
                            .filter(l -> l.contains("\"auth_failure\""))
                            .toList());
        }
        assertThat(failures)
                .contains("127.0.0.1", "failed TSIG", "BADKEY 1", "BADSIG 1", "BADTIME 1")
                .doesNotContain(reg.secret());
        assertThat(failures.lines()).hasSizeBetween(1, 2);
    }

    @Test
    void wrongApiKeysSpendTheFailedLoginBudgetOfSignedUpdatesFromTheSameAddress() throws Exception {
        Reg reg = register(null);
        Update add = new Update(ZONE);
        add.add(reg.name(), Type.TXT, 60, A);
        assertThat(signed(add, reg.tsig(clock), false).getRcode()).isEqualTo(Rcode.NOERROR);
        // The default limit: 30 failed logins per 10 minutes per address, on /update and on UPDATEs alike.
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> wrong = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.apiPort() + "/update"))
                            .header("X-Api-User", "00000000-0000-4000-8000-000000000000")
                            .header("X-Api-Key", "wrong-key-wrong-key-wrong-key-wrong-key-")
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(401);
        }
        Update more = new Update(ZONE);
        more.add(reg.name(), Type.TXT, 60, B);
        more.setTSIG(reg.tsig(clock));
        Message refused = new Message(DnsTestClient.udpBytes(dns, more.toWire(65535)));
        assertThat(refused.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(txt(reg.name())).containsExactly(A);
    }

    @Test
    void aReplayedUpdateOutsideTheFudgeIsRefused() throws Exception {
        Reg reg = register(null);
        Update add = new Update(ZONE);
        add.add(reg.name(), Type.TXT, 60, A);
        add.setTSIG(reg.tsig(clock));
        byte[] captured = add.toWire(65535);
        assertThat(new Message(DnsTestClient.udpBytes(dns, captured)).getRcode())
                .isEqualTo(Rcode.NOERROR);
        Update delete = new Update(ZONE);
        delete.delete(reg.name(), Type.TXT);
        assertThat(signed(delete, reg.tsig(clock), false).getRcode()).isEqualTo(Rcode.NOERROR);

        clock.advance(Duration.ofSeconds(301));
        Message replayed = new Message(DnsTestClient.udpBytes(dns, captured));
        assertThat(replayed.getRcode()).isEqualTo(Rcode.NOTAUTH);
        assertThat(replayed.getTSIG().getError()).isEqualTo(Rcode.BADTIME);
        assertThat(txt(reg.name())).isEmpty();
    }

    @Test
    void aSignedQueryFindsAnApexAtTheChallengeNameOfTheBoundDomainAndAnUpdateThereLandsOnTheOwnName() throws Exception {
        Reg bound = register("example.test");
        Reg other = register("other.test");
        Message soa = signed(DnsTestClient.query(APEX, Type.SOA), bound.tsig(clock), false);
        assertThat(soa.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(soa.getHeader().getFlag(Flags.AA)).isTrue();
        Record answer = soa.getSection(Section.ANSWER).get(0);
        assertThat(answer.getName()).isEqualTo(APEX);
        assertThat(answer.getType()).isEqualTo(Type.SOA);

        assertThat(DnsTestClient.udp(dns, DnsTestClient.query(APEX, Type.SOA)).getRcode())
                .isEqualTo(Rcode.REFUSED);
        assertThat(signed(DnsTestClient.query(APEX, Type.SOA), other.tsig(clock), true)
                        .getRcode())
                .isEqualTo(Rcode.REFUSED);

        Update add = new Update(APEX);
        add.add(APEX, Type.TXT, 120, A);
        assertThat(signed(add, bound.tsig(clock), false).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(txt(bound.name())).containsExactly(A);
        Update foreign = new Update(APEX);
        foreign.add(APEX, Type.TXT, 120, B);
        assertThat(signed(foreign, other.tsig(clock), false).getRcode()).isEqualTo(Rcode.NOTAUTH);
        assertThat(txt(bound.name())).containsExactly(A);
    }
}
