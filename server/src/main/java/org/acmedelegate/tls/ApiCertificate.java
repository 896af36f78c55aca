package org.acmedelegate.tls;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.acmedelegate.config.AcmeConfig;
import org.acmedelegate.http.Readiness;
import org.acmedelegate.http.TlsReloader;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.metrics.Metrics;
import org.acmedelegate.service.AccountService;
import org.acmedelegate.store.AccountStore;
import org.shredzone.acme4j.exception.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's certificate from {@code [api.acme]}: serves the stored one at once (or a short-lived
 * self-signed one, logged, until the first is issued), orders on a thread of its own when due, swaps
 * the new one into the running listener through {@link TlsReloader} (new handshakes get it, open
 * connections keep theirs), and retries failures with {@link Backoff}. One log line per attempt.
 */
public final class ApiCertificate implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiCertificate.class);
    static final Duration STAND_IN_RENEW_BEFORE = Duration.ofHours(12);

    private final AcmeConfig config;
    private final Clock clock;
    private final CertificateFiles files;
    private final AcmeOrder order;
    private final Backoff backoff;
    private final TlsReloader tls;
    private final ScheduledExecutorService scheduler;
    private final CertificateShare share;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong failuresTotal = new AtomicLong();
    private volatile CertificatePair current;
    private volatile Optional<Instant[]> window = Optional.empty();
    private volatile Instant nextAttempt;
    private volatile Instant lastAttempt;
    private volatile String lastError;
    // Only the scheduler's one thread reads and writes it.
    private String pickUpFault;
    private int failuresInRow;

    private ApiCertificate(
            AcmeConfig config,
            Clock clock,
            CertificateFiles files,
            AcmeOrder order,
            CertificatePair current,
            CertificateShare share) {
        this.share = share;
        this.config = config;
        this.clock = clock;
        this.files = files;
        this.order = order;
        this.backoff = new Backoff(config.retryMin(), config.retryMax());
        this.current = current;
        this.tls = new TlsReloader(files.chain(), files.key());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "api-certificate");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Readies the certificate the API starts with (stored, else self-signed) and the metrics; orders
     * nothing yet ({@link #start} does, once DNS answers). In a cluster the certificate in {@code share}
     * comes first, and only the node holding its lock orders.
     */
    public static ApiCertificate prepare(
            AcmeConfig config,
            AccountStore store,
            ChallengeIndex index,
            AccountService service,
            Clock clock,
            Metrics metrics,
            CertificateShare share) {
        CertificateFiles files = new CertificateFiles(config.dataDir());
        Optional<CertificatePair> stored = share.load()
                .filter(p -> usable(p, config, clock))
                .or(() -> files.read().filter(p -> usable(p, config, clock)));
        stored.ifPresent(files::write);
        CertificatePair start;
        if (stored.isPresent()) {
            start = stored.get();
            LOG.info(
                    "API certificate for {} from {} (issued by {}), valid until {}",
                    start.names(),
                    files.chain(),
                    start.leaf().getIssuerX500Principal().getName(),
                    start.leaf().getNotAfter().toInstant());
        } else {
            start = SelfSignedCertificate.create(config.names(), config.keyType(), clock);
            files.write(start);
            LOG.warn(
                    "API certificate: none from the CA yet; serving a SELF-SIGNED certificate for {} (valid {})"
                            + " until {} issues one",
                    config.names(),
                    SelfSignedCertificate.LIFETIME,
                    config.directory());
        }
        AcmeOrder order = new AcmeOrder(
                config, new AcmeSessions(config), files, new ChallengePublisher(store, index, service, clock));
        ApiCertificate certificate = new ApiCertificate(config, clock, files, order, start, share);
        metrics.gauge(
                "acme_delegate_certificate_expiry_seconds",
                "When the API's certificate expires (Unix time)",
                () -> certificate.current.leaf().getNotAfter().getTime() / 1000.0);
        metrics.counter(
                "acme_delegate_certificate_renewal_failures_total",
                "Failed attempts to order the API's certificate",
                certificate.failuresTotal::get);
        return certificate;
    }

    // A stored certificate is served as it is when it still covers the configured names for a while.
    private static boolean usable(CertificatePair pair, AcmeConfig config, Clock clock) {
        Instant notAfter = pair.leaf().getNotAfter().toInstant();
        return notAfter.isAfter(clock.instant().plus(Duration.ofMinutes(1)))
                && pair.names().containsAll(config.names());
    }

    public TlsReloader tls() {
        return tls;
    }

    /**
     * Schedules the first order: at once without a certificate from the CA, else when renewal is due; and an
     * hourly look at the self-signed stand-in, so a CA out of reach for longer than it lives (a Retry-After may
     * exceed that) never leaves the API on an expired certificate.
     */
    public void start() {
        schedule(current.selfSigned() ? clock.instant() : renewAt(current));
        scheduler.scheduleWithFixedDelay(this::renewStandInIfDue, 1, 1, TimeUnit.HOURS);
        if (share != CertificateShare.NONE) {
            scheduler.scheduleWithFixedDelay(this::pickUp, 30, 30, TimeUnit.SECONDS);
        }
    }

    /** Serves a new stand-in when the current one is self-signed and expires within {@link #STAND_IN_RENEW_BEFORE}. */
    void renewStandInIfDue() {
        try {
            CertificatePair pair = current;
            if (pair.selfSigned()
                    && pair.leaf()
                            .getNotAfter()
                            .toInstant()
                            .isBefore(clock.instant().plus(STAND_IN_RENEW_BEFORE))) {
                adopt(
                        SelfSignedCertificate.create(config.names(), config.keyType(), clock),
                        "a new SELF-SIGNED stand-in: none from the CA yet",
                        "");
            }
        } catch (RuntimeException e) {
            // A task that throws is not run again: log and look again at the next hour.
            LOG.warn("API certificate: cannot renew the self-signed stand-in: {}", e.getMessage());
        }
    }

    /**
     * Serves the certificate another node renewed. A failure (the database out of reach, a row sealed with
     * another secrets key) is logged when it starts or changes and its end once, not at every look.
     */
    void pickUp() {
        try {
            share.load().filter(this::newer).ifPresent(pair -> adopt(pair, "from the database", ""));
            if (pickUpFault != null) {
                LOG.info("API certificate: the database answers the look for a newer one again");
                pickUpFault = null;
            }
        } catch (RuntimeException e) {
            String fault = String.valueOf(e.getMessage());
            if (!fault.equals(pickUpFault)) {
                LOG.warn(
                        "API certificate: cannot look for a newer one in the database: {} (looking again every 30 s,"
                                + " logged again when this changes)",
                        fault);
                pickUpFault = fault;
            }
        }
    }

    private boolean newer(CertificatePair pair) {
        return usable(pair, config, clock)
                && (current.selfSigned()
                        || pair.leaf().getNotAfter().after(current.leaf().getNotAfter()));
    }

    private void adopt(CertificatePair pair, String from, String more) {
        files.write(pair);
        current = pair;
        boolean swapped = tls.reloadIfChanged();
        LOG.info(
                "API certificate for {} ({}) issued by {}, valid until {}{}{}",
                pair.names(),
                from,
                pair.leaf().getIssuerX500Principal().getName(),
                pair.leaf().getNotAfter().toInstant(),
                swapped ? ", now served" : ", NOT served (see above)",
                more);
    }

    private Instant renewAt(CertificatePair pair) {
        X509Certificate leaf = pair.leaf();
        return RenewalTiming.renewAt(
                leaf.getNotBefore().toInstant(),
                leaf.getNotAfter().toInstant(),
                config.renewBefore(),
                window,
                random.nextDouble());
    }

    private void schedule(Instant at) {
        nextAttempt = at;
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        scheduler.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
    }

    private void attempt() {
        Instant now = clock.instant();
        lastAttempt = now;
        Instant next;
        Optional<CertificateShare.Lock> lock = Optional.empty();
        try {
            lock = share.tryLock();
            if (lock.isEmpty()) {
                next = now.plus(config.retryMin());
                LOG.info("API certificate: another node is ordering it; looking again at {}", next);
            } else if (share.load().filter(this::newer).isPresent()) {
                CertificatePair shared = share.load().get();
                next = renewAt(shared);
                adopt(shared, "from the database", "; next renewal at " + next);
            } else {
                Issued issued = order.run(Optional.of(current.leaf()));
                share.save(issued.pair());
                window = issued.renewalWindow();
                next = renewAt(issued.pair());
                failuresInRow = 0;
                lastError = null;
                adopt(issued.pair(), "ordered now", "; next renewal at " + next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (AcmeException | RuntimeException e) {
            failuresInRow++;
            failuresTotal.incrementAndGet();
            lastError = AcmeErrors.describe(e);
            next = backoff.next(failuresInRow, clock.instant(), AcmeErrors.retryAfter(e));
            LOG.warn(
                    "API certificate order for {} from {} failed (attempt {}): {}; next attempt at {}; serving the"
                            + " {} certificate valid until {}",
                    config.names(),
                    config.directory(),
                    failuresInRow,
                    lastError,
                    next,
                    current.selfSigned() ? "self-signed" : "current",
                    current.leaf().getNotAfter().toInstant());
        } finally {
            lock.ifPresent(CertificateShare.Lock::close);
        }
        if (!scheduler.isShutdown()) {
            schedule(next);
        }
    }

    /** {@code base} when it is not ready; else not ready while the API has no valid certificate from the CA. */
    public Readiness readiness(Readiness base) {
        if (!base.ready()) {
            return base;
        }
        CertificatePair pair = current;
        if (!pair.leaf().getNotAfter().toInstant().isAfter(clock.instant())) {
            return Readiness.notReady("certificate_expired");
        }
        return pair.selfSigned() ? Readiness.notReady("certificate_pending") : base;
    }

    /** What {@code acme-delegate tls status} shows: names, issuer, validity, next renewal, last error. */
    public Map<String, Object> status() {
        CertificatePair pair = current;
        X509Certificate leaf = pair.leaf();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("names", config.names());
        s.put("directory", config.directory().toString());
        s.put("self_signed", pair.selfSigned());
        s.put("issuer", leaf.getIssuerX500Principal().getName());
        s.put("not_before", leaf.getNotBefore().toInstant().toString());
        s.put("not_after", leaf.getNotAfter().toInstant().toString());
        s.put("next_renewal", nextAttempt == null ? null : nextAttempt.toString());
        s.put("last_attempt", lastAttempt == null ? null : lastAttempt.toString());
        s.put("last_error", lastError);
        s.put("failures", failuresInRow);
        return s;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
