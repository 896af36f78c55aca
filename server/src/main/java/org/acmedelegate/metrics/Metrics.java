package org.acmedelegate.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.DoubleSupplier;
import org.acmedelegate.dns.DnsObserver;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Every Prometheus metric of one server, in its own registry. The DNS side is pre-registered: each
 * (transport, type, rcode) counter is bound at start and found by array index, so counting an answer
 * is one array read and one atomic add, with no allocation and no string lookup.
 */
public final class Metrics implements DnsObserver {
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    // The types and rcodes worth a series of their own; everything else is "other".
    private static final int[] TYPES = {
        Type.A, Type.AAAA, Type.TXT, Type.NS, Type.SOA, Type.CNAME, Type.CAA, Type.MX, Type.ANY
    };
    private static final int[] RCODES = {
        Rcode.NOERROR, Rcode.FORMERR, Rcode.SERVFAIL, Rcode.NXDOMAIN, Rcode.NOTIMP, Rcode.REFUSED
    };
    private static final String[] TRANSPORTS = {"udp", "tcp"};
    private static final int TYPE_SLOTS = TYPES.length + 1;
    private static final int RCODE_SLOTS = RCODES.length + 1;
    // qtype -> slot for types below 260 (CAA is 257); anything else is "other".
    private static final byte[] TYPE_SLOT = new byte[260];
    private static final byte[] RCODE_SLOT = new byte[24];

    static {
        java.util.Arrays.fill(TYPE_SLOT, (byte) TYPES.length);
        for (int i = 0; i < TYPES.length; i++) {
            TYPE_SLOT[TYPES[i]] = (byte) i;
        }
        java.util.Arrays.fill(RCODE_SLOT, (byte) RCODES.length);
        for (int i = 0; i < RCODES.length; i++) {
            RCODE_SLOT[RCODES[i]] = (byte) i;
        }
    }

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final CounterDataPoint[] dnsQueries = new CounterDataPoint[2 * TYPE_SLOTS * RCODE_SLOTS];
    private final DistributionDataPoint[] dnsLatency = new DistributionDataPoint[2];
    private final CounterDataPoint rrlDropped;
    private final CounterDataPoint rrlSlipped;
    private final CounterDataPoint tcpEvictions;
    private final Counter apiRequests;
    private final Histogram apiLatency;
    private final Counter authFailures;
    private final Counter registrations;
    private final Counter rateLimited;
    private final Histogram storeLatency;

    public Metrics() {
        Counter queries = Counter.builder()
                .name("acme_delegate_dns_queries_total")
                .help("DNS answers sent, by question type, rcode and transport")
                .labelNames("type", "rcode", "transport")
                .withoutExemplars()
                .register(registry);
        for (int t = 0; t < 2; t++) {
            for (int ty = 0; ty < TYPE_SLOTS; ty++) {
                for (int rc = 0; rc < RCODE_SLOTS; rc++) {
                    String type = ty < TYPES.length ? Type.string(TYPES[ty]) : "other";
                    String rcode = rc < RCODES.length ? Rcode.string(RCODES[rc]) : "other";
                    dnsQueries[(t * TYPE_SLOTS + ty) * RCODE_SLOTS + rc] =
                            queries.labelValues(type, rcode, TRANSPORTS[t]);
                }
            }
        }
        Histogram latency = Histogram.builder()
                .name("acme_delegate_dns_answer_duration_seconds")
                .help("Time from a query's bytes to its answer's bytes")
                .labelNames("transport")
                .classicOnly()
                .classicUpperBounds(0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.01, 0.1)
                .withoutExemplars()
                .register(registry);
        dnsLatency[0] = latency.labelValues("udp");
        dnsLatency[1] = latency.labelValues("tcp");
        Counter rrl = Counter.builder()
                .name("acme_delegate_dns_rate_limited_total")
                .help("UDP answers held back by response-rate limiting: dropped, or slipped (sent truncated)")
                .labelNames("action")
                .withoutExemplars()
                .register(registry);
        rrlDropped = rrl.labelValues("dropped");
        rrlSlipped = rrl.labelValues("slipped");
        tcpEvictions = Counter.builder()
                .name("acme_delegate_dns_tcp_evictions_total")
                .help("TCP connections closed to make room for a new one (the table or its /24 or /56 was full)")
                .withoutExemplars()
                .register(registry);

        apiRequests = Counter.builder()
                .name("acme_delegate_http_requests_total")
                .help("HTTP requests by listener, route and status")
                .labelNames("listener", "route", "status")
                .withoutExemplars()
                .register(registry);
        apiLatency = Histogram.builder()
                .name("acme_delegate_http_request_duration_seconds")
                .help("HTTP request handling time by listener and route")
                .labelNames("listener", "route")
                .classicOnly()
                .withoutExemplars()
                .register(registry);
        authFailures = Counter.builder()
                .name("acme_delegate_auth_failures_total")
                .help("Failed authentications: api (X-Api-User/Key), registration (token), admin (bearer token),"
                        + " tsig (an RFC 2136 UPDATE's TSIG: unknown key, bad signature or bad time)")
                .labelNames("kind")
                .withoutExemplars()
                .register(registry);
        registrations = Counter.builder()
                .name("acme_delegate_registrations_total")
                .help("Accounts created, by how (api, admin)")
                .labelNames("via")
                .withoutExemplars()
                .register(registry);
        rateLimited = Counter.builder()
                .name("acme_delegate_http_rate_limited_total")
                .help("HTTP requests refused by a limit: register, auth_failures, bcrypt_busy")
                .labelNames("limit")
                .withoutExemplars()
                .register(registry);
        storeLatency = Histogram.builder()
                .name("acme_delegate_store_operation_duration_seconds")
                .help("Database operation time by operation")
                .labelNames("operation")
                .classicOnly()
                .classicUpperBounds(0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5)
                .withoutExemplars()
                .register(registry);
    }

    @Override
    public void answered(boolean tcp, int qtype, int rcode, long nanos) {
        int ty = qtype >= 0 && qtype < TYPE_SLOT.length ? TYPE_SLOT[qtype] : TYPES.length;
        int rc = rcode >= 0 && rcode < RCODE_SLOT.length ? RCODE_SLOT[rcode] : RCODES.length;
        int t = tcp ? 1 : 0;
        dnsQueries[(t * TYPE_SLOTS + ty) * RCODE_SLOTS + rc].inc();
        dnsLatency[t].observe(nanos / 1e9);
    }

    @Override
    public void rateLimited(boolean slipped) {
        (slipped ? rrlSlipped : rrlDropped).inc();
    }

    @Override
    public void tcpEvicted() {
        tcpEvictions.inc();
    }

    public void httpRequest(String listener, String route, int status, double seconds) {
        apiRequests.labelValues(listener, route, Integer.toString(status)).inc();
        apiLatency.labelValues(listener, route).observe(seconds);
    }

    public void authFailure(String kind) {
        authFailures.labelValues(kind).inc();
    }

    public void registered(String via) {
        registrations.labelValues(via).inc();
    }

    public void refused(String limit) {
        rateLimited.labelValues(limit).inc();
    }

    /** A timer bound to one store operation, for {@link MeteredAccountStore}. */
    public DistributionDataPoint storeOperation(String operation) {
        return storeLatency.labelValues(operation);
    }

    /** A counter whose total is read from {@code value} at each scrape (it must never go down). */
    public void counter(String name, String help, DoubleSupplier value) {
        CounterWithCallback.builder()
                .name(name)
                .help(help)
                .callback(cb -> cb.call(value.getAsDouble()))
                .register(registry);
    }

    /** A gauge read at scrape time. */
    public void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .callback(cb -> cb.call(value.getAsDouble()))
                .register(registry);
    }

    /** The registry in the Prometheus text format. */
    public String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
