package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.acmedelegate.ApiAndDnsClient.Account;
import org.acmedelegate.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another process's connection (a backup, sqlite3 by hand) holds the database's write lock: an update
 * waits for it through the 5 s busy timeout, and past it gets 503 with Retry-After and keeps nothing.
 */
class DatabaseLockIT {
    private static final String V1 = ApiAndDnsClient.value(1);
    private static final String V2 = ApiAndDnsClient.value(2);
    private static final String V3 = ApiAndDnsClient.value(3);
    private static final String V4 = ApiAndDnsClient.value(4);

    @TempDir
    Path dir;

    private AcmeDelegate server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anUpdateWaitsForALockHeldTwoSecondsAndGets503WithRetryAfterWhenItIsHeldPastTheBusyTimeout() throws Exception {
        Path db = dir.resolve("acme-delegate.db");
        server = AcmeDelegate.start(
                new ConfigLoader().parse(LoopbackConfig.toml(db, "check_interval = \"200ms\"", "")),
                Clock.systemUTC(),
                true);
        ApiAndDnsClient client = new ApiAndDnsClient(server);
        Account account = client.register();
        assertThat(client.update(account, V1).statusCode()).isEqualTo(200);

        try (LockHolder lock = new LockHolder(db)) {
            long start = System.nanoTime();
            lock.releaseAfter(Duration.ofSeconds(2));
            HttpResponse<String> waited = client.update(account, V2);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(waited.statusCode()).as(waited.body()).isEqualTo(200);
            assertThat(tookMillis).as("the update waited for the lock").isGreaterThanOrEqualTo(1500);
        }

        try (LockHolder lock = new LockHolder(db)) {
            long start = System.nanoTime();
            HttpResponse<String> refused = client.update(account, V3);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.body()).isEqualTo("{\"error\":\"service_unavailable\"}");
            assertThat(refused.headers().firstValue("Retry-After")).contains("5");
            assertThat(tookMillis).as("the update waited out the busy timeout").isGreaterThanOrEqualTo(4500L);
            // The store check waits out the same timeout, then /ready says why; DNS answers from memory meanwhile.
            client.awaitReady(
                    r -> r.statusCode() == 503 && r.body().equals("{\"ready\":false,\"reason\":\"database_locked\"}"),
                    Duration.ofSeconds(10));
            assertThat(client.txt(account)).containsExactlyInAnyOrder(V1, V2);
            long heldMillis = (System.nanoTime() - start) / 1_000_000;
            Thread.sleep(Math.max(0, 8000 - heldMillis));
        }

        client.awaitReady(r -> r.statusCode() == 200, Duration.ofSeconds(10));
        assertThat(client.update(account, V4).statusCode()).isEqualTo(200);
        assertThat(client.txt(account)).containsExactlyInAnyOrder(V1, V2, V4);
        server.close();
        server = null;
        assertThat(ApiAndDnsClient.storedValues(db)).isEqualTo(Map.of(account.subdomain(), Set.of(V1, V2, V4)));
    }

    @Test
    void aServerStartsWhileAnotherProcessHoldsTheWriteLockAndIsReadyOnceItIsReleased() throws Exception {
        Path db = dir.resolve("acme-delegate.db");
        ConfigLoader loader = new ConfigLoader();
        String toml = LoopbackConfig.toml(db, "check_interval = \"200ms\"", "");
        server = AcmeDelegate.start(loader.parse(toml), Clock.systemUTC(), true);
        Account account = new ApiAndDnsClient(server).register();
        assertThat(new ApiAndDnsClient(server).update(account, V1).statusCode()).isEqualTo(200);
        server.close();
        server = null;

        try (LockHolder lock = new LockHolder(db)) {
            server = AcmeDelegate.start(loader.parse(toml), Clock.systemUTC(), true);
            ApiAndDnsClient client = new ApiAndDnsClient(server);
            assertThat(client.ready().body()).isEqualTo("{\"ready\":false,\"reason\":\"database_locked\"}");
            assertThat(client.txt(account)).containsExactly(V1);
        }
        ApiAndDnsClient client = new ApiAndDnsClient(server);
        client.awaitReady(r -> r.statusCode() == 200, Duration.ofSeconds(10));
        assertThat(client.update(account, V2).statusCode()).isEqualTo(200);
        assertThat(client.txt(account)).containsExactlyInAnyOrder(V1, V2);
    }

    /** A connection of the test's own that holds the write lock (as {@code BEGIN IMMEDIATE} does) until released. */
    private static final class LockHolder implements AutoCloseable {
        private final Connection connection;

        LockHolder(Path db) throws Exception {
            connection = DriverManager.getConnection("jdbc:sqlite:" + db);
            connection.createStatement().execute("BEGIN IMMEDIATE");
        }

        void releaseAfter(Duration wait) {
            Thread releaser = new Thread(
                    () -> {
                        try {
                            Thread.sleep(wait.toMillis());
                            release();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    "lock-releaser");
            releaser.setDaemon(true);
            releaser.start();
        }

        synchronized void release() throws Exception {
            if (!connection.isClosed()) {
                connection.close(); // ends the transaction, and with it the lock
            }
        }

        @Override
        public void close() throws Exception {
            release();
        }
    }
}
