package org.acmedelegate;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.acmedelegate.account.CredentialGenerator;
import org.acmedelegate.account.KeyHasher;
import org.acmedelegate.config.ServerConfig;
import org.acmedelegate.dns.DnsServer;
import org.acmedelegate.dns.Responder;
import org.acmedelegate.dns.Zone;
import org.acmedelegate.http.ApiApp;
import org.acmedelegate.service.AccountService;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.ChallengeIndex;
import org.acmedelegate.store.SqliteAccountStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running server: store, in-memory index, DNS listeners and HTTP API, wired by hand. {@link #start}
 * returns once every listener is bound and the index holds everything the store had.
 */
public final class AcmeDelegate implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeDelegate.class);

    private final AccountStore store;
    private final DnsServer dns;
    private final Javalin api;
    private final ScheduledExecutorService housekeeping;

    private AcmeDelegate(AccountStore store, DnsServer dns, Javalin api, ScheduledExecutorService housekeeping) {
        this.store = store;
        this.dns = dns;
        this.api = api;
        this.housekeeping = housekeeping;
    }

    public static AcmeDelegate start(ServerConfig config, Clock clock) {
        long started = System.nanoTime();
        AccountStore store = SqliteAccountStore.open(config.store().sqlitePath());
        DnsServer dns = null;
        Javalin api = null;
        ScheduledExecutorService housekeeping = null;
        try {
            ChallengeIndex index = new ChallengeIndex(config.dns().zone(), clock, config.txt().lifetime());
            index.load(store);
            AccountService service = new AccountService(store, index, new KeyHasher(config.api().bcryptCost()),
                    new CredentialGenerator(new SecureRandom()), config.txt(), clock);
            service.purgeExpired();

            Zone zone = Zone.from(config.dns(), clock);
            dns = new DnsServer(config.dns(), new Responder(zone, index, config.dns().txtTtl()));
            try {
                dns.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen for DNS on " + config.dns().listen() + ": " + e.getMessage(), e);
            }
            api = ApiApp.create(config.api(), service, config.dns().zone());
            api.start();

            housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "housekeeping");
                t.setDaemon(true);
                return t;
            });
            housekeeping.scheduleWithFixedDelay(() -> purge(service), 1, 1, TimeUnit.MINUTES);
            LOG.info("acme-delegate ready in {} ms: zone {}, {} registrations, DNS on {}, API on {}:{}",
                    (System.nanoTime() - started) / 1_000_000, config.dns().zone(), index.size(),
                    dns.tcpAddresses(), config.api().listen().getHostString(), api.port());
            return new AcmeDelegate(store, dns, api, housekeeping);
        } catch (RuntimeException e) {
            new AcmeDelegate(store, dns, api, housekeeping).close();
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

    public List<InetSocketAddress> dnsUdpAddresses() {
        return dns.udpAddresses();
    }

    public List<InetSocketAddress> dnsTcpAddresses() {
        return dns.tcpAddresses();
    }

    public int apiPort() {
        return api.port();
    }

    @Override
    public void close() {
        if (housekeeping != null) {
            housekeeping.shutdownNow();
        }
        if (api != null) {
            api.stop();
        }
        if (dns != null) {
            dns.close();
        }
        store.close();
    }
}
