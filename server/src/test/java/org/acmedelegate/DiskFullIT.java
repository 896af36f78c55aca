package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.acmedelegate.ApiAndDnsClient.Account;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database on a small tmpfs that a filler file makes full: writes fail while it is full and keep
 * nothing, and succeed again, without a restart, once the filler is gone. Mounting needs root (as CI runs).
 */
class DiskFullIT {
    @TempDir
    Path dir;

    private Path disk;
    private boolean mounted;
    private AcmeDelegate server;

    @AfterEach
    void stopAndUnmount() throws Exception {
        if (server != null) {
            server.close();
        }
        if (mounted) {
            run("umount", disk.toString());
        }
    }

    @Test
    void aFullDiskFailsWritesWithoutKeepingAnyAndWritesSucceedAgainOnceThereIsRoomWithoutARestart() throws Exception {
        disk = Files.createDirectory(dir.resolve("small-disk"));
        mounted = run("mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", disk.toString());
        assumeTrue(mounted, "mounting a tmpfs needs root, as CI runs this");
        Path db = disk.resolve("acme-delegate.db");
        server = AcmeDelegate.start(
                new org.acmedelegate.config.ConfigLoader()
                        .parse(LoopbackConfig.toml(
                                db,
                                "check_interval = \"200ms\"",
                                "[txt]\nmax_values = 100\n[audit]\npath = \"" + dir.resolve("audit.log") + "\"\n")),
                Clock.systemUTC(),
                true);
        ApiAndDnsClient client = new ApiAndDnsClient(server);
        Map<Account, List<String>> acknowledged = new LinkedHashMap<>();
        Account first = client.register();
        acknowledged.put(first, new ArrayList<>());
        update(client, acknowledged, first, ApiAndDnsClient.value(0));

        Path filler = fill(disk.resolve("filler"));
        int failedRegistrations = 0;
        int failedUpdates = 0;
        for (int i = 1; i < 90 && (failedRegistrations < 3 || failedUpdates < 3); i++) {
            HttpResponse<String> registered = client.postRegister();
            if (registered.statusCode() == 201) {
                acknowledged.put(client.account(registered), new ArrayList<>());
            } else {
                assertDbError(registered);
                failedRegistrations++;
            }
            String value = ApiAndDnsClient.value(i);
            HttpResponse<String> updated = client.update(first, value);
            if (updated.statusCode() == 200) {
                acknowledged.get(first).add(value);
            } else {
                assertDbError(updated);
                failedUpdates++;
            }
        }
        assertThat(failedRegistrations)
                .as("registrations refused by the full disk")
                .isEqualTo(3);
        assertThat(failedUpdates).as("updates refused by the full disk").isEqualTo(3);
        client.awaitReady(
                r -> r.statusCode() == 503 && r.body().contains("\"reason\":\"writes_failing\""),
                Duration.ofSeconds(10));
        assertThat(client.txt(first)).containsExactlyInAnyOrderElementsOf(acknowledged.get(first));

        Files.delete(filler);
        // At once: no restart, no wait for the store check.
        Account later = client.register();
        acknowledged.put(later, new ArrayList<>());
        update(client, acknowledged, first, ApiAndDnsClient.value(1000));
        update(client, acknowledged, later, ApiAndDnsClient.value(1001));
        client.awaitReady(r -> r.statusCode() == 200, Duration.ofSeconds(10));
        assertThat(client.txt(first)).containsExactlyInAnyOrderElementsOf(acknowledged.get(first));
        assertThat(client.txt(later)).containsExactly(ApiAndDnsClient.value(1001));

        server.close();
        server = null;
        assertThat(ApiAndDnsClient.storedUsernames(db))
                .isEqualTo(acknowledged.keySet().stream().map(Account::username).collect(Collectors.toSet()));
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        acknowledged.forEach((account, values) -> {
            if (!values.isEmpty()) {
                expected.put(account.subdomain(), new HashSet<>(values));
            }
        });
        assertThat(ApiAndDnsClient.storedValues(db)).isEqualTo(expected);
    }

    private static void update(
            ApiAndDnsClient client, Map<Account, List<String>> acknowledged, Account account, String value)
            throws Exception {
        HttpResponse<String> response = client.update(account, value);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        acknowledged.get(account).add(value);
    }

    private static void assertDbError(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("{\"error\":\"db_error\"}");
    }

    /** Writes to {@code file} until the file system has no byte left. */
    private static Path fill(Path file) throws IOException {
        try (FileOutputStream out = new FileOutputStream(file.toFile())) {
            for (int chunk : new int[] {1 << 16, 1 << 12, 1}) {
                byte[] bytes = new byte[chunk];
                try {
                    while (true) {
                        out.write(bytes);
                    }
                } catch (IOException full) {
                    // Full at this chunk size; the next, smaller one takes what is left.
                }
            }
        }
        return file;
    }

    private static boolean run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException notThere) {
            return false;
        }
    }
}
