package org.acmedelegate;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.acmedelegate.config.ServerConfig;
import org.acmedelegate.http.TlsReloader;
import org.acmedelegate.service.AccountService;
import org.acmedelegate.service.CnameVerifier;
import org.acmedelegate.store.AccountRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's background tasks: the expiry sweep every minute, the store check, the CNAME checks and the
 * TLS reload when configured. A failing task logs and runs again at its next turn; {@link #close} stops all.
 */
final class Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    private final ScheduledExecutorService tasks = daemonScheduler("housekeeping");
    // On a thread of its own: a check may wait out the busy timeout, and nothing else should wait for it.
    private final ScheduledExecutorService storeCheck = daemonScheduler("store-check");

    private Housekeeping() {}

    static Housekeeping start(
            ServerConfig config, AccountService service, Optional<CnameVerifier> verifier, Optional<TlsReloader> tls) {
        Housekeeping h = new Housekeeping();
        h.tasks.scheduleWithFixedDelay(() -> purge(service), 1, 1, TimeUnit.MINUTES);
        long checkEvery = config.store().checkInterval().toMillis();
        h.storeCheck.scheduleWithFixedDelay(() -> checkStore(service), checkEvery, checkEvery, TimeUnit.MILLISECONDS);
        if (tls.isPresent()) {
            long every = config.api().tlsReloadInterval().toMillis();
            h.tasks.scheduleWithFixedDelay(tls.get()::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
        }
        if (verifier.isPresent()) {
            long every = config.cnameCheck().interval().toMillis();
            CnameVerifier v = verifier.get();
            h.tasks.scheduleWithFixedDelay(() -> checkCnames(service, v), 0, every, TimeUnit.MILLISECONDS);
        }
        return h;
    }

    /** Deletes expired TXT values now, unless the store is known not to take writes. */
    static void purge(AccountService service) {
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

    private static void checkStore(AccountService service) {
        try {
            service.checkStore();
        } catch (RuntimeException e) {
            LOG.error("the store check failed", e);
        }
    }

    private static void checkCnames(AccountService service, CnameVerifier verifier) {
        try {
            for (AccountRecord r : service.admin().accounts()) {
                service.admin().checkCname(r.account(), verifier);
            }
        } catch (RuntimeException e) {
            LOG.warn("CNAME checks failed: {}", e.getMessage());
        }
    }

    private static ScheduledExecutorService daemonScheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void close() {
        tasks.shutdownNow();
        storeCheck.shutdownNow();
    }
}
