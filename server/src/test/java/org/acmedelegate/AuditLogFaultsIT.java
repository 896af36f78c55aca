package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.acmedelegate.config.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The audit log on a disk that fills up and frees again (a small tmpfs, so these tests need root, as CI
 * has), and under an outside rotation: lines are whole JSON in time order, the lost ones are counted, and
 * {@code [audit] require} refuses audited actions while the log cannot take them.
 */
class AuditLogFaultsIT {
    private static final String[] VALUES = {
        "3DAOpDAAUYuw8YigjouXbPBmHZinGyY_3sgP6A4XssU", "v4i3Ae8rxNaHlcWUwubeLqxP7LV7xbCNglz8w9NVPI8",
        "F1gJcLq0kqvXrQm5eUwTt3yR9nB2aZs7dH4pV6xC8iM", "Kz9Q2wE4rT6yU8iO0pA1sD3fG5hJ7kL9zX2cV4bN6mQ",
        "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9f", "pO9iU8yT7rE6wQ5aS4dF3gH2jK1lZ0xC9vB8nM7qW6e",
    };

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private Path disk;
    private AcmeDelegate server;

    private void mountSmallDisk() throws Exception {
        assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "needs root to mount a small tmpfs as a disk that fills up (CI runs as root)");
        disk = Files.createDirectories(dir.resolve("small-disk"));
        run("mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", disk.toString());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (disk != null) {
            run("umount", disk.toString());
        }
    }

    private void start(String audit) {
        ServerConfig config = LoopbackConfig.with(dir.resolve("data/acme-delegate.db"), audit);
        server = AcmeDelegate.start(config, Clock.systemUTC(), true);
    }

    @Test
    void onAFullDiskAuditLinesAreLostWholeAndCountedAndTheLogResumesWhenSpaceReturns() throws Exception {
        mountSmallDisk();
        Path log = disk.resolve("audit.log");
        start("[audit]\npath = \"" + log + "\"");
        JsonNode account = register();
        Path filler = fill(disk);

        // The log's last page still has room: updates fill it until a line no longer fits (the write that
        // fails part-way is the one that used to leave half a line behind).
        int written = 0;
        while (failures() == 0) {
            assertThat(written).as("a full disk must stop the audit log").isLessThan(200);
            assertThat(update(account, VALUES[written % 2]).statusCode())
                    .as("[audit] require is off")
                    .isEqualTo(200);
            written++;
        }
        assertThat(update(account, VALUES[2]).statusCode()).isEqualTo(200);
        assertThat(update(account, VALUES[3]).statusCode()).isEqualTo(200);
        assertThat(failures()).isEqualTo(3);

        Files.delete(filler);
        assertThat(update(account, VALUES[4]).statusCode()).isEqualTo(200);
        assertThat(update(account, VALUES[5]).statusCode()).isEqualTo(200);

        List<String> expected = new ArrayList<>();
        expected.add("register:ok");
        for (int i = 1; i < written; i++) {
            expected.add("update:ok");
        }
        expected.addAll(List.of("audit:resumed", "update:ok", "update:ok"));
        List<JsonNode> lines = lines(log);
        assertThat(lines)
                .extracting(
                        l -> l.get("action").asText() + ":" + l.get("result").asText())
                .containsExactlyElementsOf(expected);
        assertThat(lines.get(written).get("detail").asText()).startsWith("3 earlier line(s)");
        assertThat(failures()).isEqualTo(3);
    }

    @Test
    void requireRefusesAuditedActionsWhileTheLogCannotBeWrittenAndStoresNothingForThem() throws Exception {
        mountSmallDisk();
        Path log = disk.resolve("audit.log");
        start("[audit]\npath = \"" + log + "\"\nrequire = true");
        JsonNode account = register();
        Path filler = fill(disk);

        HttpResponse<String> refused = update(account, VALUES[0]);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).isEqualTo("{\"error\":\"service_unavailable\"}");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(txt(account)).as("a refused update is not published").isEmpty();
        assertThat(post("/register", "").statusCode()).isEqualTo(503);

        Files.delete(filler);
        assertThat(update(account, VALUES[1]).statusCode()).isEqualTo(200);
        assertThat(txt(account)).containsExactly(VALUES[1]);
        assertThat(lines(log)).extracting(l -> l.get("action").asText()).containsExactly("register", "update");
    }

    @Test
    void aLogMovedAwayByRotationIsFollowedByANewFileAtItsPath() throws Exception {
        Path log = dir.resolve("logs/audit.log");
        start("[audit]\npath = \"" + log + "\"");
        JsonNode account = register();
        Path rotated = dir.resolve("logs/audit.log.1");
        Files.move(log, rotated);
        assertThat(update(account, VALUES[0]).statusCode()).isEqualTo(200);
        server.reopenAuditLog();
        assertThat(update(account, VALUES[1]).statusCode()).isEqualTo(200);

        assertThat(lines(rotated)).extracting(l -> l.get("action").asText()).containsExactly("register");
        assertThat(lines(log)).extracting(l -> l.get("action").asText()).containsExactly("update", "update");
    }

    private JsonNode register() throws Exception {
        HttpResponse<String> created = post("/register", "");
        assertThat(created.statusCode()).isEqualTo(201);
        return json.readTree(created.body());
    }

    private HttpResponse<String> update(JsonNode account, String value) throws Exception {
        return post(
                "/update",
                "{\"subdomain\":\"" + account.get("subdomain").asText() + "\",\"txt\":\"" + value + "\"}",
                "X-Api-User",
                account.get("username").asText(),
                "X-Api-Key",
                account.get("password").asText());
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.apiPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> txt(JsonNode account) throws Exception {
        Name name = Name.fromString(account.get("fulldomain").asText() + ".");
        Message answer = DnsTestClient.udp(server.dnsUdpAddresses().get(0), DnsTestClient.query(name, Type.TXT));
        return DnsTestClient.txt(answer);
    }

    private double failures() {
        String series = "acme_delegate_audit_write_failures_total ";
        for (String line : server.metrics().scrape().split("\n")) {
            if (line.startsWith(series)) {
                return Double.parseDouble(line.substring(series.length()).strip());
            }
        }
        throw new AssertionError("no " + series + "in the metrics");
    }

    /** Every line must be a whole JSON object, and their times must never go backwards. */
    private List<JsonNode> lines(Path log) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        Instant last = Instant.MIN;
        for (String text : Files.readAllLines(log)) {
            JsonNode line = json.readTree(text);
            Instant time = Instant.parse(line.get("time").asText());
            assertThat(time).as("time order in " + log).isAfterOrEqualTo(last);
            last = time;
            lines.add(line);
        }
        assertThat(Files.readString(log)).endsWith("\n");
        return lines;
    }

    /** Fills the disk to the last byte; returns the file to delete to free it. */
    private static Path fill(Path disk) throws IOException {
        Path filler = disk.resolve("filler");
        byte[] block = new byte[512];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
        return filler;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
