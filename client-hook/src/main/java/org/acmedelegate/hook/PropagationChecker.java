package org.acmedelegate.hook;

import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * {@link Propagation} by asking each authoritative server directly (no recursion, UDP then TCP on
 * truncation) until all of them answer the value. The servers are the configured list, or else the NS set
 * of the delegated zone found through a resolver.
 */
public final class PropagationChecker implements Propagation {
    static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    static final Duration REPORT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_QUERY_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration MIN_QUERY_TIMEOUT = Duration.ofMillis(100);
    private static final String UNROUTABLE = "unreachable from this host (no route)";

    /** A server to poll, the name it is reported by, and whether it came from an NS lookup. */
    record Target(String label, NameserverAddress server, boolean discovered) {}

    private final List<NameserverAddress> explicitServers;
    private final Nameservers nameservers;
    private final Duration timeout;
    private final Clock clock;
    private final PrintStream progress;

    /**
     * @param explicitServers servers to poll; when empty they are discovered through {@code resolver}
     * @param authoritativePort the port discovered servers are polled on (53 outside tests)
     * @param progress told at most once a second how the wait goes, and its end (null: nobody)
     */
    public PropagationChecker(
            List<NameserverAddress> explicitServers,
            NameserverAddress resolver,
            int authoritativePort,
            Duration timeout,
            Clock clock,
            PrintStream progress) {
        this.explicitServers = List.copyOf(explicitServers);
        this.nameservers = new Nameservers(resolver, authoritativePort);
        this.timeout = timeout;
        this.clock = clock;
        this.progress = progress;
    }

    @Override
    public void awaitServed(String fullDomain, TxtValue value) throws HookException {
        Instant started = clock.instant();
        Instant deadline = started.plus(timeout);
        Instant lastReport = started;
        Name name = DnsQuery.absolute(fullDomain);
        List<Target> targets = explicitServers.isEmpty()
                ? nameservers.discover(name)
                : explicitServers.stream()
                        .map(s -> new Target(s.toString(), s, false))
                        .toList();
        // By identity, in the order of targets: hashing a record runs the bootstrap of its generated hashCode,
        // some 15 ms of a hook's start.
        Map<Target, String> missing = new IdentityHashMap<>();
        for (Target t : targets) {
            missing.put(t, "not asked yet");
        }
        int skipped = 0;
        while (true) {
            for (Target t : targets) {
                if (!missing.containsKey(t)) {
                    continue;
                }
                String problem = check(t, name, value, deadline);
                if (problem == null) {
                    missing.remove(t);
                } else if (UNROUTABLE.equals(problem) && t.discovered() && skipped + 1 < targets.size()) {
                    // An address this host has no route to (typically IPv6 on an IPv4-only host) cannot be
                    // judged from here; the other addresses still are, and at least one always is.
                    skipped++;
                    missing.remove(t);
                } else {
                    missing.put(t, problem);
                }
            }
            if (missing.isEmpty()) {
                report("served by " + targets.stream().map(Target::label).collect(Collectors.joining(", ")) + " after "
                        + seconds(started) + " s");
                return;
            }
            if (Duration.between(lastReport, clock.instant()).compareTo(REPORT_INTERVAL) >= 0) {
                lastReport = clock.instant();
                report(name + " TXT after " + seconds(started) + " s: " + (targets.size() - missing.size()) + " of "
                        + targets.size() + " serve it"
                        + (missing.size() == targets.size()
                                ? ""
                                : " ("
                                        + targets.stream()
                                                .filter(t -> !missing.containsKey(t))
                                                .map(Target::label)
                                                .collect(Collectors.joining(", "))
                                        + ")")
                        + "; not yet: "
                        + targets.stream()
                                .filter(missing::containsKey)
                                .map(t -> t.label() + " " + missing.get(t))
                                .collect(Collectors.joining(", ")));
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new HookException(
                        ExitCode.PROPAGATION_TIMEOUT,
                        "the TXT value for " + name
                                + " is not served after " + timeout.toSeconds() + " s by "
                                + targets.stream()
                                        .filter(missing::containsKey)
                                        .map(t -> t.label() + ": " + missing.get(t))
                                        .collect(Collectors.joining(", "))
                                + "; check those servers, or raise --timeout / ACME_DELEGATE_TIMEOUT");
            }
            pause(left.compareTo(POLL_INTERVAL) < 0 ? left : POLL_INTERVAL);
        }
    }

    private void report(String line) {
        if (progress != null) {
            progress.println(Main.NAME + ": " + line);
            progress.flush();
        }
    }

    private String seconds(Instant since) {
        return String.format(
                java.util.Locale.ROOT,
                "%.1f",
                Duration.between(since, clock.instant()).toMillis() / 1000.0);
    }

    /** Null when {@code target} answers {@code value}, otherwise what it did instead. */
    private String check(Target target, Name name, TxtValue value, Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        Duration wait = left.compareTo(MAX_QUERY_TIMEOUT) > 0
                ? MAX_QUERY_TIMEOUT
                : left.compareTo(MIN_QUERY_TIMEOUT) < 0 ? MIN_QUERY_TIMEOUT : left;
        Message response;
        try {
            response = DnsQuery.ask(target.server(), name, Type.TXT, false, wait);
        } catch (SocketException e) {
            return UNROUTABLE;
        } catch (IOException e) {
            return "no answer (" + e.getMessage() + ")";
        }
        List<Record> txt = DnsQuery.answers(response, name, Type.TXT);
        for (Record r : txt) {
            if (String.join("", ((TXTRecord) r).getStrings()).equals(value.value())) {
                return null;
            }
        }
        if (!txt.isEmpty()) {
            return "answers " + txt.size() + " other value(s)";
        }
        return "answers " + org.xbill.DNS.Rcode.string(response.getRcode()) + " without the value";
    }

    private static void pause(Duration d) throws HookException {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HookException(ExitCode.INTERNAL, "interrupted while waiting for DNS propagation", e);
        }
    }
}
