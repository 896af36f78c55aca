package org.acmedelegate.tls;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.acmedelegate.config.AcmeConfig;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One certificate order through acme4j: account (made on first use, key in the data folder), order for
 * the configured names (replacing the current certificate when the CA speaks ARI), one DNS-01
 * validation per pending authorization with the value published by this server itself and withdrawn
 * afterwards, then the CSR with a fresh key and the download.
 */
final class AcmeOrder {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeOrder.class);
    private static final Duration WAIT = Duration.ofMinutes(3);

    private final AcmeConfig config;
    private final AcmeSessions sessions;
    private final CertificateFiles files;
    private final ChallengePublisher dns;

    AcmeOrder(AcmeConfig config, AcmeSessions sessions, CertificateFiles files, ChallengePublisher dns) {
        this.config = config;
        this.sessions = sessions;
        this.files = files;
        this.dns = dns;
    }

    Issued run(Optional<X509Certificate> replacing) throws AcmeException, InterruptedException {
        Session session = sessions.open();
        AccountBuilder account = new AccountBuilder().agreeToTermsOfService().useKeyPair(files.accountKeyPair());
        config.email().ifPresent(account::addEmail);
        Login login = account.createLogin(session);
        boolean ari = session.resourceUrlOptional(Resource.RENEWAL_INFO).isPresent();
        OrderBuilder builder = login.newOrder().domains(config.names());
        if (ari && replacing.isPresent() && !isSelfSigned(replacing.get())) {
            builder.replaces(replacing.get());
        }
        Order order = builder.create();
        for (Authorization auth : order.getAuthorizations()) {
            if (auth.getStatus() != Status.VALID) {
                validate(auth);
            }
        }
        order.waitUntilReady(WAIT);
        KeyPair key = KeyPairs.generate(config.keyType());
        order.execute(key);
        Status status = order.waitForCompletion(WAIT);
        if (status != Status.VALID) {
            throw new AcmeException("the order ended " + status
                    + order.getError().map(p -> ": " + p).orElse(""));
        }
        Certificate cert = order.getCertificate();
        CertificatePair pair = new CertificatePair(KeyPairs.pem(cert.getCertificateChain()), KeyPairs.pem(key));
        return new Issued(pair, ari ? window(cert) : Optional.empty());
    }

    private void validate(Authorization auth) throws AcmeException, InterruptedException {
        String name = auth.getIdentifier().getDomain();
        Dns01Challenge challenge = auth.findChallenge(Dns01Challenge.class)
                .orElseThrow(() -> new AcmeException("the CA offers no dns-01 challenge for " + name));
        String digest = challenge.getDigest();
        dns.publish(digest);
        try {
            LOG.info("API certificate: DNS-01 value for {} published, asking the CA to validate", name);
            challenge.trigger();
            Status status = challenge.waitForCompletion(WAIT);
            if (status != Status.VALID) {
                throw new AcmeException("validation of " + name + " ended " + status
                        + challenge.getError().map(p -> ": " + p).orElse(""));
            }
        } finally {
            dns.withdraw(digest);
        }
    }

    private static Optional<Instant[]> window(Certificate cert) {
        try {
            if (!cert.hasRenewalInfo()) {
                return Optional.empty();
            }
            RenewalInfo info = cert.getRenewalInfo();
            return Optional.of(new Instant[] {info.getSuggestedWindowStart(), info.getSuggestedWindowEnd()});
        } catch (RuntimeException e) {
            LOG.warn(
                    "API certificate: the CA's renewal information is unreadable ({}); renewing by the lifetime",
                    e.getMessage());
            return Optional.empty();
        }
    }

    private static boolean isSelfSigned(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }
}
