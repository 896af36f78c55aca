package org.acmedelegate.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tarball for hosts without dpkg, unpacked as an operator would, runs from its own bin/. */
class TarballIT {
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static Path unpacked;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball;
        try (Stream<Path> files = Files.list(TARGET)) {
            tarball = files.filter(p -> p.getFileName().toString().matches("acme-delegate-.*\\.tar\\.gz"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no acme-delegate-*.tar.gz in " + TARGET));
        }
        Path into = TARGET.resolve("tarball-test");
        run(List.of("rm", "-rf", into.toString()));
        Files.createDirectories(into);
        run(List.of("tar", "xzf", tarball.toString(), "-C", into.toString()));
        try (Stream<Path> dirs = Files.list(into)) {
            unpacked = dirs.findFirst().orElseThrow();
        }
    }

    @Test
    void holdsBinLibConfAndShareLikeThePackage() {
        assertThat(unpacked.resolve("bin/acme-delegate")).isExecutable();
        assertThat(unpacked.resolve("bin/acme-delegate-hook")).isExecutable();
        assertThat(unpacked.resolve("lib/acme-delegate.jar")).isRegularFile();
        assertThat(unpacked.resolve("lib/acme-delegate-hook.jar")).isRegularFile();
        assertThat(unpacked.resolve("conf/acme-delegate.toml")).isRegularFile();
        assertThat(unpacked.resolve("conf/acme-delegate.service")).content().contains("Type=notify");
        assertThat(unpacked.resolve("conf/logrotate-acme-delegate")).content().contains("postrotate");
        assertThat(unpacked.resolve("share/man/man1/acme-delegate.1.gz")).isRegularFile();
        assertThat(unpacked.resolve("share/acme.sh/dns_acmedelegate.sh")).isRegularFile();
    }

    @Test
    void theServerLauncherFindsItsJarThroughALinkElsewhere() throws Exception {
        Path link = TARGET.resolve("tarball-test/acme-delegate-link");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, unpacked.resolve("bin/acme-delegate"));
        String out = run(List.of(link.toString(), "--version"));
        assertThat(out).startsWith("acme-delegate ").contains("\ncommit ");
    }

    @Test
    void theShippedConfigIsRefusedUntilTheZoneIsSet() throws Exception {
        Process p = new ProcessBuilder(
                        unpacked.resolve("bin/acme-delegate").toString(),
                        "check-config",
                        "--config",
                        unpacked.resolve("conf/acme-delegate.toml").toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isEqualTo(78);
        assertThat(out).contains("dns.zone");
    }

    @Test
    void aCliCallLeavesAClassArchiveThatTheNextCallOfTheSameCommandMaps() throws Exception {
        Path cache = TARGET.resolve("tarball-test/cache");
        run(List.of("rm", "-rf", cache.toString()));
        Path config = Files.writeString(
                TARGET.resolve("tarball-test/archive-test.toml"), "[dns]\nzone = \"auth.example.org\"\n");
        ProcessBuilder first = checkConfig(config, cache);
        assertThat(run(first)).startsWith("ok: zone auth.example.org.");
        Path dir = cache.resolve("acme-delegate");
        try (Stream<Path> archives = Files.list(dir)) {
            assertThat(archives.map(p -> p.getFileName().toString()))
                    .singleElement()
                    .asString()
                    .matches("cli-check-config-[0-9-]+\\.jsa");
        }
        // -Xshare:on makes the JVM refuse to start when it cannot map the archive the launcher names.
        ProcessBuilder second = checkConfig(config, cache);
        second.environment().put("JAVA_OPTS", "-Xshare:on");
        assertThat(run(second)).startsWith("ok: zone auth.example.org.");
        ProcessBuilder help =
                new ProcessBuilder(unpacked.resolve("bin/acme-delegate").toString(), "accounts", "--help");
        help.environment().put("XDG_CACHE_HOME", cache.toString());
        run(help);
        try (Stream<Path> archives = Files.list(dir)) {
            assertThat(archives).as("--help leaves no archive").hasSize(1);
        }
    }

    private ProcessBuilder checkConfig(Path config, Path cache) {
        ProcessBuilder builder = new ProcessBuilder(
                unpacked.resolve("bin/acme-delegate").toString(), "check-config", "--config", config.toString());
        builder.environment().put("XDG_CACHE_HOME", cache.toString());
        return builder;
    }

    @Test
    void theHookLauncherRunsFromBin() throws Exception {
        ProcessBuilder hook =
                new ProcessBuilder(unpacked.resolve("bin/acme-delegate-hook").toString(), "--help");
        hook.environment().put("ACME_DELEGATE_HOOK_CDS", "0");
        String out = run(hook);
        assertThat(out).contains("Usage: acme-delegate-hook");
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        return run(new ProcessBuilder(command));
    }

    private static String run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process p = builder.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as(String.join(" ", builder.command()) + ": " + out)
                .isZero();
        return out;
    }
}
