package org.acmedelegate.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.acmedelegate.config.PostgresConfig;

/**
 * A real PostgreSQL server for the tests: {@code initdb} in a temporary directory and {@code pg_ctl}
 * on 127.0.0.1 with a free port, password authentication over TCP. When the tests run as root (as CI
 * does) the server runs as the {@code postgres} user, since PostgreSQL refuses to run as root. Missing
 * binaries are an error, never a skip: CI installs Debian's {@code postgresql} package.
 */
public final class TestPostgres implements AutoCloseable {
    public static final String SUPERUSER = "postgres";
    public static final String PASSWORD = "test-password-not-a-secret";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;
    private Thread stopAtExit;

    private TestPostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Creates a cluster in a new temporary directory and starts it. */
    public static TestPostgres start() throws IOException, InterruptedException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("acme-delegate-pg");
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, PASSWORD + "\n");
        if (root) {
            run(List.of("chown", "-R", SUPERUSER, dir.toString()), false, dir);
        }
        TestPostgres pg = new TestPostgres(bin, dir, freePort(), root);
        pg.exec(List.of(
                bin.resolve("initdb").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-U",
                SUPERUSER,
                "--pwfile=" + pwfile,
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--no-sync",
                "--locale=C"));
        pg.startServer();
        pg.stopAtExit = new Thread(pg::stopQuietly, "stop-test-postgres");
        Runtime.getRuntime().addShutdownHook(pg.stopAtExit);
        return pg;
    }

    private static Path binaries() {
        String configured = System.getenv("PG_BIN");
        if (configured != null && Files.isExecutable(Path.of(configured, "initdb"))) {
            return Path.of(configured);
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            var found = versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(
                            b.getParent().getFileName().toString().replaceAll("\\D", "0"))));
            if (found.isPresent()) {
                return found.get();
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalStateException("PostgreSQL binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin"
                + " or $PG_BIN: install Debian's postgresql package (e2e/install-deps.sh does)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts the server (again, after {@link #stopServer}) on the same port and data. */
    public void startServer() throws IOException, InterruptedException {
        exec(List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-l",
                dir.resolve("server.log").toString(),
                "-w",
                "-t",
                "60",
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                "start"));
    }

    /** Stops the server at once (fast shutdown: open connections are cut), keeping its data. */
    public void stopServer() throws IOException, InterruptedException {
        exec(List.of(
                bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"));
    }

    public int port() {
        return port;
    }

    /** A new, empty database on this server, as the store connects to it. */
    public PostgresConfig newDatabase() throws SQLException {
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), SUPERUSER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new PostgresConfig(url(name), SUPERUSER, PASSWORD, 4);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A superuser connection to {@code config}'s database, for a test that reaches under the store. */
    public static Connection connect(PostgresConfig config) throws SQLException {
        return DriverManager.getConnection(config.url(), config.user(), config.password());
    }

    private void exec(List<String> command) throws IOException, InterruptedException {
        run(command, asPostgresUser, dir);
    }

    private static void run(List<String> command, boolean asPostgresUser, Path dir)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        full.addAll(command);
        Path out = Files.createTempFile("acme-delegate-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(full)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", full));
            }
            if (p.exitValue() != 0) {
                throw new IOException(
                        String.join(" ", full) + " exited " + p.exitValue() + ":\n" + Files.readString(out));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private void stopQuietly() {
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                stopServer();
            }
        } catch (IOException | InterruptedException e) {
            // At exit, or after a failed test: nothing more to do.
        }
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() throws IOException {
        stopQuietly();
        if (stopAtExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopAtExit);
            } catch (IllegalStateException e) {
                // Already exiting.
            }
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
