package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.acmedelegate.ApiAndDnsClient.Account;
import org.acmedelegate.config.PostgresConfig;
import org.acmedelegate.store.PostgresPerClass;
import org.acmedelegate.store.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node 2 as a real process of the packaged jar, killed with SIGKILL while nodes 1 and 3 take updates:
 * they keep accepting and answering, and node 2, started again, catches up with everything.
 */
class ClusterKillIT {
    private static final Path JAR = ServerJar.JAR;
    private static final Pattern READY =
            Pattern.compile("ready in .*DNS on \\[/?127\\.0\\.0\\.2:(\\d+)\\].*API on 127\\.0\\.0\\.2:(\\d+)");

    @RegisterExtension
    static final PostgresPerClass POSTGRES = new PostgresPerClass();

    @TempDir
    Path dir;

    private PostgresConfig database;
    private final List<AcmeDelegate> inProcess = new ArrayList<>();
    private Process node2;

    @AfterEach
    void stopNodes() throws Exception {
        if (node2 != null) {
            node2.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        inProcess.forEach(AcmeDelegate::close);
    }

    @Test
    void nodesKeepTakingAndAnsweringUpdatesWhileOneIsKilledAndItCatchesUpWhenStartedAgain() throws Exception {
        database = POSTGRES.server().newDatabase();
        PostgresNodes nodes = new PostgresNodes(database, dir);
        AcmeDelegate one = nodes.start(1, "wait_for = \"all\"");
        inProcess.add(one);
        AcmeDelegate three = nodes.start(3, "wait_for = \"all\"");
        inProcess.add(three);
        Path config = Files.writeString(dir.resolve("node-2.toml"), nodes.toml(2, "wait_for = \"all\"", ""));
        ApiAndDnsClient client2 = start2(config, "first");
        ApiAndDnsClient client1 = new ApiAndDnsClient(
                "127.0.0.1", one::apiPort, () -> one.dnsUdpAddresses().get(0));
        ApiAndDnsClient client3 = new ApiAndDnsClient(
                "127.0.0.3", three::apiPort, () -> three.dnsUdpAddresses().get(0));

        Account account = client1.register();
        assertThat(client1.update(account, ApiAndDnsClient.value(0)).statusCode())
                .isEqualTo(200);
        assertThat(client2.txt(account)).contains(ApiAndDnsClient.value(0));

        int n = 1;
        long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(700);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        boolean killed = false;
        while (System.nanoTime() < end) {
            if (!killed && System.nanoTime() > killAt) {
                node2.destroyForcibly(); // SIGKILL: no goodbye, its heartbeat row stays
                assertThat(node2.waitFor(10, TimeUnit.SECONDS)).isTrue();
                killed = true;
            }
            ApiAndDnsClient writer = n % 2 == 0 ? client1 : client3;
            ApiAndDnsClient reader = n % 2 == 0 ? client3 : client1;
            String value = ApiAndDnsClient.value(n);
            HttpResponse<String> reply = writer.update(account, value);
            assertThat(reply.statusCode()).as("update %d: %s", n, reply.body()).isEqualTo(200);
            assertThat(reader.txt(account))
                    .as("the other live node after update %d", n)
                    .contains(value);
            n++;
        }
        assertThat(killed).isTrue();
        assertThat(n).as("updates went on after the kill").isGreaterThan(5);

        client2 = start2(config, "second");
        assertThat(new HashSet<>(client2.txt(account))).isEqualTo(storedValues(account));
        String last = ApiAndDnsClient.value(n);
        assertThat(client2.update(account, last).statusCode()).isEqualTo(200);
        assertThat(client1.txt(account)).contains(last);
        assertThat(client3.txt(account)).contains(last);
    }

    private ApiAndDnsClient start2(Path config, String run) throws Exception {
        Path output = dir.resolve("node-2-" + run + ".out");
        node2 = ServerJar.serve(config)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = READY.matcher(Files.readString(output));
            if (m.find()) {
                int dns = Integer.parseInt(m.group(1));
                int api = Integer.parseInt(m.group(2));
                return new ApiAndDnsClient("127.0.0.2", () -> api, () -> new InetSocketAddress("127.0.0.2", dns));
            }
            if (!node2.isAlive()) {
                throw new AssertionError("node 2 stopped before it was ready:\n" + Files.readString(output));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("node 2 was not ready within 60 s:\n" + Files.readString(output));
    }

    private Set<String> storedValues(Account account) throws Exception {
        Set<String> values = new HashSet<>();
        try (Connection c = TestPostgres.connect(database);
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT value FROM txt_values WHERE subdomain = '" + account.subdomain() + "'")) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
