package org.acmedelegate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.acmedelegate.config.AuditConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON object per line for each {@link AuditEvent}: {@code time}, {@code action},
 * {@code result} and whichever of {@code account}, {@code subdomain}, {@code domain}, {@code client},
 * {@code actor}, {@code detail} are known. Lines are written whole, in the order of their times, before
 * {@link #record} returns.
 *
 * <p>A line that cannot be written (a full disk) is counted in {@link #writeFailures}, copied to the
 * operational log so the event is not lost from every record, and never fails the request it describes;
 * the first failure of a run of them is logged as an error. The next line that can be written again is
 * preceded by an {@code audit/resumed} line saying how many were lost. With {@code require},
 * {@link #writable} lets the API refuse audited actions while the log cannot be written.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final Sink sink;
    private final boolean required;
    private final String where;
    private long lostSinceLastWrite;
    private long writeFailures;

    /** Where lines go; {@link #write} throws when a line did not get there whole. */
    interface Sink extends AutoCloseable {
        void write(String line) throws IOException;

        default void reopen() throws IOException {}

        /** False when a line written now would likely fail (its disk is full). */
        default boolean hasRoom() {
            return true;
        }

        @Override
        default void close() {}
    }

    /** A log into {@code sink}; a runtime exception from it counts as a failed write. For tests and tools. */
    public AuditLog(Clock clock, Consumer<String> sink) {
        this(clock, sink::accept, false, "the audit sink");
    }

    private AuditLog(Clock clock, Sink sink, boolean required, String where) {
        this.clock = clock;
        this.sink = sink;
        this.required = required;
        this.where = where;
    }

    /** The log the configuration asks for: its file, or standard output when it has none. */
    public static AuditLog open(AuditConfig config, Clock clock) {
        return config.path().isPresent()
                ? new AuditLog(
                        clock,
                        fileSink(config.path().get()),
                        config.require(),
                        config.path().get().toString())
                : new AuditLog(clock, stdoutSink(), config.require(), "standard output");
    }

    private static Sink fileSink(Path file) {
        AuditFile out;
        try {
            out = AuditFile.open(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open audit log " + file + ": " + e.getMessage(), e);
        }
        return new Sink() {
            @Override
            public void write(String line) throws IOException {
                out.append((line + "\n").getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void reopen() throws IOException {
                out.reopen();
            }

            @Override
            public boolean hasRoom() {
                return out.hasRoom();
            }

            @Override
            public void close() {
                out.close();
            }
        };
    }

    private static Sink stdoutSink() {
        return line -> {
            synchronized (System.out) {
                System.out.println(line);
                System.out.flush();
                if (System.out.checkError()) {
                    throw new IOException("standard output is closed or failing");
                }
            }
        };
    }

    public void record(AuditEvent event) {
        // Time is read under the lock so that lines are in time order in the file.
        synchronized (this) {
            Instant now = clock.instant();
            String line = line(event, now);
            // After lost lines, the line that says so goes in the same write: both land, or neither.
            String text = lostSinceLastWrite == 0 ? line : resumedLine(now) + "\n" + line;
            try {
                sink.write(text);
                resumed();
            } catch (IOException | RuntimeException e) {
                writeFailures++;
                if (lostSinceLastWrite++ == 0) {
                    LOG.error(
                            "cannot write the audit log {}: {}; lines are copied to this log until it recovers",
                            where,
                            e.getMessage());
                }
                LOG.warn("audit line not written: {}", line);
            }
        }
    }

    /**
     * True when the last line reached the log (or a failing log takes lines again: the {@code audit/resumed}
     * line is the probe) and its disk has room for the next. With {@link #required}, audited actions wait
     * for this.
     */
    public synchronized boolean writable() {
        return resume(clock.instant()) && sink.hasRoom();
    }

    /** Whether audited actions must be refused while the log cannot be written ({@code [audit] require}). */
    public boolean required() {
        return required;
    }

    /** Lines that could not be written since start. */
    public synchronized long writeFailures() {
        return writeFailures;
    }

    /** Reopens the file at its path (after logrotate moved it away; the server also notices by itself). */
    public synchronized void reopen() {
        try {
            sink.reopen();
            LOG.info("audit log {} reopened", where);
        } catch (IOException e) {
            LOG.error("cannot reopen the audit log {}: {}", where, e.getMessage());
        }
    }

    /** After lost lines, writes the line that says so; false while that still fails. */
    private boolean resume(Instant now) {
        if (lostSinceLastWrite == 0) {
            return true;
        }
        try {
            sink.write(resumedLine(now));
        } catch (IOException | RuntimeException e) {
            return false;
        }
        resumed();
        return true;
    }

    private String resumedLine(Instant now) {
        return line(
                new AuditEvent(
                        "audit",
                        "resumed",
                        null,
                        null,
                        null,
                        null,
                        null,
                        lostSinceLastWrite + " earlier line(s) could not be written"),
                now);
    }

    private void resumed() {
        if (lostSinceLastWrite > 0) {
            LOG.warn(
                    "audit log {} is writable again; {} line(s) could not be written (copied to this log)",
                    where,
                    lostSinceLastWrite);
            lostSinceLastWrite = 0;
        }
    }

    private static String line(AuditEvent event, Instant time) {
        Map<String, String> line = new LinkedHashMap<>();
        line.put("time", time.toString());
        line.put("action", event.action());
        line.put("result", event.result());
        put(line, "account", event.account());
        put(line, "subdomain", event.subdomain());
        put(line, "domain", event.domain());
        put(line, "client", event.client());
        put(line, "actor", event.actor());
        put(line, "detail", event.detail());
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write strings as JSON", e);
        }
    }

    private static void put(Map<String, String> line, String key, String value) {
        if (value != null) {
            line.put(key, value);
        }
    }

    @Override
    public void close() {
        sink.close();
    }
}
