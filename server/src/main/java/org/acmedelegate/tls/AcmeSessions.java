package org.acmedelegate.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.acmedelegate.config.AcmeConfig;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * Opens acme4j sessions to the configured directory; with {@code ca_certificates} the directory's TLS
 * certificate is checked against that bundle only (a private CA such as step-ca, or Pebble in tests).
 */
final class AcmeSessions {
    private final AcmeConfig config;
    private final Optional<SSLContext> trust;

    AcmeSessions(AcmeConfig config) {
        this.config = config;
        this.trust = config.caCertificates().map(AcmeSessions::sslContext);
    }

    Session open() {
        Session session = trust.isPresent()
                ? new Session(config.directory(), new TrustingProvider(trust.get()))
                : new Session(config.directory());
        session.networkSettings().setTimeout(Duration.ofSeconds(20));
        return session;
    }

    private static SSLContext sslContext(Path bundle) {
        try (InputStream in = Files.newInputStream(bundle)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "api.acme.ca_certificates: cannot use " + bundle + ": " + e.getMessage(), e);
        }
    }

    /** acme4j's provider for any RFC 8555 directory, with HTTP clients that trust the given context. */
    private static final class TrustingProvider extends GenericAcmeProvider {
        private final SSLContext context;

        TrustingProvider(SSLContext context) {
            this.context = context;
        }

        @Override
        protected HttpConnector createHttpConnector(NetworkSettings settings) {
            return new HttpConnector(settings) {
                @Override
                public HttpClient.Builder createClientBuilder() {
                    return super.createClientBuilder().sslContext(context);
                }
            };
        }
    }
}
