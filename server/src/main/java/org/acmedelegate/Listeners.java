package org.acmedelegate;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.acmedelegate.config.ServerConfig;
import org.acmedelegate.dns.DnsServer;
import org.acmedelegate.dns.QueryPathWarmer;
import org.acmedelegate.dns.Responder;
import org.acmedelegate.dns.WireResponder;
import org.acmedelegate.http.AdminApp;
import org.acmedelegate.http.ApiApp;
import org.acmedelegate.http.Operations;
import org.acmedelegate.http.Readiness;
import org.acmedelegate.http.TsigHandout;
import org.acmedelegate.service.AccountService;
import org.acmedelegate.store.StoreHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's listeners: DNS over UDP and TCP, the acme-dns API and the admin API, each present only when
 * its role or config asks for it. The HTTP listeners may start while the index loads (their writes wait for
 * it; {@code /ready} says no until DNS listens); DNS must not, or it would deny names the load has not
 * reached yet.
 */
final class Listeners {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    // Enough to load every class of the query path and pass the JIT's first-tier thresholds (BENCHMARKS.md:
    // "First answers after a start"); the property exists for bench/first-answers.sh, which compares with 0.
    private static final int WARM_UP_QUERIES = Integer.getInteger("acme-delegate.warm-up-queries", 3_000);

    private final ServerConfig config;
    private final DnsServer dns; // null without the dns role
    private final Javalin api; // null without the api role
    private final Javalin admin; // null without an admin token

    private Listeners(ServerConfig config, DnsServer dns, Javalin api, Javalin admin) {
        this.config = config;
        this.dns = dns;
        this.api = api;
        this.admin = admin;
    }

    /**
     * Builds every listener unstarted and adds it to {@code resources}; {@code operations} makes what the
     * HTTP listeners share from the readiness check, which asks whether DNS listens; {@code tlsStatus} is the
     * admin API's {@code GET /tls}; with {@code tsig} the admin API hands out TSIG keys.
     */
    static Listeners create(
            ServerConfig config,
            WireResponder responder,
            AccountService service,
            Function<Supplier<Readiness>, Operations> operations,
            Supplier<Optional<Map<String, Object>>> tlsStatus,
            Optional<TsigHandout> tsig,
            CloseableGroup resources) {
        DnsServer dns = config.roles().dns()
                ? resources.add(new DnsServer(
                        config.dns().listen(), config.dns().tcp(), config.dns().udpWorkers(), responder))
                : null;
        Operations ops = operations.apply(() -> readiness(dns, service));
        Javalin api = null;
        if (config.roles().api()) {
            api = ApiApp.create(config.api(), service, config.dns().zone(), ops, tsig);
            resources.add(api::stop);
        }
        Javalin admin = null;
        if (config.admin().enabled()) {
            admin = AdminApp.create(config.admin(), service, config.dns().zone(), ops, tlsStatus, tsig);
            resources.add(admin::stop);
        }
        return new Listeners(config, dns, api, admin);
    }

    /** Starts the HTTP listeners. */
    void startHttp() {
        if (api != null) {
            api.start();
        }
        if (admin != null) {
            admin.start();
        }
    }

    /**
     * Starts the DNS event loops without binding, and runs the query path through {@code idle} (a responder
     * over an empty index of its own, so the warm-up never reads the one being loaded).
     */
    void prepareDns(Responder idle) {
        if (dns == null) {
            return;
        }
        dns.prepare();
        long warmStart = System.nanoTime();
        QueryPathWarmer.warm(idle, WARM_UP_QUERIES);
        LOG.info(
                "query path warmed by {} queries in {} ms",
                WARM_UP_QUERIES,
                (System.nanoTime() - warmStart) / 1_000_000);
    }

    /** Binds DNS: call once the index holds everything the store had. */
    void startDns() {
        if (dns == null) {
            return;
        }
        try {
            dns.start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen for DNS on " + config.dns().listen() + ": " + e.getMessage(), e);
        }
    }

    private static Readiness readiness(DnsServer dns, AccountService service) {
        if (dns != null && !dns.listening()) {
            return Readiness.notReady("dns_not_listening");
        }
        StoreHealth health = service.storeHealth();
        return health.writable() ? Readiness.READY : Readiness.notReady(health.reason());
    }

    List<InetSocketAddress> dnsUdpAddresses() {
        return dns == null ? List.of() : dns.udpAddresses();
    }

    List<InetSocketAddress> dnsTcpAddresses() {
        return dns == null ? List.of() : dns.tcpAddresses();
    }

    int apiPort() {
        return api == null ? -1 : api.port();
    }

    int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    /** Where each listener is, for the ready line of the log. */
    String describe() {
        return "DNS on " + (dns == null ? "(off)" : dns.tcpAddresses()) + ", API on "
                + (api == null ? "(off)" : config.api().listen().getHostString() + ":" + api.port());
    }

    String describeAdmin() {
        return admin == null
                ? ", admin off"
                : ", admin on " + config.admin().listen().getHostString() + ":" + admin.port();
    }
}
