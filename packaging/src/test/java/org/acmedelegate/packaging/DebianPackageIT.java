package org.acmedelegate.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The .deb that {@code mvn package} built, installed, run, upgraded, removed and purged in a throw-away
 * Debian root by {@code src/test/deb/install-test.sh}; each of the script's checks is one test here. Needs
 * root (debootstrap, chroot, namespaces): without it the whole factory is skipped with that reason.
 */
class DebianPackageIT {
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    @TestFactory
    Stream<DynamicTest> installsRunsUpgradesAndRemovesLikeAnyDebianService() throws IOException, InterruptedException {
        assumeTrue(
                new UnixSystem().getUid() == 0,
                "the package test needs root: it runs debootstrap, chroot and dpkg in a throw-away root");
        Path deb;
        try (Stream<Path> files = Files.list(TARGET)) {
            deb = files.filter(p -> p.getFileName().toString().matches("acme-delegate_.*_all\\.deb"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no acme-delegate_*_all.deb in " + TARGET));
        }
        Path work = TARGET.resolve("deb-test");
        Files.createDirectories(work);
        Path log = work.resolve("install-test.log");
        Process process = new ProcessBuilder(
                        "bash",
                        Path.of("src/test/deb/install-test.sh").toAbsolutePath().toString(),
                        deb.toString(),
                        work.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = process.waitFor(15, TimeUnit.MINUTES);
        if (!finished) {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        lines.forEach(System.out::println);

        List<DynamicTest> tests = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("ok - ")) {
                tests.add(DynamicTest.dynamicTest(line.substring(5), () -> {}));
            } else if (line.startsWith("not ok - ")) {
                tests.add(DynamicTest.dynamicTest(line.substring(9).replaceFirst(": .*", ""), () -> {
                    throw new AssertionError(line);
                }));
            }
        }
        int exit = finished ? process.exitValue() : -1;
        tests.add(DynamicTest.dynamicTest("the script ran to its end (log: " + log + ")", () -> {
            assertThat(lines).as("install-test.sh output").contains("deb test finished");
            assertThat(exit).as("install-test.sh exit status").isZero();
        }));
        return tests.stream();
    }
}
