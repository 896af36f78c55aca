package org.acmedelegate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON object per line for each {@link AuditEvent}: {@code time}, {@code action},
 * {@code result} and whichever of {@code account}, {@code subdomain}, {@code domain}, {@code client},
 * {@code actor}, {@code detail} are known. Each line is flushed before {@link #record} returns. A
 * failing sink is reported in the operational log and never fails the request it describes.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final Consumer<String> sink;
    private final AutoCloseable resource;

    public AuditLog(Clock clock, Consumer<String> sink) {
        this(clock, sink, () -> { });
    }

    private AuditLog(Clock clock, Consumer<String> sink, AutoCloseable resource) {
        this.clock = clock;
        this.sink = sink;
        this.resource = resource;
    }

    /** Appends to {@code file}, creating it (and its folder) with owner-only permissions where supported. */
    public static AuditLog toFile(Path file, Clock clock) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            if (!Files.exists(file) && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // Created owner-only: the log names accounts and client addresses.
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            return new AuditLog(clock, line -> {
                try {
                    out.write(line);
                    out.write('\n');
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open audit log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes to standard output, for a supervisor (systemd, a container runtime) that keeps it. */
    public static AuditLog toStdout(Clock clock) {
        return new AuditLog(clock, line -> {
            synchronized (System.out) {
                System.out.println(line);
                System.out.flush();
            }
        });
    }

    public void record(AuditEvent event) {
        Map<String, String> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("action", event.action());
        line.put("result", event.result());
        put(line, "account", event.account());
        put(line, "subdomain", event.subdomain());
        put(line, "domain", event.domain());
        put(line, "client", event.client());
        put(line, "actor", event.actor());
        put(line, "detail", event.detail());
        String text;
        try {
            text = JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write strings as JSON", e);
        }
        try {
            synchronized (this) {
                sink.accept(text);
            }
        } catch (RuntimeException e) {
            LOG.error("cannot write the audit log: {}", e.getMessage());
        }
    }

    private static void put(Map<String, String> line, String key, String value) {
        if (value != null) {
            line.put(key, value);
        }
    }

    @Override
    public void close() {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("closing the audit log failed: {}", e.getMessage());
        }
    }
}
