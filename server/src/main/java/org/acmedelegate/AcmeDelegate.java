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
import org.acmedelegate.cluster.ChangeFollower;
import org.acmedelegate.cluster.ClusterNode;
import org.acmedelegate.config.ServerConfig;
import org.acmedelegate.config.StoreEngine;
import org.acmedelegate.dns.DnsServer;
import org.acmedelegate.dns.QueryPathWarmer;
import org.acmedelegate.dns.Responder;
import org.acmedelegate.dns.ResponseRateLimiter;
import org.acmedelegate.dns.WireResponder;
import org.acmedelegate.dns.ServedZone;
import org.acmedelegate.http.AdminApp;
import org.acmedelegate.http.ApiApp;
import org.acmedelegate.http.Operations;
import org.acmedelegate.http.Readiness;
import org.acmedelegate.http.RateLimiter;
import org.acmedelegate.http.TlsReloader;
import org.acmedelegate.http.TsigHandout;
import org.acmedelegate.http.TsigKeyTexts;
import org.acmedelegate.metrics.MeteredAccountStore;
import org.acmedelegate.metrics.Metrics;
import org.acmedelegate.service.AccountService;
import org.acmedelegate.service.CnameVerifier;
import org.acmedelegate.service.TsigKeys;
import org.acmedelegate.service.WriteBarrier;
import org.acmedelegate.store.AccountRecord;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.store.SqliteAccountStore;
import org.acmedelegate.store.StoreHealth;
import org.acmedelegate.store.TsigKeyStore;
import org.acmedelegate.update.DnsUpdates;
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
    private final ScheduledExecutorService storeCheck;
    private final AuditLog audit;
    private final Metrics metrics;
    private final Optional<TlsReloader> tls;
    private final ClusterNode cluster;
    private final DnsUpdates updates;

    private AcmeDelegate(AccountStore store, DnsServer dns, Javalin api, Javalin admin,
                         ScheduledExecutorService housekeeping, ScheduledExecutorService storeCheck,
                         AuditLog audit, Metrics metrics, Optional<TlsReloader> tls, ClusterNode cluster,
                         DnsUpdates updates) {
        this.cluster = cluster;
        this.updates = updates;
        this.store = store;
        this.dns = dns;
        this.api = api;
        this.admin = admin;
        this.housekeeping = housekeeping;
        this.storeCheck = storeCheck;
        this.audit = audit;
        this.metrics = metrics;
        this.tls = tls;
    }

    public static AcmeDelegate start(ServerConfig config, Clock clock) {
        return start(config, clock, true);
    }

    /**
     * Starts the server; with {@code createStore} false a missing database stops the start with a
     * {@link org.acmedelegate.store.StoreException} instead of being created empty.
     */
    public static AcmeDelegate start(ServerConfig config, Clock clock, boolean createStore) {
        long started = System.nanoTime();
        Metrics metrics = new Metrics();
        ClusterNode cluster = config.store().engine() == StoreEngine.POSTGRESQL
                ? ClusterNode.open(config.store().postgresql().get(), config.cluster()) : null;
        AccountStore opened = cluster != null ? cluster.store()
                : SqliteAccountStore.open(config.store().sqlitePath(), createStore);
        AccountStore store = new MeteredAccountStore(opened, metrics);
        AuditLog audit = null;
        DnsServer dns = null;
        Javalin api = null;
        Javalin admin = null;
        ScheduledExecutorService housekeeping = null;
        ScheduledExecutorService storeCheck = null;
        Optional<TlsReloader> tls = Optional.empty();
        ChangeFollower follower = null;
        DnsUpdates updates = null;
        try {
            audit = AuditLog.open(config.audit(), clock);
            metrics.counter("acme_delegate_audit_write_failures_total", "Audit log lines that could not be written",
                    audit::writeFailures);
            TsigKeys tsigKeys = TsigSetup.keys(config, (TsigKeyStore) opened, store, clock);
            ChallengeIndex index = new ChallengeIndex(config.dns().zone(), clock, config.txt().lifetime(),
                    store.accountCount());
            AccountService service = new AccountService(store, index, new KeyHasher(config.api().bcryptCost()),
                    new CredentialGenerator(new SecureRandom()), config.txt(), clock,
                    config.limits().maxConcurrentBcrypt(), cluster == null ? WriteBarrier.NONE : cluster.barrier());
            if (cluster != null) {
                follower = cluster.follow(index, service::exclusive, config.roles().dns());
                cluster.registerMetrics(metrics);
            }
            ChangeFollower feed = follower;
            // The store scan is most of a large start-up; building the listeners and HTTP apps (class
            // loading, mostly) overlaps with it.
            CompletableFuture<Void> loaded = CompletableFuture.runAsync(() -> {
                long loadStart = System.nanoTime();
                if (feed != null) {
                    feed.load();
                } else {
                    service.loadIndex();
                }
                purge(service);
                LOG.info("index loaded in {} ms: {} registrations", (System.nanoTime() - loadStart) / 1_000_000, index.size());
            }, runnable -> startThread("index-load", runnable));
            metrics.gauge("acme_delegate_txt_values", "TXT values DNS answers now", index::liveValueCount);
            metrics.gauge("acme_delegate_registered_names", "Names registered in the zone", index::size);
            metrics.gauge("acme_delegate_store_writable", "1 while the last store check found the database writable",
                    () -> service.storeHealth().writable() ? 1 : 0);

            // On PostgreSQL the serial is the change sequence the node has applied: equal on every node for equal data.
            ServedZone zone = cluster == null ? ServedZone.from(config.dns(), clock) : ServedZone.from(config.dns(), clock).withSerial(cluster::serial);
            ResponseRateLimiter rrl = config.rrl().enabled() ? new ResponseRateLimiter(config.rrl(), clock) : null;
            Responder responder = new Responder(zone, index, config.dns().txtTtl());
            WireResponder wire = new WireResponder(responder, metrics, config.logDnsQueries(), rrl);
            if (config.roles().dns()) {
                dns = new DnsServer(config.dns(), wire);
            }
            if (config.api().tls()) {
                tls = Optional.of(new TlsReloader(config.api().tlsCert().get(), config.api().tlsKey().get()));
            }
            DnsServer listening = dns;
            Optional<CnameVerifier> verifier = config.cnameCheck().resolver().map(r -> new CnameVerifier(r, clock));
            Operations ops = new Operations(audit, metrics,
                    new RateLimiter(config.limits().register(), clock),
                    new RateLimiter(config.limits().authFailures(), clock),
                    () -> readiness(listening, service), verifier, tls);
            TsigHandout handout = new TsigHandout(tsigKeys, TsigKeyTexts.from(config.dns()));
            updates = TsigSetup.updates(tsigKeys, service, store, ops, responder, zone, clock);
            wire.handSignedRequestsTo(updates);
            if (config.roles().api()) {
                api = ApiApp.create(config.api(), service, config.dns().zone(), ops, Optional.of(handout));
            }
            if (config.admin().enabled()) {
                admin = AdminApp.create(config.admin(), service, config.dns().zone(), ops, Optional.of(handout));
            }
            // The API may listen during the load (its writes wait for it; /ready says no until DNS listens);
            // DNS must not, or it would deny names the load has not reached yet.
            if (api != null) {
                api.start();
            }
            if (admin != null) {
                admin.start();
            }
            if (dns != null) {
                dns.prepare();
                // While the index loads: an empty index of its own, so the warm-up never reads one being built.
                long warmStart = System.nanoTime();
                QueryPathWarmer.warm(new Responder(zone, new ChallengeIndex(config.dns().zone(), clock, config.txt().lifetime(), 0),
                        config.dns().txtTtl()), WARM_UP_QUERIES);
                LOG.info("query path warmed by {} queries in {} ms", WARM_UP_QUERIES, (System.nanoTime() - warmStart) / 1_000_000);
            }
            awaitLoad(loaded);
            service.checkStore();
            try {
                if (dns != null) {
                    dns.start();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen for DNS on " + config.dns().listen() + ": " + e.getMessage(), e);
            }
            if (follower != null) {
                follower.start();
            }

            housekeeping = daemonScheduler("housekeeping");
            housekeeping.scheduleWithFixedDelay(() -> purge(service), 1, 1, TimeUnit.MINUTES);
            // On a thread of its own: a check may wait out the busy timeout, and nothing else should wait for it.
            storeCheck = daemonScheduler("store-check");
            long checkEvery = config.store().checkInterval().toMillis();
            storeCheck.scheduleWithFixedDelay(() -> checkStore(service), checkEvery, checkEvery, TimeUnit.MILLISECONDS);
            if (tls.isPresent()) {
                long every = config.api().tlsReloadInterval().toMillis();
                housekeeping.scheduleWithFixedDelay(tls.get()::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
            }
            if (verifier.isPresent()) {
                long every = config.cnameCheck().interval().toMillis();
                CnameVerifier v = verifier.get();
                housekeeping.scheduleWithFixedDelay(() -> checkCnames(service, v), 0, every, TimeUnit.MILLISECONDS);
            }
            LOG.info("acme-delegate ready in {} ms: zone {}, {} registrations, DNS on {}, API on {}, registration {}{}{}",
                    (System.nanoTime() - started) / 1_000_000, config.dns().zone(), index.size(),
                    dns == null ? "(off)" : dns.tcpAddresses(),
                    api == null ? "(off)" : config.api().listen().getHostString() + ":" + api.port(),
                    config.api().registration().name().toLowerCase(java.util.Locale.ROOT),
                    admin == null ? ", admin off" : ", admin on " + config.admin().listen().getHostString() + ":" + admin.port(),
                    cluster == null ? "" : ", cluster node " + cluster.name() + " at change " + cluster.serial());
            return new AcmeDelegate(store, dns, api, admin, housekeeping, storeCheck, audit, metrics, tls, cluster, updates);
        } catch (RuntimeException e) {
            new AcmeDelegate(store, dns, api, admin, housekeeping, storeCheck, audit, metrics, tls, cluster, updates).close();
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

    private static ScheduledExecutorService daemonScheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private static Readiness readiness(DnsServer dns, AccountService service) {
        if (dns != null && !dns.listening()) {
            return Readiness.notReady("dns_not_listening");
        }
        StoreHealth health = service.storeHealth();
        return health.writable() ? Readiness.READY : Readiness.notReady(health.reason());
    }

    private static void checkStore(AccountService service) {
        try {
            service.checkStore();
        } catch (RuntimeException e) {
            LOG.error("the store check failed", e);
        }
    }

    private static void purge(AccountService service) {
        // The store check has said why writes fail; a purge would only fail the same way every minute.
        if (!service.storeHealth().writable()) {
            return;
        }
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
        return dns == null ? List.of() : dns.udpAddresses();
    }

    public List<InetSocketAddress> dnsTcpAddresses() {
        return dns == null ? List.of() : dns.tcpAddresses();
    }

    public int apiPort() {
        return api == null ? -1 : api.port();
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
        if (storeCheck != null) {
            storeCheck.shutdownNow();
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
        if (updates != null) {
            updates.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        store.close();
        if (audit != null) {
            audit.close();
        }
    }
}
