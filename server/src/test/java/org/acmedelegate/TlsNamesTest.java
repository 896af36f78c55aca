package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API certificate's names against what clients need, as a table beside {@link TlsCheckConfigIT}'s:
 * {@code check-config} accepts each of these certificates (exit 0) and warns, on stderr, when clients will
 * refuse it (no subjectAltName) or cannot reach the API by the address it listens on.
 */
class TlsNamesTest {
    @TempDir
    Path dir;

    /** One row: the certificate's names (empty: CN only), the API's listen address, and the warning (or null). */
    private record Case(String name, List<String> names, String listen, String warning) {}

    private static final List<Case> CASES = List.of(
            new Case(
                    "names the address and the host", List.of("127.0.0.1", "auth.example.org"), "127.0.0.1:8443", null),
            new Case("names the IPv6 address", List.of("::1"), "[::1]:8443", null),
            new Case("host names only, API on every address", List.of("auth.example.org"), "0.0.0.0:443", null),
            new Case(
                    "subject CN only",
                    List.of(),
                    "0.0.0.0:443",
                    "api.tls_cert: the certificate in %c has no subjectAltName, only the subject CN=auth.example.org;"
                            + " Go and Python TLS clients (lego, certbot-dns-acmedns, acme.sh with some curl builds)"
                            + " refuse it, so issue one that lists the API's host names as subjectAltName"),
            new Case(
                    "host names only, API on one address",
                    List.of("auth.example.org", "api.auth.example.org"),
                    "127.0.0.1:8443",
                    "api.listen: the API listens on 127.0.0.1, an address the certificate in %c does not name;"
                            + " clients must connect by one of the names it lists: [auth.example.org,"
                            + " api.auth.example.org]"),
            new Case(
                    "another address",
                    List.of("127.0.0.2"),
                    "127.0.0.1:8443",
                    "api.listen: the API listens on 127.0.0.1, an address the certificate in %c does not name;"
                            + " clients must connect by one of the names it lists: [127.0.0.2]"),
            new Case(
                    "IPv4 certificate, IPv6 listener",
                    List.of("127.0.0.1"),
                    "[::1]:8443",
                    "api.listen: the API listens on 0:0:0:0:0:0:0:1, an address the certificate in %c does not name;"
                            + " clients must connect by one of the names it lists: [127.0.0.1]"));

    @Test
    void checkConfigWarnsAboutNamesClientsWillRefuseOrNotMatch() throws Exception {
        TestCertificates pki = new TestCertificates();
        int i = 0;
        for (Case c : CASES) {
            Path caseDir = Files.createDirectories(dir.resolve("case" + i++));
            Path cert = caseDir.resolve("fullchain.pem");
            Path key = caseDir.resolve("privkey.pem");
            TestCertificates.Issued issued =
                    c.names().isEmpty() ? pki.issueSubjectOnly("auth.example.org") : pki.issue("EC", c.names());
            issued.writeCertificate(cert);
            issued.writePkcs8Key(key);
            Path config = Files.writeString(caseDir.resolve("acme-delegate.toml"), """
                    [store]
                    sqlite_path = "%s"
                    [dns]
                    zone = "auth.example.org"
                    [api]
                    listen = "%s"
                    tls_cert = "%s"
                    tls_key = "%s"
                    """.formatted(
                            caseDir.resolve("d.db"), c.listen(), cert, key));

            ConsoleCapture.Run result = ConsoleCapture.run("check-config", "--config", config.toString());

            assertThat(result.code()).as(c.name() + ": " + result.err()).isZero();
            assertThat(result.out()).as(c.name()).startsWith("ok: zone auth.example.org.");
            assertThat(result.err())
                    .as(c.name())
                    .isEqualTo(
                            c.warning() == null ? "" : "Warning: " + c.warning().replace("%c", cert.toString()) + "\n");
        }
    }
}
