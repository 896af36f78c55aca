package org.acmedelegate.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's TLS context, re-read when the PEM certificate or key file changes (compared by content
 * hash, so a renewal that keeps the mtime is still seen). New connections get the new certificate;
 * a pair that does not load is logged and the old one kept. A pair given with the API's listen address
 * has its names checked at each swap as at start ({@link TlsFiles}): a renewal that drops them is logged.
 */
public final class TlsReloader {
    private static final Logger LOG = LoggerFactory.getLogger(TlsReloader.class);

    private final Path cert;
    private final Path key;
    private final Optional<InetSocketAddress> listen;
    private final SslContextFactory.Server ssl;
    private byte[] seen;

    /**
     * Loads the pair now; throws {@link IllegalArgumentException} naming the file if it cannot be used. For
     * the server's own certificate, whose names it chose itself.
     */
    public TlsReloader(Path cert, Path key) {
        this(cert, key, Optional.empty());
    }

    /** As above, for an operator's pair served on {@code listen}: each swap warns as the start did. */
    public TlsReloader(Path cert, Path key, InetSocketAddress listen) {
        this(cert, key, Optional.of(listen));
    }

    private TlsReloader(Path cert, Path key, Optional<InetSocketAddress> listen) {
        this.cert = cert;
        this.key = key;
        this.listen = listen;
        this.ssl = TlsConnector.sslContext(cert, key);
        this.seen = fingerprint();
    }

    SslContextFactory.Server sslContext() {
        return ssl;
    }

    /** Reloads if either file changed since the last look; returns whether the certificate was replaced. */
    public synchronized boolean reloadIfChanged() {
        byte[] now = fingerprint();
        if (now == null || Arrays.equals(now, seen)) {
            return false;
        }
        try {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            String password = Base64.getEncoder().encodeToString(random);
            KeyStore store = PemKeyStore.load(cert, key, password.toCharArray());
            X509Certificate leaf = (X509Certificate) store.getCertificate(PemKeyStore.ALIAS);
            ssl.reload(factory -> {
                factory.setKeyStore(store);
                factory.setKeyStorePassword(password);
            });
            seen = now;
            LOG.info("API TLS certificate reloaded from {}", cert);
            listen.ifPresent(at -> TlsNames.warnings(leaf, cert, at).forEach(w -> LOG.warn("{}", w)));
            return true;
        } catch (Exception e) {
            // A half-written renewal: keep serving the old pair and try again at the next look.
            LOG.warn("API TLS certificate not reloaded, keeping the old one: {}", e.getMessage());
            return false;
        }
    }

    private byte[] fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(cert));
            sha.update((byte) 0);
            sha.update(Files.readAllBytes(key));
            return sha.digest();
        } catch (IOException e) {
            LOG.warn("cannot read TLS files {} / {}: {}", cert, key, e.getMessage());
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
