package org.acmedelegate;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real secondary nameserver process (Knot's {@code knotd} or {@code nsd}) on a loopback address of its own,
 * transferring {@code auth.example.org} from acme-delegate with a TSIG key and accepting its NOTIFY. Runs in
 * the foreground as a child of the test and is stopped by its PID.
 */
final class Secondary implements AutoCloseable {
    private final String kind;
    private final Process process;
    private final Path log;
    final InetSocketAddress address;

    private Secondary(String kind, Process process, Path log, InetSocketAddress address) {
        this.kind = kind;
        this.process = process;
        this.log = log;
        this.address = address;
    }

    /** Starts knotd in {@code dir} on {@code address}, secondary of {@code primary}. */
    static Secondary knot(Path dir, InetSocketAddress address, InetSocketAddress primary, String keySecret)
            throws IOException {
        Files.createDirectories(dir.resolve("db"));
        Files.createDirectories(dir.resolve("zones"));
        Path conf = dir.resolve("knot.conf");
        Path log = dir.resolve("knot.log");
        Files.writeString(conf, """
                server:
                    rundir: "%1$s"
                    pidfile: "%1$s/knot.pid"
                    listen: %2$s@%3$d
                    udp-workers: 1
                    tcp-workers: 1
                    background-workers: 1
                log:
                  - target: "%4$s"
                    any: info
                database:
                    storage: "%1$s/db"
                key:
                  - id: xfr-key
                    algorithm: hmac-sha256
                    secret: %5$s
                remote:
                  - id: primary
                    address: %6$s@%7$d
                    via: %2$s
                    key: xfr-key
                    block-notify-after-transfer: on
                acl:
                  - id: from-primary
                    address: %6$s
                    key: xfr-key
                    action: notify
                  - id: transfer-out
                    address: 127.0.0.0/8
                    key: xfr-key
                    action: transfer
                template:
                  - id: default
                    storage: "%1$s/zones"
                    zonefile-sync: -1
                    zonefile-load: none
                    journal-content: changes
                zone:
                  - domain: auth.example.org
                    master: primary
                    acl: [from-primary, transfer-out]
                """.formatted(
                        dir,
                        address.getHostString(),
                        address.getPort(),
                        log,
                        keySecret,
                        primary.getHostString(),
                        primary.getPort()));
        return start("knotd", List.of("knotd", "--config", conf.toString()), dir, log, address);
    }

    /** Starts nsd in {@code dir} on {@code address}, secondary of {@code primary}. */
    static Secondary nsd(Path dir, InetSocketAddress address, InetSocketAddress primary, String keySecret)
            throws IOException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("nsd.conf");
        Path log = dir.resolve("nsd.log");
        Files.writeString(conf, """
                server:
                    ip-address: %2$s@%3$d
                    port: %3$d
                    username: ""
                    chroot: ""
                    zonesdir: "%1$s"
                    database: ""
                    zonelistfile: "%1$s/zone.list"
                    xfrdfile: "%1$s/xfrd.state"
                    xfrdir: "%1$s"
                    pidfile: "%1$s/nsd.pid"
                    logfile: "%4$s"
                    server-count: 1
                    verbosity: 2
                    xfrd-reload-timeout: 0
                remote-control:
                    control-enable: no
                key:
                    name: "xfr-key"
                    algorithm: hmac-sha256
                    secret: "%5$s"
                zone:
                    name: "auth.example.org"
                    zonefile: "%1$s/auth.example.org.zone"
                    request-xfr: %6$s@%7$d xfr-key
                    allow-notify: %6$s xfr-key
                    provide-xfr: 127.0.0.0/8 xfr-key
                """.formatted(
                        dir,
                        address.getHostString(),
                        address.getPort(),
                        log,
                        keySecret,
                        primary.getHostString(),
                        primary.getPort()));
        return start("nsd", List.of("nsd", "-d", "-c", conf.toString()), dir, log, address);
    }

    private static Secondary start(String kind, List<String> command, Path dir, Path log, InetSocketAddress address)
            throws IOException {
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(kind + ".out").toFile())
                .start();
        return new Secondary(kind, process, log, address);
    }

    /** The secondary's log so far (what it says about transfers). */
    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** How many lines of the log contain {@code text}. */
    long logLines(String text) throws IOException {
        return log().lines().filter(l -> l.contains(text)).count();
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(Duration.ofSeconds(5).toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return kind + " on " + address;
    }
}
