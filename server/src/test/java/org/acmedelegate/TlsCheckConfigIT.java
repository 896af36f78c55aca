package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way the API's TLS files go wrong, as a table: {@code check-config} exits 78 naming the key, the file
 * and the problem, and {@code serve} (a real process from the jar) exits 78 with the same line, so a systemd
 * unit does not restart in a loop; the key forms ACME clients write (SEC1, PKCS#1, PKCS#8) are accepted by
 * both, and serve then answers over HTTPS.
 */
class TlsCheckConfigIT {
    private static final Path JAR = ServerJar.JAR;
    private static final Pattern API_PORT = Pattern.compile("API on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    static Path dir;

    private static TestCertificates pki;

    /**
     * One row: how the files are made, and what check-config must say (null: accepted); an accepted row may
     * expect a warning, which check-config prints and serve logs once.
     */
    private record Case(String name, Files2 files, String error, String warning) {
        Case(String name, Files2 files, String error) {
            this(name, files, error, null);
        }
    }

    /** Writes the certificate and key files of a case. */
    @FunctionalInterface
    private interface Files2 {
        void write(Path cert, Path key) throws Exception;
    }

    @BeforeAll
    static void ca() throws Exception {
        pki = new TestCertificates();
    }

    private static List<Case> cases() throws Exception {
        Instant now = Instant.now();
        TestCertificates.Issued ec = pki.issue("EC", List.of("127.0.0.1", "auth.example.org"));
        TestCertificates.Issued rsa = pki.issue("RSA", List.of("127.0.0.1"));
        TestCertificates.Issued other = pki.issue("EC", List.of("127.0.0.1"));
        TestCertificates.Issued cnOnly = pki.issueSubjectOnly("127.0.0.1");
        TestCertificates.Issued hostOnly = pki.issue("EC", List.of("auth.example.org"));
        TestCertificates.Issued expired =
                pki.issue("EC", List.of("127.0.0.1"), now.minus(Duration.ofDays(90)), now.minus(Duration.ofDays(2)));
        return List.of(
                new Case(
                        "missing certificate",
                        (c, k) -> ec.writePkcs8Key(k),
                        "api.tls_cert: TLS certificate %c does not exist"),
                new Case("missing key", (c, k) -> ec.writeCertificate(c), "api.tls_key: TLS key %k does not exist"),
                new Case(
                        "garbage certificate",
                        (c, k) -> {
                            Files.writeString(c, "this is not a certificate\n");
                            ec.writePkcs8Key(k);
                        },
                        "api.tls_cert: TLS certificate %c holds no '-----BEGIN CERTIFICATE-----' block"),
                new Case(
                        "cut certificate",
                        (c, k) -> {
                            ec.writeCertificate(c);
                            String text = Files.readString(c);
                            Files.writeString(c, text.substring(0, text.length() / 2));
                            ec.writePkcs8Key(k);
                        },
                        "api.tls_cert: TLS certificate %c has a PEM block that cannot be read (cut, or not base64)"),
                new Case(
                        "garbage key",
                        (c, k) -> {
                            ec.writeCertificate(c);
                            Files.writeString(k, "not a key\n");
                        },
                        "api.tls_key: TLS key %k holds no private key block"),
                new Case(
                        "key of another certificate",
                        (c, k) -> {
                            ec.writeCertificate(c);
                            other.writePkcs8Key(k);
                        },
                        "api.tls_key: TLS key %k is not the key of the first certificate in %c"),
                new Case(
                        "expired certificate",
                        (c, k) -> {
                            expired.writeCertificate(c);
                            expired.writePkcs8Key(k);
                        },
                        "api.tls_cert: the certificate in %c (for [127.0.0.1], issued by CN=acme-delegate test CA) "
                                + "expired on "
                                + expired.certificate().getNotAfter().toInstant()),
                new Case(
                        "encrypted key",
                        (c, k) -> {
                            ec.writeCertificate(c);
                            ec.writeEncryptedKey(k);
                        },
                        "api.tls_key: TLS key %k is encrypted"),
                new Case(
                        "SEC1 EC key",
                        (c, k) -> {
                            ec.writeCertificate(c);
                            ec.writeTraditionalKey(k);
                            assertThat(Files.readString(k)).startsWith("-----BEGIN EC PRIVATE KEY-----");
                        },
                        null),
                new Case(
                        "PKCS#1 RSA key",
                        (c, k) -> {
                            rsa.writeCertificate(c);
                            rsa.writeTraditionalKey(k);
                            assertThat(Files.readString(k)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
                        },
                        null),
                new Case(
                        "certificate without subjectAltName",
                        (c, k) -> {
                            cnOnly.writeCertificate(c);
                            cnOnly.writePkcs8Key(k);
                        },
                        null,
                        "api.tls_cert: the certificate in %c has no subjectAltName"),
                new Case(
                        "certificate without the listen address",
                        (c, k) -> {
                            hostOnly.writeCertificate(c);
                            hostOnly.writePkcs8Key(k);
                        },
                        null,
                        "api.listen: the API listens on 127.0.0.1, an address the certificate in %c does not name;"
                                + " clients must connect by one of the names it lists: [auth.example.org]"),
                new Case(
                        "PKCS#8 key",
                        (c, k) -> {
                            ec.writeCertificate(c);
                            ec.writePkcs8Key(k);
                            assertThat(Files.readString(k)).startsWith("-----BEGIN PRIVATE KEY-----");
                        },
                        null));
    }

    @Test
    void checkConfigAndServeGiveTheSameVerdictOnEveryTlsMistake() throws Exception {
        assertThat(JAR)
                .as("the server jar (mvn package builds it before the ITs)")
                .exists();
        int i = 0;
        for (Case c : cases()) {
            Path caseDir = Files.createDirectories(dir.resolve("case" + i++));
            Path cert = caseDir.resolve("fullchain.pem");
            Path key = caseDir.resolve("privkey.pem");
            c.files().write(cert, key);
            Path config = Files.writeString(
                    caseDir.resolve("acme-delegate.toml"),
                    LoopbackConfig.toml(
                            caseDir.resolve("acme-delegate.db"),
                            "tls_cert = \"" + cert + "\"\ntls_key = \"" + key + "\"\n"));

            ConsoleCapture.Run check = ConsoleCapture.run("check-config", "--config", config.toString());
            if (c.error() == null && c.warning() != null) {
                String warning = c.warning().replace("%c", cert.toString());
                assertThat(check.code()).as(c.name() + ": " + check.err()).isZero();
                assertThat(check.err()).as(c.name()).startsWith("Warning: " + warning);
                assertServesWithWarning(c.name(), config, warning);
            } else if (c.error() == null) {
                assertThat(check.code()).as(c.name() + ": " + check.err()).isZero();
                assertThat(check.err()).as(c.name()).isEmpty();
                assertThat(check.out())
                        .as(c.name())
                        .contains("TLS certificate for [127.0.0.1")
                        .contains("issued by CN=acme-delegate test CA");
                assertServesHttps(c.name(), config);
            } else {
                String expected = "Error: invalid configuration: "
                        + c.error().replace("%c", cert.toString()).replace("%k", key.toString());
                assertThat(check.code()).as(c.name() + ": " + check.err()).isEqualTo(78);
                assertThat(check.err()).as(c.name()).startsWith(expected);
                Process serve = serve(config);
                assertThat(serve.waitFor(60, TimeUnit.SECONDS))
                        .as(c.name() + ": serve stopped by itself")
                        .isTrue();
                String stderr = new String(serve.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(serve.exitValue()).as(c.name() + ": " + stderr).isEqualTo(78);
                assertThat(stderr).as(c.name()).contains(check.err().strip());
            }
        }
    }

    private static void assertServesHttps(String name, Path config) throws Exception {
        Process serve = serve(config);
        // a server that neither starts nor exits must not hang the build
        java.util.concurrent.CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS)
                .execute(serve::destroyForcibly);
        try {
            String port = null;
            StringBuilder seen = new StringBuilder();
            try (var lines = serve.errorReader(StandardCharsets.UTF_8)) {
                while (port == null) {
                    String line = lines.readLine();
                    if (line == null) {
                        break;
                    }
                    seen.append(line).append('\n');
                    Matcher m = API_PORT.matcher(line);
                    if (line.contains("ready in") && m.find()) {
                        port = m.group(1);
                    }
                }
                assertThat(port).as(name + ": serve started; output:\n" + seen).isNotNull();
                javax.net.ssl.SSLContext trustAll = trusting();
                HttpResponse<String> health = HttpClient.newBuilder()
                        .sslContext(trustAll)
                        .build()
                        .send(
                                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/health"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).as(name).isEqualTo(200);
            }
        } finally {
            serve.destroy();
            if (!serve.waitFor(20, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }

    /** Serve starts, having logged {@code warning} once before it is ready. */
    private static void assertServesWithWarning(String name, Path config, String warning) throws Exception {
        Process serve = serve(config);
        java.util.concurrent.CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS)
                .execute(serve::destroyForcibly);
        try (var lines = serve.errorReader(StandardCharsets.UTF_8)) {
            StringBuilder seen = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                seen.append(line).append('\n');
                if (line.contains("ready in")) {
                    break;
                }
            }
            assertThat(seen.toString()).as(name + ": serve started").contains("ready in");
            assertThat(seen.toString().split(Pattern.quote(warning), -1))
                    .as(name + ": the warning is logged once in\n" + seen)
                    .hasSize(2);
            assertThat(seen.toString()).as(name).contains("WARN");
        } finally {
            serve.destroy();
            if (!serve.waitFor(20, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }

    private static javax.net.ssl.SSLContext trusting() throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", pki.ca().certificate());
        javax.net.ssl.TrustManagerFactory tmf =
                javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static Process serve(Path config) throws Exception {
        return ServerJar.serve(config)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Exit code, stdout and stderr of an in-process check-config. */
    private static String[] checkConfig(Path config) {
        ConsoleCapture.Run run = ConsoleCapture.run("check-config", "--config", config.toString());
        return new String[] {String.valueOf(run.code()), run.out(), run.err()};
    }
}
