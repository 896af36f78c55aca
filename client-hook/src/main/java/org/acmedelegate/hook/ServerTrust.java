package org.acmedelegate.hook;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The CAs the hook trusts for the server's HTTPS certificate (the system's, or those of a CA file), and
 * what a failed handshake means in words: the certificate the server showed is remembered so that an
 * error can name its names, its issuer and its validity instead of only "cannot connect".
 */
final class ServerTrust {
    private final Path caFile;
    private final AtomicReference<X509Certificate[]> presented = new AtomicReference<>();
    private SSLSocketFactory factory;

    /** @param caFile PEM certificates to trust instead of the system's, or null */
    ServerTrust(Path caFile) {
        this.caFile = caFile;
    }

    /** Built on first use, so plain-HTTP servers never pay for a TLS context. */
    SSLSocketFactory socketFactory() throws HookException {
        if (factory == null) {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(caFile == null ? null : keyStore(caFile));
                X509ExtendedTrustManager delegate = null;
                for (TrustManager tm : tmf.getTrustManagers()) {
                    if (tm instanceof X509ExtendedTrustManager x) {
                        delegate = x;
                    }
                }
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new Recording(delegate)}, null);
                factory = context.getSocketFactory();
            } catch (GeneralSecurityException e) {
                throw new HookException(ExitCode.INTERNAL, "cannot set up TLS: " + e.getMessage(), e);
            }
        }
        return factory;
    }

    private static KeyStore keyStore(Path file) throws HookException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (NoSuchFileException e) {
            throw new HookException(
                    ExitCode.USAGE, "CA file " + file + " (--ca-file / ACME_DELEGATE_CA_FILE) " + "does not exist");
        } catch (AccessDeniedException e) {
            throw new HookException(ExitCode.USAGE, "CA file " + file + " cannot be read: permission denied");
        } catch (IOException | CertificateException e) {
            throw new HookException(
                    ExitCode.USAGE, "CA file " + file + " is not a PEM certificate file (" + e.getMessage() + ")");
        }
        if (certificates.isEmpty()) {
            throw new HookException(
                    ExitCode.USAGE, "CA file " + file + " holds no '-----BEGIN CERTIFICATE-----'" + " block");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (Certificate c : certificates) {
            store.setCertificateEntry("ca-" + i++, c);
        }
        return store;
    }

    /** The failure of a handshake with {@code host}, said as a TLS problem with what to do about it. */
    HookException failure(String serverUrl, String host, IOException e) {
        X509Certificate[] chain = presented.get();
        String trustHint = caFile == null
                ? "if that CA is private, pass --ca-file FILE (or set ACME_DELEGATE_CA_FILE) with its certificate"
                : "it is not a CA in " + caFile;
        if (chain == null || chain.length == 0) {
            return new HookException(
                    ExitCode.TLS,
                    "TLS handshake with " + serverUrl + " failed (" + e.getMessage()
                            + "); is it an HTTPS server? An http:// URL is needed for a plain-HTTP API",
                    e);
        }
        X509Certificate leaf = chain[0];
        String shown = "the certificate of " + serverUrl + " (" + describe(leaf) + ")";
        Instant now = Instant.now();
        if (leaf.getNotAfter().toInstant().isBefore(now)) {
            return new HookException(
                    ExitCode.TLS,
                    "TLS: " + shown + " expired on " + leaf.getNotAfter().toInstant()
                            + "; the server needs a renewed certificate",
                    e);
        }
        if (leaf.getNotBefore().toInstant().isAfter(now)) {
            return new HookException(
                    ExitCode.TLS,
                    "TLS: " + shown + " is not valid before "
                            + leaf.getNotBefore().toInstant() + "; check the clocks",
                    e);
        }
        if (has(e, CertPathValidatorException.class)
                || anyMessageContains(e, "PKIX")
                || anyMessageContains(e, "certification path")) {
            X509Certificate top = chain[chain.length - 1];
            return new HookException(
                    ExitCode.TLS,
                    "TLS: " + shown + " is not trusted: its issuer '"
                            + top.getIssuerX500Principal().getName() + "' is not a trusted CA; " + trustHint,
                    e);
        }
        String message = String.valueOf(rootMessage(e));
        if (message.contains("name") || message.contains("subject alternative")) {
            return new HookException(
                    ExitCode.TLS,
                    "TLS: " + shown + " does not name " + host + "; use a server URL with one of its names",
                    e);
        }
        return new HookException(ExitCode.TLS, "TLS: " + shown + " was refused: " + message, e);
    }

    private static String describe(X509Certificate c) {
        List<String> names = new ArrayList<>();
        try {
            if (c.getSubjectAlternativeNames() != null) {
                for (List<?> san : c.getSubjectAlternativeNames()) {
                    names.add(String.valueOf(san.get(1)));
                }
            }
        } catch (CertificateException e) {
            // unreadable names: the subject still says something
        }
        return "subject '" + c.getSubjectX500Principal().getName() + "', names " + names + ", issuer '"
                + c.getIssuerX500Principal().getName() + "', valid until "
                + c.getNotAfter().toInstant();
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyMessageContains(Throwable e, String text) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** Remembers the chain the server presented, then lets the real trust manager decide. */
    private final class Recording extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;

        Recording(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            presented.set(chain);
            delegate.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            presented.set(chain);
            delegate.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            presented.set(chain);
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
