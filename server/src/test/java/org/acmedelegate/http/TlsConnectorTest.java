package org.acmedelegate.http;

import static org.acmedelegate.http.PemKeyStoreTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.acmedelegate.config.ApiConfig;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;

class TlsConnectorTest {

    @Test
    void offersOnlyTls12AndTls13() throws Exception {
        SslContextFactory.Server ssl = TlsConnector.sslContext(resource("rsa-cert.pem"), resource("rsa-key.pem"));
        ssl.start();
        try {
            assertThat(ssl.getSelectedProtocols()).isNotEmpty().isSubsetOf("TLSv1.2", "TLSv1.3");
        } finally {
            ssl.stop();
        }
    }

    @Test
    void failsWhenTheAppIsCreatedNotWhenTheFirstClientConnects() {
        ApiConfig config = new ApiConfig(
                new InetSocketAddress("127.0.0.1", 0),
                Optional.of(resource("rsa-cert.pem")),
                Optional.of(resource("other-rsa-key.pem")),
                List.of(),
                false,
                4,
                4096);

        assertThatThrownBy(() -> ApiApp.create(config, null, RunningApi.ZONE, TestOperations.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not the key of the first certificate");
    }

    @Test
    void refusesACertificateWithoutAKey() {
        ApiConfig config = new ApiConfig(
                new InetSocketAddress("127.0.0.1", 0),
                Optional.of(resource("rsa-cert.pem")),
                Optional.empty(),
                List.of(),
                false,
                4,
                4096);

        assertThatThrownBy(() -> ApiApp.create(config, null, RunningApi.ZONE, TestOperations.none()))
                .hasMessageContaining("without key");
    }
}
