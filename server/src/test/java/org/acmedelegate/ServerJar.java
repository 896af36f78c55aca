package org.acmedelegate;

import java.nio.file.Path;

/** The server's executable jar as `mvn package` builds it before the ITs, run as its own process. */
final class ServerJar {
    static final Path JAR = Path.of("target/acme-delegate.jar");

    private ServerJar() {}

    /** {@code java -jar acme-delegate.jar serve --config config}, not started yet. */
    static ProcessBuilder serve(Path config) {
        return new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "serve",
                "--config",
                config.toString());
    }
}
