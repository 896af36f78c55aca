package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.acmedelegate.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hook against a real HTTPS API on 127.0.0.1: a private CA through --ca-file, and each TLS failure in words. */
class ServerTlsIT {
    @TempDir
    Path dir;

    private final TestCertificates pki;

    ServerTlsIT() throws Exception {
        pki = new TestCertificates("hook test CA");
    }

    private Path caFile() throws Exception {
        Path file = dir.resolve("ca.pem");
        pki.ca().writeCertificate(file);
        return file;
    }

    @Test
    void aServerCertifiedByAPrivateCaIsTrustedThroughTheCaFile() throws Exception {
        try (FakeApiServer server =
                new FakeApiServer(pki.issue("EC", List.of("127.0.0.1")).serverContext())) {
            Account account = new AcmeDelegateClient(caFile()).register(server.url(), List.of(), null, null);
            assertThat(account.serverUrl()).isEqualTo(server.url());
        }
    }

    @Test
    void withoutTheCaFileThePrivateCaIsReportedAsUntrustedNotAsUnreachable() throws Exception {
        try (FakeApiServer server =
                new FakeApiServer(pki.issue("EC", List.of("127.0.0.1")).serverContext())) {
            assertThatThrownBy(() -> new AcmeDelegateClient(null).register(server.url(), List.of(), null, null))
                    .hasMessageContaining("TLS: the certificate of " + server.url())
                    .hasMessageContaining("is not trusted: its issuer 'CN=hook test CA' is not a trusted CA")
                    .hasMessageContaining("--ca-file")
                    .hasMessageNotContaining("cannot reach")
                    .extracting(e -> ((HookException) e).exitCode())
                    .isEqualTo(ExitCode.TLS);
        }
    }

    @Test
    void anExpiredCertificateIsReportedAsExpiredWithItsDate() throws Exception {
        Instant end = Instant.now().minus(Duration.ofDays(3));
        TestCertificates.Issued expired = pki.issue("EC", List.of("127.0.0.1"), end.minus(Duration.ofDays(30)), end);
        try (FakeApiServer server = new FakeApiServer(expired.serverContext())) {
            assertThatThrownBy(() -> new AcmeDelegateClient(caFile()).register(server.url(), List.of(), null, null))
                    .hasMessageContaining(
                            "expired on " + expired.certificate().getNotAfter().toInstant())
                    .extracting(e -> ((HookException) e).exitCode())
                    .isEqualTo(ExitCode.TLS);
        }
    }

    @Test
    void aCertificateForAnotherNameNamesWhatItCoversAndWhatWasDialled() throws Exception {
        try (FakeApiServer server =
                new FakeApiServer(pki.issue("EC", List.of("auth.example.org")).serverContext())) {
            assertThatThrownBy(() -> new AcmeDelegateClient(caFile()).register(server.url(), List.of(), null, null))
                    .hasMessageContaining("names [auth.example.org]")
                    .hasMessageContaining("does not name 127.0.0.1")
                    .extracting(e -> ((HookException) e).exitCode())
                    .isEqualTo(ExitCode.TLS);
        }
    }

    @Test
    void theCaFileComesFromTheEnvironmentForHooks() throws Exception {
        try (FakeApiServer server =
                new FakeApiServer(pki.issue("EC", List.of("127.0.0.1")).serverContext())) {
            Path accounts = dir.resolve("accounts.json");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            HookContext ctx = HookContext.system(
                    java.util.Map.of(
                            "ACME_DELEGATE_ACCOUNTS",
                            accounts.toString(),
                            "ACME_DELEGATE_CA_FILE",
                            caFile().toString()),
                    new java.io.PrintStream(out, true),
                    new java.io.PrintStream(err, true));
            int status = new Main(ctx).run("register", "--server", server.url(), "--domain", "example.com");
            assertThat(status).as(err.toString()).isZero();
            assertThat(out.toString()).contains("CNAME " + FakeApiServer.FULLDOMAIN + ".");
        }
    }

    @Test
    void aMissingCaFileIsAUsageErrorThatSaysSo() {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> new AcmeDelegateClient(missing).register("https://127.0.0.1:1", List.of(), null, null))
                .hasMessageContaining("CA file " + missing + " (--ca-file / ACME_DELEGATE_CA_FILE) does not exist")
                .extracting(e -> ((HookException) e).exitCode())
                .isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aCaFileWithoutCertificatesIsRefused() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        assertThatThrownBy(() -> new AcmeDelegateClient(garbage).register("https://127.0.0.1:1", List.of(), null, null))
                .hasMessageContaining("CA file " + garbage)
                .extracting(e -> ((HookException) e).exitCode())
                .isEqualTo(ExitCode.USAGE);
    }
}
