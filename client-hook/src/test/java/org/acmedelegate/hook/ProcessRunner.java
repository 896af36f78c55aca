package org.acmedelegate.hook;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs a child process for the integration tests and collects its exit status and output. */
final class ProcessRunner {
    /** What the process produced. */
    record Outcome(int status, String out, String err) {}

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path LAUNCHER = MODULE.resolve("bin/acme-delegate-hook");
    static final Path ACME_SH_SCRIPT = MODULE.resolve("acme.sh/dns_acmedelegate.sh");

    private ProcessRunner() {}

    static Outcome run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(MODULE.toFile());
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("ACME_DELEGATE") || k.startsWith("ACME_DNS") || k.startsWith("CERTBOT_"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        File out = File.createTempFile("hook-out", ".txt");
        File err = File.createTempFile("hook-err", ".txt");
        try {
            pb.redirectOutput(out).redirectError(err);
            int status = pb.start().waitFor();
            return new Outcome(
                    status,
                    Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            out.delete();
            err.delete();
        }
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
