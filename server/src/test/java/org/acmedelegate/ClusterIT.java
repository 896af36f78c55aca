package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.acmedelegate.ApiAndDnsClient.Account;
import org.acmedelegate.config.PostgresConfig;
import org.acmedelegate.store.PostgresPerClass;
import org.acmedelegate.store.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Three nodes on one real PostgreSQL database, on 127.0.0.1, 127.0.0.2 and 127.0.0.3: any node takes an
 * update and every node answers it, with the same SOA serial; outages and lost notifications mend.
 */
class ClusterIT {
    // Eight clients may check keys on one node at once; the default limit answers the ninth 503.
    private static final String NODE_LIMITS = "[limits]\nmax_concurrent_bcrypt = 32\n";

    @RegisterExtension
    static final PostgresPerClass POSTGRES = new PostgresPerClass();

    @TempDir
    Path dir;

    private PostgresConfig database;
    private PostgresNodes config;
    private final AcmeDelegate[] nodes = new AcmeDelegate[4];

    @BeforeEach
    void startThreeNodes() throws Exception {
        database = POSTGRES.server().newDatabase();
        config = new PostgresNodes(database, dir);
        for (int n = 1; n <= 3; n++) {
            nodes[n] = config.start(n, "wait_for = \"all\"", NODE_LIMITS);
        }
    }

    @AfterEach
    void stopNodes() {
        for (AcmeDelegate node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    private ApiAndDnsClient client(int n) {
        return new ApiAndDnsClient(
                "127.0.0." + n,
                () -> nodes[n].apiPort(),
                () -> nodes[n].dnsUdpAddresses().get(0));
    }

    @Test
    void withWaitForAllTheOtherNodesAnswerAnUpdateInTheirFirstQueryAfterThe200() throws Exception {
        Account account = client(1).register();
        for (int i = 0; i < 200; i++) {
            String value = ApiAndDnsClient.value(i);
            HttpResponse<String> reply = client(1).update(account, value);
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            assertThat(client(2).txt(account)).as("node 2 after update %d", i).contains(value);
            assertThat(client(3).txt(account)).as("node 3 after update %d", i).contains(value);
        }
        assertThat(nodes[1].metrics().scrape()).contains("acme_delegate_cluster_wait_timeouts_total 0.0");
    }

    @Test
    void eightThreadsUpdatingThroughAllThreeNodesLeaveIdenticalAnswersAndSerialsEqualToTheDatabase() throws Exception {
        List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            accounts.add(client(1 + i % 3).register());
        }
        ExecutorService threads = Executors.newFixedThreadPool(8);
        AtomicInteger updates = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            done.add(threads.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    Account a = accounts.get(random.nextInt(accounts.size()));
                    HttpResponse<String> reply =
                            client(1 + random.nextInt(3)).update(a, ApiAndDnsClient.value(updates.incrementAndGet()));
                    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();
        assertThat(updates.get()).isGreaterThan(100);

        Map<String, Set<String>> stored = storedValues();
        long head = changeSequence();
        for (int n = 1; n <= 3; n++) {
            for (Account a : accounts) {
                assertThat(new HashSet<>(client(n).txt(a)))
                        .as("node %d, %s", n, a.subdomain())
                        .isEqualTo(stored.getOrDefault(a.subdomain(), Set.of()));
            }
            assertThat(soaSerial(n)).as("SOA serial of node %d", n).isEqualTo(head & 0xFFFF_FFFFL);
        }
    }

    @Test
    void aNodeStoppedDuringUpdatesIsNotWaitedForAndCatchesUpWhenStartedAgain() throws Exception {
        Account account = client(1).register();
        assertThat(client(1).update(account, ApiAndDnsClient.value(1)).statusCode())
                .isEqualTo(200);
        // Node 2 dies without a goodbye. In-process, so it is closed and then its row is put back as kill -9
        // leaves it: a fresh heartbeat and a sequence it will never move on.
        long before = changeSequence();
        nodes[2].close();
        nodes[2] = null;
        try (Connection c = TestPostgres.connect(database);
                PreparedStatement row = c.prepareStatement("INSERT INTO cluster_nodes (node, serves_dns, applied_seq,"
                        + " heartbeat_at, started_at) VALUES ('node-2', true, ?, now(), now())")) {
            row.setLong(1, before);
            row.executeUpdate();
        }
        long start = System.nanoTime();
        for (int i = 2; i < 12; i++) {
            assertThat(client(1 + 2 * (i % 2))
                            .update(account, ApiAndDnsClient.value(i))
                            .statusCode())
                    .isEqualTo(200);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("waits for the dead node end with its heartbeat")
                .isLessThan(Duration.ofSeconds(8));
        assertThat(client(3).txt(account)).contains(ApiAndDnsClient.value(11), ApiAndDnsClient.value(10));
        nodes[2] = config.start(2, "wait_for = \"all\"", NODE_LIMITS);
        assertThat(new HashSet<>(client(2).txt(account)))
                .isEqualTo(storedValues().get(account.subdomain()));
        assertThat(client(2).update(account, ApiAndDnsClient.value(12)).statusCode())
                .isEqualTo(200);
        assertThat(client(1).txt(account)).contains(ApiAndDnsClient.value(12));
        assertThat(client(3).txt(account)).contains(ApiAndDnsClient.value(12));
    }

    @Test
    void whilePostgresqlIsDownEveryNodeAnswersDnsAndRefusesWritesAndAfterwardsWritesWorkWithoutARestart()
            throws Exception {
        Account account = client(1).register();
        assertThat(client(1).update(account, ApiAndDnsClient.value(1)).statusCode())
                .isEqualTo(200);
        POSTGRES.server().stopServer();
        try {
            for (int n = 1; n <= 3; n++) {
                assertThat(client(n).txt(account)).as("node %d", n).containsExactly(ApiAndDnsClient.value(1));
                HttpResponse<String> refused = client(n).update(account, ApiAndDnsClient.value(2));
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                assertThat(client(n)
                                .awaitReady(r -> r.statusCode() == 503, Duration.ofSeconds(10))
                                .body())
                        .contains("database_unreachable");
            }
        } finally {
            POSTGRES.server().startServer();
        }
        for (int n = 1; n <= 3; n++) {
            client(n).awaitReady(r -> r.statusCode() == 200, Duration.ofSeconds(20));
        }
        for (int n = 1; n <= 3; n++) {
            String value = ApiAndDnsClient.value(10 + n);
            HttpResponse<String> reply = client(n).update(account, value);
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            assertThat(client(n).txt(account))
                    .as("node %d after its own update", n)
                    .contains(value);
            for (int m = 1; m <= 3; m++) {
                // The others follow once their listeners are back after the outage; on a loaded machine that
                // can outlast wait_timeout, so they get a few seconds here: what this test is about is that
                // writes work again without a restart (wait_for all has its own test above).
                awaitTxt(m, account, value, Duration.ofSeconds(10));
            }
        }
    }

    private void awaitTxt(int node, Account account, String value, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!client(node).txt(account).contains(value) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(client(node).txt(account))
                .as("node %d within %s", node, within)
                .contains(value);
    }

    @Test
    void aChangeWhoseNotificationWasLostIsAppliedByTheCatchUpPoll() throws Exception {
        Account account = client(1).register();
        assertThat(client(1).update(account, ApiAndDnsClient.value(1)).statusCode())
                .isEqualTo(200);
        String lost = ApiAndDnsClient.value(2);
        // A write as the store makes it, but without its NOTIFY: only the poll can find it.
        try (Connection c = TestPostgres.connect(database)) {
            c.setAutoCommit(false);
            long seq;
            try (ResultSet rs = c.createStatement()
                    .executeQuery("UPDATE change_counter SET value = value + 1 WHERE id = 1 RETURNING value")) {
                rs.next();
                seq = rs.getLong(1);
            }
            try (PreparedStatement put = c.prepareStatement(
                    "INSERT INTO txt_values (subdomain, value, seq, updated_at) VALUES (?, ?, ?, ?)")) {
                put.setString(1, account.subdomain());
                put.setString(2, lost);
                put.setLong(3, seq);
                put.setLong(4, System.currentTimeMillis());
                put.executeUpdate();
            }
            try (PreparedStatement change = c.prepareStatement("INSERT INTO changes (seq, subdomain) VALUES (?, ?)")) {
                change.setLong(1, seq);
                change.setString(2, account.subdomain());
                change.executeUpdate();
            }
            c.commit();
        }
        for (int n = 1; n <= 3; n++) {
            assertThat(client(n).txt(account)).as("node %d before its poll", n).doesNotContain(lost);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3); // poll_interval is 500ms
        for (int n = 1; n <= 3; n++) {
            while (!client(n).txt(account).contains(lost)) {
                assertThat(System.nanoTime())
                        .as("node %d never applied the change", n)
                        .isLessThan(deadline);
                Thread.sleep(20);
            }
        }
        long head = changeSequence();
        for (int n = 1; n <= 3; n++) {
            assertThat(soaSerial(n)).isEqualTo(head);
        }
    }

    @Test
    void aNodeWhoseListenerWasCutOffCatchesUpOnReconnecting() throws Exception {
        Account account = client(1).register();
        try (Connection c = TestPostgres.connect(database);
                PreparedStatement cut = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE application_name = 'acme-delegate-listen node-3'");
                ResultSet rs = cut.executeQuery()) {
            assertThat(rs.next()).as("node 3's listening connection").isTrue();
        }
        assertThat(client(1).update(account, ApiAndDnsClient.value(1)).statusCode())
                .isEqualTo(200);
        assertThat(client(3).txt(account)).contains(ApiAndDnsClient.value(1));
    }

    @Test
    void aLiveNodeThatNeverAppliesIsWaitedForOnlyUntilTheTimeoutAndTheReplyIsStill200AndCounted() throws Exception {
        Account account = client(1).register();
        // A node that beats but never applies anything (stuck): its row is kept fresh by the test.
        java.util.concurrent.ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        try (Connection c = TestPostgres.connect(database)) {
            c.createStatement()
                    .execute("INSERT INTO cluster_nodes (node, serves_dns, applied_seq, heartbeat_at, started_at)"
                            + " VALUES ('stuck', true, 0, now(), now())");
            beats.scheduleAtFixedRate(
                    () -> {
                        try {
                            c.createStatement()
                                    .execute("UPDATE cluster_nodes SET heartbeat_at = now() WHERE node = 'stuck'");
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    0,
                    100,
                    TimeUnit.MILLISECONDS);
            for (int i = 0; i < 2; i++) {
                long start = System.nanoTime();
                HttpResponse<String> reply = client(1).update(account, ApiAndDnsClient.value(i));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(reply.statusCode()).isEqualTo(200);
                assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(5)); // wait_timeout is 2 s
                assertThat(client(2).txt(account)).contains(ApiAndDnsClient.value(i));
            }
        } finally {
            beats.shutdownNow();
        }
        assertThat(nodes[1].metrics().scrape()).contains("acme_delegate_cluster_wait_timeouts_total 2.0");
    }

    private long soaSerial(int n) throws Exception {
        Message reply = DnsTestClient.udp(
                nodes[n].dnsUdpAddresses().get(0), DnsTestClient.query(Name.fromString("auth.example.org."), Type.SOA));
        return ((SOARecord) reply.getSection(Section.ANSWER).get(0)).getSerial();
    }

    private long changeSequence() throws Exception {
        try (Connection c = TestPostgres.connect(database);
                ResultSet rs = c.createStatement().executeQuery("SELECT value FROM change_counter")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Map<String, Set<String>> storedValues() throws Exception {
        Map<String, Set<String>> values = new HashMap<>();
        try (Connection c = TestPostgres.connect(database);
                ResultSet rs = c.createStatement().executeQuery("SELECT subdomain, value FROM txt_values")) {
            while (rs.next()) {
                values.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
            }
        }
        return values;
    }
}
