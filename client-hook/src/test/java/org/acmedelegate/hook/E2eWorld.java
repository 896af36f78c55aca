package org.acmedelegate.hook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code e2e/run.sh} in a loopback /24 of its own, chosen at random, so two checkouts (or two ITs)
 * on one host never listen on the same addresses; returns the script's exit code and output.
 */
final class E2eWorld {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** What one run printed, and how it ended (-1: killed after the time limit). */
    record Run(int exitCode, List<String> output) {}

    private E2eWorld() {}

    /** A /24 inside 127.0.0.0/8 away from 127.0.0.x, which other software uses. */
    static String randomNet() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "127." + random.nextInt(100, 200) + "." + random.nextInt(0, 256);
    }

    static Run run(String name, Map<String, String> env, String... clients) throws IOException, InterruptedException {
        Path dir = Path.of("target", name).toAbsolutePath();
        deleteRecursively(dir);
        Files.createDirectories(dir);
        Path log = dir.resolve("run.log");
        List<String> command = new java.util.ArrayList<>(
                List.of("bash", ROOT.resolve("e2e/run.sh").toString()));
        command.addAll(List.of(clients));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("E2E_RUN", dir.toString());
        builder.environment().put("E2E_NET", randomNet());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        int exitCode = process.isAlive() ? -1 : process.exitValue();
        List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
        output.forEach(System.out::println);
        return new Run(exitCode, output);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
