package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher script and the shaded jar as a real process, against loopback fakes of the server and DNS. */
class LauncherIT {
    private static final Pattern TXT = Pattern.compile("\"txt\":\"([^\"]+)\"");

    @TempDir
    Path dir;

    @Test
    void theLauncherFindsTheJarAlsoThroughASymlink() throws Exception {
        Path link = dir.resolve("acme-delegate-hook");
        Files.createSymbolicLink(link, ProcessRunner.LAUNCHER);
        ProcessRunner.Outcome r = ProcessRunner.run(List.of(link.toString(), "--version"), Map.of());
        Files.delete(link);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("acme-delegate-hook ");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void theFirstRunSavesAClassArchiveThatLaterRunsUseWithoutExtraOutput() throws Exception {
        Path cache = dir.resolve("cache");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
        List<String> version = List.of(ProcessRunner.LAUNCHER.toString(), "--version");

        ProcessRunner.Outcome first = ProcessRunner.run(version, env);
        try (var archives = Files.list(cache.resolve("acme-delegate"))) {
            assertThat(archives.map(p -> p.getFileName().toString()).toList())
                    .singleElement()
                    .satisfies(name -> assertThat(name).matches("hook-\\d+\\.jsa"));
        }
        ProcessRunner.Outcome second = ProcessRunner.run(version, env);

        for (ProcessRunner.Outcome r : List.of(first, second)) {
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out()).startsWith("acme-delegate-hook ").doesNotContain("cds", "CDS", "archive");
            assertThat(r.err()).isEmpty();
        }
        ProcessRunner.Outcome off = ProcessRunner.run(
                version, Map.of("XDG_CACHE_HOME", dir.resolve("off").toString(), "ACME_DELEGATE_HOOK_CDS", "0"));
        assertThat(off.status()).isZero();
        assertThat(dir.resolve("off")).doesNotExist();
    }

    @Test
    void writingAnArchiveRemovesArchivesOlderThanAMonthAndKeepsNewerOnes() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("cache").resolve("acme-delegate"));
        Path old = Files.write(folder.resolve("hook-1.jsa"), new byte[] {1});
        Path recent = Files.write(folder.resolve("hook-2.jsa"), new byte[] {1});
        Path other = Files.write(folder.resolve("notes.txt"), new byte[] {1});
        java.nio.file.attribute.FileTime longAgo =
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(40)));
        Files.setLastModifiedTime(old, longAgo);
        Files.setLastModifiedTime(other, longAgo);
        Files.setLastModifiedTime(
                recent,
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(20))));

        ProcessRunner.Outcome r = ProcessRunner.run(
                List.of(ProcessRunner.LAUNCHER.toString(), "--version"),
                Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString()));

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(old).doesNotExist();
        assertThat(recent).exists();
        assertThat(other).exists();
        try (var archives = Files.list(folder)) {
            assertThat(archives.count()).isEqualTo(3);
        }
    }

    @Test
    void registerThenCertbotHooksWorkAsProcesses() throws Exception {
        try (FakeApiServer api = new FakeApiServer();
                FakeDns dns = FakeDns.start()) {
            api.onUpdate(req -> dns.txt(FakeApiServer.FULLDOMAIN, value(req.body())));
            Map<String, String> env = Map.of(
                    "ACME_DELEGATE_ACCOUNTS",
                    dir.resolve("accounts.json").toString(),
                    "ACME_DELEGATE_DNS_SERVERS",
                    dns.address().toString(),
                    "CERTBOT_DOMAIN",
                    "example.com",
                    "CERTBOT_VALIDATION",
                    "-Uq2uM2pJm1bPmfbg1fK1oB0YyRmhWmVkkNmF5xh-KY");
            String hook = ProcessRunner.LAUNCHER.toString();

            ProcessRunner.Outcome reg =
                    ProcessRunner.run(List.of(hook, "register", "--server", api.url(), "--domain", "example.com"), env);
            assertThat(reg.status()).as(reg.err()).isZero();
            assertThat(reg.out()).isEqualTo("_acme-challenge.example.com. CNAME " + FakeApiServer.FULLDOMAIN + ".\n");

            ProcessRunner.Outcome auth = ProcessRunner.run(List.of(hook, "certbot-auth"), env);
            assertThat(auth.status()).as(auth.err()).isZero();
            assertThat(auth.err())
                    .as("certbot logs any stderr output as an error")
                    .isEmpty();
            assertThat(dns.queries()).isPositive();

            ProcessRunner.Outcome cleanup = ProcessRunner.run(List.of(hook, "certbot-cleanup"), env);
            assertThat(cleanup.status()).as(cleanup.err()).isZero();
            assertThat(api.requests())
                    .extracting(r -> r.method() + " " + r.path())
                    .containsExactly("POST /register", "POST /update", "DELETE /update");

            ProcessRunner.Outcome list = ProcessRunner.run(List.of(hook, "list"), env);
            assertThat(list.out()).contains("example.com").doesNotContain(FakeApiServer.PASSWORD);
        }
    }

    @Test
    void failuresExitNonZeroWithAnErrorLine() throws Exception {
        ProcessRunner.Outcome r = ProcessRunner.run(
                List.of(ProcessRunner.LAUNCHER.toString(), "present", "_acme-challenge.example.com.", "a".repeat(43)),
                Map.of(
                        "ACME_DELEGATE_ACCOUNTS",
                        dir.resolve("none.json").toString(),
                        "ACME_DELEGATE_DNS_SERVERS",
                        "127.0.0.1:5300"));
        assertThat(r.status()).isEqualTo(ExitCode.NO_ACCOUNT.status());
        assertThat(r.err()).startsWith("Error: no account for example.com");
    }

    static String value(String body) {
        Matcher m = TXT.matcher(body);
        return m.find() ? m.group(1) : "";
    }
}
