package org.acmedelegate.http;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Builds the HTTPS-only listener: a PEM certificate chain and key (PKCS#8, SEC1, PKCS#1), TLS 1.2 and 1.3 only. */
final class TlsConnector {
    private TlsConnector() {}

    /** Reads and checks the PEM files now, so a bad certificate fails before anything listens. */
    static SslContextFactory.Server sslContext(Path certChain, Path key) {
        // The key store lives only in memory; a random password just satisfies the API.
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getEncoder().encodeToString(random);
        KeyStore store = PemKeyStore.load(certChain, key, password.toCharArray());

        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(store);
        ssl.setKeyStorePassword(password);
        ssl.setCertAlias(PemKeyStore.ALIAS);
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        ssl.setSniRequired(false);
        return ssl;
    }

    static ServerConnector create(Server server, HttpConfiguration plain, SslContextFactory.Server ssl) {
        HttpConfiguration https = new HttpConfiguration(plain);
        // Clients check the certificate against the name they dialled; Jetty need not refuse a
        // request whose SNI names another host (or is missing, when dialling an IP address).
        SecureRequestCustomizer secure = new SecureRequestCustomizer(false);
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        return new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
    }
}
