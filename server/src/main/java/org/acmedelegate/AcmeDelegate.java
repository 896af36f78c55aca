package org.acmedelegate;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.acmedelegate.account.CredentialGenerator;
import org.acmedelegate.account.KeyHasher;
import org.acmedelegate.audit.AuditLog;
import org.acmedelegate.config.ServerConfig;
import org.acmedelegate.dns.DnsServer;
import org.acmedelegate.dns.QueryPathWarmer;
import org.acmedelegate.dns.Responder;
import org.acmedelegate.dns.ResponseRateLimiter;
import org.acmedelegate.dns.WireResponder;
import org.acmedelegate.dns.Zone;
import org.acmedelegate.http.AdminApp;
import org.acmedelegate.http.ApiApp;
import org.acmedelegate.http.Operations;
import org.acmedelegate.http.RateLimiter;
import org.acmedelegate.http.TlsReloader;
import org.acmedelegate.metrics.MeteredAccountStore;
import org.acmedelegate.metrics.Metrics;
import org.acmedelegate.service.AccountService;
import org.acmedelegate.service.CnameVerifier;
import org.acmedelegate.store.AccountRecord;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.ChallengeIndex;
import org.acmedelegate.store.SqliteAccountStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running server: store, in-memory index, DNS listeners, HTTP API and (with a token) the admin
 * listener, wired by hand. {@link #start} returns once every listener is bound and the index holds
 * everything the store had.
 */
public final class AcmeDelegate implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeDelegate.class);
    // Enough to load every class of the query path and pass the JIT's first-tier thresholds (BENCHMARKS.md:
    // "First answers after a start"); the property exists for bench/first-answers.sh, which compares with 0.
    private static final int WARM_UP_QUERIES = Integer.getInteger("acme-delegate.warm-up-queries", 3_000);

    private final AccountStore store;
    private final DnsServer dns;
    private final Javalin api;
    private final Javalin admin;
    private final ScheduledExecutorService housekeeping;
    private final AuditLog audit;
    private final Metrics metrics;
    private final Optional<TlsReloader> tls;

    private AcmeDelegate(AccountStore store, DnsServer dns, Javalin api, Javalin admin,
                         ScheduledExecutorService housekeeping, AuditLog audit, Metrics metrics,
                         Optional<TlsReloader> tls) {
        this.store = store;
        this.dns = dns;
        this.api = api;
        this.admin = admin;
        this.housekeeping = housekeeping;
        this.audit = audit;
        this.metrics = metrics;
        this.tls = tls;
    }

    public static AcmeDelegate start(ServerConfig config, Clock clock) {
        long started = System.nanoTime();
        Metrics metrics = new Metrics();
        AccountStore store = new MeteredAccountStore(SqliteAccountStore.open(config.store().sqlitePath()), metrics);
        AuditLog audit = null;
        DnsServer dns = null;
        Javalin api = null;
        Javalin admin = null;
        ScheduledExecutorService housekeeping = null;
        Optional<TlsReloader> tls = Optional.empty();
        try {
            audit = AuditLog.open(config.audit(), clock);
            metrics.counter("acme_delegate_audit_write_failures_total", "Audit log lines that could not be written",
                    audit::writeFailures);
            ChallengeIndex index = new ChallengeIndex(config.dns().zone(), clock, config.txt().lifetime(),
                    store.accountCount());
            AccountService service = new AccountService(store, index, new KeyHasher(config.api().bcryptCost()),
                    new CredentialGenerator(new SecureRandom()), config.txt(), clock,
                    config.limits().maxConcurrentBcrypt());
            // The store scan is most of a large start-up; building the listeners and HTTP apps (class
            // loading, mostly) overlaps with it.
            CompletableFuture<Void> loaded = CompletableFuture.runAsync(() -> {
                long loadStart = System.nanoTime();
                service.loadIndex();
                service.purgeExpired();
                LOG.info("index loaded in {} ms: {} registrations", (System.nanoTime() - loadStart) / 1_000_000, index.size());
            }, runnable -> startThread("index-load", runnable));
            metrics.gauge("acme_delegate_txt_values", "TXT values DNS answers now", index::liveValueCount);
            metrics.gauge("acme_delegate_registered_names", "Names registered in the zone", index::size);

            Zone zone = Zone.from(config.dns(), clock);
            ResponseRateLimiter rrl = config.rrl().enabled() ? new ResponseRateLimiter(config.rrl(), clock) : null;
            dns = new DnsServer(config.dns(), new WireResponder(
                    new Responder(zone, index, config.dns().txtTtl()), metrics, config.logDnsQueries(), rrl));
            if (config.api().tls()) {
                tls = Optional.of(new TlsReloader(config.api().tlsCert().get(), config.api().tlsKey().get()));
            }
            DnsServer listening = dns;
            Optional<CnameVerifier> verifier = config.cnameCheck().resolver().map(r -> new CnameVerifier(r, clock));
            Operations ops = new Operations(audit, metrics,
                    new RateLimiter(config.limits().register(), clock),
                    new RateLimiter(config.limits().authFailures(), clock),
                    () -> listening.listening() && service.storeReachable(), verifier, tls);
            api = ApiApp.create(config.api(), service, config.dns().zone(), ops);
            if (config.admin().enabled()) {
                admin = AdminApp.create(config.admin(), service, config.dns().zone(), ops);
            }
            // The API may listen during the load (its writes wait for it; /ready says no until DNS listens);
            // DNS must not, or it would deny names the load has not reached yet.
            api.start();
            if (admin != null) {
                admin.start();
            }
            dns.prepare();
            // While the index loads: an empty index of its own, so the warm-up never reads one being built.
            long warmStart = System.nanoTime();
            QueryPathWarmer.warm(new Responder(zone, new ChallengeIndex(config.dns().zone(), clock, config.txt().lifetime(), 0),
                    config.dns().txtTtl()), WARM_UP_QUERIES);
            LOG.info("query path warmed by {} queries in {} ms", WARM_UP_QUERIES, (System.nanoTime() - warmStart) / 1_000_000);
            awaitLoad(loaded);
            try {
                dns.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen for DNS on " + config.dns().listen() + ": " + e.getMessage(), e);
            }

            housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "housekeeping");
                t.setDaemon(true);
                return t;
            });
            housekeeping.scheduleWithFixedDelay(() -> purge(service), 1, 1, TimeUnit.MINUTES);
            if (tls.isPresent()) {
                long every = config.api().tlsReloadInterval().toMillis();
                housekeeping.scheduleWithFixedDelay(tls.get()::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
            }
            if (verifier.isPresent()) {
                long every = config.cnameCheck().interval().toMillis();
                CnameVerifier v = verifier.get();
                housekeeping.scheduleWithFixedDelay(() -> checkCnames(service, v), 0, every, TimeUnit.MILLISECONDS);
            }
            LOG.info("acme-delegate ready in {} ms: zone {}, {} registrations, DNS on {}, API on {}:{}, registration {}{}",
                    (System.nanoTime() - started) / 1_000_000, config.dns().zone(), index.size(),
                    dns.tcpAddresses(), config.api().listen().getHostString(), api.port(),
                    config.api().registration().name().toLowerCase(java.util.Locale.ROOT),
                    admin == null ? ", admin off" : ", admin on " + config.admin().listen().getHostString() + ":" + admin.port());
            return new AcmeDelegate(store, dns, api, admin, housekeeping, audit, metrics, tls);
        } catch (RuntimeException e) {
            new AcmeDelegate(store, dns, api, admin, housekeeping, audit, metrics, tls).close();
            throw e;
        }
    }

    private static void startThread(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void awaitLoad(CompletableFuture<Void> loaded) {
        try {
            loaded.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static void purge(AccountService service) {
        try {
            int purged = service.purgeExpired();
            if (purged > 0) {
                LOG.info("purged {} expired TXT values", purged);
            }
        } catch (RuntimeException e) {
            LOG.warn("purging expired TXT values failed: {}", e.getMessage());
        }
    }

    private static void checkCnames(AccountService service, CnameVerifier verifier) {
        try {
            for (AccountRecord r : service.accounts()) {
                service.checkCname(r.account(), verifier);
            }
        } catch (RuntimeException e) {
            LOG.warn("CNAME checks failed: {}", e.getMessage());
        }
    }

    public List<InetSocketAddress> dnsUdpAddresses() {
        return dns.udpAddresses();
    }

    public List<InetSocketAddress> dnsTcpAddresses() {
        return dns.tcpAddresses();
    }

    public int apiPort() {
        return api.port();
    }

    /** The admin listener's port; -1 when no admin token is configured. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    public Metrics metrics() {
        return metrics;
    }

    /** Reopens the audit log at its path (on SIGHUP, after an outside rotation). */
    public void reopenAuditLog() {
        audit.reopen();
    }

    /** Re-reads the API's TLS files now if they changed (the server also does so on a timer). */
    public boolean reloadTls() {
        return tls.map(TlsReloader::reloadIfChanged).orElse(false);
    }

    @Override
    public void close() {
        if (housekeeping != null) {
            housekeeping.shutdownNow();
        }
        if (admin != null) {
            admin.stop();
        }
        if (api != null) {
            api.stop();
        }
        if (dns != null) {
            dns.close();
        }
        store.close();
        if (audit != null) {
            audit.close();
        }
    }
}
