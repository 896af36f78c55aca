package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.acmedelegate.config.ConfigLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

/**
 * acme-delegate as the hidden primary of real secondaries: Knot and NSD on loopback addresses of their own
 * transfer the zone with a TSIG key, get NOTIFY after each update and follow by IXFR; kdig is refused without
 * the key, with a wrong one and over UDP; a restart keeps the serial and the journal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HiddenPrimaryIT {
    private static final Name ZONE = Name.fromConstantString("auth.example.org.");
    private static final Duration CONVERGE = Duration.ofSeconds(30);

    private Path dir;
    private String net;
    private String secret;
    private InetSocketAddress dns;
    private AcmeDelegate server;
    private ApiAndDnsClient api;
    private Secondary knot;
    private Secondary nsd;
    private final List<ApiAndDnsClient.Account> accounts = new ArrayList<>();

    @BeforeAll
    void startPrimaryAndSecondaries(@TempDir Path dir) throws Exception {
        this.dir = dir;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        net = "127." + random.nextInt(100, 250) + "." + random.nextInt(1, 250);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        secret = Base64.getEncoder().encodeToString(key);
        Files.writeString(
                dir.resolve("xfr.key"),
                "key \"xfr-key\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + secret + "\";\n};\n");
        dns = new InetSocketAddress(net + ".1", 5300);
        startServer();
        knot = Secondary.knot(dir.resolve("knot"), new InetSocketAddress(net + ".2", 5301), dns, secret);
        nsd = Secondary.nsd(dir.resolve("nsd"), new InetSocketAddress(net + ".3", 5301), dns, secret);
        awaitSerial(knot, serial(dns));
        awaitSerial(nsd, serial(dns));
    }

    private void startServer() throws IOException {
        String toml = """
                [store]
                sqlite_path = "%1$s/data/db.sqlite"
                [audit]
                path = "%1$s/audit.log"
                [dns]
                zone = "auth.example.org"
                listen = ["%2$s.1:5300"]
                records = ["www 300 IN A 192.0.2.80"]
                [[dns.nameservers]]
                name = "ns1.auth.example.org"
                addresses = ["%2$s.1"]
                [[dns.tsig_keys]]
                name = "xfr-key"
                secret_file = "%1$s/xfr.key"
                [dns.transfer]
                allow = [{ tsig_key = "xfr-key" }]
                [[dns.notify]]
                address = "%2$s.2:5301"
                tsig_key = "xfr-key"
                [[dns.notify]]
                address = "%2$s.3:5301"
                tsig_key = "xfr-key"
                [api]
                listen = "%2$s.1:0"
                bcrypt_cost = 4
                """.formatted(dir, net);
        server = AcmeDelegate.start(new ConfigLoader().parse(toml), Clock.systemUTC(), true);
        api = new ApiAndDnsClient(net + ".1", server::apiPort, () -> dns);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {knot, nsd, server}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    @Order(1)
    void knotAnswersANewValueWithinOneSecondThroughNotifyAndIxfr() throws Exception {
        ApiAndDnsClient.Account account = api.register();
        accounts.add(account);
        long axfrsBefore = knot.logLines("AXFR, incoming");
        long ixfrsBefore = knot.logLines("IXFR, incoming");
        String value = ApiAndDnsClient.value(1);
        assertThat(api.update(account, value).statusCode()).isEqualTo(200);
        long updated = System.nanoTime();
        while (!txt(knot.address, account).contains(value)) {
            assertThat(System.nanoTime() - updated)
                    .as("Knot answers the value")
                    .isLessThan(TimeUnit.SECONDS.toNanos(1));
            Thread.sleep(10);
        }
        awaitLog(knot, "IXFR, incoming", ixfrsBefore + 1);
        assertThat(knot.logLines("AXFR, incoming")).as(knot.log()).isEqualTo(axfrsBefore);
        assertThat(knot.log()).contains("notify, incoming");
    }

    @Test
    @Order(2)
    void afterFiveHundredUpdatesKnotAndNsdHoldExactlyTheZoneAcmeDelegateServes() throws Exception {
        for (int i = 0; i < 19; i++) {
            accounts.add(api.register());
        }
        for (int i = 0; i < 500; i++) {
            assertThat(api.update(accounts.get(i % accounts.size()), ApiAndDnsClient.value(1000 + i))
                            .statusCode())
                    .isEqualTo(200);
        }
        long serial = serial(dns);
        awaitSerial(knot, serial);
        awaitSerial(nsd, serial);
        TreeSet<String> ours = axfr(dns);
        assertThat(ours).filteredOn(r -> r.contains("\tTXT\t")).hasSize(accounts.size() * 4);
        assertThat(axfr(knot.address)).isEqualTo(ours);
        assertThat(axfr(nsd.address)).isEqualTo(ours);
        ApiAndDnsClient.Account last = accounts.get(499 % accounts.size());
        assertThat(txt(nsd.address, last)).contains(ApiAndDnsClient.value(1499));
    }

    @Test
    @Order(3)
    void kdigIsRefusedWithoutTheKeyWithAWrongKeyAndOverUdp() throws Exception {
        String at = "@" + dns.getHostString();
        String port = String.valueOf(dns.getPort());
        assertThat(kdig(at, "-p", port, "+tcp", "auth.example.org", "AXFR")).contains("REFUSED");
        assertThat(kdig(
                        at,
                        "-p",
                        port,
                        "-y",
                        "hmac-sha256:xfr-key:" + Base64.getEncoder().encodeToString(new byte[32]),
                        "auth.example.org",
                        "AXFR"))
                .contains("BADSIG");
        assertThat(kdig(at, "-p", port, "-y", "hmac-sha256:other-key:" + secret, "auth.example.org", "AXFR"))
                .contains("BADKEY");
        assertThat(kdig(at, "-p", port, "+notcp", "-y", "hmac-sha256:xfr-key:" + secret, "auth.example.org", "AXFR"))
                .contains("REFUSED");
        assertThat(kdig(at, "-p", port, "-y", "hmac-sha256:xfr-key:" + secret, "auth.example.org", "AXFR"))
                .contains("auth.example.org.")
                .contains("TXT")
                .doesNotContain("REFUSED");
    }

    @Test
    @Order(4)
    void answersIxfrFromTheJournalAndWithTheWholeZoneWhenTheJournalDoesNotReachTheSerial() throws Exception {
        long now = serial(dns);
        TSIG key = new TSIG(TSIG.HMAC_SHA256, "xfr-key.", secret);
        ZoneTransferIn recent = ZoneTransferIn.newIXFR(ZONE, now - 3, false, dns, key);
        recent.run();
        assertThat(recent.isIXFR()).isTrue();
        assertThat(recent.getIXFR())
                .hasSize(3)
                .allSatisfy(delta -> assertThat(delta.adds).isNotEmpty());
        assertThat(recent.getIXFR().get(2).end).isEqualTo(now);

        ZoneTransferIn ancient = ZoneTransferIn.newIXFR(ZONE, now - 100_000, false, dns, key);
        ancient.run();
        assertThat(ancient.isAXFR()).isTrue();
        assertThat(ancient.getAXFR()).filteredOn(r -> r.getType() == Type.TXT).hasSize(accounts.size() * 4);

        ZoneTransferIn current = ZoneTransferIn.newIXFR(ZONE, now, false, dns, key);
        current.run();
        assertThat(current.isCurrent()).isTrue();
    }

    @Test
    @Order(5)
    void aRestartKeepsTheSerialAndKnotFollowsByIxfrWithoutAFullTransfer() throws Exception {
        long before = serial(dns);
        server.close();
        startServer();
        assertThat(serial(dns)).isEqualTo(before);
        long axfrs = knot.logLines("AXFR, incoming");
        long ixfrs = knot.logLines("IXFR, incoming");
        ApiAndDnsClient.Account account = accounts.get(0);
        assertThat(api.update(account, ApiAndDnsClient.value(9999)).statusCode())
                .isEqualTo(200);
        assertThat(serial(dns)).isEqualTo(before + 1);
        awaitSerial(knot, before + 1);
        awaitLog(knot, "IXFR, incoming", ixfrs + 1);
        assertThat(knot.logLines("AXFR, incoming")).isEqualTo(axfrs);
        assertThat(txt(knot.address, account)).contains(ApiAndDnsClient.value(9999));
    }

    @Test
    @Order(6)
    void answersAnIncomingNotifyWithNotauthSinceThisServerIsThePrimary() throws Exception {
        Message notify = Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN));
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        notify.getHeader().unsetFlag(Flags.RD);
        assertThat(DnsTestClient.udp(dns, notify).getRcode()).isEqualTo(Rcode.NOTAUTH);
        notify.setTSIG(new TSIG(TSIG.HMAC_SHA256, "xfr-key.", secret));
        assertThat(DnsTestClient.udp(dns, notify).getRcode()).isEqualTo(Rcode.NOTAUTH);
    }

    private static long serial(InetSocketAddress at) throws IOException {
        Message answer = DnsTestClient.udp(at, DnsTestClient.query(ZONE, Type.SOA));
        List<Record> soa = answer.getSection(Section.ANSWER);
        return soa.isEmpty() ? -1 : ((SOARecord) soa.get(0)).getSerial();
    }

    private static void awaitSerial(Secondary secondary, long serial) throws Exception {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            try {
                seen = serial(secondary.address);
            } catch (IOException e) {
                seen = -1; // not listening yet
            }
            if (seen == serial) {
                return;
            }
            assertThat(secondary.alive()).as(secondary + " runs").isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError(secondary + " still at serial " + seen + ", not " + serial + "\n" + secondary.log());
    }

    private static void awaitLog(Secondary secondary, String text, long lines) throws Exception {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        while (secondary.logLines(text) < lines) {
            assertThat(System.nanoTime()).as(secondary.log()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static List<String> txt(InetSocketAddress at, ApiAndDnsClient.Account account) throws IOException {
        Message answer =
                DnsTestClient.udp(at, DnsTestClient.query(Name.fromString(account.fulldomain() + "."), Type.TXT));
        return answer.getSection(Section.ANSWER).stream()
                .filter(r -> r.getType() == Type.TXT)
                .flatMap(r -> ((TXTRecord) r).getStrings().stream())
                .toList();
    }

    private TreeSet<String> axfr(InetSocketAddress at) throws Exception {
        ZoneTransferIn transfer = ZoneTransferIn.newAXFR(ZONE, at, new TSIG(TSIG.HMAC_SHA256, "xfr-key.", secret));
        transfer.setTimeout(Duration.ofSeconds(10));
        transfer.run();
        TreeSet<String> records = new TreeSet<>();
        for (Record r : transfer.getAXFR()) {
            records.add(r.getName().toString().toLowerCase() + "\t" + r.getTTL() + "\t" + Type.string(r.getType())
                    + "\t" + r.rdataToString());
        }
        return records;
    }

    private static String kdig(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kdig", "+time=3", "+retry=0"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
