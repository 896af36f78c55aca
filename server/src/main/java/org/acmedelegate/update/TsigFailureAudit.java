package org.acmedelegate.update;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.acmedelegate.audit.AuditEvent;
import org.acmedelegate.audit.AuditLog;
import org.acmedelegate.dns.tsig.TsigVerdict;
import org.xbill.DNS.Name;

/**
 * Audits UPDATEs that failed authentication (a TSIG failure, or refused unread past the failed-login limit)
 * as one {@code auth_failure} line per source address and second, with the count of each kind and the
 * key names tried, instead of one line each: a flood of forged UPDATEs costs a counter each on the
 * receiving thread, and the audit file one line per flooding address per second. The lines are written
 * by a thread of its own; {@link #close} writes what is pending.
 */
public final class TsigFailureAudit implements AutoCloseable {
    // More sources than this in one second share one line, so spoofed sources cannot grow memory.
    static final int MAX_SOURCES = 10_000;
    private static final int MAX_KEY_NAMES = 3;
    private static final String OTHERS = "other addresses";
    private final AuditLog audit;
    private final Map<String, Tally> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;

    /** Counts of one source's failures since the last line. */
    private static final class Tally {
        final Map<TsigVerdict.Outcome, Integer> outcomes = new EnumMap<>(TsigVerdict.Outcome.class);
        final List<Name> keyNames = new ArrayList<>(MAX_KEY_NAMES);
        int overLimit;
        boolean written;
    }

    /** Writes into {@code audit} once a second from now on. */
    public static TsigFailureAudit started(AuditLog audit) {
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tsig-failure-audit");
            t.setDaemon(true);
            return t;
        });
        TsigFailureAudit a = new TsigFailureAudit(audit, flusher);
        flusher.scheduleWithFixedDelay(a::flush, 1, 1, TimeUnit.SECONDS);
        return a;
    }

    /** Writes only when {@link #flush} is called: for tests. */
    static TsigFailureAudit manual(AuditLog audit) {
        return new TsigFailureAudit(audit, null);
    }

    private TsigFailureAudit(AuditLog audit, ScheduledExecutorService flusher) {
        this.audit = audit;
        this.flusher = flusher;
    }

    /** Counts a TSIG failure ({@code outcome} BADKEY, BADSIG or BADTIME) with the key name it named. Quick. */
    public void failed(InetAddress client, TsigVerdict.Outcome outcome, Name keyName) {
        count(client, t -> {
            t.outcomes.merge(outcome, 1, Integer::sum);
            if (keyName != null && t.keyNames.size() < MAX_KEY_NAMES && !t.keyNames.contains(keyName)) {
                t.keyNames.add(keyName);
            }
        });
    }

    /** Counts an UPDATE refused unread because its source is past the failed-login limit. Quick. */
    public void refusedOverLimit(InetAddress client) {
        count(client, t -> t.overLimit++);
    }

    // A tally taken just as the flusher writes it is written already: count in a new one then.
    private void count(InetAddress client, Consumer<Tally> add) {
        String source = client.getHostAddress();
        while (true) {
            Tally t = pending.get(source);
            if (t == null) {
                t = pending.computeIfAbsent(pending.size() >= MAX_SOURCES ? OTHERS : source, s -> new Tally());
            }
            synchronized (t) {
                if (!t.written) {
                    add.accept(t);
                    return;
                }
            }
        }
    }

    /** Writes one line per source counted since the last call. */
    void flush() {
        for (String source : List.copyOf(pending.keySet())) {
            Tally t = pending.remove(source);
            if (t != null) {
                String detail;
                synchronized (t) {
                    t.written = true;
                    detail = detail(t);
                }
                audit.record(AuditEvent.of("auth_failure", "denied", source).detail(detail));
            }
        }
    }

    // Such as "dns update: 3 failed (BADSIG 2, BADKEY 1; keys a.auth.example.org.), 40 refused over the limit".
    private static String detail(Tally t) {
        int failed = t.outcomes.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder s = new StringBuilder("dns update:");
        if (failed > 0) {
            s.append(' ').append(failed).append(" failed TSIG (");
            List<String> kinds = new ArrayList<>();
            t.outcomes.forEach((o, n) -> kinds.add(o.name() + " " + n));
            s.append(String.join(", ", kinds));
            if (!t.keyNames.isEmpty()) {
                s.append("; keys ")
                        .append(String.join(
                                " ", t.keyNames.stream().map(Name::toString).toList()));
            }
            s.append(')');
        }
        if (t.overLimit > 0) {
            s.append(failed > 0 ? "," : "")
                    .append(' ')
                    .append(t.overLimit)
                    .append(" refused over the failed-login limit");
        }
        return s.toString();
    }

    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        flush();
    }
}
