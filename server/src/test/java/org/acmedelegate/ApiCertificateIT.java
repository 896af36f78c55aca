package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.acmedelegate.config.ConfigLoader;
import org.acmedelegate.tls.ApiCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * {@code [api.acme]} against a real CA: pebble validates DNS-01 through unbound, which asks this server for
 * its own zone. The server starts without a certificate, gets one for auth.example.test, renews the
 * short-lived certificate (pebble issues them for {@link #VALIDITY}) while clients keep talking to it, and
 * keeps serving when the CA is gone. The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiCertificateIT {
    private static final Duration VALIDITY = Duration.ofSeconds(60);
    private static final String TOKEN = "api-certificate-it-admin-token-0123456789";

    private Path dir;
    private PebbleWorld world;
    private AcmeDelegate server;
    private Path configFile;
    private InetSocketAddress api;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private X509Certificate renewed;
    private X509Certificate root;

    @BeforeAll
    void startTheWorldAndTheServer(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(ApiCertificate.class);
        logger.addAppender(log);
        logger.setLevel(Level.INFO);
        world = new PebbleWorld(dir);
        world.startResolver();
        world.startPebble(VALIDITY);
        String host = world.ip(3);
        configFile = dir.resolve("acme-delegate.toml");
        Files.writeString(configFile, """
                [store]
                sqlite_path = "%s"
                [dns]
                zone = "%s"
                listen = ["%s"]
                txt_ttl = 1
                [[dns.nameservers]]
                name = "ns1.%s"
                addresses = ["%s"]
                [api]
                listen = "%s:0"
                bcrypt_cost = 4
                [api.acme]
                directory = "%s"
                ca_certificates = "%s"
                retry_min = "2s"
                retry_max = "4s"
                [admin]
                listen = "%s:0"
                token = "%s"
                """.formatted(
                        dir.resolve("data/acme-delegate.db"),
                        PebbleWorld.ZONE,
                        world.dnsAddress(),
                        PebbleWorld.ZONE,
                        host,
                        host,
                        world.directory(),
                        world.caBundle(),
                        host,
                        TOKEN));
        assertThat(dir.resolve("data/api-certificate")).doesNotExist();
        server = AcmeDelegate.start(new ConfigLoader().load(configFile), Clock.systemUTC(), true);
        api = new InetSocketAddress(host, server.apiPort());
    }

    @AfterAll
    void stop() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(ApiCertificate.class);
        logger.detachAppender(log);
        logger.setLevel(null);
        if (server != null) {
            server.close();
        }
        if (world != null) {
            world.close();
        }
    }

    @Test
    @Order(1)
    void startsSelfSignedThenServesTheCasCertificateObtainedThroughItsOwnDns() throws Exception {
        assertThat(messages(Level.WARN)).anyMatch(m -> m.contains("SELF-SIGNED certificate for [auth.example.test]"));
        root = world.pebbleRoot();
        await("a certificate from pebble", Duration.ofSeconds(90), () -> !selfSigned(served()));

        try (TlsProbe.Connection c = TlsProbe.verified(api, PebbleWorld.ZONE, root)) {
            assertThat(c.get("/health")).isEqualTo(200);
            assertThat(c.get("/ready")).isEqualTo(200);
            assertThat(c.certificate().getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))))
                    .contains(PebbleWorld.ZONE);
        }
        X509Certificate leaf = served();
        assertThat(server.metrics().scrape())
                .contains("acme_delegate_certificate_expiry_seconds "
                        + (double) (leaf.getNotAfter().getTime() / 1000));
        assertThat(messages(Level.INFO))
                .anyMatch(m -> m.contains("now served")
                        && m.contains("API certificate for [auth.example.test] (ordered now) issued by CN=Pebble"));
        Path files = dir.resolve("data/api-certificate");
        for (String name : List.of("fullchain.pem", "privkey.pem", "account-key.pem")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.resolve(name))))
                    .as(name)
                    .isEqualTo("rw-------");
        }
        // The validation value is withdrawn: the name exists (NODATA), without a TXT record.
        Message reply = dnsQuery("_acme-challenge." + PebbleWorld.ZONE + ".");
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    @Order(2)
    void renewsTheShortLivedCertificateAndSwapsItWithoutFailingARequestOnOldOrNewConnections() throws Exception {
        X509Certificate first = served();
        int keptAlive = 0;
        int fresh = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(VALIDITY.toSeconds() + 30);
        try (TlsProbe.Connection kept = TlsProbe.verified(api, PebbleWorld.ZONE, root)) {
            while (renewed == null && System.nanoTime() < deadline) {
                assertThat(kept.get("/health"))
                        .as("request %d over the kept-alive connection", keptAlive)
                        .isEqualTo(200);
                keptAlive++;
                try (TlsProbe.Connection c = TlsProbe.verified(api, PebbleWorld.ZONE, root)) {
                    assertThat(c.get("/health"))
                            .as("request on new connection %d", fresh)
                            .isEqualTo(200);
                    fresh++;
                    if (!c.certificate().getSerialNumber().equals(first.getSerialNumber())) {
                        renewed = c.certificate();
                    }
                }
                Thread.sleep(150);
            }
            assertThat(renewed)
                    .as("a renewed certificate within the first one's lifetime")
                    .isNotNull();
            // The connection from before the swap goes on, with the certificate it was opened with.
            for (int i = 0; i < 5; i++) {
                assertThat(kept.get("/health")).isEqualTo(200);
            }
            assertThat(kept.certificate().getSerialNumber()).isEqualTo(first.getSerialNumber());
        }
        assertThat(renewed.getNotAfter()).isAfter(first.getNotAfter());
        assertThat(keptAlive).isGreaterThan(10);
        assertThat(fresh).isGreaterThan(10);
    }

    @Test
    @Order(3)
    void keepsServingTheCurrentCertificateAndRetriesWhenTheCaIsUnreachable() throws Exception {
        world.stopPebble();
        X509Certificate current = served();
        await(
                "a failed renewal",
                Duration.ofSeconds(VALIDITY.toSeconds()),
                () -> server.metrics().scrape().contains("acme_delegate_certificate_renewal_failures_total 1.0"));
        assertThat(served().getSerialNumber()).isEqualTo(current.getSerialNumber());
        try (TlsProbe.Connection c = TlsProbe.verified(api, PebbleWorld.ZONE, root)) {
            assertThat(c.get("/ready")).isEqualTo(200);
        }
        assertThat(messages(Level.WARN))
                .anyMatch(m -> m.contains("API certificate order for [auth.example.test] from " + world.directory()
                                + " failed (attempt 1)")
                        && m.contains("next attempt at"));
        await(
                "a second attempt",
                Duration.ofSeconds(15),
                () -> messages(Level.WARN).stream().anyMatch(m -> m.contains("failed (attempt 2)")));

        // The CLI reads the admin listener's address from the config: the port the server got.
        Files.writeString(
                configFile,
                Files.readString(configFile)
                        .replace(
                                "listen = \"" + world.ip(3) + ":0\"\ntoken",
                                "listen = \"" + world.ip(3) + ":" + server.adminPort() + "\"\ntoken"));
        ConsoleCapture.Run run = ConsoleCapture.run("tls", "status", "--config", configFile.toString());
        String status = run.out();
        assertThat(run.code()).as(status + run.err()).isZero();
        assertThat(status)
                .contains("names         auth.example.test")
                .contains("self_signed   false")
                .contains("not_after     " + current.getNotAfter().toInstant())
                .containsPattern("next_renewal  20")
                .containsPattern("last_error    \\S+")
                .containsPattern("failures      [2-9]");
    }

    private X509Certificate served() throws Exception {
        try (TlsProbe.Connection c = TlsProbe.anyCertificate(api, PebbleWorld.ZONE)) {
            return c.certificate();
        }
    }

    private static boolean selfSigned(X509Certificate c) {
        return c.getIssuerX500Principal().equals(c.getSubjectX500Principal());
    }

    private Message dnsQuery(String name) throws Exception {
        SimpleResolver resolver = new SimpleResolver(world.ip(3));
        resolver.setPort(5303);
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.TXT, 1)));
    }

    private List<String> messages(Level level) {
        return log.list.stream()
                .filter(e -> e.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Duration limit, Check check) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + limit);
            }
            Thread.sleep(250);
        }
    }
}
