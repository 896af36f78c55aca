package org.acmedelegate.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** The real acme-dns v1.1 database, its config.cfg and the /register answers that made it (test resources). */
public final class AcmeDnsFixture {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One registration as acme-dns answered it, with the plain password. */
    public record Registered(
            String username, String password, String fulldomain, String subdomain, List<String> allowFrom) {}

    private AcmeDnsFixture() {}

    /** The fixture file itself (in target/test-classes); tests that may write anything use {@link #copy}. */
    public static Path file(String name) {
        try {
            return Path.of(
                    AcmeDnsFixture.class.getResource("/acme-dns-v1.1/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path copy(String name, Path dir) {
        try {
            Path target = dir.resolve(name);
            Files.copy(file(name), target, StandardCopyOption.REPLACE_EXISTING);
            target.toFile().setWritable(true);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Registered> accounts() {
        try {
            List<Registered> all = new ArrayList<>();
            for (String line : Files.readAllLines(file("accounts.jsonl"))) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                List<String> allow = new ArrayList<>();
                n.get("allowfrom").forEach(a -> allow.add(a.asText()));
                all.add(new Registered(
                        n.get("username").asText(),
                        n.get("password").asText(),
                        n.get("fulldomain").asText(),
                        n.get("subdomain").asText(),
                        allow));
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
