package org.acmedelegate;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.acmedelegate.account.CredentialGenerator;
import org.acmedelegate.account.KeyHasher;
import org.acmedelegate.audit.AuditLog;
import org.acmedelegate.cluster.ChangeFollower;
import org.acmedelegate.cluster.ClusterNode;
import org.acmedelegate.config.ServerConfig;
import org.acmedelegate.config.StoreEngine;
import org.acmedelegate.dns.Responder;
import org.acmedelegate.dns.ResponseRateLimiter;
import org.acmedelegate.dns.ServedZone;
import org.acmedelegate.dns.WireResponder;
import org.acmedelegate.http.Operations;
import org.acmedelegate.http.RateLimiter;
import org.acmedelegate.http.TlsReloader;
import org.acmedelegate.http.TsigHandout;
import org.acmedelegate.http.TsigKeyTexts;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.metrics.MeteredAccountStore;
import org.acmedelegate.metrics.Metrics;
import org.acmedelegate.primary.PrimaryServer;
import org.acmedelegate.primary.ZoneJournal;
import org.acmedelegate.secrets.SecretBox;
import org.acmedelegate.secrets.SecretsKeyFile;
import org.acmedelegate.service.AccountService;
import org.acmedelegate.service.CnameVerifier;
import org.acmedelegate.service.TsigKeys;
import org.acmedelegate.service.WriteBarrier;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.SqliteAccountStore;
import org.acmedelegate.store.TsigKeyStore;
import org.acmedelegate.tls.ApiCertificate;
import org.acmedelegate.tls.CertificateShare;
import org.acmedelegate.tls.OwnChallengeLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running server: store, in-memory index, DNS listeners, HTTP API and (with a token) the admin
 * listener, wired by hand. {@link #start} returns once every listener is bound and the index holds
 * everything the store had.
 */
public final class AcmeDelegate implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeDelegate.class);

    private final Listeners listeners;
    private final AuditLog audit;
    private final Metrics metrics;
    private final Optional<TlsReloader> tls;
    private final CloseableGroup resources;

    private AcmeDelegate(
            Listeners listeners, AuditLog audit, Metrics metrics, Optional<TlsReloader> tls, CloseableGroup resources) {
        this.listeners = listeners;
        this.audit = audit;
        this.metrics = metrics;
        this.tls = tls;
        this.resources = resources;
    }

    /**
     * Starts the server; with {@code createStore} false a missing database stops the start with a
     * {@link org.acmedelegate.store.StoreException} instead of being created empty.
     */
    public static AcmeDelegate start(ServerConfig config, Clock clock, boolean createStore) {
        long started = System.nanoTime();
        Metrics metrics = new Metrics();
        CloseableGroup resources = new CloseableGroup();
        ClusterNode cluster = config.store().engine() == StoreEngine.POSTGRESQL
                ? ClusterNode.open(config.store().postgresql().get(), config.cluster())
                : null;
        AccountStore opened = cluster != null
                ? cluster.store()
                : SqliteAccountStore.open(config.store().sqlitePath(), createStore);
        AccountStore store = resources.add(new MeteredAccountStore(opened, metrics));
        try {
            if (cluster != null) {
                // Closed before the store: its change follower stops reading first.
                resources.add(cluster);
            }
            AuditLog audit = resources.add(AuditLog.open(config.audit(), clock));
            metrics.counter(
                    "acme_delegate_audit_write_failures_total",
                    "Audit log lines that could not be written",
                    audit::writeFailures);
            SecretBox secrets = SecretsKeyFile.loadOrCreate(config.store().secretsKeyFile(), new SecureRandom());
            TsigKeys tsigKeys = TsigSetup.keys(config, secrets, (TsigKeyStore) opened, store, clock);
            ChallengeIndex index =
                    new ChallengeIndex(config.dns().zone(), clock, config.txt().lifetime(), store.accountCount());
            // The serial moves with every change to the answers (on PostgreSQL: the change sequence applied).
            ZoneJournal journal = cluster == null
                    ? ZoneJournal.open(
                            store.zoneJournal().orElseThrow(), config.primary().journal(), clock)
                    : ZoneJournal.shared(
                            store.zoneJournal().orElseThrow(),
                            cluster.store()::writeSequenceOf,
                            cluster::serial,
                            config.primary().journal(),
                            clock);
            index.listen(journal);
            AccountService service = new AccountService(
                    store,
                    index,
                    new KeyHasher(config.api().bcryptCost()),
                    new CredentialGenerator(new SecureRandom()),
                    config.txt(),
                    clock,
                    config.limits().maxConcurrentBcrypt(),
                    cluster == null ? WriteBarrier.NONE : cluster.barrier());
            ChangeFollower follower = null;
            if (cluster != null) {
                follower =
                        cluster.follow(index, service::exclusive, config.roles().dns());
                cluster.registerMetrics(metrics);
                TsigSetup.followChanges(follower, tsigKeys);
            }
            CompletableFuture<Void> loaded = loadInBackground(service, index, follower);
            metrics.gauge("acme_delegate_txt_values", "TXT values DNS answers now", index::liveValueCount);
            metrics.gauge("acme_delegate_registered_names", "Names registered in the zone", index::size);
            metrics.gauge(
                    "acme_delegate_store_writable",
                    "1 while the last store check found the database writable",
                    () -> service.storeHealth().writable() ? 1 : 0);

            ServedZone zone = ServedZone.from(config.dns(), clock).withSerial(journal::serial);
            ResponseRateLimiter rrl = config.rrl().enabled() ? new ResponseRateLimiter(config.rrl(), clock) : null;
            ApiCertificate certificate = config.acme().isPresent()
                            && config.roles().api()
                    ? resources.add(ApiCertificate.prepare(
                            config.acme().get(),
                            store,
                            index,
                            service,
                            clock,
                            metrics,
                            cluster == null
                                    ? CertificateShare.NONE
                                    : CertificateShare.postgres(cluster.store().database(), secrets)))
                    : null;
            Optional<TlsReloader> tls = certificate != null
                    ? Optional.of(certificate.tls())
                    : config.api().tls()
                            ? Optional.of(new TlsReloader(
                                    config.api().tlsCert().get(),
                                    config.api().tlsKey().get(),
                                    config.api().listen()))
                            : Optional.empty();
            Optional<CnameVerifier> verifier = config.cnameCheck().resolver().map(r -> new CnameVerifier(r, clock));
            Responder responder = new Responder(
                    zone,
                    new OwnChallengeLookup(index, config.dns().zone()),
                    config.dns().txtTtl());
            WireResponder wire = new WireResponder(responder, metrics, config.logDnsQueries(), rrl);
            // One failed-login budget per client for /update and for TSIG-signed UPDATEs.
            RateLimiter authFailures = new RateLimiter(config.limits().authFailures(), clock);
            wire.handSignedRequestsTo(resources.add(
                    TsigSetup.updates(tsigKeys, service, store, audit, authFailures, metrics, responder, zone, clock)));
            resources.add(PrimaryServer.start(
                    config.primary(),
                    zone,
                    responder,
                    index,
                    journal,
                    wire,
                    config.dns().listen().get(0).getAddress(),
                    clock,
                    metrics));
            Listeners listeners = Listeners.create(
                    config,
                    wire,
                    service,
                    ready -> new Operations(
                            audit,
                            metrics,
                            new RateLimiter(config.limits().register(), clock),
                            authFailures,
                            certificate == null ? ready : () -> certificate.readiness(ready.get()),
                            verifier,
                            tls),
                    certificate == null ? Optional::empty : () -> Optional.of(certificate.status()),
                    Optional.of(new TsigHandout(tsigKeys, TsigKeyTexts.from(config.dns()))),
                    resources);
            listeners.startHttp();
            listeners.prepareDns(new Responder(
                    zone,
                    new ChallengeIndex(config.dns().zone(), clock, config.txt().lifetime(), 0),
                    config.dns().txtTtl()));
            awaitLoad(loaded);
            service.checkStore();
            listeners.startDns();
            if (follower != null) {
                follower.start();
            }
            if (certificate != null) {
                certificate.start();
            }
            resources.add(Housekeeping.start(config, service, verifier, tls));
            LOG.info(
                    "acme-delegate ready in {} ms: zone {}, {} registrations, {}, registration {}{}{}",
                    (System.nanoTime() - started) / 1_000_000,
                    config.dns().zone(),
                    index.size(),
                    listeners.describe(),
                    config.api().registration().name().toLowerCase(java.util.Locale.ROOT),
                    listeners.describeAdmin(),
                    cluster == null ? "" : ", cluster node " + cluster.name() + " at change " + cluster.serial());
            return new AcmeDelegate(listeners, audit, metrics, tls, resources);
        } catch (RuntimeException e) {
            resources.closeAfter(e);
            throw e;
        }
    }

    // The store scan is most of a large start-up; building the listeners and HTTP apps (class loading,
    // mostly) overlaps with it.
    private static CompletableFuture<Void> loadInBackground(
            AccountService service, ChallengeIndex index, ChangeFollower follower) {
        return CompletableFuture.runAsync(
                () -> {
                    long loadStart = System.nanoTime();
                    if (follower != null) {
                        follower.load();
                    } else {
                        service.loadIndex();
                    }
                    Housekeeping.purge(service);
                    LOG.info(
                            "index loaded in {} ms: {} registrations",
                            (System.nanoTime() - loadStart) / 1_000_000,
                            index.size());
                },
                runnable -> startThread("index-load", runnable));
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

    public List<InetSocketAddress> dnsUdpAddresses() {
        return listeners.dnsUdpAddresses();
    }

    public List<InetSocketAddress> dnsTcpAddresses() {
        return listeners.dnsTcpAddresses();
    }

    public int apiPort() {
        return listeners.apiPort();
    }

    /** The admin listener's port; -1 when no admin token is configured. */
    public int adminPort() {
        return listeners.adminPort();
    }

    public Metrics metrics() {
        return metrics;
    }

    /** Reopens the audit log at its path (on SIGHUP, after an outside rotation). */
    public void reopenAuditLog() {
        audit.reopen();
    }

    @Override
    public void close() {
        resources.close();
    }
}
