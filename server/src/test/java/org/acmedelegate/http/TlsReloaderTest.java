package org.acmedelegate.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.acmedelegate.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A renewed pair swapped in while the server runs gets the same name check as the pair it started with. */
class TlsReloaderTest {
    private final Logger log = (Logger) LoggerFactory.getLogger(TlsReloader.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    private static final InetSocketAddress LISTEN = new InetSocketAddress("127.0.0.1", 8443);

    private TestCertificates ca;
    private Path cert;
    private Path key;

    @BeforeEach
    void capture(@TempDir Path dir) throws Exception {
        ca = new TestCertificates();
        cert = dir.resolve("cert.pem");
        key = dir.resolve("key.pem");
        lines.start();
        log.addAppender(lines);
    }

    @AfterEach
    void release() {
        log.detachAppender(lines);
    }

    @Test
    void aRenewalWithoutSubjectAltNamesIsLoggedOnceWhenSwappedIn() throws Exception {
        install(ca.issue("EC", List.of("api.example.org")));
        TlsReloader reloader = new TlsReloader(cert, key, LISTEN);

        install(ca.issueSubjectOnly("api.example.org"));
        assertThat(reloader.reloadIfChanged()).isTrue();
        assertThat(reloader.reloadIfChanged()).as("unchanged since").isFalse();

        assertThat(warnings())
                .singleElement()
                .asString()
                .startsWith("api.tls_cert: the certificate in " + cert + " has no subjectAltName");
    }

    @Test
    void aRenewalForTheListenAddressSwapsInWithoutAWarning() throws Exception {
        install(ca.issue("EC", List.of("127.0.0.1")));
        TlsReloader reloader = new TlsReloader(cert, key, LISTEN);

        install(ca.issue("EC", List.of("api.example.org", "127.0.0.1")));
        assertThat(reloader.reloadIfChanged()).isTrue();

        assertThat(warnings()).isEmpty();
    }

    @Test
    void theServersOwnCertificateIsNotChecked() throws Exception {
        install(ca.issue("EC", List.of("api.example.org")));
        TlsReloader reloader = new TlsReloader(cert, key);

        install(ca.issueSubjectOnly("api.example.org"));
        assertThat(reloader.reloadIfChanged()).isTrue();

        assertThat(warnings()).isEmpty();
    }

    private List<String> warnings() {
        return lines.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private void install(TestCertificates.Issued issued) throws Exception {
        issued.writeCertificate(cert);
        issued.writePkcs8Key(key);
    }
}
